"""The rate limiter (bot/common/ratelimit.py): in this process, and in Redis (db 15 of the local
Redis; those tests are skipped only when no Redis answers there). The clock is injected: no sleeps."""
from __future__ import annotations

import asyncio
import logging
import uuid

import pytest

from bot.common import ratelimit as rl


class FakeClock:
    def __init__(self, t: float = 1_800_000_000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture
def now():
    return FakeClock()


@pytest.mark.parametrize("spec,expected", [
    ("20/min", [(20, 60_000)]),
    ("30/10min", [(30, 600_000)]),
    ("5/hour, 20/day", [(5, 3_600_000), (20, 86_400_000)]),
    ("100/day,5/hour", [(5, 3_600_000), (100, 86_400_000)]),
    ("2/s", [(2, 1000)]),
    ("3/minutes", [(3, 60_000)]),
    ("off", []),
])
def test_rates_are_parsed(spec, expected):
    assert [(r.limit, r.interval) for r in rl.parse_rates(spec)] == expected


@pytest.mark.parametrize("spec", ["20", "20/fortnight", "x/min", "0/min", "20/0min", "20/min;5/h"])
def test_bad_rates_are_refused(spec):
    with pytest.raises(rl.RateSpecError):
        rl.parse_rates(spec)


def test_every_default_rule_parses():
    for name, spec in rl.RULES.items():
        assert rl.parse_rates(spec), name


def test_a_key_is_limited_and_others_are_not(now):
    lim = rl.RateLimiter({"chat.session": "3/min"}, clock=now)
    assert [lim.hit("chat.session", "a") for _ in range(5)] == [True, True, True, False, False]
    assert lim.hit("chat.session", "b") is True
    now.advance(59)
    assert lim.hit("chat.session", "a") is False
    now.advance(2)  # the first three hits are out of the window
    assert [lim.hit("chat.session", "a") for _ in range(4)] == [True, True, True, False]


def test_refused_hits_are_not_counted(now):
    lim = rl.RateLimiter({"r": "2/min"}, clock=now)
    for _ in range(50):
        lim.hit("r", "k")
    now.advance(61)
    assert [lim.hit("r", "k") for _ in range(3)] == [True, True, False]


def test_every_window_of_a_rule_applies(now):
    lim = rl.RateLimiter({"ticket.sender": "2/min,3/hour"}, clock=now)
    assert [lim.hit("ticket.sender", "s") for _ in range(3)] == [True, True, False]
    now.advance(61)
    assert [lim.hit("ticket.sender", "s") for _ in range(2)] == [True, False]  # the hour is full
    now.advance(3600)
    assert lim.hit("ticket.sender", "s") is True


def test_allowed_counts_nothing(now):
    lim = rl.RateLimiter({"login.user": "2/15min"}, clock=now)
    for _ in range(10):
        assert lim.allowed("login.user", "adm1") is True
    lim.hit("login.user", "adm1")
    assert lim.allowed("login.user", "adm1") is True
    lim.hit("login.user", "adm1")
    assert lim.allowed("login.user", "adm1") is False
    assert lim.allowed("login.user", "hot1") is True
    now.advance(15 * 60 + 1)
    assert lim.allowed("login.user", "adm1") is True


def test_memory_stays_bounded(now):
    lim = rl.RateLimiter({"chat.address": "5/min"}, clock=now, max_keys=100)
    for i in range(1000):
        lim.hit("chat.address", f"10.0.{i // 250}.{i % 250}")
    assert lim.keys_held("chat.address") == 100  # the cap
    now.advance(61)
    lim.hit("chat.address", "one more")
    assert lim.keys_held("chat.address") == 1  # idle buckets are swept


def test_a_bucket_keeps_only_its_window(now):
    lim = rl.RateLimiter({"r": "3/min"}, clock=now)
    for _ in range(200):
        lim.hit("r", "k")
        now.advance(30)
    assert len(lim.rules["r"].memory.buckets[rl._key("r", "k")].items) <= 3


def test_overrides_and_switches(now, caplog):
    lim = rl.RateLimiter({"chat.session": "20/min", "login.user": "10/15min"},
                         overrides={"chat_session": "2/min", "login_user": "off", "no_such": "1/min"}, clock=now)
    assert [lim.hit("chat.session", "a") for _ in range(3)] == [True, True, False]
    assert all(lim.hit("login.user", "x") for _ in range(50))
    assert "UNION_RATELIMIT_NO_SUCH" in caplog.text
    with pytest.raises(KeyError):
        lim.hit("chat.sesion", "a")
    off = rl.RateLimiter({"chat.session": "1/min"}, enabled=False, clock=now)
    assert all(off.hit("chat.session", "a") for _ in range(10)) and off.allowed("chat.session", "a")


def test_a_malformed_override_keeps_the_default(now, caplog):
    lim = rl.RateLimiter({"r": "2/min"}, overrides={"r": "lots"}, clock=now)
    assert [lim.hit("r", "k") for _ in range(3)] == [True, True, False]
    assert "lots" in caplog.text


def test_the_async_variant(now):
    lim = rl.RateLimiter({"r": "2/min"}, clock=now)

    async def go():
        return [await lim.hit_async("r", "k") for _ in range(3)]

    assert asyncio.run(go()) == [True, True, False]


def test_the_project_clock_is_the_default(union_clock):
    union_clock.freeze("2026-11-20T10:00:00+08:00")
    lim = rl.RateLimiter({"r": "1/min"})
    assert lim.hit("r", "k") and not lim.hit("r", "k")
    union_clock.freeze("2026-11-20T10:01:01+08:00")
    assert lim.hit("r", "k")


def test_get_limiter_reads_the_environment(monkeypatch):
    for var in ("UNION_REDIS_HOST", "UNION_RATELIMIT"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("UNION_RATELIMIT_CHAT_SESSION", "1/min")
    rl.reset_limiter()
    lim = rl.get_limiter()
    assert lim is rl.get_limiter() and lim.redis_url is None and lim.enabled
    assert lim.hit("chat.session", "a") and not lim.hit("chat.session", "a")
    monkeypatch.setenv("UNION_REDIS_HOST", "redis.internal")
    monkeypatch.setenv("UNION_REDIS_PORT", "6380")
    monkeypatch.setenv("UNION_REDIS_DB", "2")
    monkeypatch.setenv("UNION_REDIS_PASSWORD", "p@ss")
    monkeypatch.setenv("UNION_RATELIMIT", "off")
    rl.reset_limiter()
    lim = rl.get_limiter()
    assert lim.redis_url == "redis://:p%40ss@redis.internal:6380/2" and not lim.enabled
    rl.reset_limiter()


# -- Redis --------------------------------------------------------------------------------------
REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_prefix():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    prefix = f"test{uuid.uuid4().hex[:12]}"
    yield client, prefix
    for k in client.scan_iter(f"{prefix}:*"):
        client.delete(k)


def test_redis_counts_are_shared_by_replicas(redis_prefix, now):
    client, prefix = redis_prefix
    one = rl.RateLimiter({"chat.session": "3/min"}, redis_url=REDIS_URL, redis_prefix=prefix, clock=now)
    two = rl.RateLimiter({"chat.session": "3/min"}, redis_url=REDIS_URL, redis_prefix=prefix, clock=now)
    assert [one.hit("chat.session", "a"), two.hit("chat.session", "a"), one.hit("chat.session", "a")] == [True] * 3
    assert two.hit("chat.session", "a") is False and one.allowed("chat.session", "a") is False
    assert two.hit("chat.session", "b") is True
    assert one.keys_held("chat.session") == 0  # nothing counted in the process
    now.advance(61)
    assert one.hit("chat.session", "a") is True


def test_redis_keys_expire_and_hold_no_raw_key(redis_prefix, now):
    client, prefix = redis_prefix
    lim = rl.RateLimiter({"login.user": "2/15min,5/hour"}, redis_url=REDIS_URL, redis_prefix=prefix, clock=now)
    for _ in range(10):
        lim.hit("login.user", "secret-session-id")
        now.advance(60)
    keys = list(client.scan_iter(f"{prefix}:*"))
    assert len(keys) == 1
    assert b"secret-session-id" not in keys[0]
    assert all(b"secret" not in m for m in client.zrange(keys[0], 0, -1))
    assert 0 < client.pttl(keys[0]) <= 3_600_000
    assert client.zcard(keys[0]) <= 5


def test_redis_script_cache_flush_is_survived(redis_prefix, now):
    client, prefix = redis_prefix
    lim = rl.RateLimiter({"r": "2/min"}, redis_url=REDIS_URL, redis_prefix=prefix, clock=now)
    assert lim.hit("r", "k")
    client.script_flush()
    assert lim.hit("r", "k") is True and lim.hit("r", "k") is False
    assert list(client.scan_iter(f"{prefix}:*"))


def test_redis_async(redis_prefix, now):
    client, prefix = redis_prefix
    lim = rl.RateLimiter({"r": "2/min"}, redis_url=REDIS_URL, redis_prefix=prefix, clock=now)

    async def go():
        return [await lim.hit_async("r", "k") for _ in range(3)]

    assert asyncio.run(go()) == [True, True, False]
    assert list(client.scan_iter(f"{prefix}:*"))


def test_unreachable_redis_falls_back_to_this_process(now, caplog):
    caplog.set_level(logging.WARNING)
    lim = rl.RateLimiter({"r": "2/min"}, redis_url="redis://127.0.0.1:1/15", clock=now)
    assert [lim.hit("r", "k") for _ in range(3)] == [True, True, False]
    assert lim.allowed("r", "k") is False
    assert "Redis failed (ConnectionError)" in caplog.text
