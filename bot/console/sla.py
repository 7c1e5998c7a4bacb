"""First-response deadlines for tickets, by priority (targets in ``data/console/sla.yml``).

``sla_status(priority, created_at, first_response_at, now)`` gives the deadline, a state for the
console's colours (``ok``, ``soon``, ``overdue``, ``met``) and a short Chinese label
(剩 3 小时, 超时 20 分钟, 已响应). Naive datetimes are UTC; ``due_at`` is returned aware, in UTC.

With ``office_time: true`` (the data file) the targets count office time from
``data/console/office_hours.yml`` (a ticket created on Friday evening is due on Monday), except the
priorities under ``on_call`` (urgent), which count every hour: the on-call rule.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from bot.common import datafile
from bot.config import DATA_DIR

SLA_FILE = DATA_DIR / "console" / "sla.yml"
PRIORITIES = ("urgent", "high", "normal", "low")


@dataclass(frozen=True)
class SlaPolicy:
    hours: dict[str, float]
    default_priority: str = "normal"
    soon_fraction: float = 0.25
    office_time: bool = False  # count office hours (office_hours.yml) instead of wall-clock hours
    on_call: frozenset[str] = frozenset()  # priorities that count every hour even so

    def counts_office_time(self, priority: str | None) -> bool:
        key = (priority or "").strip().lower()
        key = key if key in self.hours else self.default_priority
        return self.office_time and key not in self.on_call

    def target(self, priority: str | None) -> timedelta:
        """The first-response time for a priority (unknown or empty → the default priority)."""
        key = (priority or "").strip().lower()
        return timedelta(hours=self.hours.get(key, self.hours[self.default_priority]))


def parse_policy(data: dict[str, Any]) -> SlaPolicy:
    hours = {str(k).lower(): float(v) for k, v in (data.get("first_response_hours") or {}).items()}
    default = str(data.get("default_priority") or "normal").lower()
    if default not in hours:
        raise ValueError(f"sla: default priority {default!r} has no first_response_hours")
    if any(h <= 0 for h in hours.values()):
        raise ValueError("sla: first_response_hours must be positive")
    soon = float(data.get("soon_fraction", 0.25))
    if not 0 <= soon < 1:
        raise ValueError("sla: soon_fraction must be in [0, 1)")
    on_call = frozenset(str(p).lower() for p in data.get("on_call") or ())
    if on_call - set(hours):
        raise ValueError("sla: on_call names a priority without first_response_hours")
    return SlaPolicy(hours=hours, default_priority=default, soon_fraction=soon,
                     office_time=bool(data.get("office_time", False)), on_call=on_call)


def load_policy(path: Path | None = None) -> SlaPolicy:
    """The policy in ``path`` (default ``data/console/sla.yml``), parsed once per file version."""
    return datafile.load(Path(path) if path else SLA_FILE, _policy_of_file)


def _policy_of_file(data: Any, path: str) -> SlaPolicy:
    return parse_policy(data or {})


def _utc(dt: datetime) -> datetime:
    if dt.tzinfo is None or dt.utcoffset() is None:
        return dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def format_duration(delta: timedelta) -> str:
    """45 分钟, 3 小时 (under two days), 3 天 (rounded down)."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} 分钟"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} 小时"
    return f"{hours // 24} 天"


def office_schedule():
    """The union's opening hours as SLA deadlines count them (the schedule file, whatever
    UNION_OFFICE_HOURS says about live handoffs, except ``always``: every hour counts)."""
    from dataclasses import replace

    from bot.handoff import office_hours

    schedule = office_hours.current_schedule()
    return schedule if schedule.mode == "always" else replace(schedule, mode="schedule")


def sla_status(
    priority: str | None,
    created_at: datetime,
    first_response_at: datetime | None,
    now: datetime,
    policy: SlaPolicy | None = None,
    schedule=None,
) -> dict[str, Any]:
    """``{"due_at", "state", "label"}`` for a ticket's first response."""
    policy = policy or load_policy()
    target = policy.target(priority)
    office = policy.counts_office_time(priority)
    if office:
        schedule = schedule or office_schedule()
        due_at = _utc(schedule.add_office_time(_utc(created_at), target))
    else:
        due_at = _utc(created_at) + target
    if first_response_at is not None:
        late = _utc(first_response_at) > due_at
        return {"due_at": due_at, "state": "met", "label": "超时后响应" if late else "已响应"}
    left = due_at - _utc(now)
    if left <= timedelta(0):
        over = -left
        label = "刚刚超时" if over < timedelta(minutes=1) else f"超时 {format_duration(over)}"
        return {"due_at": due_at, "state": "overdue", "label": label}
    # "soon" measures the clock the target counts: no alarm at night for a deadline next morning.
    left_counted = schedule.office_time_between(_utc(now), due_at) if office else left
    state = "soon" if left_counted <= target * policy.soon_fraction else "ok"
    label = "剩不到 1 分钟" if left < timedelta(minutes=1) else f"剩 {format_duration(left)}"
    return {"due_at": due_at, "state": state, "label": label}
