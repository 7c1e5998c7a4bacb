"""Does the first reply state the right fact? Measured on the blind fact sets.

    .venv/bin/python bench/kb_answers.py [--model models/union.tar.gz]

``bench/eval/kb_facts_*.yml`` were written by helpers who never saw the knowledge base or the
training data: each case is a worker's message, the legal fact a correct first reply states and
`must` lists (the reply passes when it holds one alternative of every list). Each message goes
through the shipped NLU model, then through the action the dialogue runs for that intent (the
FAQ answer for a topic, the out-of-scope reply and referral otherwise), against a database loaded
with the real content, exactly as the action server answers. Two rankings side by side, in one
run: the learned reranker (as shipped) and BM25 with its thresholds (UNION_FAQ_RERANK=0).
Writes bench/measurements/kb_answers.json.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
EVAL = sorted((ROOT / "bench" / "eval").glob("kb_facts_*.yml"))
RESULTS = ROOT / "bench" / "measurements" / "kb_answers.json"
TOPICS = ("join_union", "wage_arrears", "legal_aid", "training", "work_injury", "labour_contract",
          "social_insurance", "hardship_aid")
NO_ANSWER = "没找到准确的答案"


def load_cases() -> list[dict]:
    """The cases, each with its set and position (the labels refer to both); a case whose wording
    also stands in the NLU training data is left out: held-out means unseen."""
    from bench.intent_sets import training_examples, unseen_key

    seen = {unseen_key(t) for t, _ in training_examples()}
    cases = []
    for path in EVAL:
        for n, c in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]):
            if unseen_key(c["text"]) not in seen:
                cases.append({**c, "set": path.stem, "index": n})
    return cases


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", str(s)).replace(",", "").replace("，", "")


def passes(reply: str, must: list[list]) -> bool:
    r = _norm(reply)
    return all(any(_norm(alt) in r for alt in group) for group in must)


def parse_all(model: str, texts: list[str]) -> list[dict]:
    from bench.understanding import shipped_parses

    return shipped_parses(model, texts)


async def first_reply(parse: dict) -> tuple[str, str]:
    """(the action that answered, the text of every message it sent)."""
    from rasa_sdk.executor import CollectingDispatcher

    from actions.faq import ActionAnswerFaq, ActionOutOfScope
    from tests.actions.helpers import tracker

    intent = parse["intent"]["name"]
    ranking = [(r["name"], r["confidence"]) for r in parse.get("intent_ranking") or []]
    if intent == "urgent":  # the urgent reply comes first; the measured answer is the topic's
        intent = next((n for n, _ in ranking if n != "urgent"), intent)
    t = tracker(parse["text"], intent, float(parse["intent"].get("confidence") or 0), ranking=ranking)
    d = CollectingDispatcher()
    if intent in TOPICS:
        await ActionAnswerFaq().run(d, t, {})
        action = "faq"
    elif intent in ("out_of_scope", "nlu_fallback"):
        await ActionOutOfScope().run(d, t, {})
        action = "out_of_scope"
    else:
        return intent, ""
    return action, "\n".join(m.get("text") or "" for m in d.messages)


def load_labels() -> dict[tuple[str, int], set[str]]:
    """(set, index) -> the entries that state the case's fact (bench/eval/kb_labels.yml, labelled
    afterwards by a helper who read both; "none" cases are left out of the entry measures)."""
    path = ROOT / "bench" / "eval" / "kb_labels.yml"
    if not path.exists():
        return {}
    out = {}
    for item in yaml.safe_load(path.read_text(encoding="utf-8"))["labels"]:
        if item["entry"] != "none":
            out[(item["set"], item["index"])] = {item["entry"], *(item.get("also") or [])}
    return out


def entry_ranking(cases: list[dict], parses: list[dict]) -> dict:
    """Right entry at 1 and within 3, the topic being the one the NLU chose (as the bot searches)."""
    from bot.knowledge import faq

    labels = load_labels()
    index = faq.index_cache.get()
    top1 = top3 = n = 0
    for c, p in zip(cases, parses):
        right = labels.get((c["set"], c["index"]))
        if not right:
            continue
        topic = p["intent"]["name"] if p["intent"]["name"] in TOPICS else None
        ranked = [m.faq.slug for m in index.find(c["text"], topic).candidates[:3]] if index._reranker \
            else [m.faq.slug for m in index.rank(c["text"], topic, k=3)]
        n += 1
        top1 += bool(ranked[:1]) and ranked[0] in right
        top3 += any(r in right for r in ranked)
    return {"labelled": n, "top1": round(top1 / n, 4) if n else None, "top3": round(top3 / n, 4) if n else None}


def evaluate(cases: list[dict], parses: list[dict]) -> dict:
    by_topic: dict[str, list[bool]] = defaultdict(list)
    by_style: dict[str, list[bool]] = defaultdict(list)
    by_set: dict[str, list[bool]] = defaultdict(list)
    calc_ok, no_answer, actions, misses = [], 0, Counter(), []
    for c, p in zip(cases, parses):
        action, reply = asyncio.run(first_reply(p))
        ok = passes(reply, c["must"])
        by_topic[c["topic"]].append(ok)
        by_style[c.get("style", "?")].append(ok)
        by_set[c["set"]].append(ok)
        actions[action] += 1
        no_answer += NO_ANSWER in reply
        if c.get("calc") is not None:
            calc_ok.append(ok)
        if not ok:
            misses.append({"set": c["set"], "text": c["text"], "fact": c["fact"], "intent": p["intent"]["name"],
                           "reply": reply[:160]})
    allv = [v for vs in by_topic.values() for v in vs]
    rate = lambda v: round(sum(v) / len(v), 4) if v else None  # noqa: E731
    return {
        "cases": len(allv), "fact_stated": rate(allv), "no_answer_replies": no_answer,
        "calculations": {"cases": len(calc_ok), "fact_stated": rate(calc_ok)},
        "by_topic": {k: rate(v) for k, v in sorted(by_topic.items())},
        "by_style": {k: rate(v) for k, v in sorted(by_style.items())},
        "by_set": {k: {"cases": len(v), "fact_stated": rate(v)} for k, v in sorted(by_set.items())},
        "answered_by": dict(actions), "misses": misses,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=str(ROOT / "models" / "union.tar.gz"))
    args = ap.parse_args()
    cases = load_cases()
    parses = parse_all(args.model, [c["text"] for c in cases])

    tmp = tempfile.mkdtemp(prefix="kb_answers_")
    os.environ["UNION_DATABASE_URL"] = f"sqlite:///{tmp}/kb.db"
    from bot.cli import migrate
    from bot.knowledge import faq
    from bot.knowledge.content import load_faq

    migrate(os.environ["UNION_DATABASE_URL"])
    load_faq()
    out = {"sets": [p.name for p in EVAL]}
    for name, flag in (("reranker", "1"), ("bm25", "0")):
        os.environ["UNION_FAQ_RERANK"] = flag
        faq.get_settings.cache_clear() if hasattr(faq.get_settings, "cache_clear") else None
        faq.index_cache.clear()
        out[name] = evaluate(cases, parses)
        out[name]["entry"] = entry_ranking(cases, parses)
        print(f"{name}: fact stated in the first reply {out[name]['fact_stated']:.3f} of {out[name]['cases']}; "
              f"calculations {out[name]['calculations']['fact_stated']}; no-answer replies {out[name]['no_answer_replies']}; "
              f"entry top-1 {out[name]['entry']['top1']}, top-3 {out[name]['entry']['top3']}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
