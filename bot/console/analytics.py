"""Figures for the admins: messages and tickets per topic per day, the fallback rate, and the
median times to first response and to resolution.

Messages come from Rasa's events: the SQL tracker store's table `events` (the default profile's
var/conversations.db, PostgreSQL in production), read through its type and time columns, or an SQL
event broker's table (`sender_id`, `data`). A day that is over no longer changes, so its counts
are read once per process and kept (``_PAST``); each report reads only today's messages and the
days it has not counted yet. Tickets and handoffs come from the assistant's own database. Days
are Beijing days.
"""
from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import create_engine, inspect, text

from bot.db.models import utcnow
from bot.console import console
from bot.common.facts import TOPIC_LABELS

CHINA = timezone(timedelta(hours=8))
OTHER = "other"
# (events database, Beijing day) -> worker messages per intent, for days that are over.
_PAST: dict[tuple[str, date], Counter] = {}
_PAST_LIMIT = 20_000  # about 55 years of days for one database, or many databases in tests


def _day(ts: datetime | float) -> date:
    if isinstance(ts, (int, float)):
        return datetime.fromtimestamp(ts, tz=CHINA).date()
    return ts.replace(tzinfo=timezone.utc).astimezone(CHINA).date()


@lru_cache(maxsize=4)
def _events_engine(url: str):
    """Rasa's events database, opened once (read only here; Rasa owns its settings)."""
    return create_engine(url, future=True, pool_pre_ping=True, hide_parameters=True)


def user_messages(events_url: str, since: datetime) -> list[tuple[float, str | None]]:
    """(timestamp, intent) of every typed worker message since `since` (button presses left out)."""
    engine = _events_engine(events_url)
    if not inspect(engine).has_table("events"):
        return []
    floor = since.replace(tzinfo=timezone.utc).timestamp()
    out = []
    columns = {c["name"] for c in inspect(engine).get_columns("events")}
    with engine.connect() as conn:
        if {"type_name", "timestamp"} <= columns:  # the SQL tracker store's table: read only the period
            rows = conn.execute(text("SELECT data FROM events WHERE type_name = 'user' AND timestamp >= :floor"),
                                {"floor": floor})
        else:  # the SQL event broker's table (sender_id, data)
            rows = conn.execute(text("SELECT data FROM events WHERE data LIKE :pat"), {"pat": '%"event": "user"%'})
        for (raw,) in rows:
            try:
                e = json.loads(raw)
            except (TypeError, ValueError):
                continue
            ts = e.get("timestamp") or 0
            if e.get("event") != "user" or ts < floor or (e.get("text") or "").startswith("/"):
                continue
            out.append((ts, ((e.get("parse_data") or {}).get("intent") or {}).get("name")))
    return out


def message_counts(events_url: str, day_list: list[date], today: date) -> dict[date, Counter]:
    """Worker messages per intent for each day of ``day_list``: days that are over from the kept
    counts where they are known; the rest (always today) read in one query from the earliest."""
    out = {d: _PAST[(events_url, d)] for d in day_list if d < today and (events_url, d) in _PAST}
    missing = [d for d in day_list if d not in out]
    if not missing:
        return out
    fresh = {d: Counter() for d in missing}
    since = datetime.combine(min(missing), datetime.min.time(), tzinfo=CHINA).astimezone(timezone.utc).replace(tzinfo=None)
    for ts, intent in user_messages(events_url, since):
        counts = fresh.get(_day(ts))
        if counts is not None:
            counts[intent] += 1
    if len(_PAST) > _PAST_LIMIT:
        _PAST.clear()
    for d, counts in fresh.items():
        out[d] = counts
        if d < today:
            _PAST[(events_url, d)] = counts
    return out


def report(days: int = 30, *, events_url: str, now: datetime | None = None, db_url: str | None = None) -> dict:
    now = now or utcnow()
    today = _day(now)
    day_list = [today - timedelta(days=i) for i in range(days - 1, -1, -1)]
    index = {d: i for i, d in enumerate(day_list)}
    since = datetime.combine(day_list[0], datetime.min.time(), tzinfo=CHINA).astimezone(timezone.utc).replace(tzinfo=None)
    topics = list(TOPIC_LABELS) + [OTHER]

    messages = {t: [0] * days for t in topics}
    totals_per_day, fallbacks_per_day = [0] * days, [0] * days
    for day, counts in message_counts(events_url, day_list, today).items():
        i = index[day]
        for intent, n in counts.items():
            messages[intent if intent in TOPIC_LABELS else OTHER][i] += n
            totals_per_day[i] += n
        fallbacks_per_day[i] = counts.get("nlu_fallback", 0)

    tickets = {t: [0] * days for t in topics}
    for created, category in console.tickets_per_day(since, db_url=db_url):
        i = index.get(_day(created))
        if i is not None:
            tickets[category if category in TOPIC_LABELS else OTHER][i] += 1

    first, resolved = console.medians(since, db_url=db_url)
    from bot.console import satisfaction
    return {
        "days": [d.isoformat() for d in day_list],
        "topics": [{"name": t, "label": TOPIC_LABELS.get(t, "其他")} for t in topics],
        "messages_by_topic": messages,
        "tickets_by_topic": tickets,
        "fallback_rate": [round(f / n, 3) if n else None for f, n in zip(fallbacks_per_day, totals_per_day)],
        "median_first_response_minutes": first,
        "median_resolution_minutes": resolved,
        "totals": {"messages": sum(totals_per_day), "tickets": sum(sum(v) for v in tickets.values()),
                   "fallbacks": sum(fallbacks_per_day), "handoffs": console.handoff_count(since, db_url=db_url)},
        "satisfaction": satisfaction.by_topic(since, db_url=db_url),
    }
