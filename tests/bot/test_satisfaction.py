"""Satisfaction question and 回访 tasks (bot/console/satisfaction.py)."""
from datetime import timedelta

import pytest

from bot.cases import tickets
from bot.common import clock
from bot.console import analytics, console, satisfaction
from bot.db.models import Ticket, utcnow
from bot.db.session import session_scope
from tests.web.fastdb import fresh_db_url


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    yield from fresh_db_url(tmp_path, monkeypatch)


def _resolved(db_url, sender="w1", category="wage_arrears", description="厂里欠了两个月工资"):
    ref = tickets.open_ticket(description=description, phone="13812345678", category=category,
                              sender_id=sender, db_url=db_url).reference
    console.change_status(ref, "in_progress", "hot1", "hotline", db_url=db_url)
    console.change_status(ref, "resolved", "hot1", "hotline", db_url=db_url)
    return ref


def _events(db_url, ref):
    with session_scope(db_url) as s:
        return [(e.kind, e.body) for e in s.query(Ticket).filter_by(reference=ref).one().events]


def test_days_setting_is_read_from_the_data_file(tmp_path):
    f = tmp_path / "s.yml"
    f.write_text("followup_after_days: 5\n", encoding="utf-8")
    assert satisfaction.followup_days(f) == 5
    assert satisfaction.followup_days(tmp_path / "missing.yml") == satisfaction.DEFAULT_DAYS
    assert satisfaction.followup_days() >= 1  # the shipped file


def test_asked_once_with_buttons_for_the_conversation_of_the_ticket(db_url):
    ref = _resolved(db_url)
    sender, msg = satisfaction.ask(ref, days=3, db_url=db_url)
    assert sender == "w1" and ref in msg["text"]
    assert [b["title"] for b in msg["buttons"]] == ["解决了", "没解决"]
    assert all(ref in b["payload"] and b["payload"].startswith("/inform{") for b in msg["buttons"])
    assert satisfaction.ask(ref, days=3, db_url=db_url) is None  # once
    assert ("feedback", "已在对话中请职工评价办理结果") in _events(db_url, ref)


def test_hotline_ticket_has_no_chat_to_ask_in(db_url):
    ref = _resolved(db_url, sender="hotline:hot1")
    assert satisfaction.ask(ref, db_url=db_url) is None
    assert satisfaction.tasks(which="open", db_url=db_url) == []


def test_unanswered_question_becomes_a_due_followup_after_the_configured_days(db_url):
    ref = _resolved(db_url)
    satisfaction.ask(ref, days=3, db_url=db_url)
    assert satisfaction.tasks(db_url=db_url) == []  # not due yet
    [task] = satisfaction.tasks(which="open", db_url=db_url)
    assert task["reason_label"] == "职工没有回答满意度" and not task["due"]
    clock.travel_to(clock.now() + timedelta(days=3, minutes=1))
    [task] = satisfaction.tasks(db_url=db_url)
    assert task["reference"] == ref and task["due"] and task["contact_phone"] != "13812345678"
    assert "5678" in task["contact_phone"]


def test_solved_and_satisfied_cancels_the_followup(db_url):
    ref = _resolved(db_url)
    satisfaction.ask(ref, days=1, db_url=db_url)
    nxt = satisfaction.answer(ref, "w1", "csat_solved", db_url=db_url)
    assert [b["title"] for b in nxt["buttons"]] == ["满意", "一般", "不满意"]
    nxt = satisfaction.answer(ref, "w1", "csat_good", db_url=db_url)
    assert "回访" not in nxt["text"]
    assert satisfaction.answer(ref, "w1", "csat_done", db_url=db_url) is None
    clock.travel_to(clock.now() + timedelta(days=5))
    assert satisfaction.tasks(which="open", db_url=db_url) == []
    assert ("feedback", "职工评价：问题解决了，满意") in _events(db_url, ref)


@pytest.mark.parametrize("solved,rating,reason", [("csat_unsolved", "csat_good", "unsolved"),
                                                  ("csat_solved", "csat_bad", "unsatisfied"),
                                                  ("csat_unsolved", "csat_bad", "unsolved")])
def test_unsolved_or_unhappy_keeps_a_followup(db_url, solved, rating, reason):
    ref = _resolved(db_url)
    satisfaction.ask(ref, days=2, db_url=db_url)
    satisfaction.answer(ref, "w1", solved, db_url=db_url)
    nxt = satisfaction.answer(ref, "w1", rating, db_url=db_url)
    assert "回访" in nxt["text"]
    clock.travel_to(clock.now() + timedelta(days=2, minutes=1))
    [task] = satisfaction.tasks(db_url=db_url)
    assert task["reason"] == reason


def test_only_the_tickets_own_conversation_can_answer(db_url):
    ref = _resolved(db_url)
    satisfaction.ask(ref, db_url=db_url)
    with pytest.raises(satisfaction.NotYours):
        satisfaction.answer(ref, "someone-else", "csat_solved", db_url=db_url)
    with pytest.raises(satisfaction.NotYours):
        satisfaction.answer(ref, "w1", "csat_bogus", db_url=db_url)
    with pytest.raises(satisfaction.NotYours):
        satisfaction.add_comment(ref, "someone-else", "很好", db_url=db_url)
    other = _resolved(db_url, description="工地老板跑了，三个月工钱没给")  # resolved but never asked
    with pytest.raises(satisfaction.NotYours):
        satisfaction.answer(other, "w1", "csat_solved", db_url=db_url)


def test_comment_is_stored_masked(db_url):
    ref = _resolved(db_url)
    satisfaction.ask(ref, db_url=db_url)
    satisfaction.answer(ref, "w1", "csat_bad", db_url=db_url)
    assert "写下来" in satisfaction.answer(ref, "w1", "csat_comment", db_url=db_url)["text"]
    satisfaction.add_comment(ref, "w1", "等了半个月没人理，打我电话13812345678", db_url=db_url)
    [task] = satisfaction.tasks(which="open", db_url=db_url)
    assert "等了半个月没人理" in task["comment"] and "13812345678" not in task["comment"]


def test_outcome_recorded_and_ticket_reopened(db_url):
    ref = _resolved(db_url)
    satisfaction.ask(ref, days=0, db_url=db_url)
    [task] = satisfaction.tasks(db_url=db_url)
    with pytest.raises(console.ConsoleError):
        satisfaction.record_outcome(task["id"], reached=True, outcome=" ", reopen=False, actor="hot1", role="hotline", db_url=db_url)
    done = satisfaction.record_outcome(task["id"], reached=True, outcome="老板还没付清，继续跟进", reopen=True,
                                       actor="hot1", role="hotline", db_url=db_url)
    assert done["status"] == "done" and done["reopened"] and done["ticket_status"] == "in_progress"
    assert satisfaction.tasks(which="open", db_url=db_url) == []
    assert [t["id"] for t in satisfaction.tasks(which="done", db_url=db_url)] == [task["id"]]
    assert ("followup", "回访：已联系上职工。老板还没付清，继续跟进") in _events(db_url, ref)
    with pytest.raises(console.Conflict):
        satisfaction.record_outcome(task["id"], reached=True, outcome="再记一次", reopen=False, actor="hot1", role="hotline", db_url=db_url)


def test_analytics_count_satisfaction_and_reopened_by_topic(db_url):
    a = _resolved(db_url, sender="w1")
    b = _resolved(db_url, sender="w2", category="legal_aid")
    for ref, sender, choices in ((a, "w1", ("csat_unsolved", "csat_bad")), (b, "w2", ("csat_solved", "csat_good"))):
        satisfaction.ask(ref, db_url=db_url)
        for c in choices:
            satisfaction.answer(ref, sender, c, db_url=db_url)
    console.change_status(b, "in_progress", "hot1", "hotline", db_url=db_url)  # re-opened in the console
    since = utcnow() - timedelta(days=1)
    rows = {r["name"]: r for r in satisfaction.by_topic(since, db_url=db_url)["by_topic"]}
    assert rows["wage_arrears"]["unsolved"] == 1 and rows["wage_arrears"]["unsatisfied"] == 1
    assert rows["legal_aid"]["satisfied"] == 1 and rows["legal_aid"]["reopened"] == 1
    assert rows["wage_arrears"]["reopened"] == 0 and rows["wage_arrears"]["label"] == "欠薪讨薪"
    report = analytics.report(7, events_url=db_url, db_url=db_url)
    assert {r["name"]: r["asked"] for r in report["satisfaction"]["by_topic"]}["legal_aid"] == 1


def test_removing_a_workers_data_clears_the_comment_and_cancels_the_call(db_url):
    from bot.privacy import retention

    ref = _resolved(db_url)
    satisfaction.ask(ref, db_url=db_url)
    satisfaction.answer(ref, "w1", "csat_bad", db_url=db_url)
    satisfaction.add_comment(ref, "w1", "车间主任张三一直刁难我", db_url=db_url)
    with session_scope(db_url) as s:
        retention.redact_ticket(s, s.query(Ticket).filter_by(reference=ref).one(), utcnow())
    assert satisfaction.tasks(which="open", db_url=db_url) == []
    assert "张三" not in str(_events(db_url, ref))
    from bot.db.models import Survey
    with session_scope(db_url) as s:
        assert "张三" not in (s.query(Survey).one().comment or "")
