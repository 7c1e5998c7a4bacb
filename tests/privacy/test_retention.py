"""The retention job: what has expired is deleted or anonymised, statistics stay, nothing early."""
from datetime import timedelta

from sqlalchemy import func, select

from bot import cli
from bot.cases import courses, membership, tickets
from bot.common import clock
from bot.console import console
from bot.db.models import AuditLog, Enrolment, Handoff, LookupAttempt, MembershipApplication, Ticket
from bot.db.session import session_scope
from bot.privacy import retention


def _seed(db_url):
    closed = tickets.open_ticket(description="老板欠我三个月工资 电话13911112222", phone="13911112222", name="王师傅",
                                 category="wage_arrears", sender_id="conv-closed", fields={"wa_amount": {"yuan": "8000"}},
                                 consent={"agreed": True}, db_url=db_url).reference
    still_open = tickets.open_ticket(description="被辞退了不给补偿", phone="13733334444", category="labour_contract",
                                     sender_id="conv-open", db_url=db_url).reference
    console.add_note(closed, "职工说住在宝安区某某村", actor="hotline1", public=False, db_url=db_url)
    console.change_status(closed, "closed", actor="hotline1", role="hotline", db_url=db_url)
    app = membership.apply(name="李娟", phone="13555556666", employment_type="platform", employer="某外卖平台",
                           industry="外卖", city="深圳", sender_id="conv-app", db_url=db_url).reference
    with session_scope(db_url) as s:
        t = s.execute(select(Ticket).where(Ticket.reference == closed)).scalar_one()
        s.add(Handoff(sender_id="conv-closed", ticket_id=t.id, status="closed", summary="王师傅 欠薪",
                      closed_at=clock.utcnow()))
        s.add(LookupAttempt(sender_id="conv-x", reference=closed, success=True))
        s.add(AuditLog(actor="hotline1", action="reveal", target=closed, detail="回电"))
    return closed, still_open, app


def _by_category(db_url):
    with session_scope(db_url) as s:
        return dict(s.execute(select(Ticket.category, func.count()).group_by(Ticket.category)).all())


def test_nothing_is_touched_before_its_period_ends(db_url):
    closed, still_open, app = _seed(db_url)
    clock.travel_to(clock.now() + timedelta(days=29))
    done = retention.run(db_url)
    assert set(done.values()) == {0}
    with session_scope(db_url) as s:
        assert s.execute(select(Ticket).where(Ticket.reference == closed)).scalar_one().contact_phone == "13911112222"
        assert s.execute(select(func.count()).select_from(LookupAttempt)).scalar_one() == 1


def test_expired_data_is_anonymised_and_the_statistics_stay(db_url):
    closed, still_open, app = _seed(db_url)
    counts = _by_category(db_url)
    clock.travel_to(clock.now() + timedelta(days=3 * 365 + 1))
    done = retention.run(db_url)
    assert done["tickets"] == 1 and done["membership"] == 1  # the handoff goes with its ticket
    assert done["lookups"] == 1 and done["audit"] == 1
    with session_scope(db_url) as s:
        t = s.execute(select(Ticket).where(Ticket.reference == closed)).scalar_one()
        assert (t.contact_phone, t.contact_name, t.fields, t.sender_id) == ("", None, {}, None)
        assert "13911112222" not in t.description and t.redacted_at is not None
        assert all("宝安" not in e.body for e in t.events)
        assert (t.category, t.status, t.priority) == ("wage_arrears", "closed", "normal") and t.created_at
        assert t.consent == {"agreed": True}  # what the worker agreed to stays; it names no one
        kept = s.execute(select(Ticket).where(Ticket.reference == still_open)).scalar_one()
        assert kept.contact_phone == "13733334444"  # open cases are kept, however old
        a = s.execute(select(MembershipApplication).where(MembershipApplication.reference == app)).scalar_one()
        assert (a.phone, a.employer, a.sender_id) == ("", None, None) and "李娟" not in a.name
        assert (a.industry, a.city, a.employment_type) == ("外卖", "深圳", "platform")
        h = s.execute(select(Handoff)).scalar_one()
        assert h.sender_id != "conv-closed" and h.summary == ""
        actions = [r.action for r in s.execute(select(AuditLog)).scalars()]
        assert actions == ["retention"]  # the old entry went; the run itself is recorded
    assert _by_category(db_url) == counts
    assert set(retention.run(db_url).values()) == {0}  # a second run finds nothing more


def test_enrolments_expire_after_two_years(db_url):
    courses.load_courses(db_url=db_url)
    slug = next(c.slug for c in courses.search(None, None, db_url=db_url) if not c.full)
    ref = courses.enrol(slug, name="赵六", phone="13800000002", db_url=db_url).reference
    clock.travel_to(clock.now() + timedelta(days=365))
    assert retention.run(db_url)["enrolments"] == 0
    clock.travel_to(clock.now() + timedelta(days=366))
    assert retention.run(db_url)["enrolments"] == 1
    with session_scope(db_url) as s:
        e = s.execute(select(Enrolment).where(Enrolment.reference == ref)).scalar_one()
        assert e.phone != "13800000002" and e.name != "赵六" and e.status == "enrolled"


def test_the_command_runs_the_job(db_url, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("UNION_EVENTS_URL", f"sqlite:///{tmp_path / 'events.db'}")
    _seed(db_url)
    clock.travel_to(clock.now() + timedelta(days=31))
    assert cli.main(["retention"]) == 0
    out = capsys.readouterr().out
    assert "进度查询记录（防猜测编号）: 1" in out


def test_one_table_of_periods_and_the_notice_agrees():
    assert {p.kind for p in retention.PERIODS} >= {"tickets", "membership", "enrolments", "lookups", "audit", "handoffs"}
    assert all(p.days > 0 and p.label and p.action for p in retention.PERIODS)
    assert retention.notice_years() == {"tickets": 3, "membership": 1, "enrolments": 2}


def test_old_conversation_events_are_purged(db_url, tmp_path):
    from sqlalchemy import create_engine, text

    events_url = f"sqlite:///{tmp_path / 'events.db'}"
    assert retention.run(db_url, events_url=events_url)["conversations"] == 0  # no table yet: nothing to do
    now = clock.timestamp()
    with create_engine(events_url).begin() as conn:
        conn.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, timestamp REAL, data TEXT)"))
        conn.execute(text("CREATE TABLE tracker_windows (sender_id TEXT PRIMARY KEY, start_id INTEGER, prefix TEXT)"))
        conn.execute(text("INSERT INTO events (sender_id, timestamp, data) VALUES ('old', :a, '{}'), ('old', :a, '{}'), "
                          "('going-on', :a, '{}'), ('going-on', :b, '{}'), ('new', :b, '{}')"),
                     {"a": now - 366 * 86400, "b": now - 10 * 86400})
        conn.execute(text("INSERT INTO tracker_windows VALUES ('old', 1, '[]'), ('new', 5, '[]')"))
    assert retention.run(db_url, events_url=events_url)["conversations"] == 2
    with create_engine(events_url).connect() as conn:
        # a conversation still going on keeps its old turns: it is never cut in the middle
        assert [r[0] for r in conn.execute(text("SELECT sender_id FROM events"))] == ["going-on", "going-on", "new"]
        assert [r[0] for r in conn.execute(text("SELECT sender_id FROM tracker_windows"))] == ["new"]


def test_the_documented_table_is_the_one_in_code():
    from pathlib import Path

    doc = (Path(__file__).parents[2] / "docs" / "PRIVACY.md").read_text(encoding="utf-8")
    for p in retention.PERIODS:
        assert f"| `{p.kind}` | {p.label} | {p.days} 天 | {p.starts} | {p.action} |" in doc
