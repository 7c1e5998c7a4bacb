"""SLA deadlines in office time (data/console/sla.yml, office_hours.yml), urgent cases on call."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.common import clock
from bot.console.sla import load_policy, parse_policy, sla_status
from bot.handoff.office_hours import ALWAYS, load_schedule

CST = clock.UNION_TZ
UTC = timezone.utc
SCHEDULE = load_schedule()  # Mon–Fri 9:00–12:00, 13:30–17:30; 2026 holidays and 调休


def cst(*args) -> datetime:
    return datetime(*args, tzinfo=CST)


def due(priority, created, now=None, schedule=SCHEDULE):
    return sla_status(priority, created, None, now or created, schedule=schedule)


def test_the_self_harm_ticket_of_the_issue_is_on_call():
    # Created at 07:43 on a Tuesday: urgent counts every hour (due 08:43, before the office opens).
    created = cst(2026, 11, 17, 7, 43)
    status = due("urgent", created, cst(2026, 11, 17, 8, 50))
    assert status["due_at"] == cst(2026, 11, 17, 8, 43).astimezone(UTC)
    assert status["state"] == "overdue"


def test_a_normal_ticket_before_opening_counts_from_nine():
    created = cst(2026, 11, 17, 7, 43)  # Tuesday, before opening
    status = due("normal", created, cst(2026, 11, 17, 8, 43))
    # 7 office hours from 9:00: 9–12 (3 h) and 13:30–17:30 (4 h) → 17:30 the same day.
    assert status["due_at"] == cst(2026, 11, 17, 17, 30).astimezone(UTC)
    assert status["state"] == "ok"  # not overdue at 08:43, not even "soon"


def test_friday_evening_is_due_on_monday():
    created = cst(2026, 11, 20, 18, 0)  # Friday after closing
    status = due("high", created, cst(2026, 11, 22, 12, 0))  # Sunday noon
    # 4 office hours from Monday 9:00: 9–12 (3 h) + 13:30–14:30.
    assert status["due_at"] == cst(2026, 11, 23, 14, 30).astimezone(UTC)
    assert status["state"] == "ok"


def test_lunch_break_and_holidays_do_not_count():
    created = cst(2026, 11, 17, 11, 0)  # Tuesday 11:00, high: 1 h before lunch + 3 h after
    assert due("high", created)["due_at"] == cst(2026, 11, 17, 16, 30).astimezone(UTC)
    before_national_day = cst(2026, 9, 30, 17, 0)  # Wednesday 17:00; 1–7 October closed
    # normal: 30 minutes on 30 September, then the 国庆 holiday; 6½ h from 8 October 9:00 → 17:00.
    assert due("normal", before_national_day)["due_at"] == cst(2026, 10, 8, 17, 0).astimezone(UTC)
    saturday_workday = cst(2026, 10, 9, 17, 0)  # Friday: ½ h, then Saturday 10 October (调休 working day) 9–12 and 13:30–14:00
    assert due("high", saturday_workday)["due_at"] == cst(2026, 10, 10, 14, 0).astimezone(UTC)


def test_soon_counts_office_time_left():
    created = cst(2026, 11, 17, 9, 0)  # normal: due 17:30; soon = last 1¾ office hours
    assert due("normal", created, cst(2026, 11, 17, 15, 0))["state"] == "ok"       # 2.5 h left
    assert due("normal", created, cst(2026, 11, 17, 16, 0))["state"] == "soon"     # 1.5 h left
    late = due("normal", created, cst(2026, 11, 17, 18, 30))
    assert (late["state"], late["label"]) == ("overdue", "超时 1 小时")
    # A ticket due tomorrow at 11:00 is not "soon" at 18:00 today (2 office hours are left).
    evening = due("normal", cst(2026, 11, 17, 11, 0), cst(2026, 11, 17, 18, 0))
    assert evening["due_at"] == cst(2026, 11, 18, 11, 0).astimezone(UTC)
    assert evening["state"] == "ok"


def test_always_open_counts_every_hour():
    created = cst(2026, 11, 21, 3, 0)  # Saturday night
    assert due("normal", created, schedule=ALWAYS)["due_at"] == cst(2026, 11, 21, 10, 0).astimezone(UTC)


def test_office_time_between():
    a, b = cst(2026, 11, 20, 16, 0), cst(2026, 11, 23, 10, 0)  # Friday 16:00 → Monday 10:00
    assert SCHEDULE.office_time_between(a, b) == timedelta(hours=2, minutes=30)
    assert SCHEDULE.office_time_between(b, a) == timedelta(0)


def test_the_console_uses_the_domain_clock(monkeypatch):
    from bot.db.models import utcnow

    clock.freeze(cst(2026, 11, 17, 7, 43))
    try:
        policy = load_policy()
        created = utcnow()
        state = sla_status("normal", created, None, utcnow(), policy)
        assert state["due_at"] == cst(2026, 11, 17, 17, 30).astimezone(UTC)
    finally:
        clock.reset()


def test_a_policy_without_office_time_counts_wall_clock():
    policy = parse_policy({"first_response_hours": {"normal": 7}})
    created = cst(2026, 11, 20, 18, 0)
    assert sla_status("normal", created, None, created, policy, SCHEDULE)["due_at"] == cst(2026, 11, 21, 1, 0).astimezone(UTC)
