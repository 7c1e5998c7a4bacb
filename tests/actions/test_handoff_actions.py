from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.handoff import ActionHandoffRelay, ActionRequestHuman
from bot.db.models import Handoff, ReviewItem, Ticket
from bot.db.session import session_scope
from bot.handoff import handoff
from bot.cases.tickets import open_ticket
from tests.actions.helpers import tracker


async def run(action, t):
    d = CollectingDispatcher()
    events = await action.run(d, t, {})
    return d, events


def texts(d):
    return "\n".join(m.get("text") or "" for m in d.messages)


async def test_in_office_hours_a_ticket_and_a_waiting_handoff_are_opened(db_url, monkeypatch):
    monkeypatch.setenv("UNION_OFFICE_HOURS", "always")
    d, events = await run(ActionRequestHuman(), tracker("转人工", "request_human", sender_id="w1"))
    assert {"event": "slot", "name": "handoff", "value": "waiting", "timestamp": None} in events
    assert any((m.get("custom") or {}).get("data", {}).get("handoff") == "waiting" for m in d.messages)
    with session_scope(db_url) as s:
        h = s.execute(select(Handoff).where(Handoff.sender_id == "w1")).scalar_one()
        assert h.status == "waiting" and h.ticket.case_type == "handoff" and h.ticket.needs_human
        assert h.ticket.reference in texts(d)


async def test_asking_twice_keeps_one_handoff_and_one_ticket(db_url, monkeypatch):
    monkeypatch.setenv("UNION_OFFICE_HOURS", "always")
    await run(ActionRequestHuman(), tracker("转人工", "request_human", sender_id="w2"))
    await run(ActionRequestHuman(), tracker("快点转人工", "request_human", sender_id="w2"))
    with session_scope(db_url) as s:
        assert len(s.execute(select(Handoff).where(Handoff.sender_id == "w2")).scalars().all()) == 1
        assert len(s.execute(select(Ticket).where(Ticket.sender_id == "w2")).scalars().all()) == 1


async def test_a_form_in_progress_is_closed_when_a_person_is_asked_for(db_url, monkeypatch):
    monkeypatch.setenv("UNION_OFFICE_HOURS", "always")
    _, events = await run(ActionRequestHuman(), tracker("转人工", "request_human", active_loop="wage_arrears_form", sender_id="w3"))
    assert {"event": "active_loop", "name": None, "timestamp": None} in events


async def test_out_of_hours_the_worker_is_told_when_and_asked_to_leave_a_message(db_url, monkeypatch):
    monkeypatch.setenv("UNION_OFFICE_HOURS", "never")
    d, events = await run(ActionRequestHuman(), tracker("转人工", "request_human", sender_id="w4"))
    assert "不是人工服务时间" in texts(d) and "回电" in texts(d)
    assert {"event": "followup", "name": "leave_message_form", "timestamp": None} in events
    assert not any(e.get("name") == "handoff" for e in events)
    with session_scope(db_url) as s:
        assert s.execute(select(Handoff)).first() is None


async def test_out_of_hours_an_existing_case_waits_without_a_new_message(db_url, monkeypatch):
    monkeypatch.setenv("UNION_OFFICE_HOURS", "never")
    ref = open_ticket(description="老板欠薪三个月", phone="13800001111", category="wage_arrears", sender_id="w5").reference
    d, events = await run(ActionRequestHuman(), tracker("转人工", "request_human", sender_id="w5"))
    assert ref in texts(d) and not any(e.get("event") == "followup" for e in events)
    # recorded on the ticket for a call-back at opening (console: 待回电), once
    await run(ActionRequestHuman(), tracker("人工", "request_human", sender_id="w5"))
    with session_scope(db_url) as s:
        t = s.execute(select(Ticket).where(Ticket.reference == ref)).scalar_one()
        assert t.callback_requested_at is not None
        marks = [e for e in t.events if e.kind == "callback"]
        assert len(marks) == 1 and "非工作时间要求人工服务" in marks[0].body


async def test_relay_is_silent_marks_unread_and_raises_urgency(db_url):
    view = handoff.start("w6", reason="request_human", summary="s")
    ref = open_ticket(description="d", phone="", case_type="handoff", sender_id="w6").reference
    handoff.attach_ticket(view.id, ref)
    d, events = await run(ActionHandoffRelay(), tracker("还在吗", "greet", sender_id="w6"))
    assert d.messages == [] and events == []
    d, _ = await run(ActionHandoffRelay(), tracker("我不想活了", "urgent", sender_id="w6"))
    assert "110" in texts(d)  # still waiting: the emergency numbers at once
    with session_scope(db_url) as s:
        t = s.execute(select(Ticket).where(Ticket.reference == ref)).scalar_one()
        assert t.priority == "urgent"
        assert s.execute(select(Handoff)).scalar_one().last_worker_message_at is not None


async def test_relay_ends_the_handoff_when_the_worker_stops_waiting(db_url):
    handoff.start("w7", reason="request_human", summary="s")
    d, events = await run(ActionHandoffRelay(), tracker("不等了", "deny", sender_id="w7"))
    assert {"event": "slot", "name": "handoff", "value": None, "timestamp": None} in events
    assert "人工服务已结束" in texts(d)
    assert handoff.open_for("w7") is None


async def test_relay_after_a_hand_back_lets_the_bot_answer_again(db_url):
    view = handoff.start("w8", reason="request_human", summary="s")
    handoff.release(view.id, None, "admin")
    d, events = await run(ActionHandoffRelay(), tracker("在吗", "greet", sender_id="w8"))
    assert {"event": "slot", "name": "handoff", "value": None, "timestamp": None} in events


async def test_fallback_and_low_confidence_messages_go_to_the_review_queue(db_url):
    from actions.fallback import ActionAskAffirmation

    await run(ActionAskAffirmation(), tracker("俺那个钱的事咋整", "nlu_fallback", confidence=0.2,
                                             ranking=[("nlu_fallback", 0.2), ("wage_arrears", 0.18)]))
    await run(ActionAskAffirmation(), tracker("/wage_arrears", "wage_arrears"))  # a button: not queued
    with session_scope(db_url) as s:
        items = s.execute(select(ReviewItem)).scalars().all()
        assert [(i.text, i.predicted_intent, i.reason) for i in items] == [("俺那个钱的事咋整", "wage_arrears", "fallback")]
