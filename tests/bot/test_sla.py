"""First-response deadlines (bot/console/sla.py, data/console/sla.yml): the wall-clock rule.
Office time (the data file's rule) is in test_sla_office_time.py."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import partial

import pytest
import yaml

from bot.console.sla import SLA_FILE, format_duration, load_policy, parse_policy, sla_status as _sla_status

# Every hour counts (the rule of an on-call priority, and of a policy without office_time).
WALL = parse_policy({"first_response_hours": {"urgent": 1, "high": 4, "normal": 24, "low": 72}, "soon_fraction": 0.25})
sla_status = partial(_sla_status, policy=WALL)

UTC = timezone.utc
CST = timezone(timedelta(hours=8))
T0 = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)


def at(**delta) -> datetime:
    return T0 + timedelta(**delta)


def test_data_file():
    data = yaml.safe_load(SLA_FILE.read_text(encoding="utf-8"))
    assert data["first_response_hours"] == {"urgent": 1, "high": 4, "normal": 7, "low": 21}
    assert data["soon_fraction"] == 0.25
    assert load_policy() is load_policy()  # parsed once
    policy = load_policy()
    assert policy.office_time and policy.on_call == {"urgent"}
    assert not policy.counts_office_time("urgent") and policy.counts_office_time("normal")
    assert policy.counts_office_time(None)  # the default priority


@pytest.mark.parametrize("priority,hours", [
    ("urgent", 1), ("high", 4), ("normal", 24), ("low", 72),
    ("URGENT", 1), (" high ", 4), ("unknown", 24), ("", 24), (None, 24),
])
def test_due_at_by_priority(priority, hours):
    status = sla_status(priority, T0, None, T0)
    assert status["due_at"] == T0 + timedelta(hours=hours)
    assert status["state"] == "ok"


@pytest.mark.parametrize("priority,now,state,label", [
    ("normal", at(hours=10), "ok", "剩 14 小时"),
    ("normal", at(hours=21), "soon", "剩 3 小时"),
    ("normal", at(hours=18), "soon", "剩 6 小时"),        # exactly a quarter left
    ("normal", at(hours=17, minutes=59), "ok", "剩 6 小时"),
    ("normal", at(hours=23, minutes=15), "soon", "剩 45 分钟"),
    ("normal", at(), "ok", "剩 24 小时"),
    ("low", at(), "ok", "剩 3 天"),
    ("low", at(hours=20), "ok", "剩 2 天"),            # 52 hours
    ("low", at(hours=30), "ok", "剩 42 小时"),
    ("urgent", at(minutes=15), "ok", "剩 45 分钟"),
    ("urgent", at(minutes=46), "soon", "剩 14 分钟"),
    ("urgent", at(minutes=59, seconds=30), "soon", "剩不到 1 分钟"),
    ("urgent", at(hours=1), "overdue", "刚刚超时"),
    ("urgent", at(hours=1, minutes=20), "overdue", "超时 20 分钟"),
    ("high", at(hours=6), "overdue", "超时 2 小时"),
    ("high", at(hours=6, minutes=59), "overdue", "超时 2 小时"),
    ("normal", at(days=4), "overdue", "超时 3 天"),
    ("normal", at(hours=24 + 47), "overdue", "超时 47 小时"),
])
def test_state_and_label(priority, now, state, label):
    status = sla_status(priority, T0, None, now)
    assert (status["state"], status["label"]) == (state, label)


def test_met_in_time_and_late():
    met = sla_status("high", T0, at(hours=1), at(hours=10))
    assert met == {"due_at": at(hours=4), "state": "met", "label": "已响应"}
    on_the_minute = sla_status("high", T0, at(hours=4), at(hours=10))
    assert on_the_minute["label"] == "已响应"
    late = sla_status("high", T0, at(hours=5), at(hours=10))
    assert (late["state"], late["label"]) == ("met", "超时后响应")


def test_naive_datetimes_are_utc():
    naive = datetime(2026, 11, 17, 9, 0)
    status = sla_status("high", naive, None, datetime(2026, 11, 17, 10, 0))
    assert status["due_at"] == at(hours=4)
    assert status["due_at"].tzinfo is not None
    assert status["label"] == "剩 3 小时"


def test_mixed_time_zones():
    created_cst = datetime(2026, 11, 17, 17, 0, tzinfo=CST)  # 09:00 UTC
    status = sla_status("urgent", created_cst, None, datetime(2026, 11, 17, 9, 30))  # naive UTC
    assert status["due_at"] == at(hours=1)
    assert status["label"] == "剩 30 分钟"
    response_cst = datetime(2026, 11, 17, 18, 30, tzinfo=CST)  # 10:30 UTC: late
    assert sla_status("urgent", T0, response_cst, at(hours=2))["label"] == "超时后响应"


def test_result_keys():
    assert set(sla_status("low", T0, None, T0)) == {"due_at", "state", "label"}


@pytest.mark.parametrize("delta,text", [
    (timedelta(minutes=1), "1 分钟"),
    (timedelta(minutes=59, seconds=59), "59 分钟"),
    (timedelta(hours=1), "1 小时"),
    (timedelta(hours=47, minutes=59), "47 小时"),
    (timedelta(hours=48), "2 天"),
    (timedelta(days=10, hours=5), "10 天"),
])
def test_format_duration(delta, text):
    assert format_duration(delta) == text


def test_custom_policy_and_validation():
    policy = parse_policy({"first_response_hours": {"normal": 2}, "soon_fraction": 0.5})
    assert _sla_status("urgent", T0, None, at(minutes=30), policy)["state"] == "ok"
    assert _sla_status("urgent", T0, None, at(minutes=61), policy)["state"] == "soon"
    with pytest.raises(ValueError):
        parse_policy({"first_response_hours": {"high": 4}})  # no default priority
    with pytest.raises(ValueError):
        parse_policy({"first_response_hours": {"normal": 0}})
    with pytest.raises(ValueError):
        parse_policy({"first_response_hours": {"normal": 24}, "soon_fraction": 1.5})
    with pytest.raises(ValueError):
        parse_policy({"first_response_hours": {"normal": 24}, "on_call": ["urgent"]})
