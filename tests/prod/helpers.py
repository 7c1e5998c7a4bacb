"""Helpers shared by the production-topology tests."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor


def burst(say, targets: list[tuple[str, str, str]]) -> list[tuple[list[dict], float, float]]:
    """Sends (base, sender, text) messages all at once, one thread each; returns
    (replies, start, end) per message, in the order given."""
    gate = threading.Barrier(len(targets))

    def one(target):
        base, sender, text = target
        gate.wait()
        t0 = time.monotonic()
        replies = say(base, sender, text)
        return replies, t0, time.monotonic()

    with ThreadPoolExecutor(len(targets)) as pool:
        return list(pool.map(one, targets))
