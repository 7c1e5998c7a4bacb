"""Resolving asks the worker how it went (through Rasa); the 回访 list and its outcome."""
from __future__ import annotations

from datetime import timedelta

from bot.cases import tickets
from bot.common import clock
from bot.console import satisfaction


def _resolved(env, sender="w1"):
    ref = tickets.open_ticket(description="厂里欠了两个月工资", phone="13812345678", category="wage_arrears",
                              sender_id=sender).reference
    b = env.login("hotline")
    assert b.post(f"/api/tickets/{ref}/status", {"status": "in_progress"}).status_code == 200
    r = b.post(f"/api/tickets/{ref}/status", {"status": "resolved"})
    assert r.status_code == 200
    return ref, b, r.json()


def test_resolving_appends_the_question_once_to_the_workers_conversation(env):
    ref, b, detail = _resolved(env)
    [event] = env.rasa.events_for("w1")
    assert event["event"] == "bot" and ref in event["text"]
    assert [x["title"] for x in event["data"]["buttons"]] == ["解决了", "没解决"]
    assert any(e["kind"] == "feedback" and e["kind_label"] == "职工评价" for e in detail["events"])
    # re-opened and resolved again: not asked a second time
    assert b.post(f"/api/tickets/{ref}/status", {"status": "in_progress"}).status_code == 200
    assert b.post(f"/api/tickets/{ref}/status", {"status": "resolved"}).status_code == 200
    assert len(env.rasa.events_for("w1")) == 1


def test_rasa_down_still_resolves_and_leaves_a_followup(env):
    env.rasa.fail.add("append")
    ref, b, detail = _resolved(env)
    assert detail["status"] == "resolved"
    assert [t["reference"] for t in b.get("/api/followups?which=open").json()["items"]] == [ref]


def test_due_followup_listed_masked_and_outcome_reopens(env):
    ref, b, _ = _resolved(env)
    satisfaction.answer(ref, "w1", "csat_unsolved")
    assert b.get("/api/followups").json()["items"] == []
    clock.travel_to(clock.now() + timedelta(days=satisfaction.followup_days(), minutes=1))
    body = b.get("/api/followups").json()
    [task] = body["items"]
    assert body["due_count"] == 1 and task["reference"] == ref and task["reason_label"] == "职工说问题没解决"
    assert "13812345678" not in str(task)
    r = b.post(f"/api/followups/{task['id']}", {"reached": True, "outcome": "", "reopen": True})
    assert r.status_code == 422 and "回访结果" in r.json()["detail"]
    r = b.post(f"/api/followups/{task['id']}", {"reached": True, "outcome": "工资只付了一半，继续跟进", "reopen": True})
    assert r.status_code == 200 and r.json()["ticket_status"] == "in_progress"
    detail = b.get(f"/api/tickets/{ref}").json()
    assert detail["status"] == "in_progress"
    assert any(e["kind_label"] == "回访" and "继续跟进" in e["body"] for e in detail["events"])
    assert b.post(f"/api/followups/{task['id']}", {"reached": True, "outcome": "再记", "reopen": False}).status_code == 409
    assert b.get("/api/followups").json()["due_count"] == 0


def test_followups_need_a_signed_in_staff_member(env):
    assert env.browser().get("/api/followups").status_code == 401


def test_analytics_carry_satisfaction_by_topic(env):
    ref, _, _ = _resolved(env)
    satisfaction.answer(ref, "w1", "csat_solved")
    satisfaction.answer(ref, "w1", "csat_ok")
    rows = {r["name"]: r for r in env.login("admin").get("/api/analytics").json()["satisfaction"]["by_topic"]}
    assert rows["wage_arrears"]["solved"] == 1 and rows["wage_arrears"]["neutral"] == 1
