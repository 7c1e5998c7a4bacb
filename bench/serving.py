"""Serving benchmark: full message round trips through the REST channel (NLU, policies, custom
actions and their database work), with concurrent simulated conversations following realistic
scripts; Rasa's own starter bot (`rasa init`) under the same load, in the same run, as reference.

    .venv/bin/python bench/serving.py [--levels 1 10 20 50] [--seconds 20] [--skip-reference]

Writes bench/measurements/serving.json. A benchmark reports; it does not gate CI.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import platform
import statistics
import subprocess
import sys
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.cli import migrate  # noqa: E402
from bot.knowledge.content import load_faq  # noqa: E402
from devtools.stack import RASA, Stack  # noqa: E402

RESULTS = ROOT / "bench" / "measurements" / "serving.json"
WORK = ROOT / "var" / "bench"

# What workers do: FAQ questions (with a follow-up), a message form filled to the end, a status query.
OUR_SCRIPTS = [
    ["你好", "老板欠了我三个月工资 咋办", "要准备啥证据", "工会会费一个月交多少", "谢谢"],
    ["包工头跑了 工钱一分没给", "/leave_message", "在东莞长安的工地干了半年 包工头欠我们十几个人的工钱", "13812345678", "/affirm"],
    ["在吗", "上周留的言 想查下处理到哪了", "好的谢谢"],
    ["送外卖的能入工会不", "干活把手弄伤了 厂里不给报工伤", "想学电焊 有没有免费的班", "拜拜"],
]
STARTER_SCRIPTS = [
    ["hello", "I am sad", "yes", "bye"],
    ["hi", "great", "goodbye"],
    ["hey", "are you a bot?", "not good", "no", "bye"],
]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


async def conversation_worker(session, url, scripts, deadline, latencies, errors, worker):
    for n in itertools.count():
        if time.monotonic() >= deadline:
            return
        script = scripts[(worker + n) % len(scripts)]
        sender = f"bench-{uuid.uuid4().hex[:10]}"
        for text in script:
            if time.monotonic() >= deadline:
                return
            start = time.perf_counter()
            try:
                async with session.post(url, json={"sender": sender, "message": text}) as r:
                    body = await r.json(content_type=None)
                    ok = r.status == 200 and isinstance(body, list) and len(body) > 0
            except Exception:  # noqa: BLE001 - every failure counts as an error
                ok = False
            latencies.append((time.perf_counter() - start) * 1000)
            if not ok:
                errors.append(text)


async def run_level(rasa_url: str, scripts, concurrency: int, seconds: float) -> dict:
    url = f"{rasa_url}/webhooks/rest/webhook"
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=0)) as session:
        # warm-up, not measured: 30 s with one worker per script, so caches, connection pools and the
        # FAQ index are filled before the level is timed
        await asyncio.gather(*(conversation_worker(session, url, [s], time.monotonic() + 30, [], [], 0) for s in scripts))
        latencies: list[float] = []
        errors: list[str] = []
        start = time.monotonic()
        await asyncio.gather(*(conversation_worker(session, url, scripts, start + seconds, latencies, errors, w)
                               for w in range(concurrency)))
        elapsed = time.monotonic() - start
    return {
        "concurrency": concurrency, "messages": len(latencies), "errors": len(errors), "seconds": round(elapsed, 2),
        "throughput_msg_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 50), 1), "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1), "mean_ms": round(statistics.fmean(latencies), 1) if latencies else None,
    }


async def long_conversation(rasa_url: str, turns: int) -> dict:
    """One conversation of `turns` messages (FAQ questions, follow-ups, chit-chat): does it slow down?"""
    texts = [t for script in OUR_SCRIPTS if "/leave_message" not in script for t in script]
    sender = f"long-{uuid.uuid4().hex[:8]}"
    latencies = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        for i in range(turns):
            start = time.perf_counter()
            async with session.post(f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": texts[i % len(texts)]}) as r:
                await r.read()
            latencies.append((time.perf_counter() - start) * 1000)
    first, last = latencies[:20], latencies[-20:]
    return {"turns": turns, "first20_p50_ms": round(percentile(first, 50), 1), "last20_p50_ms": round(percentile(last, 50), 1),
            "per_turn_ms": [round(x, 1) for x in latencies]}


def rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process and its children, in MB."""
    total = 0
    for p in [pid, *(int(c) for c in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split())]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return round(total / 1024, 1)


def measure(stack: Stack, scripts, levels, seconds, long_turns: int = 0) -> dict:
    out = {"ready_seconds": round(stack.ready_seconds, 1), "levels": []}
    for level in levels:
        r = asyncio.run(run_level(stack.rasa_url, scripts, level, seconds))
        print(f"  {level:>3} conversations: {r['throughput_msg_s']:>6} msg/s  p50 {r['p50_ms']} ms  "
              f"p95 {r['p95_ms']} ms  p99 {r['p99_ms']} ms  errors {r['errors']}/{r['messages']}", flush=True)
        out["levels"].append(r)
    if long_turns:
        out["long_conversation"] = asyncio.run(long_conversation(stack.rasa_url, long_turns))
        lc = out["long_conversation"]
        print(f"  {long_turns}-turn conversation: p50 of the first 20 turns {lc['first20_p50_ms']} ms, "
              f"of the last 20 {lc['last20_p50_ms']} ms", flush=True)
    out["peak_rss_mb"] = {name: rss_mb(p.pid) for name, p in stack.procs.items()}
    return out


def starter_project() -> Path:
    """Rasa's starter bot (`rasa init`), trained once and kept under var/bench."""
    path = WORK / "starter"
    if not list((path / "models").glob("*.tar.gz")) if path.exists() else True:
        path.mkdir(parents=True, exist_ok=True)
        print("training Rasa's starter bot (rasa init) …", flush=True)
        subprocess.run([str(RASA), "init", "--no-prompt", "--init-dir", str(path)], cwd=path, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    return path


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--levels", type=int, nargs="+", default=[1, 10, 20, 50])
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--skip-reference", action="store_true")
    p.add_argument("--long-turns", type=int, default=200, help="length of the long-conversation run (0: skip)")
    p.add_argument("--target", action="append", default=[], metavar="NAME=URL",
                   help="measure an already running deployment instead (e.g. prod_2_replicas=http://127.0.0.1:8080); "
                        "results are added under NAME")
    args = p.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    if args.target:
        results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        for spec in args.target:
            name, _, url = spec.partition("=")
            print(f"{name} ({url}):", flush=True)
            results[name] = {"url": url, "levels": [asyncio.run(run_level(url, OUR_SCRIPTS, lv, args.seconds)) for lv in args.levels]}
            for r in results[name]["levels"]:
                print(f"  {r['concurrency']:>3} conversations: {r['throughput_msg_s']} msg/s  p50 {r['p50_ms']} ms  "
                      f"p95 {r['p95_ms']} ms  errors {r['errors']}/{r['messages']}", flush=True)
            if args.long_turns:
                lc = results[name]["long_conversation"] = asyncio.run(long_conversation(url, args.long_turns))
                print(f"  {args.long_turns}-turn conversation: p50 of the first 20 turns {lc['first20_p50_ms']} ms, "
                      f"of the last 20 {lc['last20_p50_ms']} ms", flush=True)
        RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2))
        return
    db = WORK / "serving.db"
    db.unlink(missing_ok=True)
    db_url = f"sqlite:///{db}"
    migrate(db_url)
    load_faq(db_url=db_url)
    results = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "seconds_per_level": args.seconds,
               "machine": {"cpus": __import__("os").cpu_count(), "python": platform.python_version(),
                           "platform": platform.platform()}}
    print("union assistant:", flush=True)
    with Stack(db_url, ROOT / "models" / "union.tar.gz", workdir=WORK / "ours") as stack:
        results["union_assistant"] = measure(stack, OUR_SCRIPTS, args.levels, args.seconds, args.long_turns)
    if args.long_turns:  # the same long conversation with Rasa's own in-memory tracker store, for comparison
        print("union assistant on Rasa's InMemoryTrackerStore:", flush=True)
        with Stack(db_url, ROOT / "models" / "union.tar.gz", workdir=WORK / "ours-rasa-store", tracker_store=None) as stack:
            results["union_assistant_rasa_store"] = measure(stack, OUR_SCRIPTS, [], args.seconds, args.long_turns)
    if not args.skip_reference:
        starter = starter_project()
        model = sorted((starter / "models").glob("*.tar.gz"))[-1]
        print("rasa init starter bot:", flush=True)
        with Stack("sqlite://", model, workdir=WORK / "starter-run", project=starter, with_actions=False) as stack:
            results["rasa_starter_bot"] = measure(stack, STARTER_SCRIPTS, args.levels, args.seconds)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"written {RESULTS}")


if __name__ == "__main__":
    main()
