"""Accuracy on the held-out messages that are truly unseen: those with no exact or near
(difflib ratio >= 0.85) match in the training data. Short canonical forms ("你好", "转人工")
are written identically by independent writers; this removes them from the estimate.

    .venv/bin/python bench/nlu_unseen.py [models/union.tar.gz]
"""
from __future__ import annotations

import asyncio
import difflib
import glob
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.intent_sets import nlu_file_examples as examples, unseen_key as key  # noqa: E402


def main() -> None:
    from rasa.core.agent import Agent

    model = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "models" / "union.tar.gz")
    agent = Agent.load(model)
    training = {key(t) for p in glob.glob(str(ROOT / "data" / "nlu" / "**" / "*.yml"), recursive=True) for t, _ in examples(p)}
    pool = list(training)
    report = {}
    for name in ("heldout", "heldout_b"):
        cases = examples(str(ROOT / "tests" / "nlu" / f"{name}.yml"))
        unseen = [(t, i) for t, i in cases
                  if key(t) not in training and not difflib.get_close_matches(key(t), pool, n=1, cutoff=0.85)]
        right = 0
        for text, intent in unseen:
            ranking = asyncio.run(agent.parse_message(text))["intent_ranking"]
            right += next(r["name"] for r in ranking if r["name"] != "nlu_fallback") == intent
        report[name] = {"all": len(cases), "unseen": len(unseen), "unseen_accuracy": round(right / len(unseen), 4)}
    out = ROOT / "bench" / "measurements" / "nlu_unseen.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
