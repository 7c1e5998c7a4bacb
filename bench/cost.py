"""Cost benchmark: training time and memory, how they grow with the training data, and the time
from start-up to the first answer.

    .venv/bin/python bench/cost.py

Writes bench/measurements/cost.json.
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.cli import migrate  # noqa: E402
from bot.knowledge.content import load_faq  # noqa: E402
from devtools.stack import RASA, Stack  # noqa: E402

RESULTS = ROOT / "bench" / "measurements" / "cost.json"
WORK = ROOT / "var" / "bench" / "cost"


def timed(args: list[str], log: Path) -> tuple[float, float]:
    """Runs a command; returns (seconds, peak RSS of the child in MB)."""
    start = time.perf_counter()
    with log.open("w") as fh:
        proc = subprocess.Popen(args, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise RuntimeError(f"{args} failed, see {log}")
    return round(time.perf_counter() - start, 1), round(usage.ru_maxrss / 1024, 1)


def nlu_subset(fraction: float, out: Path) -> int:
    """Writes a stratified sample of data/nlu (every regex, lookup and synonym kept)."""
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData

    data = load_data(str(ROOT / "data" / "nlu"))
    rng = random.Random(42)
    by_intent: dict = {}
    for m in data.intent_examples:
        by_intent.setdefault(m.get("intent"), []).append(m)
    sample = [m for ms in by_intent.values() for m in rng.sample(ms, max(2, round(len(ms) * fraction)))]
    subset = TrainingData(sample, entity_synonyms=data.entity_synonyms, regex_features=data.regex_features,
                          lookup_tables=data.lookup_tables)
    out.write_text(RasaYAMLWriter().dumps(subset), encoding="utf-8")
    return len(sample)


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    result: dict = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds")}

    print("full training (NLU + dialogue) …", flush=True)
    secs, rss = timed([str(RASA), "train", "--force", "--fixed-model-name", "cost", "--out", str(WORK)], WORK / "train.log")
    result["full_training"] = {"seconds": secs, "peak_rss_mb": rss}
    print(f"  {secs} s, peak {rss} MB", flush=True)

    result["nlu_training_growth"] = []
    for fraction in (0.25, 0.5, 1.0):
        path = WORK / f"nlu_{int(fraction * 100)}.yml"
        n = nlu_subset(fraction, path)
        secs, rss = timed([str(RASA), "train", "nlu", "--nlu", str(path), "--out", str(WORK), "--fixed-model-name",
                           f"nlu_{int(fraction * 100)}"], WORK / f"nlu_{int(fraction * 100)}.log")
        result["nlu_training_growth"].append({"examples": n, "seconds": secs, "peak_rss_mb": rss})
        print(f"  NLU on {n} examples: {secs} s, peak {rss} MB", flush=True)

    print("start-up until the first answer …", flush=True)
    db = WORK / "cost.db"
    db.unlink(missing_ok=True)
    migrate(f"sqlite:///{db}")
    load_faq(db_url=f"sqlite:///{db}")
    start = time.perf_counter()
    with Stack(f"sqlite:///{db}", WORK / "cost.tar.gz", workdir=WORK / "stack") as stack:
        reply = requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": "cost", "message": "老板欠了我三个月工资"}, timeout=60).json()
        first_answer = time.perf_counter() - start
        assert reply, "no answer"
    result["startup"] = {"seconds_to_first_answer": round(first_answer, 1), "seconds_to_model_ready": round(stack.ready_seconds, 1)}
    print(f"  first answer after {first_answer:.1f} s", flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2))
    print(f"written {RESULTS}")


if __name__ == "__main__":
    main()
