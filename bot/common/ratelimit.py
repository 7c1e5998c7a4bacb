"""Rate limits: named rules over pyrate-limiter, counted in this process or in Redis.

    limiter = get_limiter()
    if not limiter.hit("chat.session", session_id):   # True = allowed (and counted)
        ...refuse...
    await limiter.hit_async("chat.address", address)   # the same, with Redis off the event loop
    limiter.allowed("login.user", username)            # would a hit pass? counts nothing
    limiter.counts("login.address", address)           # hits within each window, shortest first

Every rule is named in ``RULES`` with its rates ("20/min", "30/10min", "5/hour,20/day": a hit must
fit every window). ``UNION_RATELIMIT_<RULE>`` changes one rule (``UNION_RATELIMIT_CHAT_SESSION=30/min``,
"off" disables it) and ``UNION_RATELIMIT=off`` all of them (bot/config.py reads the environment).

Storage: in this process by default; in Redis when UNION_REDIS_HOST is set (the production profile),
so that every replica shares the counts. Keys are hashed (no session id, address or username is
stored or logged as such), each Redis key expires after its rule's longest window, and in-process
buckets that have been idle that long are dropped, with a cap on the number of keys per rule, so
memory stays bounded whatever keys callers send. When Redis cannot be reached, the counts fall back
to this process for a while (a warning is logged) rather than refusing or waving everyone through.

Time is the project's clock (bot.common.clock, which tests set) unless a clock is injected.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import threading
import time
from dataclasses import dataclass
from typing import Callable, Iterable

from pyrate_limiter import AbstractClock, BucketFactory, InMemoryBucket, Limiter, Rate, RateItem, RedisBucket
from pyrate_limiter.buckets.redis_bucket import LuaScript
from redis.exceptions import NoScriptError

from bot.common import clock as union_clock

logger = logging.getLogger(__name__)

# rule -> rates. Addresses are the client's IP as the web app sees it (behind the proxy: the
# forwarded one); login rules count failed attempts only.
RULES: dict[str, str] = {
    "chat.session": "20/min,300/day",        # messages of one conversation
    # Per address: a factory dormitory or a campus reaches the service through one NAT address, so
    # these leave room for a few hundred workers at a shift break while stopping a script's flood.
    "chat.address": "600/min",               # messages from one address (all its conversations)
    "session.new.address": "200/10min",      # new conversations started from one address
    "socket.address": "300/min",             # socket connections opened from one address
    "ticket.sender": "5/hour,20/day",        # tickets stored for one conversation (sender id)
    "login.address": "20/15min,100/day",     # failed logins from one address
    "login.user": "10/15min",                # failed logins on one username (see bot/console/staff.py)
}
MAX_KEYS_PER_RULE = 50_000   # in-process: past this the oldest key is forgotten (its counts restart)
REDIS_RETRY_AFTER = 30.0     # seconds on the in-process fallback after a Redis error

_UNITS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600,
          "d": 86400, "day": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([a-z]+?)s?\s*$")


class RateSpecError(ValueError):
    pass


def parse_rates(spec: str) -> list[Rate]:
    """"20/min" or "5/hour,20/day" -> rates sorted by window; "off" (or "0") -> [] (no limit)."""
    if spec.strip().lower() in ("off", "0", "none", ""):
        return []
    rates = []
    for part in spec.split(","):
        m = _RATE.match(part.lower())
        if not m or m.group(3) not in _UNITS or int(m.group(1)) <= 0 or m.group(2) == "0":
            raise RateSpecError(f"not a rate: {part.strip()!r} (write e.g. 20/min, 30/10min, 5/hour)")
        seconds = int(m.group(2) or 1) * _UNITS[m.group(3)]
        rates.append(Rate(int(m.group(1)), seconds * 1000))
    return sorted(rates, key=lambda r: r.interval)


class _Clock(AbstractClock):
    """pyrate-limiter's clock interface over a function giving POSIX seconds."""

    def __init__(self, seconds: Callable[[], float]):
        self.seconds = seconds

    def now(self) -> int:
        return int(self.seconds() * 1000)


class _MemoryBuckets(BucketFactory):
    """One in-memory bucket per key. No background thread: a bucket drops its old items when it is
    used, and a sweep (at most once a minute) drops the buckets idle for the longest window."""

    def __init__(self, rates: list[Rate], clock: _Clock, max_keys: int):
        self.rates, self.clock, self.max_keys = rates, clock, max_keys
        self.longest = rates[-1].interval
        self.buckets: dict[str, InMemoryBucket] = {}
        self._next_sweep = 0

    def wrap_item(self, name: str, weight: int = 1) -> RateItem:
        return RateItem(name, self.clock.now(), weight=weight)

    def get(self, item: RateItem) -> InMemoryBucket:
        self._sweep(item.timestamp)
        bucket = self.buckets.get(item.name)
        if bucket is None:
            while len(self.buckets) >= self.max_keys:
                self.buckets.pop(next(iter(self.buckets)))
            bucket = self.buckets[item.name] = InMemoryBucket(self.rates)
        else:
            bucket.leak(item.timestamp)
        return bucket

    def _sweep(self, now: int) -> None:
        if now < self._next_sweep:
            return
        self._next_sweep = now + min(self.longest, 60_000)
        for name, bucket in list(self.buckets.items()):
            bucket.leak(now)
            if not bucket.count():
                del self.buckets[name]

    def counts(self, name: str) -> list[int]:
        bucket, now = self.buckets.get(name), self.clock.now()
        if bucket is None:
            return [0] * len(self.rates)
        return [sum(1 for i in bucket.items if i.timestamp >= now - r.interval) for r in self.rates]


class _ExpiringRedisBucket(RedisBucket):
    """pyrate-limiter's Redis bucket (a sorted set per key, checked and filled by one Lua script),
    plus what keeps Redis bounded: old items are trimmed and the key expires after the longest window."""

    def put(self, item: RateItem) -> bool:
        ok = super().put(item)
        longest = self.rates[-1].interval
        pipe = self.redis.pipeline(transaction=False)
        pipe.zremrangebyscore(self.bucket_key, 0, item.timestamp - longest - 1)
        pipe.pexpire(self.bucket_key, longest)
        pipe.execute()
        return ok


class _RedisBuckets(BucketFactory):
    def __init__(self, rates: list[Rate], clock: _Clock, redis, prefix: str):
        self.rates, self.clock, self.redis, self.prefix = rates, clock, redis, prefix
        self.script_hash = redis.script_load(LuaScript.PUT_ITEM)

    def wrap_item(self, name: str, weight: int = 1) -> RateItem:
        return RateItem(name, self.clock.now(), weight=weight)

    def get(self, item: RateItem) -> RedisBucket:
        return _ExpiringRedisBucket(self.rates, self.redis, f"{self.prefix}:{item.name}", self.script_hash)

    def reload_script(self) -> None:  # Redis restarted: its script cache is empty
        self.script_hash = self.redis.script_load(LuaScript.PUT_ITEM)

    def counts(self, name: str) -> list[int]:
        now = self.clock.now()
        pipe = self.redis.pipeline(transaction=False)
        for r in self.rates:
            pipe.zcount(f"{self.prefix}:{name}", now - r.interval, now)
        return [int(n) for n in pipe.execute()]


@dataclass
class _Rule:
    name: str
    rates: list[Rate]
    memory: _MemoryBuckets
    memory_limiter: Limiter
    redis: _RedisBuckets | None = None
    redis_limiter: Limiter | None = None


def _key(rule: str, key: str) -> str:
    return hashlib.blake2b(f"{rule}\x1f{key}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class RateLimiter:
    def __init__(self, rules: dict[str, str] | None = None, *, overrides: dict[str, str] | None = None,
                 redis_url: str | None = None, redis_prefix: str = "union", enabled: bool = True,
                 clock: Callable[[], float] = union_clock.timestamp, max_keys: int = MAX_KEYS_PER_RULE):
        self.enabled = enabled
        self.clock = _Clock(clock)
        self.redis_url, self.redis_prefix = redis_url, f"{redis_prefix}:ratelimit"
        self._redis = None
        self._redis_down_until = 0.0
        self._lock = threading.Lock()
        overrides = {k.lower().replace("_", "."): v for k, v in (overrides or {}).items()}
        self.rules: dict[str, _Rule | None] = {}
        rules = RULES if rules is None else rules
        for name in sorted(set(overrides) - set(rules)):
            logger.error("UNION_RATELIMIT_%s: no such rate-limit rule (rules: %s); ignored",
                         name.replace(".", "_").upper(), ", ".join(rules))
        for name, spec in rules.items():
            try:
                rates = parse_rates(overrides.get(name, spec))
            except RateSpecError as exc:
                logger.error("rate limit %s: %s; the default %s applies", name, exc, spec)
                rates = parse_rates(spec)
            if not rates:
                self.rules[name] = None  # disabled
                continue
            memory = _MemoryBuckets(rates, self.clock, max_keys)
            self.rules[name] = _Rule(name, rates, memory, Limiter(memory, raise_when_fail=False))

    # -- the interface -------------------------------------------------------------------------
    def hit(self, rule: str, key: str) -> bool:
        """Counts one request of ``key`` under ``rule``; False (and not counted) when over a limit."""
        r = self._rule(rule)
        if r is None:
            return True
        name = _key(rule, key)
        if self._use_redis(r):
            try:
                try:
                    return bool(r.redis_limiter.try_acquire(name))
                except NoScriptError:
                    r.redis.reload_script()
                    return bool(r.redis_limiter.try_acquire(name))
            except Exception as exc:  # noqa: BLE001 - any Redis failure: count here for a while
                self._redis_failed(exc)
        return bool(r.memory_limiter.try_acquire(name))

    async def hit_async(self, rule: str, key: str) -> bool:
        """``hit`` for coroutines: a Redis round trip runs in a thread, never on the event loop."""
        r = self._rule(rule)
        if r is not None and self.redis_url and time.monotonic() >= self._redis_down_until:
            return await asyncio.to_thread(self.hit, rule, key)
        return self.hit(rule, key)

    def allowed(self, rule: str, key: str) -> bool:
        """Would a hit pass now? Counts nothing."""
        r = self._rule(rule)
        return r is None or all(n < rate.limit for n, rate in zip(self.counts(rule, key), r.rates))

    def counts(self, rule: str, key: str) -> list[int]:
        """Hits of ``key`` within each window of the rule (shortest first); [] when it is off."""
        r = self._rule(rule)
        if r is None:
            return []
        name = _key(rule, key)
        if self._use_redis(r):
            try:
                return r.redis.counts(name)
            except Exception as exc:  # noqa: BLE001
                self._redis_failed(exc)
        with r.memory_limiter.lock:
            return r.memory.counts(name)

    def rates(self, rule: str) -> list[Rate]:
        r = self._rule(rule)
        return list(r.rates) if r else []

    def keys_held(self, rule: str) -> int:
        """In-process buckets of a rule (tests and diagnostics)."""
        r = self.rules[rule]
        return len(r.memory.buckets) if r else 0

    # -- internals -----------------------------------------------------------------------------
    def _rule(self, rule: str) -> _Rule | None:
        if rule not in self.rules:
            raise KeyError(f"no such rate-limit rule: {rule}")
        return self.rules[rule] if self.enabled else None

    def _use_redis(self, r: _Rule) -> bool:
        if not self.redis_url or time.monotonic() < self._redis_down_until:
            return False
        if r.redis_limiter is None:
            try:
                with self._lock:
                    if self._redis is None:
                        import redis

                        self._redis = redis.Redis.from_url(self.redis_url, socket_timeout=0.5,
                                                           socket_connect_timeout=0.5)
                    if r.redis_limiter is None:
                        r.redis = _RedisBuckets(r.rates, self.clock, self._redis, f"{self.redis_prefix}:{r.name}")
                        r.redis_limiter = Limiter(r.redis, raise_when_fail=False)
            except Exception as exc:  # noqa: BLE001
                self._redis_failed(exc)
                return False
        return True

    def _redis_failed(self, exc: Exception) -> None:
        if time.monotonic() >= self._redis_down_until:
            logger.warning("rate limits counted in this process for %.0f s: Redis failed (%s)",
                           REDIS_RETRY_AFTER, type(exc).__name__)
        self._redis_down_until = time.monotonic() + REDIS_RETRY_AFTER


_limiter: RateLimiter | None = None
_limiter_lock = threading.Lock()


def get_limiter() -> RateLimiter:
    """The process's limiter, configured from the environment (bot/config.py) on first use."""
    global _limiter
    if _limiter is None:
        with _limiter_lock:
            if _limiter is None:
                from bot.config import get_settings

                s = get_settings()
                _limiter = RateLimiter(overrides=s.rate_overrides, redis_url=s.redis_url,
                                       redis_prefix=s.redis_prefix, enabled=s.rate_limits)
    return _limiter


def reset_limiter(limiter: RateLimiter | None = None) -> None:
    """Forget every in-process count (the next get_limiter() reads the environment again), or
    install ``limiter`` (tests)."""
    global _limiter
    with _limiter_lock:
        _limiter = limiter


def rule_names() -> Iterable[str]:
    return RULES.keys()
