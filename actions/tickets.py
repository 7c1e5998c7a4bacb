from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import TOPIC_INTENTS, latest_topical_intent, off_loop
from actions.forms import SpecAskConfirm, SpecFormValidation
from actions.registry import LEAVE_MESSAGE
from bot.common import facts
from bot.cases import tickets
from bot.cases.forms import CONSENT_SLOT
from bot.privacy import chat as privacy_chat
from bot.common import clock
from bot.console import routing
from bot.handoff import office_hours

logger = logging.getLogger(__name__)
FORM_SLOTS = ("ticket_description", "ticket_phone", "ticket_confirm", CONSENT_SLOT)


def _reset() -> List[Dict[Text, Any]]:
    return [SlotSet(s, None) for s in FORM_SLOTS] + [SlotSet("requested_slot", None)]


class ValidateLeaveMessageForm(SpecFormValidation):
    """Leaving a message runs on the form engine: answers read from the worker's words, the
    read-back decided by bot.dialogue.readback, a question at any step answered first."""

    spec = LEAVE_MESSAGE


class AskTicketConfirm(SpecAskConfirm):
    spec = LEAVE_MESSAGE


class ActionSubmitTicket(Action):
    """Stores the confirmed message as a ticket; confirms the reference only after the commit."""

    def name(self) -> Text:
        return "action_submit_ticket"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        description: Optional[str] = tracker.get_slot("ticket_description")
        phone: Optional[str] = tracker.get_slot("ticket_phone")
        if tracker.get_slot("ticket_confirm") is not True or not description or not phone:
            if not LEAVE_MESSAGE.ended_by_privacy({CONSENT_SLOT: tracker.get_slot(CONSENT_SLOT)}):
                dispatcher.utter_message(response="utter_leave_message_cancelled")
            return _reset()
        # The worker's own account classifies the case best; else the topic they asked about.
        intent = latest_topical_intent(tracker)
        topic = intent.get("name") or tracker.get_slot("topic")
        try:
            receipt = await off_loop(
                tickets.open_ticket,
                description=description,
                phone=phone,
                category=topic if topic in TOPIC_INTENTS else "general",
                sender_id=tracker.sender_id,
                intent=intent.get("name"),
                confidence=intent.get("confidence"),
                case_type=privacy_chat.CASE_TYPE if privacy_chat.is_request(description) else "message",
                fields={"description": description, "phone": phone},
                consent=tracker.get_slot(CONSENT_SLOT),
            )
        except tickets.TicketLimited:
            logger.warning("message refused by the ticket limit of a conversation")
            dispatcher.utter_message(text=tickets.limited_reply("这条留言"))
            return _reset()
        except Exception:
            logger.exception("ticket not stored for %s", tracker.sender_id)
            dispatcher.utter_message(response="utter_ticket_failed")
            return _reset()
        if receipt.created and _after_request_human(tracker):
            await off_loop(_mark_callback, receipt.reference)
        dispatcher.utter_message(
            text=(
                f"留言已提交✅ 您的留言编号是 {receipt.reference}\n"
                f"工作人员会尽快打电话联系您，请留意来电。请记下这个编号，查询进度时要用；着急请拨打{facts.HOTLINE_NAME}。"
            )
        )
        return _reset()


def _after_request_human(tracker: Tracker) -> bool:
    """The message form was started by action_request_human out of office hours (its follow-up)."""
    events = list(tracker.events)
    for i in range(len(events) - 1, -1, -1):
        e = events[i]
        if e.get("event") == "active_loop" and e.get("name") == "leave_message_form":
            earlier = [x.get("name") for x in events[:i] if x.get("event") == "action" and x.get("name") != "leave_message_form"]
            return bool(earlier) and earlier[-1] == "action_request_human"
    return False


def _mark_callback(reference: str) -> None:
    try:
        schedule = office_hours.current_schedule()
        routing.mark_callback(reference, schedule.describe_next_opening(clock.now()))
    except Exception:  # the message is stored; the mark only helps the call-back list
        logger.exception("call-back mark not stored for %s", reference)


class ActionCancelLeaveMessage(Action):
    def name(self) -> Text:
        return "action_cancel_leave_message"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_leave_message_cancelled")
        return [ActiveLoop(None)] + _reset()
