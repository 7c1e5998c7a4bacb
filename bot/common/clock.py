"""The one clock of the domain package: the union's time, Asia/Shanghai.

Every "today" and "now" in ``bot/`` and ``actions/`` comes from here; nothing else calls
``date.today()`` or a naive ``datetime.now()``. Tests set it:

- in-process, ``clock.travel_to(dt)`` moves the clock so that it reads ``dt`` now and keeps ticking
  (events stay ordered); ``clock.freeze(dt)`` stops it at ``dt``; ``clock.reset()`` goes back to
  the real time;
- for processes a test starts (the action server, the web app), the environment variable
  ``UNION_CLOCK_START`` (an ISO timestamp, Shanghai time when it has no zone) does the same as
  ``travel_to`` from the moment the process reads it.

Database columns hold naive UTC (``utcnow``); what people read is Shanghai time (``now``/``today``).
"""
from __future__ import annotations

import os
import time
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

UNION_TZ = ZoneInfo("Asia/Shanghai")
ENV_START = "UNION_CLOCK_START"

_offset: float = 0.0          # seconds added to the real time
_frozen: float | None = None  # a fixed POSIX time, when frozen


def _parse(value: datetime | str) -> datetime:
    dt = datetime.fromisoformat(value) if isinstance(value, str) else value
    return dt.replace(tzinfo=UNION_TZ) if dt.tzinfo is None else dt


def travel_to(moment: datetime | str) -> None:
    """From now on the clock reads ``moment`` (naive = Shanghai time) and keeps ticking."""
    global _offset, _frozen
    _frozen = None
    _offset = _parse(moment).timestamp() - time.time()


def freeze(moment: datetime | str) -> None:
    """The clock reads ``moment`` until it is moved or reset."""
    global _frozen
    _frozen = _parse(moment).timestamp()


def reset() -> None:
    """Back to the real time (or to ``UNION_CLOCK_START`` when the environment sets it)."""
    global _offset, _frozen
    _offset, _frozen = 0.0, None
    start = os.environ.get(ENV_START)
    if start:
        travel_to(start)


def timestamp() -> float:
    """POSIX seconds, the clock's reading."""
    return _frozen if _frozen is not None else time.time() + _offset


def now() -> datetime:
    """The union's local time, timezone-aware (Asia/Shanghai)."""
    return datetime.fromtimestamp(timestamp(), UNION_TZ)


def today() -> date:
    """The union's date (Asia/Shanghai)."""
    return now().date()


def utcnow() -> datetime:
    """Naive UTC, as the database stores it."""
    return datetime.fromtimestamp(timestamp(), timezone.utc).replace(tzinfo=None)


def days_ago(n: int) -> date:
    return today() - timedelta(days=n)


reset()
