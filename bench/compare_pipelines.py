"""Compares NLU pipelines on the held-out set and by cross-validation.

    .venv/bin/python bench/compare_pipelines.py [--folds 3] [NAME ...]

Each pipeline in bench/pipelines/NAME.yml is trained on data/nlu, tested on the two held-out
sets tests/nlu/heldout.yml and heldout_b.yml (wording never used in training, by two writers)
and cross-validated on the training data (--folds 0 skips that). Results go to
bench/measurements/nlu_pipelines.json; the written comparison is bench/NLU_PIPELINES.md.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RASA = Path(sys.executable).with_name("rasa")
OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "measurements" / "nlu_pipelines.json"
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "2"}


def rasa(*args: str, log: Path) -> float:
    start = time.perf_counter()
    with log.open("w") as fh:
        subprocess.run([str(RASA), *args], cwd=ROOT, env=ENV, stdout=fh, stderr=subprocess.STDOUT, check=True)
    return time.perf_counter() - start


def summary(report_dir: Path) -> dict:
    r = json.loads((report_dir / "intent_report.json").read_text())
    per_intent = {k: round(v["f1-score"], 4) for k, v in r.items() if isinstance(v, dict) and "f1-score" in v
                  and k not in {"macro avg", "weighted avg", "micro avg"}}
    out = {
        "accuracy": round(r["accuracy"], 4),
        "macro_f1": round(r["macro avg"]["f1-score"], 4),
        "errors": sum(v["support"] for k, v in r.items() if isinstance(v, dict) and k not in {"macro avg", "weighted avg", "micro avg"}
                      ) - round(r["accuracy"] * sum(v["support"] for k, v in r.items() if isinstance(v, dict) and k not in {"macro avg", "weighted avg", "micro avg"})),
        "out_of_scope_recall": round(r.get("out_of_scope", {}).get("recall", 0.0), 4),
        "per_intent_f1": per_intent,
    }
    # In-scope messages wrongly rejected as out of scope.
    errors = json.loads((report_dir / "intent_errors.json").read_text()) if (report_dir / "intent_errors.json").exists() else []
    in_scope = sum(v["support"] for k, v in r.items() if isinstance(v, dict) and "support" in v
                   and k not in {"macro avg", "weighted avg", "micro avg", "out_of_scope"})
    rejected = sum(1 for e in errors if e["intent"] != "out_of_scope" and e["intent_prediction"]["name"] == "out_of_scope")
    out["in_scope_rejected_rate"] = round(rejected / in_scope, 4) if in_scope else None
    ents = {}
    for f in report_dir.glob("*_report.json"):  # CRFEntityExtractor, DIETClassifier, ...
        if f.name == "intent_report.json":
            continue
        e = json.loads(f.read_text())
        if "micro avg" in e:
            ents[f.name.replace("_report.json", "")] = round(e["micro avg"]["f1-score"], 4)
    out["entity_micro_f1"] = ents
    return out


def sklearn_baseline(folds: int) -> dict:
    """What a user might pick instead: scikit-learn's TF-IDF over character 1-3-grams and a
    default logistic regression, on the same training examples (no entities)."""
    import numpy as np
    from rasa.shared.nlu.training_data.loading import load_data
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline

    def examples(path):
        data = load_data(str(path))
        return [m.get("text") for m in data.intent_examples], [m.get("intent") for m in data.intent_examples]

    def scores(y, p):
        y, p = np.array(y), np.array(p)
        oos = y == "out_of_scope"
        return {"accuracy": round(accuracy_score(y, p), 4), "macro_f1": round(f1_score(y, p, average="macro"), 4),
                "errors": int((y != p).sum()), "out_of_scope_recall": round(float((p[oos] == "out_of_scope").mean()), 4),
                "in_scope_rejected_rate": round(float((p[~oos] == "out_of_scope").mean()), 4)}

    model = lambda: make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(1, 3)), LogisticRegression(max_iter=2000))  # noqa: E731
    x, y = examples(ROOT / "data" / "nlu")
    start = time.perf_counter()
    clf = model().fit(x, y)
    result = {"train_seconds": round(time.perf_counter() - start, 1)}
    for test_set in ("heldout", "heldout_b"):
        tx, ty = examples(ROOT / "tests" / "nlu" / f"{test_set}.yml")
        result[test_set] = scores(ty, clf.predict(tx))
    if folds:
        pred = cross_val_predict(model(), x, y, cv=StratifiedKFold(folds, shuffle=True, random_state=42))
        result["cross_validation"] = {**scores(y, pred), "folds": folds}
    return result


def evaluate(name: str, folds: int) -> dict:
    if name == "sklearn_tfidf_lr":
        return sklearn_baseline(folds)
    cfg = ROOT / "bench" / "pipelines" / f"{name}.yml"
    out = OUT / name
    out.mkdir(parents=True, exist_ok=True)
    print(f"[{name}] training …", flush=True)
    train_s = rasa("train", "nlu", "-c", str(cfg), "--nlu", "data/nlu", "--out", str(out), "--fixed-model-name", "nlu",
                   log=out / "train.log")
    result = {"train_seconds": round(train_s, 1)}
    for test_set in ("heldout", "heldout_b"):
        print(f"[{name}] {test_set} …", flush=True)
        rasa("test", "nlu", "--nlu", f"tests/nlu/{test_set}.yml", "-m", str(out / "nlu.tar.gz"),
             "--out", str(out / test_set), log=out / f"{test_set}.log")
        result[test_set] = summary(out / test_set)
    if folds:
        print(f"[{name}] {folds}-fold cross-validation …", flush=True)
        cv_s = rasa("test", "nlu", "--cross-validation", "--folds", str(folds), "-c", str(cfg), "--nlu", "data/nlu",
                    "--out", str(out / "cv"), log=out / "cv.log")
        result["cross_validation"] = {**summary(out / "cv"), "folds": folds, "seconds": round(cv_s, 1)}
    return result


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("names", nargs="*")
    p.add_argument("--folds", type=int, default=3)
    p.add_argument("--from-existing", action="store_true",
                   help="rebuild the summaries from bench/out without training or testing again")
    args = p.parse_args()
    names = args.names or sorted(f.stem for f in (ROOT / "bench" / "pipelines").glob("*.yml")) + ["sklearn_tfidf_lr"]
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"pipelines": {}}
    for name in names:
        if args.from_existing and name != "sklearn_tfidf_lr":
            old = results["pipelines"].get(name, {})
            out = OUT / name
            results["pipelines"][name] = {"train_seconds": old.get("train_seconds"),
                                          **{t: summary(out / t) for t in ("heldout", "heldout_b") if (out / t).exists()}}
            if (out / "cv").exists():
                results["pipelines"][name]["cross_validation"] = {**summary(out / "cv"), **{
                    k: v for k, v in old.get("cross_validation", {}).items() if k in ("folds", "seconds")}}
            continue
        results["pipelines"][name] = evaluate(name, args.folds)
        print(name, json.dumps({k: v for k, v in results["pipelines"][name]["heldout"].items() if k != "per_intent_f1"}))
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    results["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}
    results["date"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"written {RESULTS}")


if __name__ == "__main__":
    main()
