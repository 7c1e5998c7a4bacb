"""The worker's side of the case conversation in the action server: the answer to a staff member,
the notices at the next message, and when a message counts as the answer (the handoff policy)."""
import asyncio

import pytest
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from actions.handoff import ActionHandoffRelay
from bot.cases import conversation
from bot.cases.tickets import open_ticket
from bot.console import console
from bot.db.models import StaffUser
from bot.db.session import session_scope
from tests.actions.helpers import tracker
from tests.actions.test_receipts import _Hello

SENDER = "w-answer"


@pytest.fixture
def ticket(db_url):
    with session_scope(db_url) as s:
        s.add(StaffUser(username="wang", display_name="王坐席", role="hotline", password_hash="x"))
    ref = open_ticket(description="老板欠了两个月工资", phone="13812345678", category="wage_arrears",
                      sender_id=SENDER).reference
    console.change_status(ref, "in_progress", "wang", "hotline")
    console.change_status(ref, "waiting", "wang", "hotline")
    conversation.take_pending(SENDER)  # the status changes were told
    return ref


async def test_the_answer_to_a_staff_question_goes_on_the_ticket_and_the_bot_says_so(ticket):
    d = CollectingDispatcher()
    events = await ActionHandoffRelay().run(d, tracker("下午都行 晚上6点以后也行", "inform", sender_id=SENDER,
                                                       slots={"handoff": conversation.reply_state(ticket)}), {})
    assert d.messages[0]["text"].startswith(f"已经转给工作人员了（工单 {ticket}）")
    assert events == [{"event": "slot", "name": "handoff", "value": None, "timestamp": None}]
    detail = console.ticket_detail(ticket, role="hotline")
    assert [e["body"] for e in detail["events"] if e["kind"] == "worker"] == ["下午都行 晚上6点以后也行"]
    assert detail["status"] == "in_progress" and detail["new_activity"]


async def test_an_answer_that_cannot_be_stored_is_not_said_to_be_passed_on(ticket):
    d = CollectingDispatcher()
    events = await ActionHandoffRelay().run(d, tracker("下午都行", "inform", sender_id="another-chat",
                                                       slots={"handoff": conversation.reply_state(ticket)}), {})
    assert "没能转给工作人员" in d.messages[0]["text"] and "已经转给" not in d.messages[0]["text"]
    assert events[0]["value"] is None


def _call(slots=None):
    return {"next_action": "action_test_hello", "domain": {},
            "tracker": {"sender_id": SENDER, "slots": slots or {}, "latest_message": {}, "events": [],
                        "paused": False, "latest_event_time": None, "active_loop": {}, "latest_action_name": None}}


def test_at_the_next_message_an_unseen_reply_comes_first_once_and_the_next_message_answers_it(ticket):
    console.add_note(ticket, "请问您什么时候方便接电话？", "wang", public=True)
    executor = ActionExecutor()
    executor.register_action(_Hello())
    result = asyncio.run(executor.run(_call()))
    texts = [r["text"] for r in result["responses"]]
    assert texts[0].startswith(f"您的工单 {ticket} 有新回复（热线坐席 王坐席）：") and texts[-1] == "您好"
    assert {"event": "slot", "name": "handoff", "value": conversation.reply_state(ticket), "timestamp": None} in result["events"]
    again = asyncio.run(executor.run(_call()))
    assert [r["text"] for r in again["responses"]] == ["您好"] and again["events"] == []


def test_while_a_person_has_the_chat_the_reply_is_told_but_the_chat_stays_theirs(ticket):
    console.add_note(ticket, "请补充单位全称", "wang", public=True)
    executor = ActionExecutor()
    executor.register_action(_Hello())
    result = asyncio.run(executor.run(_call({"handoff": "live"})))
    assert "请补充单位全称" in result["responses"][0]["text"]
    assert not any(e.get("name") == "handoff" for e in result["events"])


def _policy_tracker(text, intent, state, form=None):
    from rasa.shared.core.events import ActiveLoop, SlotSet, UserUttered
    from rasa.shared.core.slots import TextSlot
    from rasa.shared.core.trackers import DialogueStateTracker

    events = [SlotSet("handoff", state)] + ([ActiveLoop(form)] if form else []) + [
        UserUttered(text, intent={"name": intent, "confidence": 0.9})]
    return DialogueStateTracker.from_events("w", events, slots=[TextSlot("handoff", mappings=[])])


@pytest.mark.parametrize("text,intent,state,form,answers", [
    ("下午都行 晚上6点以后也行", "inform", "reply:GH-AAAA-BBBB", None, True),
    ("我不想活了", "urgent", "reply:GH-AAAA-BBBB", None, False),  # the urgent path runs as always
    ("/affirm", "affirm", "reply:GH-AAAA-BBBB", None, False),  # an old button is no answer
    ("13812345678", "inform", "reply:GH-AAAA-BBBB", "leave_message_form", False),  # a form's answer
    ("下午都行", "inform", None, None, False),
    ("下午都行", "inform", "waiting", None, False),  # a handoff relays on its own rule
])
def test_which_message_is_the_answer_to_staff(text, intent, state, form, answers):
    from bot.dialogue.handoff_policy import HandoffPolicy

    assert HandoffPolicy._answers_staff(_policy_tracker(text, intent, state, form)) is answers
