from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import TOPIC_INTENTS, latest_entity, latest_topical_intent, off_loop
from bot.dialogue import readback
from bot.dialogue.readback import Decision
from bot.services import forms, tickets
from bot.services.text import normalize

logger = logging.getLogger(__name__)
FORM_SLOTS = ("ticket_description", "ticket_phone", "ticket_confirm")
MIN_DESCRIPTION = 6
MAX_DESCRIPTION = 1000


def _reset() -> List[Dict[Text, Any]]:
    return [SlotSet(s, None) for s in FORM_SLOTS] + [SlotSet("requested_slot", None)]


class ValidateLeaveMessageForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_leave_message_form"

    def validate_ticket_description(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        text = normalize(str(value or ""))
        if text.startswith("/"):
            text = ""
        meaningful = "".join(ch for ch in text if ch.isalnum())
        if len(meaningful) < MIN_DESCRIPTION or tickets.parse_phone(text) == meaningful:
            dispatcher.utter_message(text="说得再具体一点好吗？比如：在哪个单位、发生了什么事、希望工会帮什么忙。")
            return {"ticket_description": None}
        if len(text) > MAX_DESCRIPTION:
            dispatcher.utter_message(text=f"内容有点长，请精简到{MAX_DESCRIPTION}字以内，重点说发生了什么、需要什么帮助。")
            return {"ticket_description": None}
        return {"ticket_description": text}

    def validate_ticket_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        phone = latest_entity(tracker, "phone")
        try:  # the same reading and re-prompt as every other form's phone question
            return {"ticket_phone": forms.read_phone(forms.Answer(str(value or ""), entities={"phone": phone} if phone else {}), {})}
        except forms.Invalid as exc:
            dispatcher.utter_message(text=exc.message)
            return {"ticket_phone": None}

    async def extract_ticket_confirm(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """Every reply to the read-back reaches validate_ticket_confirm, whatever the classifier
        made of it ("不行" may be classified as anything): the slot's intent mappings only cover
        affirm and deny."""
        if tracker.get_slot("requested_slot") != "ticket_confirm":
            return {}
        latest = tracker.latest_message or {}
        text = latest.get("text") or ""
        intent = (latest.get("intent") or {}).get("name")
        decision = readback.decide(text, intent=intent, is_payload=text.startswith("/"))
        if decision is Decision.UNCLEAR and intent in TOPIC_INTENTS:
            return {}  # a question at the read-back: the rules answer it, then the read-back again
        return {"ticket_confirm": tracker.get_slot("ticket_confirm") is True}

    def validate_ticket_confirm(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        # The worker's words decide (bot.dialogue.readback); the classifier's affirm/deny, which
        # filled the slot, count only for the buttons.
        latest = tracker.latest_message or {}
        text = latest.get("text") or ""
        decision = readback.decide(text, intent=(latest.get("intent") or {}).get("name"), is_payload=text.startswith("/"))
        if decision is Decision.CONFIRM:
            return {"ticket_confirm": True}
        if decision is Decision.CANCEL:
            dispatcher.utter_message(response="utter_leave_message_cancelled")
            return {"ticket_description": None, "ticket_phone": None, "ticket_confirm": None, "requested_slot": None}
        if decision is Decision.UNCLEAR:
            dispatcher.utter_message(text="还没有提交。内容没问题就点「确认提交」；要改就说「要改」；不留了就说「不留了」。")
            return {"ticket_confirm": None}
        dispatcher.utter_message(text="好的，还没有提交，我们重新填一遍。")
        return {"ticket_description": None, "ticket_phone": None, "ticket_confirm": None}


class ActionSubmitTicket(Action):
    """Stores the confirmed message as a ticket; confirms the reference only after the commit."""

    def name(self) -> Text:
        return "action_submit_ticket"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        description: Optional[str] = tracker.get_slot("ticket_description")
        phone: Optional[str] = tracker.get_slot("ticket_phone")
        if tracker.get_slot("ticket_confirm") is not True or not description or not phone:
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
                fields={"description": description, "phone": phone},
            )
        except Exception:
            logger.exception("ticket not stored for %s", tracker.sender_id)
            dispatcher.utter_message(response="utter_ticket_failed")
            return _reset()
        dispatcher.utter_message(
            text=(
                f"留言已提交✅ 您的留言编号是 {receipt.reference}\n"
                "工作人员会尽快打电话联系您，请留意来电。请记下这个编号，查询进度时要用；着急请拨打12351职工服务热线。"
            )
        )
        return _reset()


class ActionCancelLeaveMessage(Action):
    def name(self) -> Text:
        return "action_cancel_leave_message"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_leave_message_cancelled")
        return [ActiveLoop(None)] + _reset()
