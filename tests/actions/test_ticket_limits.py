"""Tickets per conversation are limited ("ticket.sender" in bot/common/ratelimit.py), and urgent
messages of a conversation with an open urgent ticket are added to it instead of multiplying."""
import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.cases import ActionSubmitWageArrears
from actions.handoff import ActionRequestHuman
from actions.tickets import ActionSubmitTicket
from actions.urgent import ActionHandleUrgent
from bot.cases import tickets
from bot.common import ratelimit
from bot.db.models import Handoff, Ticket
from bot.db.session import session_scope
from tests.actions.helpers import tracker
from tests.actions.test_case_forms import fill_wage_form, submit, wage_form


@pytest.fixture
def limit_two():
    lim = ratelimit.RateLimiter(overrides={"ticket_sender": "2/hour"})
    ratelimit.reset_limiter(lim)
    return lim


async def run(action, t):
    d = CollectingDispatcher()
    events = await action.run(d, t, {})
    return "\n".join(m.get("text") or "" for m in d.messages), events


def leave(description, sender="w1"):
    return tracker("/affirm", "affirm", sender_id=sender, slots={
        "ticket_description": description, "ticket_phone": "13900001111", "ticket_confirm": True})


def urgent(text, sender="w1", slots=None):
    t = tracker(text, "urgent", confidence=1.0, sender_id=sender, slots=slots)
    t.latest_message["urgency"] = {"category": "violence", "label": "人身安全受到威胁", "life_at_risk": True,
                                   "matched": "打我"}
    return t


def stored(sender):
    with session_scope() as s:
        return s.execute(select(Ticket).where(Ticket.sender_id == sender).order_by(Ticket.id)).scalars().all()


async def test_a_conversation_over_its_ticket_limit_is_told_the_truth_and_the_hotline(db_url, limit_two):
    for text in ("老板欠我三个月工资不给", "公司不给交社保怎么办"):
        out, _ = await run(ActionSubmitTicket(), leave(text))
        assert "留言已提交" in out
    out, events = await run(ActionSubmitTicket(), leave("还有加班费也没给"))
    assert "已提交" not in out and "没有再登记" in out and "12351" in out
    assert {"event": "slot", "name": "ticket_description", "value": None, "timestamp": None} in events
    assert [t.description for t in stored("w1")] == ["老板欠我三个月工资不给", "公司不给交社保怎么办"]
    # another conversation is not affected
    out, _ = await run(ActionSubmitTicket(), leave("还有加班费也没给", sender="w2"))
    assert "留言已提交" in out and len(stored("w2")) == 1


async def test_the_same_submission_again_is_not_counted(db_url, limit_two):
    first, _ = await run(ActionSubmitTicket(), leave("老板欠我三个月工资不给"))
    again, _ = await run(ActionSubmitTicket(), leave("老板欠我三个月工资不给"))
    ref = stored("w1")[0].reference
    assert ref in first and ref in again
    out, _ = await run(ActionSubmitTicket(), leave("公司不给交社保怎么办"))
    assert "留言已提交" in out and len(stored("w1")) == 2


async def test_a_case_form_over_the_limit_says_it_was_not_registered(db_url, limit_two):
    f = wage_form()
    await fill_wage_form(f)
    await f.say("/affirm", "affirm")
    sender = f.final_tracker().sender_id
    limit_two.hit("ticket.sender", sender)
    limit_two.hit("ticket.sender", sender)
    out = "\n".join(await submit(ActionSubmitWageArrears(), f))
    assert "您的欠薪登记这次没有再登记" in out and "12351" in out and "编号是" not in out and "已提交" not in out
    assert stored(sender) == []


async def test_urgent_messages_add_to_the_open_urgent_ticket(db_url, limit_two):
    out1, ev1 = await run(ActionHandleUrgent(), urgent("包工头说再要钱就打我"))
    ref = next(e["value"] for e in ev1 if e.get("name") == "urgent_ref")
    # the slot is lost (a new session, a restart): still one open urgent ticket, the messages added to it
    for text in ("他们带人来了", "他们在门口堵我", "快来人"):
        out, ev = await run(ActionHandleUrgent(), urgent(text))
        assert ref in out and next(e["value"] for e in ev if e.get("name") == "urgent_ref") == ref
    with session_scope() as s:
        [t] = s.execute(select(Ticket).where(Ticket.sender_id == "w1")).scalars().all()
        notes = [e.body for e in t.events if e.kind == "note"]
    assert notes == [f"职工又发来紧急信息：\n【紧急】人身安全受到威胁\n职工原话：{x}"
                                                            for x in ("他们带人来了", "他们在门口堵我", "快来人")]
    # once staff have closed it, a new urgent case opens a new ticket
    with session_scope() as s:
        s.execute(select(Ticket).where(Ticket.reference == ref)).scalar_one().status = "closed"
    _, ev = await run(ActionHandleUrgent(), urgent("又来了 他们又要打我"))
    assert next(e["value"] for e in ev if e.get("name") == "urgent_ref") != ref and len(stored("w1")) == 2


async def test_an_urgent_case_over_the_limit_is_not_claimed_as_registered(db_url, limit_two):
    for text in ("老板欠我三个月工资不给", "公司不给交社保怎么办"):
        await run(ActionSubmitTicket(), leave(text))
    out, events = await run(ActionHandleUrgent(), urgent("包工头说再要钱就打我"))
    assert "110" in out and "12351" in out and "这条紧急情况这次没有再登记" in out
    assert "标为紧急" not in out and not any(e.get("name") == "urgent_ref" for e in events)
    assert len(stored("w1")) == 2


async def test_a_handoff_goes_on_without_a_ticket_over_the_limit(db_url, limit_two, monkeypatch):
    monkeypatch.setenv("UNION_OFFICE_HOURS", "always")
    limit_two.hit("ticket.sender", "w4")
    limit_two.hit("ticket.sender", "w4")
    out, events = await run(ActionRequestHuman(), tracker("转人工", "request_human", sender_id="w4"))
    assert "正在为您转接工作人员" in out and "编号" not in out
    assert {"event": "slot", "name": "handoff", "value": "waiting", "timestamp": None} in events
    with session_scope() as s:
        assert s.execute(select(Handoff).where(Handoff.sender_id == "w4")).scalar_one().status == "waiting"
    assert stored("w4") == []


def test_staff_entries_and_other_channels_are_not_limited(db_url, limit_two):
    for i in range(4):
        tickets.open_ticket(description=f"来电 {i}", phone="13900001111", sender_id="hotline:hot1", channel="hotline")
    with pytest.raises(tickets.TicketLimited):
        for i in range(3):
            tickets.open_ticket(description=f"留言 {i}", phone="13900001111", sender_id="w5")
    assert len(stored("hotline:hot1")) == 4 and len(stored("w5")) == 2
