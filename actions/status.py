"""Ticket status lookup: reference + last four digits of the phone on it."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import off_loop
from actions.forms import SpecFormValidation, reset_events, values_of
from bot.common import facts
from bot.cases import status

logger = logging.getLogger(__name__)


class ValidateTicketStatusForm(SpecFormValidation):
    spec = status.STATUS_FORM


class ActionTicketStatus(Action):
    def name(self) -> Text:
        return "action_ticket_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        values = values_of(tracker, status.STATUS_FORM)
        if not values.get("ts_ref") or not values.get("ts_last4"):
            dispatcher.utter_message(text="查询没有完成。需要时跟我说「查进度」。")
            return reset_events(status.STATUS_FORM)
        try:
            result = await off_loop(status.lookup, values["ts_ref"], values["ts_last4"], tracker.sender_id)
        except Exception:
            logger.exception("status lookup failed for %s", tracker.sender_id)
            dispatcher.utter_message(text=f"抱歉，系统暂时查不了，请稍后再试，或拨打{facts.HOTLINE_NAME}。")
            return reset_events(status.STATUS_FORM)
        buttons = [] if result.found or result.locked else [{"title": "再查一次", "payload": "/check_ticket_status"}]
        dispatcher.utter_message(text=result.text, buttons=buttons)
        return reset_events(status.STATUS_FORM)
