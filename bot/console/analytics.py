"""Figures for the admins: messages and tickets per topic per day, the fallback rate, and the
median times to first response and to resolution.

Messages come from Rasa's events (a table `events` with `sender_id` and `data`, written by
Rasa's SQL event broker by default, or the SQL tracker store in production); tickets and
handoffs from the assistant's own database. Days are Beijing days.
"""
from __future__ import annotations

import json
from functools import lru_cache
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import create_engine, inspect, text

from bot.db.models import utcnow
from bot.console import console
from bot.common.facts import TOPIC_LABELS

CHINA = timezone(timedelta(hours=8))
OTHER = "other"


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


def report(days: int = 30, *, events_url: str, now: datetime | None = None, db_url: str | None = None) -> dict:
    now = now or utcnow()
    today = _day(now)
    day_list = [today - timedelta(days=i) for i in range(days - 1, -1, -1)]
    index = {d: i for i, d in enumerate(day_list)}
    since = datetime.combine(day_list[0], datetime.min.time(), tzinfo=CHINA).astimezone(timezone.utc).replace(tzinfo=None)
    topics = list(TOPIC_LABELS) + [OTHER]

    messages = {t: [0] * days for t in topics}
    totals_per_day, fallbacks_per_day = [0] * days, [0] * days
    for ts, intent in user_messages(events_url, since):
        i = index.get(_day(ts))
        if i is None:
            continue
        messages[intent if intent in TOPIC_LABELS else OTHER][i] += 1
        totals_per_day[i] += 1
        fallbacks_per_day[i] += intent == "nlu_fallback"

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
