"""Understanding on wording nobody on the project wrote: the blind sets in bench/eval/.

Measures the model that ships (models/union.tar.gz, through Rasa's own parsing: classifier,
fallback threshold and urgency override included) and, side by side in the same run, a plain
scikit-learn baseline (TF-IDF character 1-3-grams + logistic regression) trained on the same
training data:

- intent accuracy overall and per writing style; errors relative to the baseline;
- out-of-scope recall (out_of_scope or the fallback both count as "not answered as a topic"),
  by kind of out-of-scope message, and the share of in-scope messages rejected;
- urgency recall on crisis messages and false alarms on their look-alikes.

    .venv/bin/python bench/understanding.py [models/union.tar.gz]

Writes bench/measurements/understanding.json and prints it.
"""
from __future__ import annotations

import asyncio
import json
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.intent_sets import EVAL_DIR, ROOT, eval_cases, score, training_examples, unseen_key  # noqa: E402

REJECTED = ("out_of_scope", "nlu_fallback")


def baseline_predictions(texts: list[str]) -> list[str]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    train = [(t, i) for t, i in training_examples() if i != "urgent"]
    prep = lambda s: unicodedata.normalize("NFKC", s).lower()  # noqa: E731
    model = Pipeline([("tfidf", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)),
                      ("lr", LogisticRegression(C=10, max_iter=3000))])
    model.fit([prep(t) for t, _ in train], [i for _, i in train])
    return list(model.predict([prep(t) for t in texts]))


def shipped_parses(model_path: str, texts: list[str]) -> list[dict]:
    from rasa.core.agent import Agent

    agent = Agent.load(model_path)

    async def run():
        return [await agent.parse_message(t) for t in texts]

    return asyncio.run(run())


def intent_of(parse: dict) -> str:
    """The topic or dialogue intent, looking past the urgency override (measured separately)."""
    name = parse["intent"]["name"]
    if name == "urgent":
        ranking = [r["name"] for r in parse.get("intent_ranking") or [] if r["name"] != "urgent"]
        return ranking[0] if ranking else "urgent"
    return name


def oos_view(cases: list[dict], predicted: list[str]) -> dict:
    by_kind: dict[str, list[bool]] = defaultdict(list)
    pulled: Counter = Counter()
    for c, p in zip(cases, predicted):
        if c["intent"] != "out_of_scope":
            continue
        ok = p in REJECTED
        by_kind[c.get("kind", "?")].append(ok)
        if not ok:
            pulled[p] += 1
    total = [ok for v in by_kind.values() for ok in v]
    return {"recall": round(sum(total) / len(total), 4),
            "per_kind": {k: {"n": len(v), "recall": round(sum(v) / len(v), 4)} for k, v in sorted(by_kind.items())},
            "pulled_into": dict(pulled.most_common())}


def urgency_view(parses: list[dict], cases: list[dict]) -> dict:
    missed: Counter = Counter()
    alarms: Counter = Counter()
    tp = fn = fp = tn = 0
    for c, p in zip(cases, parses):
        hit = p["intent"]["name"] == "urgent"
        if c["urgent"]:
            tp += hit
            fn += not hit
            if not hit:
                missed[c["kind"]] += 1
        else:
            fp += hit
            tn += not hit
            if hit:
                alarms[c["kind"]] += 1
    checked_missed = sum(1 for c, p in zip(cases, parses) if c["urgent"] and p["intent"]["name"] != "urgent" and p.get("safety_check"))
    checked_look = sum(1 for c, p in zip(cases, parses) if not c["urgent"] and p["intent"]["name"] != "urgent" and p.get("safety_check"))
    return {"middle_tier": {"missed_crises_asked_gently": checked_missed, "look_alikes_asked_gently": checked_look},
            "crisis": tp + fn, "look_alikes": fp + tn, "recall": round(tp / (tp + fn), 4),
            "false_alarm_rate": round(fp / (fp + tn), 4), "precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "missed_by_kind": dict(missed), "false_alarms_by_kind": dict(alarms)}


def main() -> None:
    model = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "models" / "union.tar.gz")
    # Only unseen wording counts: a case whose text (punctuation and case aside) stands in the
    # training data is skipped, and the number skipped is reported.
    seen = {unseen_key(t) for t, _ in training_examples()}
    all_cases = eval_cases()
    cases = [c for c in all_cases if unseen_key(c["text"]) not in seen]
    from bot.nlu.urgency_model import load_examples

    seen_urgent = {unseen_key(c["text"]) for c in load_examples()}
    all_urgent = yaml.safe_load((EVAL_DIR / "urgency.yml").read_text(encoding="utf-8"))["cases"]
    urgent_cases = [c for c in all_urgent if unseen_key(c["text"]) not in seen_urgent]
    texts = [c["text"] for c in cases]

    t0 = time.perf_counter()
    parses = shipped_parses(model, texts + [c["text"] for c in urgent_cases])
    ours_parses, urgent_parses = parses[: len(texts)], parses[len(texts):]
    ours = [intent_of(p) for p in ours_parses]
    parse_seconds = time.perf_counter() - t0
    base = baseline_predictions(texts)

    s_ours, s_base = score(cases, ours), score(cases, base)
    in_scope_urgent = sum(p["intent"]["name"] == "urgent" for c, p in zip(cases, ours_parses))
    report = {
        "sets": {"nlu": len(cases), "urgency": len(urgent_cases),
                 "skipped_as_seen_in_training": (len(all_cases) - len(cases)) + (len(all_urgent) - len(urgent_cases))},
        "shipped": {**s_ours, "out_of_scope": oos_view(cases, ours),
                    "in_scope_rejected": round(sum(p in REJECTED for c, p in zip(cases, ours) if c["intent"] != "out_of_scope")
                                               / sum(c["intent"] != "out_of_scope" for c in cases), 4),
                    "nlu_messages_turned_urgent": in_scope_urgent,
                    "nlu_messages_asked_gently": sum(bool(p.get("safety_check")) for p in ours_parses)},
        "baseline_tfidf_lr": {**s_base, "out_of_scope": oos_view(cases, base)},
        "error_ratio_vs_baseline": round(s_ours["errors"] / max(1, s_base["errors"]), 3),
        "urgency": urgency_view(urgent_parses, urgent_cases),
        "parse_ms_per_message": round(1000 * parse_seconds / len(parses), 2),
    }
    out = ROOT / "bench" / "measurements" / "understanding.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
