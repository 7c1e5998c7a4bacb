"""Urgent cases: danger or crisis, detected in any state (bot/nlu/urgency_detector.py).

The worker gets a calm reply with the right numbers at once; the case is stored as an urgent
ticket flagged for a person (never answered with an FAQ); a form in progress is closed and what
was filled in is kept on the ticket.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import TOPIC_INTENTS, latest_entity, latest_topical_intent, off_loop
from actions import applied as applied_reply
from actions.faq import ASKS, STORY_MIN_CHARS, ActionOutOfScope, answer_with, follow_up_entry
from actions.forms import reset_events, values_of
from actions.registry import SPECS
from actions import satisfaction as satisfaction_answers
from bot.common import facts
from bot.common.phones import parse_phone
from bot.cases import tickets, urgency
from bot.cases.forms import read_phone

logger = logging.getLogger(__name__)
# The phone a worker already gave in any form is the one staff will call.
PHONE_SLOTS = tuple(f.slot for spec in SPECS.values() for f in spec.fields if f.read is read_phone)


def _signal(tracker: Tracker) -> urgency.UrgentSignal | None:
    data = (tracker.latest_message or {}).get("urgency")
    if data:
        return urgency.UrgentSignal(data["category"], data["label"], bool(data["life_at_risk"]), data.get("matched", ""))
    return urgency.detect(tracker.latest_message.get("text") or "")


class ActionHandleUrgent(Action):
    def name(self) -> Text:
        return "action_handle_urgent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        signal = _signal(tracker)
        text = tracker.latest_message.get("text") or ""
        if signal is None:  # an "/urgent" payload without words: still treated as urgent
            signal = urgency.UrgentSignal("unspecified", "职工表示情况紧急", True, text)
        dispatcher.utter_message(text=urgency.reply(signal))

        events: List[EventType] = []
        loop = (tracker.active_loop or {}).get("name")
        spec = SPECS.get(loop) if loop else None
        form_values = values_of(tracker, spec) if spec else {}
        phone = next((tracker.get_slot(s) for s in PHONE_SLOTS if tracker.get_slot(s)), None) \
            or parse_phone(latest_entity(tracker, "phone") or text)
        if loop:
            events += [ActiveLoop(None)] + (reset_events(spec) if spec else [SlotSet("requested_slot", None)])

        existing = tracker.get_slot("urgent_ref")
        try:
            if existing:
                await off_loop(tickets.add_note, existing, f"职工又发来紧急信息（{signal.label}）：{text}")
                ref = existing
            else:
                topic = latest_topical_intent(tracker).get("name") or tracker.get_slot("topic")
                receipt = await off_loop(
                    tickets.open_ticket,
                    description=f"【紧急】{signal.label}\n职工原话：{text}",
                    phone=phone or "",
                    category=topic if topic in TOPIC_INTENTS else "general",
                    case_type="urgent",
                    priority="urgent",
                    priority_reasons=[f"紧急信号：{signal.label}（“{signal.matched}”）"],
                    needs_human=True,
                    sender_id=tracker.sender_id,
                    intent="urgent",
                    confidence=1.0,
                    fields={"urgency": signal.category, "life_at_risk": signal.life_at_risk,
                            "form": loop, "form_values": form_values},
                )
                ref = receipt.reference
        except tickets.TicketLimited:
            logger.warning("urgent ticket refused by the ticket limit of a conversation")
            dispatcher.utter_message(text=tickets.limited_reply("这条紧急情况") + "危险时请先打110或120。")
            return events
        except Exception:
            logger.exception("urgent ticket not stored for %s", tracker.sender_id)
            dispatcher.utter_message(text=f"系统记录出了问题，请您务必直接拨打{facts.HOTLINE_NAME}，危险时先打110或120。")
            return events
        if phone:
            dispatcher.utter_message(text=f"我已经把您的情况标为紧急，转给工会工作人员（编号 {ref}），他们会尽快打 {phone} 联系您。")
        else:
            dispatcher.utter_message(text=f"我已经把您的情况标为紧急，转给工会工作人员（编号 {ref}）。方便的话留个手机号，工作人员会尽快打给您。")
        return events + [SlotSet("urgent_ref", ref)]


class ActionInform(Action):
    """A form-style answer outside any form: a phone number for an urgent case, else a pointer."""

    def name(self) -> Text:
        return "action_inform"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if await satisfaction_answers.handle(dispatcher, tracker):  # the satisfaction question's buttons
            return []
        ref = tracker.get_slot("urgent_ref")
        phone = parse_phone(latest_entity(tracker, "phone") or tracker.latest_message.get("text") or "")
        if ref and phone:
            try:
                await off_loop(tickets.add_phone, ref, phone)
            except Exception:
                logger.exception("phone not added to %s", ref)
                dispatcher.utter_message(text=f"号码没有记上，请直接拨打{facts.HOTLINE_NAME}，说明您的编号 " + ref)
                return []
            dispatcher.utter_message(text=f"收到，工作人员会尽快打 {phone} 联系您。着急请直接拨打{facts.HOTLINE}，危险时先打110或120。")
            return []
        topic = tracker.get_slot("topic")
        text = tracker.latest_message.get("text") or ""
        in_form = bool((tracker.active_loop or {}).get("name"))
        if not in_form and ((topic in TOPIC_INTENTS and (applied_reply.tells_facts(text) or ASKS.search(text)))
                            or (len(text) >= STORY_MIN_CHARS and applied_reply.tells_facts(text))):
            # "我是1976年9月出生的 2009年进的厂" after a question on dismissal, "只有聊天记录行不行":
            # more of the worker's own matter, answered as the out-of-scope action answers it within a
            # topic (what the facts mean for them, the figure, the entry that fits), not a bare "收到";
            # and so is a first message that tells a situation ("干了快一年 一直没签合同 月薪9000 能要啥")
            return await ActionOutOfScope().run(dispatcher, tracker, domain)
        found = await follow_up_entry(tracker)  # "我是开网约车的" after a question on joining
        if found is not None:
            return answer_with(dispatcher, found[0], found[1], tracker=tracker)
        dispatcher.utter_message(response="utter_inform_outside_form")
        return []
