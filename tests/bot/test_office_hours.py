"""Office hours for live handoffs (bot/handoff/office_hours.py, data/console/office_hours.yml)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from bot.handoff import office_hours
from bot.handoff.office_hours import (
    ALWAYS,
    NEVER,
    SCHEDULE_FILE,
    Schedule,
    current_schedule,
    get_timezone,
    load_schedule,
    parse_schedule,
)

CST = timezone(timedelta(hours=8))


def cst(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=CST)


@pytest.fixture
def sched() -> Schedule:
    return load_schedule()


@pytest.fixture(autouse=True)
def _no_env(monkeypatch):
    monkeypatch.delenv("UNION_OFFICE_HOURS", raising=False)
    monkeypatch.delenv("UNION_OFFICE_HOURS_FILE", raising=False)


# 2026-11-17 is a Tuesday, 2026-11-20 a Friday, 2026-11-21 a Saturday.
@pytest.mark.parametrize("when,is_open", [
    (cst(2026, 11, 17, 10), True),     # weekday morning
    (cst(2026, 11, 17, 9, 0), True),   # opening minute
    (cst(2026, 11, 17, 8, 59), False),
    (cst(2026, 11, 17, 11, 59), True),
    (cst(2026, 11, 17, 12, 0), False),  # lunch
    (cst(2026, 11, 17, 13, 29), False),
    (cst(2026, 11, 17, 13, 30), True),
    (cst(2026, 11, 17, 17, 29), True),
    (cst(2026, 11, 17, 17, 30), False),  # closing time
    (cst(2026, 11, 17, 20), False),
    (cst(2026, 11, 21, 10), False),  # ordinary Saturday
    (cst(2026, 11, 22, 10), False),  # ordinary Sunday
    (cst(2026, 10, 1, 10), False),  # 国庆节 (Thursday)
    (cst(2026, 10, 5, 10), False),  # 国庆 调休 Monday
    (cst(2026, 2, 16, 10), False),  # 春节
    (cst(2026, 1, 1, 10), False),   # 元旦
    (cst(2027, 1, 1, 10), False),   # 元旦 2027 (fixed-date statutory day)
    (cst(2026, 10, 10, 10), True),  # 调休 Saturday
    (cst(2026, 9, 20, 14), True),   # 调休 Sunday
    (cst(2026, 2, 28, 9, 30), True),  # 调休 Saturday after 春节
    (cst(2026, 1, 4, 16), True),    # 调休 Sunday after 元旦
    (cst(2026, 10, 10, 12, 30), False),  # lunch on a 调休 day too
])
def test_is_open(sched, when, is_open):
    assert sched.is_open(when) is is_open


def test_naive_datetimes_are_utc(sched):
    assert sched.is_open(datetime(2026, 11, 17, 2, 0))  # 10:00 in Shanghai
    assert not sched.is_open(datetime(2026, 11, 17, 10, 0))  # 18:00 in Shanghai
    assert sched.is_open(datetime(2026, 11, 17, 2, 0, tzinfo=timezone.utc))
    nxt = sched.next_opening(datetime(2026, 11, 17, 10, 0))
    assert nxt == cst(2026, 11, 18, 9)
    assert nxt.utcoffset() == timedelta(hours=8)


def test_other_time_zones_are_converted(sched):
    berlin = timezone(timedelta(hours=1))
    assert sched.is_open(datetime(2026, 11, 17, 3, 0, tzinfo=berlin))  # 10:00 CST
    assert not sched.is_open(datetime(2026, 11, 17, 11, 0, tzinfo=berlin))  # 18:00 CST


@pytest.mark.parametrize("when,expected", [
    (cst(2026, 11, 17, 12, 15), cst(2026, 11, 17, 13, 30)),  # lunch -> afternoon
    (cst(2026, 11, 17, 7, 0), cst(2026, 11, 17, 9, 0)),      # early morning
    (cst(2026, 11, 17, 18, 0), cst(2026, 11, 18, 9, 0)),     # evening -> next day
    (cst(2026, 11, 17, 23, 59), cst(2026, 11, 18, 9, 0)),
    (cst(2026, 11, 20, 18, 0), cst(2026, 11, 23, 9, 0)),     # Friday evening -> Monday
    (cst(2026, 11, 21, 10, 0), cst(2026, 11, 23, 9, 0)),     # Saturday
    (cst(2026, 9, 30, 18, 0), cst(2026, 10, 8, 9, 0)),       # 国庆 holiday week
    (cst(2026, 10, 9, 18, 0), cst(2026, 10, 10, 9, 0)),      # Friday -> 调休 Saturday
    (cst(2026, 2, 13, 18, 0), cst(2026, 2, 14, 9, 0)),       # Friday -> 调休 Saturday before 春节
    (cst(2026, 2, 14, 18, 0), cst(2026, 2, 24, 9, 0)),       # the whole 春节 break
    (cst(2026, 12, 31, 18, 0), cst(2027, 1, 4, 9, 0)),       # 元旦 2027, then the weekend
])
def test_next_opening(sched, when, expected):
    assert sched.next_opening(when) == expected


def test_next_opening_when_open_is_now(sched):
    now = cst(2026, 11, 17, 10, 5)
    assert sched.next_opening(now) == now
    utc_now = datetime(2026, 11, 17, 2, 5, tzinfo=timezone.utc)
    assert sched.next_opening(utc_now) == utc_now
    assert sched.next_opening(utc_now).utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize("when,text", [
    (cst(2026, 11, 17, 12, 15), "今天下午1:30"),
    (cst(2026, 11, 17, 7, 0), "今天上午9:00"),
    (cst(2026, 11, 16, 18, 0), "明天（周二）上午9:00"),
    (cst(2026, 11, 20, 18, 0), "11月23日（周一）上午9:00"),
    (cst(2026, 11, 21, 10, 0), "11月23日（周一）上午9:00"),
    (cst(2026, 11, 22, 10, 0), "明天（周一）上午9:00"),
    (cst(2026, 10, 9, 18, 0), "明天（周六）上午9:00"),
    (cst(2026, 2, 14, 18, 0), "2月24日（周二）上午9:00"),
    (cst(2026, 12, 31, 18, 0), "2027年1月4日（周一）上午9:00"),
    (cst(2026, 11, 17, 10, 0), "现在"),
])
def test_describe_next_opening(sched, when, text):
    assert sched.describe_next_opening(when) == text


def test_describe_next_opening_with_naive_utc(sched):
    # 2026-11-17 04:30 UTC is 12:30 in Shanghai
    assert sched.describe_next_opening(datetime(2026, 11, 17, 4, 30)) == "今天下午1:30"


def test_describe(sched):
    assert sched.describe() == "周一至周五 9:00–12:00、13:30–17:30（法定节假日除外）"


def test_describe_is_generated_from_the_data():
    s = parse_schedule({
        "weekly": {
            "monday": ["08:30-12:00"], "tuesday": ["08:30-12:00"], "wednesday": ["08:30-12:00"],
            "thursday": ["08:30-12:00"], "friday": ["08:30-12:00"], "saturday": ["09:00-11:30"],
        },
    })
    assert s.describe() == "周一至周五 8:30–12:00；周六 9:00–11:30（法定节假日除外）"
    s2 = parse_schedule({"weekly": {"saturday": ["10:00-16:00"], "sunday": ["10:00-16:00"]}})
    assert s2.describe() == "周六、周日 10:00–16:00（法定节假日除外）"


def test_data_file_is_consistent():
    data = yaml.safe_load(SCHEDULE_FILE.read_text(encoding="utf-8"))
    assert data["timezone"] == "Asia/Shanghai"
    holidays, workdays = set(data["holidays"]), set(data["workdays"])
    assert holidays and workdays and not holidays & workdays
    assert all(isinstance(d, date) for d in holidays | workdays)
    assert all(d.weekday() >= 5 for d in workdays), "调休 working days fall on weekends"
    # 2026: 元旦 3 + 春节 9 + 清明 3 + 劳动节 5 + 端午 3 + 中秋 3 + 国庆 7 days
    assert len([d for d in holidays if d.year == 2026]) == 33
    assert len([d for d in workdays if d.year == 2026]) == 6


def test_holiday_weekday_closes_the_office_even_with_hours(sched):
    assert sched.hours_on(date(2026, 10, 6)) == ()
    assert sched.hours_on(date(2026, 10, 10)) == sched.weekly[0]


def test_parse_errors():
    with pytest.raises(ValueError):
        parse_schedule({"weekly": {"monday": ["9-12"]}})
    with pytest.raises(ValueError):
        parse_schedule({"weekly": {"monday": ["13:00-12:00"]}})
    with pytest.raises(ValueError):
        parse_schedule({"weekly": {"mon": ["09:00-12:00"]}})
    with pytest.raises(ValueError):
        parse_schedule({"holidays": ["2026-13-01"]})


def test_closed_schedule_never_opens():
    s = parse_schedule({"weekly": {}})
    assert not s.is_open(cst(2026, 11, 17, 10))
    assert s.next_opening(cst(2026, 11, 17, 10)) is None
    assert s.describe_next_opening(cst(2026, 11, 17, 10)) == "工作时间"


def test_timezone_fallback(monkeypatch):
    assert get_timezone("Asia/Shanghai").utcoffset(datetime(2026, 6, 1)) == timedelta(hours=8)
    monkeypatch.setattr(office_hours, "ZoneInfo", None)
    tz = get_timezone("Asia/Shanghai")
    assert tz.utcoffset(None) == timedelta(hours=8)
    with pytest.raises(Exception):
        get_timezone("Europe/Nowhere")


# --- the environment ---------------------------------------------------------------------------

def test_default_is_the_yaml_file():
    s = current_schedule()
    assert s.mode == "schedule"
    assert s is load_schedule()  # parsed once
    assert s.describe() == "周一至周五 9:00–12:00、13:30–17:30（法定节假日除外）"


def test_env_schedule(monkeypatch):
    monkeypatch.setenv("UNION_OFFICE_HOURS", "schedule")
    assert current_schedule() is load_schedule()


def test_env_always(monkeypatch):
    monkeypatch.setenv("UNION_OFFICE_HOURS", "always")
    s = current_schedule()
    assert s is ALWAYS
    assert s.describe() == "全天24小时"
    sunday_night = cst(2026, 11, 22, 23, 0)
    assert s.is_open(sunday_night)
    assert s.next_opening(sunday_night) == sunday_night
    assert s.describe_next_opening(sunday_night) == "现在"


def test_env_never(monkeypatch):
    monkeypatch.setenv("UNION_OFFICE_HOURS", "never")
    s = current_schedule()
    assert s.mode == "never"
    tuesday_morning = cst(2026, 11, 17, 10, 0)
    assert not s.is_open(tuesday_morning)
    assert s.next_opening(tuesday_morning) is None
    assert s.describe_next_opening(tuesday_morning) == "工作时间"
    # the usual hours are still described ("现在不是人工服务时间（…）")
    assert s.describe() == "周一至周五 9:00–12:00、13:30–17:30（法定节假日除外）"
    assert NEVER.describe() == "工作时间"
    assert NEVER.next_opening(tuesday_morning) is None


def test_env_never_without_a_readable_file(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("UNION_OFFICE_HOURS", "never")
    monkeypatch.setenv("UNION_OFFICE_HOURS_FILE", str(tmp_path / "missing.yml"))
    assert current_schedule() is NEVER


def test_env_is_read_on_each_call(monkeypatch):
    monkeypatch.setenv("UNION_OFFICE_HOURS", "never")
    assert current_schedule().mode == "never"
    monkeypatch.setenv("UNION_OFFICE_HOURS", "ALWAYS")
    assert current_schedule() is ALWAYS
    monkeypatch.delenv("UNION_OFFICE_HOURS")
    assert current_schedule().mode == "schedule"


def test_env_unknown_value_uses_the_schedule(monkeypatch):
    monkeypatch.setenv("UNION_OFFICE_HOURS", "sometimes")
    assert current_schedule() is load_schedule()


def test_env_file(monkeypatch, tmp_path: Path):
    path = tmp_path / "hours.yml"
    path.write_text(
        "timezone: Asia/Shanghai\n"
        "weekly:\n  saturday: ['10:00-16:00']\n"
        "holidays: [2026-11-28]\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("UNION_OFFICE_HOURS_FILE", str(path))
    s = current_schedule()
    assert s is current_schedule()  # cached per path
    assert s.is_open(cst(2026, 11, 21, 11))
    assert not s.is_open(cst(2026, 11, 17, 11))
    assert s.next_opening(cst(2026, 11, 21, 17)) == cst(2026, 12, 5, 10)  # 11-28 is a holiday
    assert s.describe_next_opening(cst(2026, 11, 21, 17)) == "12月5日（周六）上午10:00"
    assert s.describe() == "周六 10:00–16:00（法定节假日除外）"
