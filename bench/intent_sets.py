"""Loading the training examples and the blind evaluation sets (bench/eval/) for intent benchmarks.

The evaluation sets were written by separate authors from a brief, without reading data/; they
are never copied into training data. Each case: text, intent, style (story, voice, typo, dialect,
script, short, plain); out-of-scope cases also carry a kind (other_law, near_miss, ...).
"""
from __future__ import annotations

import glob
import re
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT / "bench" / "eval"
NLU_SETS = ("nlu_topics_a", "nlu_topics_b", "nlu_out_of_scope")
ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]+\)")


def nlu_file_examples(path) -> list[tuple[str, str]]:
    """(text, intent) of one Rasa NLU file, entity annotations removed."""
    out = []
    for block in (yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}).get("nlu") or []:
        if "intent" in block:
            out += [(ANNOTATION.sub(r"\1", line.strip()[2:]), block["intent"])
                    for line in block["examples"].splitlines() if line.strip().startswith("- ")]
    return out


def training_examples(data_dir: Path = ROOT / "data" / "nlu") -> list[tuple[str, str]]:
    return [e for path in sorted(glob.glob(str(data_dir / "**" / "*.yml"), recursive=True)) for e in nlu_file_examples(path)]


def unseen_key(text: str) -> str:
    """A text in the classifier's normal form (simplified characters, regional words in their
    standard form, case folded) with punctuation and spacing removed: equal keys are the same
    wording, so "技能提升补贴 咋申请" and "技能提升补贴怎么申请" count as seen."""
    from bot.nlu.features import standard_form

    return re.sub(r"[^\w]", "", standard_form()(text))


def eval_cases(names=NLU_SETS) -> list[dict]:
    cases = []
    for name in names:
        doc = yaml.safe_load((EVAL_DIR / f"{name}.yml").read_text(encoding="utf-8"))
        for c in doc["cases"]:
            cases.append({**c, "set": name})
    return cases


def score(cases: list[dict], predicted: list[str]) -> dict:
    """Accuracy overall and per style, out-of-scope recall and in-scope rejection, confusions."""
    by_style: dict[str, list[bool]] = defaultdict(list)
    confusion: Counter = Counter()
    right = 0
    oos_total = oos_right = ins_total = ins_rejected = 0
    for case, pred in zip(cases, predicted):
        # Out of scope answered by the fallback ("did you mean…?", then a request to rephrase) is
        # not answered as a topic: counted right, like out_of_scope itself.
        ok = pred == case["intent"] or (case["intent"] == "out_of_scope" and pred == "nlu_fallback")
        right += ok
        by_style[case.get("style", "?")].append(ok)
        if not ok:
            confusion[(case["intent"], pred)] += 1
        if case["intent"] == "out_of_scope":
            oos_total += 1
            oos_right += ok
        else:
            ins_total += 1
            ins_rejected += pred in ("out_of_scope", "nlu_fallback")
    return {
        "n": len(cases),
        "accuracy": round(right / len(cases), 4),
        "errors": len(cases) - right,
        "per_style": {s: {"n": len(v), "accuracy": round(sum(v) / len(v), 4)} for s, v in sorted(by_style.items())},
        "oos_recall": round(oos_right / oos_total, 4) if oos_total else None,
        "in_scope_rejected": round(ins_rejected / ins_total, 4) if ins_total else None,
        "top_confusions": [f"{a} → {b}: {n}" for (a, b), n in confusion.most_common(15)],
    }
