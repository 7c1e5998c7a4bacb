import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.registry import LEAVE_MESSAGE
from actions.tickets import ActionCancelLeaveMessage, ActionSubmitTicket, AskTicketConfirm, ValidateLeaveMessageForm
from bot.db.models import Ticket
from bot.db.session import session_scope
from tests.actions.form_driver import FormDriver
from tests.actions.helpers import tracker

def leave_message(**slots) -> FormDriver:
    return FormDriver(LEAVE_MESSAGE, ValidateLeaveMessageForm(), AskTicketConfirm(), slots=slots)


@pytest.mark.parametrize("text,ok", [
    ("老板欠我三个月工资不给，想让工会帮忙", True),
    ("公司辞退我不给补偿 想咨询一下怎么办", True),  # a question is what staff should answer
    ("嗯", False),
    ("13812345678", False),
    ("/affirm", False),
    ("字" * 1200, False),
])
@pytest.mark.asyncio
async def test_description_validation(text, ok, db_url):
    f = leave_message()
    replies = await f.say(text, "affirm" if text == "/affirm" else "inform")
    assert (f.slots["ticket_description"] is not None) == ok
    assert (f.requested == "ticket_phone") == ok and bool(replies) == (not ok)


@pytest.mark.asyncio
async def test_phone_validation_reprompts_in_chinese_and_normalises(db_url):
    f = leave_message(ticket_description="老板欠我三个月工资不给", requested_slot="ticket_phone")
    out = await f.say("没有")
    assert f.slots["ticket_phone"] is None and "11位手机号" in out[0]
    await f.say("我电话 139 0000 1111")
    assert f.slots["ticket_phone"] == "13900001111" and f.requested == "ticket_confirm"
    f = leave_message(ticket_description="老板欠我三个月工资不给", requested_slot="ticket_phone")
    await f.say("18688889999", entities={"phone": "18688889999"})
    assert f.slots["ticket_phone"] == "18688889999"


@pytest.mark.asyncio
async def test_deny_at_the_summary_offers_to_change_or_cancel(db_url):
    f = leave_message(ticket_description="老板欠我三个月工资不给", requested_slot="ticket_phone")
    summary = "\n".join(await f.say("13900001111"))
    assert "请核对" in summary and "老板欠我三个月工资不给" in summary and "13900001111" in summary
    menu = "\n".join(await f.say("/deny", "deny"))
    assert f.slots["ticket_confirm"] is None and "要改哪一项" in menu
    await f.say("/affirm", "affirm")
    assert f.slots["ticket_confirm"] is True and f.requested is None


@pytest.mark.asyncio
async def test_a_refusal_typed_at_the_summary_is_not_a_yes(db_url):
    f = leave_message(ticket_description="老板欠我三个月工资不给", ticket_phone="13900001111", requested_slot="ticket_confirm")
    await f.say("不行", "affirm")
    assert f.slots["ticket_confirm"] is not True


CONFIRMED = {"ticket_description": "在东莞工地干了半年 包工头跑了", "ticket_phone": "13812345678",
             "ticket_confirm": True, "topic": "wage_arrears"}


def _events_before_form():
    return [{"event": "user", "text": "包工头跑了咋办",
             "parse_data": {"intent": {"name": "wage_arrears", "confidence": 0.97}}},
            {"event": "user", "text": "/leave_message", "parse_data": {"intent": {"name": "leave_message", "confidence": 1.0}}}]


async def test_confirmed_message_is_stored_and_its_reference_given(db_url):
    d = CollectingDispatcher()
    events = await ActionSubmitTicket().run(d, tracker("/affirm", "affirm", slots=CONFIRMED, events=_events_before_form()), {})
    with session_scope(db_url) as s:
        t = s.execute(select(Ticket)).scalar_one()
    assert t.reference in d.messages[0]["text"] and "留言已提交" in d.messages[0]["text"]
    assert (t.description, t.contact_phone, t.category, t.intent, t.sender_id) == (
        CONFIRMED["ticket_description"], "13812345678", "wage_arrears", "wage_arrears", "test-user")
    assert {e["name"]: e["value"] for e in events if e["event"] == "slot"}["ticket_description"] is None


async def test_retry_of_the_same_submission_does_not_duplicate(db_url):
    refs = []
    for _ in range(2):
        d = CollectingDispatcher()
        await ActionSubmitTicket().run(d, tracker("/affirm", "affirm", slots=CONFIRMED, events=_events_before_form()), {})
        refs.append(d.messages[0]["text"])
    with session_scope(db_url) as s:
        assert len(s.execute(select(Ticket)).scalars().all()) == 1
    assert refs[0] == refs[1]


async def test_database_failure_never_confirms(tmp_path, monkeypatch):
    (tmp_path / "blocker").write_text("x")
    monkeypatch.setenv("UNION_DATABASE_URL", f"sqlite:///{tmp_path / 'blocker' / 'db.sqlite'}")
    d = CollectingDispatcher()
    await ActionSubmitTicket().run(d, tracker("/affirm", "affirm", slots=CONFIRMED), {})
    assert d.messages == [{"text": None, "buttons": [], "elements": [], "custom": {}, "template": "utter_ticket_failed",
                           "response": "utter_ticket_failed", "image": None, "attachment": None}]


async def test_unconfirmed_form_stores_nothing(db_url):
    d = CollectingDispatcher()
    await ActionSubmitTicket().run(d, tracker("/affirm", slots={**CONFIRMED, "ticket_confirm": None}), {})
    with session_scope(db_url) as s:
        assert s.execute(select(Ticket)).first() is None
    assert d.messages[0]["response"] == "utter_leave_message_cancelled"


async def test_cancel_deactivates_the_form_and_clears_it():
    d = CollectingDispatcher()
    events = await ActionCancelLeaveMessage().run(d, tracker("不留了", "stop", slots=CONFIRMED, active_loop="leave_message_form"), {})
    assert events[0] == {"event": "active_loop", "timestamp": None, "name": None}
    assert all(e["value"] is None for e in events[1:])
    assert d.messages[0]["response"] == "utter_leave_message_cancelled"


async def test_category_comes_from_the_workers_own_account(db_url):
    events = [{"event": "user", "text": "/leave_message", "parse_data": {"intent": {"name": "leave_message", "confidence": 1.0}}},
              {"event": "user", "text": "公司突然把我辞了 补偿一分没有",
               "parse_data": {"intent": {"name": "labour_contract", "confidence": 0.93}}}]
    slots = {**CONFIRMED, "ticket_description": "公司突然把我辞了 补偿一分没有", "topic": None}
    await ActionSubmitTicket().run(CollectingDispatcher(), tracker("/affirm", "affirm", slots=slots, events=events), {})
    with session_scope(db_url) as s:
        t = s.execute(select(Ticket)).scalar_one()
    assert (t.category, t.intent, t.intent_confidence) == ("labour_contract", "labour_contract", "0.930")


@pytest.mark.asyncio
async def test_a_story_told_before_leaving_a_message_becomes_its_description(db_url):
    f = leave_message(requested_slot=None)
    story = "在昆山一家电子厂干了八个月 上个月被辞退了 说好的补偿一直拖着不给 想请工会帮忙问问"
    f.history.append({"event": "user", "text": story, "parse_data": {"intent": {"name": "labour_contract"}, "entities": []}})
    await f.say("/leave_message", "leave_message")
    assert f.slots["ticket_description"] == story and f.requested == "ticket_phone"
    summary = "\n".join(await f.say("13912345678"))
    assert "请核对" in summary and "被辞退了" in summary  # shown for confirmation before anything is stored
