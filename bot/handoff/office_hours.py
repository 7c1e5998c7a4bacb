"""When staff can take a live handoff: weekly hours, public holidays and 调休 working days.

The schedule lives in ``data/console/office_hours.yml``. ``current_schedule()`` reads the
environment on every call (``UNION_OFFICE_HOURS`` = ``schedule`` | ``always`` | ``never``,
``UNION_OFFICE_HOURS_FILE``); parsed files are cached per path (and modification time).

Datetimes passed in may be aware or naive; naive means UTC. Results are aware, in the
schedule's time zone.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

import yaml

from bot.common import datafile
from bot.config import DATA_DIR, get_settings

try:  # zoneinfo needs the system tz database (or the tzdata package)
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
except ImportError:  # pragma: no cover - Python < 3.9
    ZoneInfo = None  # type: ignore[assignment,misc]
    ZoneInfoNotFoundError = Exception  # type: ignore[assignment,misc]

log = logging.getLogger(__name__)

SCHEDULE_FILE = DATA_DIR / "console" / "office_hours.yml"
CHINA_TZ = timezone(timedelta(hours=8), "CST")  # China has no daylight saving time
_CHINA_ZONES = {"asia/shanghai", "asia/chongqing", "asia/chungking", "asia/harbin", "asia/urumqi", "prc"}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_ZH = "一二三四五六日"
_SEARCH_DAYS = 800  # how far next_opening looks ahead before giving up

Interval = tuple[time, time]


def get_timezone(name: str) -> tzinfo:
    """``ZoneInfo(name)``, or a fixed UTC+8 for China's zones when no tz database is installed."""
    try:
        if ZoneInfo is None:
            raise ZoneInfoNotFoundError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        if name.strip().lower() in _CHINA_ZONES:
            log.warning("time zone %s not found; using a fixed UTC+8", name)
            return CHINA_TZ
        raise


def _parse_time(text: str) -> time:
    hh, mm = text.strip().split(":")
    if int(hh) == 24 and int(mm) == 0:
        return time.max
    return time(int(hh), int(mm))


def _parse_intervals(value: Any, where: str) -> tuple[Interval, ...]:
    if value in (None, "", "closed"):
        return ()
    if isinstance(value, str):
        value = [value]
    out: list[Interval] = []
    for item in value:
        try:
            start_s, end_s = str(item).replace("–", "-").replace("—", "-").split("-")
            start, end = _parse_time(start_s), _parse_time(end_s)
        except ValueError as exc:
            raise ValueError(f"{where}: bad interval {item!r} (expected 'HH:MM-HH:MM')") from exc
        if not start < end:
            raise ValueError(f"{where}: interval {item!r} ends before it starts")
        out.append((start, end))
    return tuple(sorted(out))


def _parse_dates(value: Any, where: str) -> frozenset[date]:
    out = set()
    for item in value or ():
        if isinstance(item, datetime):
            item = item.date()
        elif not isinstance(item, date):
            try:
                item = date.fromisoformat(str(item).strip())
            except ValueError as exc:
                raise ValueError(f"{where}: bad date {item!r}") from exc
        out.add(item)
    return frozenset(out)


def _fmt_time(t: time) -> str:
    return "24:00" if t == time.max else f"{t.hour}:{t.minute:02d}"


def _fmt_clock(t: time) -> str:
    """12-hour Chinese style: 上午9:00, 中午12:30, 下午1:30."""
    if t.hour < 12:
        return f"上午{t.hour}:{t.minute:02d}"
    if t.hour == 12:
        return f"中午12:{t.minute:02d}"
    return f"下午{t.hour - 12}:{t.minute:02d}"


@dataclass(frozen=True)
class Schedule:
    """Opening hours in one time zone. ``mode`` is ``schedule``, ``always`` or ``never`` (closed
    whatever the hours say; ``describe()`` still gives them)."""

    tz: tzinfo = CHINA_TZ
    weekly: tuple[tuple[Interval, ...], ...] = ((),) * 7  # Monday first
    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)
    workday_hours: tuple[Interval, ...] = ()
    mode: str = "schedule"

    def local(self, now: datetime) -> datetime:
        """``now`` in the schedule's time zone (naive means UTC)."""
        if now.tzinfo is None or now.utcoffset() is None:
            now = now.replace(tzinfo=timezone.utc)
        return now.astimezone(self.tz)

    def hours_on(self, day: date) -> tuple[Interval, ...]:
        """Opening intervals on a calendar day (holidays closed, 调休 weekend days open)."""
        if day in self.holidays:
            return ()
        if day in self.workdays:
            return self.workday_hours or self.weekly[0]
        return self.weekly[day.weekday()]

    def is_open(self, now: datetime) -> bool:
        if self.mode != "schedule":
            return self.mode == "always"
        local = self.local(now)
        t = local.time().replace(tzinfo=None)
        return any(start <= t < end for start, end in self.hours_on(local.date()))

    def next_opening(self, now: datetime) -> datetime | None:
        """``now`` (in the schedule's zone) when open, else the start of the next opening; None if never."""
        local = self.local(now)
        if self.mode == "always":
            return local
        if self.mode == "never":
            return None
        if self.is_open(local):
            return local
        t = local.time().replace(tzinfo=None)
        for offset in range(_SEARCH_DAYS):
            day = local.date() + timedelta(days=offset)
            for start, _end in self.hours_on(day):
                if offset or start > t:
                    return datetime.combine(day, start, tzinfo=self.tz)
        return None

    def _open_spans(self, start: datetime):
        """The open intervals from ``start`` on, as aware (from, to) pairs, clipped to start."""
        local = self.local(start)
        for offset in range(_SEARCH_DAYS):
            day = local.date() + timedelta(days=offset)
            for begin, end in self.hours_on(day):
                a = datetime.combine(day, begin, tzinfo=self.tz)
                b = (datetime.combine(day + timedelta(days=1), time(0), tzinfo=self.tz) if end == time.max
                     else datetime.combine(day, end, tzinfo=self.tz))
                if b > local:
                    yield max(a, local), b

    def add_office_time(self, start: datetime, duration: timedelta) -> datetime:
        """The moment when ``duration`` of office time has passed since ``start`` (an SLA
        deadline): nights, weekends and holidays do not count. ``always`` counts every hour."""
        if self.mode == "always":
            return self.local(start) + duration
        left = duration
        for a, b in self._open_spans(start):
            if b - a >= left:
                return a + left
            left -= b - a
        raise ValueError("office hours: no opening within the search window")

    def office_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Office time from ``start`` to ``end`` (zero when end is not after start)."""
        if self.mode == "always":
            return max(self.local(end) - self.local(start), timedelta(0))
        end = self.local(end)
        total = timedelta(0)
        for a, b in self._open_spans(start):
            if a >= end:
                break
            total += min(b, end) - a
        return total

    def describe_next_opening(self, now: datetime) -> str:
        """When the office opens next, relative to ``now``: 今天下午1:30, 明天（周二）上午9:00, 11月23日（周一）上午9:00."""
        nxt = self.next_opening(now)
        if nxt is None:
            return "工作时间"
        local = self.local(now)
        if self.is_open(local):
            return "现在"
        days = (nxt.date() - local.date()).days
        weekday = f"（周{WEEKDAY_ZH[nxt.weekday()]}）"
        if days == 0:
            day = "今天"
        elif days == 1:
            day = f"明天{weekday}"
        elif nxt.year == local.year:
            day = f"{nxt.month}月{nxt.day}日{weekday}"
        else:
            day = f"{nxt.year}年{nxt.month}月{nxt.day}日{weekday}"
        return day + _fmt_clock(nxt.time())

    def describe(self) -> str:
        """The weekly hours in Chinese, e.g. 周一至周五 9:00–12:00、13:30–17:30（法定节假日除外）."""
        if self.mode == "always":
            return "全天24小时"
        groups: list[tuple[int, int, tuple[Interval, ...]]] = []
        for i, hours in enumerate(self.weekly):
            if groups and groups[-1][2] == hours and groups[-1][1] == i - 1:
                groups[-1] = (groups[-1][0], i, hours)
            else:
                groups.append((i, i, hours))
        parts = []
        for first, last, hours in groups:
            if not hours:
                continue
            if first == last:
                days = f"周{WEEKDAY_ZH[first]}"
            elif last == first + 1:
                days = f"周{WEEKDAY_ZH[first]}、周{WEEKDAY_ZH[last]}"
            else:
                days = f"周{WEEKDAY_ZH[first]}至周{WEEKDAY_ZH[last]}"
            parts.append(days + " " + "、".join(f"{_fmt_time(s)}–{_fmt_time(e)}" for s, e in hours))
        if not parts:
            return "工作时间"
        return "；".join(parts) + "（法定节假日除外）"


ALWAYS = Schedule(mode="always")
NEVER = Schedule(mode="never")


def parse_schedule(data: dict[str, Any], where: str = "office hours") -> Schedule:
    """A Schedule from the mapping read from the YAML file."""
    data = data or {}
    weekly_raw = data.get("weekly") or {}
    unknown = set(map(str, weekly_raw)) - set(WEEKDAYS)
    if unknown:
        raise ValueError(f"{where}: unknown weekdays {sorted(unknown)} (use {', '.join(WEEKDAYS)})")
    weekly = tuple(_parse_intervals(weekly_raw.get(name), f"{where} {name}") for name in WEEKDAYS)
    workday_hours = data.get("workday_hours")
    return Schedule(
        tz=get_timezone(str(data.get("timezone") or "Asia/Shanghai")),
        weekly=weekly,
        holidays=_parse_dates(data.get("holidays"), f"{where} holidays"),
        workdays=_parse_dates(data.get("workdays"), f"{where} workdays"),
        workday_hours=_parse_intervals(workday_hours, f"{where} workday_hours") if workday_hours else (),
    )


def load_schedule(path: Path | None = None) -> Schedule:
    """The schedule in ``path`` (default ``data/console/office_hours.yml``), parsed once per file version."""
    return datafile.load(Path(path) if path else SCHEDULE_FILE, parse_schedule)


def current_schedule() -> Schedule:
    """The schedule chosen by the environment, read on each call."""
    settings = get_settings()
    mode = settings.office_hours
    if mode == "always":
        return ALWAYS
    if mode not in ("schedule", "never"):
        log.warning("UNION_OFFICE_HOURS=%r is not schedule/always/never; using the schedule", mode)
        mode = "schedule"
    path = settings.office_hours_file
    if mode == "never":
        # Always closed, but describe() still tells the usual hours ("现在不是人工服务时间（周一至周五…）").
        try:
            return replace(load_schedule(Path(path) if path else None), mode="never")
        except (OSError, ValueError, yaml.YAMLError):
            return NEVER
    return load_schedule(Path(path) if path else None)
