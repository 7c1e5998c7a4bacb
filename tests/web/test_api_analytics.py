"""Analytics: Rasa's events table (as the SQL event broker writes it) plus the tickets."""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from bot.db.models import Handoff, Ticket
from bot.db.session import session_scope
from bot.cases import tickets
from bot.console import analytics
from bot.common import clock

NOW = datetime(2026, 3, 10, 12, 0)  # UTC, naive like the database: 20:00 in Beijing


def utc(*args) -> float:
    return datetime(*args, tzinfo=timezone.utc).timestamp()


def events_db(path, events) -> str:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, data TEXT)")
    conn.executemany("INSERT INTO events (sender_id, data) VALUES (?, ?)",
                     [("w1", e if isinstance(e, str) else json.dumps(e)) for e in events])
    conn.commit()
    conn.close()
    return f"sqlite:///{path}"


def user(ts, text, intent):
    return {"event": "user", "timestamp": ts, "text": text, "parse_data": {"intent": {"name": intent, "confidence": 0.8}}}


def _ticket(db_url, created, category="wage_arrears", first=None, resolved=None, n=[0]):
    n[0] += 1
    ref = tickets.open_ticket(description=f"工单{n[0]}", phone="13812345678", category=category,
                              sender_id=f"w{n[0]}", db_url=db_url).reference
    with session_scope(db_url) as s:
        s.query(Ticket).filter_by(reference=ref).update({
            "created_at": created,
            "first_response_at": created + timedelta(minutes=first) if first is not None else None,
            "resolved_at": created + timedelta(minutes=resolved) if resolved is not None else None})
    return ref


@pytest.fixture
def report(db_url, tmp_path):
    url = events_db(tmp_path / "events.db", [
        user(utc(2026, 3, 9, 17, 0), "老板欠薪", "wage_arrears"),       # 3/10 01:00 in Beijing
        user(utc(2026, 3, 9, 15, 0), "工资没发", "wage_arrears"),       # 3/9 23:00
        user(utc(2026, 3, 9, 10, 0), "嗯嗯那个啥", "nlu_fallback"),     # 3/9
        user(utc(2026, 3, 8, 1, 0), "手被夹了", "work_injury"),        # 3/8 09:00
        user(utc(2026, 3, 10, 3, 0), "你好", "greet"),                 # 3/10: another intent, "other"
        user(utc(2026, 3, 10, 4, 0), "/affirm", "affirm"),             # a button: left out
        user(utc(2026, 3, 10, 4, 1), '/inform{"x": 1}', "inform"),     # a button: left out
        user(utc(2026, 3, 7, 15, 0), "太早了", "wage_arrears"),        # 3/7 23:00 in Beijing: before the range
        {"event": "bot", "timestamp": utc(2026, 3, 10, 3, 0), "text": "您好"},
        {"event": "action", "timestamp": utc(2026, 3, 10, 3, 0), "name": "action_listen"},
        '{"event": "user", broken json',
    ])
    _ticket(db_url, datetime(2026, 3, 9, 17, 0), "wage_arrears", first=10, resolved=120)
    _ticket(db_url, datetime(2026, 3, 9, 2, 0), "work_injury", first=20, resolved=240)
    _ticket(db_url, datetime(2026, 3, 8, 3, 0), "general", first=60)
    _ticket(db_url, datetime(2026, 3, 8, 4, 0), "training")  # no response yet
    _ticket(db_url, datetime(2026, 3, 7, 10, 0), "wage_arrears", first=1000, resolved=5000)  # before the range
    with session_scope(db_url) as s:
        s.add_all([Handoff(sender_id="a", created_at=datetime(2026, 3, 9, 1, 0)),
                   Handoff(sender_id="b", created_at=datetime(2026, 3, 7, 1, 0))])
    return analytics.report(3, events_url=url, now=NOW, db_url=db_url)


def test_days_are_beijing_days(report):
    assert report["days"] == ["2026-03-08", "2026-03-09", "2026-03-10"]


def test_messages_per_topic_per_day(report):
    m = report["messages_by_topic"]
    assert m["wage_arrears"] == [0, 1, 1]
    assert m["work_injury"] == [1, 0, 0]
    assert m["other"] == [0, 1, 1]  # the fallback and the greeting
    assert sum(sum(v) for v in m.values()) == report["totals"]["messages"] == 5
    assert set(m) == {t["name"] for t in report["topics"]}
    assert {"name": "other", "label": "其他"} in report["topics"]


def test_fallback_rate(report):
    assert report["fallback_rate"] == [0.0, 0.5, 0.0]
    assert report["totals"]["fallbacks"] == 1


def test_tickets_per_topic_per_day(report):
    t = report["tickets_by_topic"]
    assert t["wage_arrears"] == [0, 0, 1]
    assert t["work_injury"] == [0, 1, 0]
    assert t["other"] == [1, 0, 0]  # "general" is not a topic of its own
    assert t["training"] == [1, 0, 0]
    assert report["totals"]["tickets"] == 4


def test_medians_of_the_tickets_in_range(report):
    assert report["median_first_response_minutes"] == 20.0
    assert report["median_resolution_minutes"] == 180.0


def test_handoffs_in_range(report):
    assert report["totals"]["handoffs"] == 1


def test_a_day_without_messages_has_no_fallback_rate(db_url, tmp_path):
    url = events_db(tmp_path / "e.db", [user(utc(2026, 3, 10, 3, 0), "嗯", "nlu_fallback")])
    r = analytics.report(2, events_url=url, now=NOW, db_url=db_url)
    assert r["fallback_rate"] == [None, 1.0]
    assert r["median_first_response_minutes"] is None and r["median_resolution_minutes"] is None


def test_no_events_table_yet(db_url, tmp_path):
    r = analytics.report(1, events_url=f"sqlite:///{tmp_path / 'empty.db'}", now=NOW, db_url=db_url)
    assert r["totals"] == {"messages": 0, "tickets": 0, "fallbacks": 0, "handoffs": 0}
    assert r["days"] == ["2026-03-10"] and r["fallback_rate"] == [None]


def test_analytics_over_the_api(env):
    now = clock.timestamp()  # the analytics read the project's clock
    events_db(env.tmp_path / "conversations.db", [user(now - 60, "老板欠薪", "wage_arrears"),
                                                user(now - 30, "啥", "nlu_fallback"),
                                                user(now - 10, "/affirm", "affirm")])
    admin = env.login("admin")
    r = admin.get("/api/analytics?days=7")
    assert r.status_code == 200
    d = r.json()
    assert len(d["days"]) == 7 and d["totals"]["messages"] == 2 and d["totals"]["fallbacks"] == 1
    assert sum(d["messages_by_topic"]["wage_arrears"]) == 1 and sum(d["messages_by_topic"]["other"]) == 1
    assert len(admin.get("/api/analytics?days=0").json()["days"]) == 1
    assert len(admin.get("/api/analytics?days=5000").json()["days"]) == 365


def test_the_tracker_stores_table_is_read_for_the_period_only(db_url, tmp_path):
    """The default profile's conversations file (Rasa's SQL tracker store table): the same figures,
    read through the type and time columns rather than by parsing every event ever stored."""
    from sqlalchemy import create_engine, text

    from bot.tracker_store import create_tables

    url = f"sqlite:///{tmp_path / 'conversations.db'}"
    engine = create_engine(url, future=True)
    create_tables(engine)
    rows = [user(utc(2026, 3, 9, 17, 0), "老板欠薪", "wage_arrears"), user(utc(2026, 3, 10, 4, 0), "/affirm", "affirm"),
            user(utc(2026, 3, 1, 1, 0), "很早以前", "wage_arrears"),
            {"event": "bot", "timestamp": utc(2026, 3, 10, 3, 0), "text": "您好"}]
    with engine.begin() as conn:
        for e in rows:
            conn.execute(text("INSERT INTO events (sender_id, type_name, timestamp, intent_name, data) "
                              "VALUES ('w1', :t, :ts, :i, :d)"),
                         {"t": e["event"], "ts": e["timestamp"], "i": (e.get("parse_data") or {}).get("intent", {}).get("name"),
                          "d": json.dumps(e)})
        # a row outside the period whose data is not even JSON: never read, so it cannot matter
        conn.execute(text("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES ('w1', 'user', 1.0, 'x{')"))
    r = analytics.report(3, events_url=url, now=NOW, db_url=db_url)
    assert r["totals"]["messages"] == 1 and r["messages_by_topic"]["wage_arrears"] == [0, 0, 1]
    seen = []
    from sqlalchemy import event

    event.listen(analytics._events_engine(url), "before_cursor_execute",
                 lambda conn, cursor, statement, *a: seen.append(statement))
    analytics.report(3, events_url=url, now=NOW, db_url=db_url)
    assert any("type_name = 'user' AND timestamp >=" in s for s in seen)


def test_days_that_are_over_are_counted_once_and_today_each_time(db_url, tmp_path):
    """Pre-aggregated: a second report reads only today's messages; a message added to a past day
    afterwards (which cannot happen with real events) shows it is not read again."""
    import sqlite3

    path = tmp_path / "agg.db"
    url = events_db(path, [user(utc(2026, 3, 9, 3, 0), "老板欠薪", "wage_arrears"),
                           user(utc(2026, 3, 10, 3, 0), "工伤", "work_injury")])
    first = analytics.report(2, events_url=url, now=NOW, db_url=db_url)
    assert first["messages_by_topic"]["wage_arrears"] == [1, 0] and first["messages_by_topic"]["work_injury"] == [0, 1]
    conn = sqlite3.connect(path)
    conn.executemany("INSERT INTO events (sender_id, data) VALUES ('w2', ?)",
                     [(json.dumps(user(utc(2026, 3, 9, 4, 0), "又欠薪", "wage_arrears")),),
                      (json.dumps(user(utc(2026, 3, 10, 4, 0), "又工伤", "work_injury")),)])
    conn.commit()
    conn.close()
    second = analytics.report(2, events_url=url, now=NOW, db_url=db_url)
    assert second["messages_by_topic"]["wage_arrears"] == [1, 0]  # the day that is over: as counted
    assert second["messages_by_topic"]["work_injury"] == [0, 2]   # today: read again
    # the next day, yesterday is counted from what was kept and today is new
    third = analytics.report(3, events_url=url, now=NOW + timedelta(days=1), db_url=db_url)
    assert third["messages_by_topic"]["wage_arrears"] == [1, 0, 0] and third["messages_by_topic"]["work_injury"] == [0, 2, 0]
