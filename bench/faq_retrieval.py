"""FAQ retrieval on held-out paraphrases (tests/faq/paraphrases.yml, never used for indexing).

    .venv/bin/python bench/faq_retrieval.py

Reports top-1 / top-3 accuracy when searching within the right topic (what the bot does after
the intent classifier) and across all topics, plus how the thresholds split right from wrong
answers. Writes bench/measurements/faq_retrieval.json.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import yaml

from bot.config import get_settings
from bot.knowledge.content import read_faq_files
from bot.knowledge.faq import Faq, FaqIndex

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "measurements" / "faq_retrieval.json"


def build_index() -> FaqIndex:
    return FaqIndex([
        Faq(e["slug"], e["topic"], e["question"], tuple(e["variants"]), e["answer"], (), (), ())
        for e in read_faq_files()
    ])


def evaluate(index: FaqIndex, cases: list[tuple[str, str, str]]) -> dict:
    s = get_settings()
    out: dict = {"cases": len(cases)}
    for scope in ("topic", "global"):
        top1 = top3 = 0
        for ask, slug, topic in cases:
            ranked = [m.faq.slug for m in index.rank(ask, topic if scope == "topic" else None, k=3)]
            top1 += ranked[:1] == [slug]
            top3 += slug in ranked
        out[f"{scope}_top1"] = round(top1 / len(cases), 4)
        out[f"{scope}_top3"] = round(top3 / len(cases), 4)
    # What the bot actually answers: search() with the configured thresholds, topic given.
    answered_right = answered_wrong = unanswered = 0
    misses = []
    for ask, slug, topic in cases:
        r = index.search(ask, topic, s.faq_topic_threshold, s.faq_global_threshold)
        if r.best is None:
            unanswered += 1
        elif r.best.faq.slug == slug:
            answered_right += 1
        else:
            answered_wrong += 1
            misses.append({"ask": ask, "expected": slug, "got": r.best.faq.slug, "score": round(r.best.score, 3)})
    out.update(answered_right=answered_right, answered_wrong=answered_wrong, unanswered=unanswered,
               thresholds={"topic": s.faq_topic_threshold, "global": s.faq_global_threshold}, misses=misses)
    return out


def main() -> None:
    cases = [(ask, e["id"], e["topic"])
             for e in yaml.safe_load((ROOT / "tests" / "faq" / "paraphrases.yml").read_text(encoding="utf-8"))
             for ask in e["asks"]]
    index = build_index()
    result = evaluate(index, cases)
    # Scores of right vs wrong top-1 answers (topic search), for choosing the thresholds.
    right, wrong = [], []
    for ask, slug, topic in cases:
        best = index.rank(ask, topic, k=1)
        if best:
            (right if best[0].faq.slug == slug else wrong).append(best[0].score)
    result["score_quartiles"] = {
        "right": [round(float(q), 3) for q in np.percentile(right, [10, 25, 50, 75])] if right else [],
        "wrong": [round(float(q), 3) for q in np.percentile(wrong, [25, 50, 75, 90])] if wrong else [],
    }
    # Messages the FAQ does not cover (the held-out out-of-scope set): how many would be answered.
    nlu = yaml.safe_load((ROOT / "tests" / "nlu" / "heldout.yml").read_text(encoding="utf-8"))["nlu"]
    oos = [line[2:].strip() for b in nlu if b.get("intent") == "out_of_scope" for line in b["examples"].splitlines() if line.strip()]
    s = get_settings()
    oos_scores = [index.rank(t, None, k=1)[0].score if index.rank(t, None, k=1) else 0.0 for t in oos]
    result["out_of_scope_answered_globally"] = round(float(np.mean([x >= s.faq_global_threshold for x in oos_scores])), 4)
    result["score_quartiles"]["out_of_scope"] = [round(float(q), 3) for q in np.percentile(oos_scores, [50, 75, 90, 100])]
    result["entries"] = len(index.faqs)
    result["date"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(json.dumps({k: v for k, v in result.items() if k != "misses"}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
