"""The widget's path under load: socket.io clients speaking to the web app exactly as the widget
does (websocket transport on /socket.io/, ``session_request`` → ``session_confirm`` with the
session secret, ``user_uttered`` with an acknowledgement, ``bot_uttered`` replies), through the web
app's bridge to Rasa's socket.io channel.

    .venv/bin/python bench/widget_load.py --target default=http://127.0.0.1:8000 [--sockets 50 200 1000]

At each level N sockets are opened, each from its own loopback address (127.1.x.y: real workers
come from many addresses; the per-address limits of bot/common/ratelimit.py stay as shipped), and
each starts a session. Then a share of them (`--talking`, default half) hold realistic
conversations (the scripts of bench/serving.py) as people type: after each reply the worker reads
and writes for 4–8 s (random, seeded) before the next message, which keeps every conversation
within the shipped limit of 20 messages a minute; the others stay open and idle, as a widget left
open on a phone does. 1,000 sockets so offer about 80 messages a second, near what one default
instance serves. Reported per level: connection set-up time, latency per
message (from sending to the acknowledgement, which Rasa's socket.io channel gives once every reply
of the message has been emitted), throughput, sockets still open at the end, replies that were
the bridge's rate-limit notice (should be none), resident memory of
the web app and Rasa before and after opening the sockets (memory per connection), and errors (a
refused or dropped socket, no acknowledgement within 60 s, a message without a reply). Then 10% of
the sockets drop and reconnect with their secret, as a phone leaving a lift does: the time until
the session is confirmed again.

Loopback only; every level is bounded in count and time. Used by bench/serving.py (the default
profile as scripts/run starts it) and bench/run (scripts/prod). A benchmark reports; it never
gates CI.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from pathlib import Path

import aiohttp
import socketio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.serving import OUR_SCRIPTS, percentile, rss_now_mb  # noqa: E402
from bot.web.bridge import TOO_FAST  # noqa: E402

# python-engineio 4.15's asyncio client (pinned with Rasa's server) names aiohttp 3.10's websocket
# timeout type; Rasa pins aiohttp 3.9, whose ws_connect takes the close timeout as a number.
if not hasattr(aiohttp, "ClientWSTimeout"):
    aiohttp.ClientWSTimeout = lambda ws_close=None, ws_receive=None: ws_close

RESULTS = ROOT / "bench" / "measurements" / "widget_load.json"
ACK_SECONDS = 60
THINK_SECONDS = (4.0, 8.0)  # a worker reads the reply and types the next message
CONNECT_SECONDS = 30


def address(i: int) -> str:
    """The i-th simulated worker's loopback address (127.1.0.1, 127.1.0.2, …)."""
    return f"127.1.{i // 250}.{i % 250 + 1}"


class Widget:
    """One browser's widget: a socket.io client from its own address, with its session secret."""

    def __init__(self, web_url: str, i: int):
        self.web_url, self.i = web_url, i
        self.secret: str | None = None
        self.replies = 0
        self.limited = 0  # replies that were the rate-limit notice
        self.http: aiohttp.ClientSession | None = None
        self.sio: socketio.AsyncClient | None = None
        self.confirmed = asyncio.Event()
        self.dropped = False

    async def connect(self) -> float:
        """Opens the socket and starts (or resumes) the session; returns the seconds it took."""
        start = time.perf_counter()
        self.http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=(address(self.i), 0)))
        self.sio = socketio.AsyncClient(reconnection=False, http_session=self.http, handle_sigint=False)
        self.confirmed = asyncio.Event()

        @self.sio.on("session_confirm")
        async def _confirm(data):
            self.secret = data.get("session_id") if isinstance(data, dict) else data
            self.confirmed.set()

        @self.sio.on("bot_uttered")
        async def _reply(data):
            self.replies += 1
            self.limited += isinstance(data, dict) and data.get("text") == TOO_FAST

        @self.sio.on("disconnect")
        async def _gone(*_):
            self.dropped = True

        await self.sio.connect(self.web_url, transports=["websocket"], socketio_path="/socket.io/",
                               wait_timeout=CONNECT_SECONDS)
        await self.sio.emit("session_request", {"session_id": self.secret})
        await asyncio.wait_for(self.confirmed.wait(), CONNECT_SECONDS)
        return time.perf_counter() - start

    async def say(self, text: str) -> tuple[float, bool]:
        """Sends one message; (milliseconds until acknowledged, whether it was answered)."""
        before = self.replies
        start = time.perf_counter()
        try:
            await self.sio.call("user_uttered", {"message": text, "session_id": self.secret}, timeout=ACK_SECONDS)
        except Exception:  # noqa: BLE001 - a timeout or a dropped socket: an error
            return (time.perf_counter() - start) * 1000, False
        # Replies are emitted before the acknowledgement on the same socket, so they are in.
        return (time.perf_counter() - start) * 1000, self.replies > before

    async def close(self) -> None:
        if self.sio is not None:
            try:
                await self.sio.disconnect()
            except Exception:  # noqa: BLE001
                pass
        if self.http is not None:
            await self.http.close()


async def _open_all(widgets: list[Widget], parallel: int = 50) -> tuple[list[float], int]:
    """Opens every socket, at most `parallel` at a time (as arrivals, not a stampede)."""
    gate = asyncio.Semaphore(parallel)
    times: list[float] = []
    failed = 0

    async def one(w: Widget):
        nonlocal failed
        async with gate:
            try:
                times.append(await w.connect())
            except Exception:  # noqa: BLE001 - refused or timed out: counted
                failed += 1

    await asyncio.gather(*(one(w) for w in widgets))
    return times, failed


async def level(web_url: str, sockets: int, talking_share: float, seconds: float, pids: dict[str, int | None],
                rng: random.Random) -> dict:
    before = {name: rss_now_mb(pid) for name, pid in pids.items() if pid}
    widgets = [Widget(web_url, i) for i in range(sockets)]
    t0 = time.monotonic()
    connect_times, refused = await _open_all(widgets)
    open_seconds = time.monotonic() - t0
    await asyncio.sleep(2)  # let the processes settle before reading their memory (a benchmark, not a test)
    after_open = {name: rss_now_mb(pid) for name, pid in pids.items() if pid}
    opened = [w for w in widgets if w.secret]

    latencies: list[float] = []
    errors = 0
    start = time.monotonic()
    deadline = start + seconds

    async def converse(w: Widget, k: int, first_pause: float, pauses: list[float]):
        nonlocal errors
        await asyncio.sleep(first_pause)  # arrivals spread over the first pause, not all at once
        n, p = k, 0
        while time.monotonic() < deadline:
            for text in OUR_SCRIPTS[n % len(OUR_SCRIPTS)]:
                if time.monotonic() >= deadline:
                    return
                ms, ok = await w.say(text)
                latencies.append(ms)
                errors += not ok
                await asyncio.sleep(pauses[p % len(pauses)])
                p += 1
            n += 1

    talkers = opened[:round(len(opened) * talking_share)]
    await asyncio.gather(*(converse(w, k, rng.uniform(0, THINK_SECONDS[1]), [rng.uniform(*THINK_SECONDS) for _ in range(50)])
                           for k, w in enumerate(talkers)))
    elapsed = time.monotonic() - start
    still_open = sum(1 for w in opened if w.sio.connected and not w.dropped)
    limited = sum(w.limited for w in widgets)

    # Reconnects: 10% of the sockets drop and come back with their secret.
    again = rng.sample(opened, max(1, len(opened) // 10)) if opened else []
    for w in again:
        await w.close()
    reconnect_times, reconnect_failed = await _open_all(again)
    resumed = sum(1 for w in again if w.confirmed.is_set())

    for w in widgets:
        await w.close()
    delta = {name: round(after_open[name] - before[name], 1) for name in before}
    return {
        "sockets": sockets, "opened": len(opened), "refused_or_failed": refused,
        "open_seconds": round(open_seconds, 1),
        "connect_p50_ms": round(percentile([t * 1000 for t in connect_times], 50), 1),
        "connect_p95_ms": round(percentile([t * 1000 for t in connect_times], 95), 1),
        "talking": len(talkers), "idle": len(opened) - len(talkers), "messages": len(latencies),
        "throughput_msg_s": round(len(latencies) / elapsed, 1) if elapsed else None,
        "p50_ms": round(percentile(latencies, 50), 1), "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1), "errors": errors + refused, "rate_limited": limited,
        "open_at_end": still_open,
        "rss_before_mb": before, "rss_with_sockets_mb": after_open,
        "kb_per_socket": {name: round(d * 1024 / max(1, len(opened)), 1) for name, d in delta.items()},
        "reconnected": resumed, "reconnect_failed": reconnect_failed,
        "reconnect_p50_ms": round(percentile([t * 1000 for t in reconnect_times], 50), 1),
    }


def run(web_url: str, levels: list[int], talking: float = 0.5, seconds: float = 30,
        pids: dict[str, int | None] | None = None) -> list[dict]:
    out = []
    rng = random.Random(7)
    for n in levels:
        r = asyncio.run(level(web_url, n, talking, seconds, pids or {}, rng))
        print(f"  {n:>5} sockets ({r['opened']} open, {r['talking']} talking): {r['throughput_msg_s']} msg/s  "
              f"p50 {r['p50_ms']} ms  p95 {r['p95_ms']} ms  errors {r['errors']}/{r['messages']}  "
              f"rate-limited {r['rate_limited']}  "
              f"set-up p50 {r['connect_p50_ms']} ms  open at end {r['open_at_end']}  "
              f"KB per socket {r['kb_per_socket']}  reconnected {r['reconnected']}/{r['reconnected'] + r['reconnect_failed']}",
              flush=True)
        out.append(r)
    return out


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--target", required=True, metavar="NAME=URL", help="a running web app, e.g. default=http://127.0.0.1:8000")
    p.add_argument("--sockets", type=int, nargs="+", default=[50, 200, 1000])
    p.add_argument("--talking", type=float, default=0.5, help="share of the open sockets holding a conversation")
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--pid", action="append", default=[], metavar="NAME=PID", help="processes whose memory to report")
    args = p.parse_args()
    name, _, url = args.target.partition("=")
    pids = {k: int(v) for k, _, v in (s.partition("=") for s in args.pid)}
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    print(f"widget path, {name} ({url}):", flush=True)
    results[name] = {"url": url, "levels": run(url, args.sockets, args.talking, args.seconds, pids)}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
