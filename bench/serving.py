"""Serving benchmark: the assistant as a union runs it, against Rasa's starter bot in the same run.

    .venv/bin/python bench/serving.py [--levels 1 10 20 50] [--seconds 20] [--skip-reference]
                                      [--widget-sockets 50 200 1000] [--long-turns 200]

- **Default profile as shipped**: `./scripts/run` itself (devtools/shipped.py), with its own var
  directory and free ports: supervisord, the action server, Rasa with the windowed SQL store on
  `conversations.db`, the web app. Measured over Rasa's REST channel (full round trips: NLU,
  policies, custom actions and their database work), at each level of concurrent conversations
  that follow realistic scripts; then over the widget's socket.io path through the web app
  (bench/widget_load.py); then one long conversation. CPU time of each process per message is read
  from /proc over each level.
- **Rasa's starter bot** (`rasa init`, trained here once) under the same REST load, as reference.
- With `--long-turns`, the same long conversation on Rasa's own in-memory tracker store
  (devtools.stack.Stack), to show what the windowed store avoids.
- `--target NAME=URL` measures an already running deployment instead (bench/run: scripts/prod).

Writes bench/measurements/serving.json. A benchmark reports; it does not gate CI. Loopback only.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import shutil
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
from devtools.shipped import Shipped  # noqa: E402
from devtools.stack import RASA, Stack  # noqa: E402

WARMUP = 30  # seconds of unmeasured load before each level
RESULTS = ROOT / "bench" / "measurements" / "serving.json"
WORK = ROOT / "var" / "bench"

# What workers do: FAQ questions (with a follow-up), a message form filled to the end, a status query.
OUR_SCRIPTS = [
    ["你好", "老板欠了我三个月工资 咋办", "要准备啥证据", "工会会费一个月交多少", "谢谢"],
    # the privacy notice is agreed to (/affirm), then the message, the phone, and the read-back confirmed
    ["包工头跑了 工钱一分没给", "/leave_message", "/affirm", "在东莞长安的工地干了半年 包工头欠我们十几个人的工钱", "13812345678",
     "/affirm"],
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
        warm: list[float] = []
        await asyncio.gather(*(conversation_worker(session, url, [s], time.monotonic() + WARMUP, warm, [], 0) for s in scripts))
        latencies: list[float] = []
        errors: list[str] = []
        start = time.monotonic()
        await asyncio.gather(*(conversation_worker(session, url, scripts, start + seconds, latencies, errors, w)
                               for w in range(concurrency)))
        elapsed = time.monotonic() - start
    return {
        "concurrency": concurrency, "messages": len(latencies), "warmup_messages": len(warm), "errors": len(errors), "seconds": round(elapsed, 2),
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


def rss_now_mb(pid: int) -> float:
    """Resident memory (VmRSS) of one process now, in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except FileNotFoundError:
        pass
    return float("nan")


def cpu_seconds(pid: int | None) -> float:
    """CPU time (user + system) a process has used so far."""
    if not pid:
        return float("nan")
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(rasa_url: str, pids: dict[str, int | None], scripts, levels, seconds, long_turns: int = 0) -> dict:
    """REST levels (with each process's CPU milliseconds per message), then the long conversation."""
    out: dict = {"levels": []}
    for level in levels:
        before = {name: cpu_seconds(pid) for name, pid in pids.items()}
        r = asyncio.run(run_level(rasa_url, scripts, level, seconds))
        # CPU over the warm-up and the level, per message of both (the warm-up's messages are
        # counted by its own clock: the level's rate times its length)
        used = {name: cpu_seconds(pid) - before[name] for name, pid in pids.items()}
        total_messages = r["messages"] + r.pop("warmup_messages", 0)
        r["cpu_ms_per_message"] = {name: round(u * 1000 / max(1, total_messages), 2) for name, u in used.items()}
        print(f"  {level:>3} conversations: {r['throughput_msg_s']:>6} msg/s  p50 {r['p50_ms']} ms  "
              f"p95 {r['p95_ms']} ms  p99 {r['p99_ms']} ms  errors {r['errors']}/{r['messages']}  "
              f"CPU ms/message {r['cpu_ms_per_message']}", flush=True)
        out["levels"].append(r)
    if long_turns:
        out["long_conversation"] = asyncio.run(long_conversation(rasa_url, long_turns))
        lc = out["long_conversation"]
        print(f"  {long_turns}-turn conversation: p50 of the first 20 turns {lc['first20_p50_ms']} ms, "
              f"of the last 20 {lc['last20_p50_ms']} ms", flush=True)
    out["peak_rss_mb"] = {name: rss_mb(pid) for name, pid in pids.items() if pid}
    return out


def interleaved(bots: dict[str, tuple[str, dict, list]], levels, seconds: float, rounds: int) -> dict:
    """Both bots up at once, measured in turn, level by level, for ``rounds`` rounds (the order of the
    bots alternates between rounds): this machine's speed drifts over minutes, so a ratio taken
    from one pair of back-to-back measurements moves with it. Per level: each round's figures and
    ratios, and their medians."""
    names = list(bots)
    out: dict = {"rounds": rounds, "levels": []}
    for level in levels:
        per_round = []
        for r in range(rounds):
            order = names if r % 2 == 0 else names[::-1]
            got = {}
            for name in order:
                url, pids, scripts = bots[name]
                print(f"  round {r + 1}, {name}:", flush=True)
                got[name] = measure(url, pids, scripts, [level], seconds)["levels"][0]
            ours, ref = got[names[0]], got[names[1]]
            per_round.append({"figures": got, "p50_ratio": round(ours["p50_ms"] / ref["p50_ms"], 3),
                              "p95_ratio": round(ours["p95_ms"] / ref["p95_ms"], 3),
                              "throughput_ratio": round(ours["throughput_msg_s"] / ref["throughput_msg_s"], 3),
                              "errors": ours["errors"] + ref["errors"]})
        out["levels"].append({"concurrency": level, "rounds": per_round, "median": {
            k: round(statistics.median(x[k] for x in per_round), 3) for k in ("p50_ratio", "p95_ratio", "throughput_ratio")},
            "errors": sum(x["errors"] for x in per_round)})
        m = out["levels"][-1]["median"]
        print(f"  {level} conversations, median of {rounds} rounds: p50 {m['p50_ratio']}×, p95 {m['p95_ratio']}×, "
              f"throughput {m['throughput_ratio']}×", flush=True)
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
    p.add_argument("--widget-sockets", type=int, nargs="*", default=[50, 200, 1000],
                   help="open sockets at each level of the widget path (none: skip it)")
    p.add_argument("--target", action="append", default=[], metavar="NAME=URL",
                   help="measure an already running deployment instead (e.g. prod_2_replicas=http://127.0.0.1:8080); "
                        "results are added under NAME")
    p.add_argument("--rounds", type=int, default=0,
                   help="only the interleaved comparison: both bots up at once, each level measured in turn this many "
                        "rounds (results under 'interleaved' in the existing file)")
    args = p.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    if args.rounds:
        results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        starter = starter_project()
        model = sorted((starter / "models").glob("*.tar.gz"))[-1]
        shutil.rmtree(WORK / "shipped", ignore_errors=True)
        with Shipped("run", WORK / "shipped") as app, \
                Stack("sqlite://", model, workdir=WORK / "starter-run", project=starter, with_actions=False) as stack:
            bots = {"default_shipped": (app.rasa_url, {n: app.pid(n) for n in ("actions", "rasa", "web")}, OUR_SCRIPTS),
                    "rasa_starter_bot": (stack.rasa_url, {n: q.pid for n, q in stack.procs.items()}, STARTER_SCRIPTS)}
            results["interleaved"] = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                                      "seconds_per_level": args.seconds,
                                      **interleaved(bots, args.levels, args.seconds, args.rounds)}
        RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2))
        print(f"written {RESULTS}")
        return
    if args.target:
        results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        for spec in args.target:
            name, _, url = spec.partition("=")
            print(f"{name} ({url}):", flush=True)
            results[name] = {"url": url, **measure(url, {}, OUR_SCRIPTS, args.levels, args.seconds, args.long_turns)}
        RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2))
        return
    from bench import widget_load  # it imports this module's scripts

    results = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "seconds_per_level": args.seconds,
               "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                           "platform": platform.platform()}}
    print("default profile as ./scripts/run starts it:", flush=True)
    shutil.rmtree(WORK / "shipped", ignore_errors=True)
    with Shipped("run", WORK / "shipped") as app:
        pids = {name: app.pid(name) for name in ("actions", "rasa", "web")}
        results["default_shipped"] = measure(app.rasa_url, pids, OUR_SCRIPTS, args.levels, args.seconds, args.long_turns)
        if args.widget_sockets:
            print("  widget path (socket.io through the web app):", flush=True)
            results["default_shipped"]["widget"] = widget_load.run(app.web_url, args.widget_sockets, pids=pids)
        results["default_shipped"]["peak_rss_mb"] = {name: rss_mb(pid) for name, pid in pids.items() if pid}
    if args.long_turns:  # the same long conversation with Rasa's own in-memory tracker store, for comparison
        db = WORK / "serving.db"
        db.unlink(missing_ok=True)
        db_url = f"sqlite:///{db}"
        migrate(db_url)
        load_faq(db_url=db_url)
        print("union assistant on Rasa's InMemoryTrackerStore:", flush=True)
        with Stack(db_url, ROOT / "models" / "union.tar.gz", workdir=WORK / "ours-rasa-store", tracker_store=None) as stack:
            pids = {name: p.pid for name, p in stack.procs.items()}
            results["union_assistant_rasa_store"] = measure(stack.rasa_url, pids, OUR_SCRIPTS, [], args.seconds, args.long_turns)
    if not args.skip_reference:
        starter = starter_project()
        model = sorted((starter / "models").glob("*.tar.gz"))[-1]
        print("rasa init starter bot:", flush=True)
        with Stack("sqlite://", model, workdir=WORK / "starter-run", project=starter, with_actions=False) as stack:
            pids = {name: p.pid for name, p in stack.procs.items()}
            results["rasa_starter_bot"] = measure(stack.rasa_url, pids, STARTER_SCRIPTS, args.levels, args.seconds)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"written {RESULTS}")


if __name__ == "__main__":
    main()
