"""Handing a conversation to a person, and relaying the worker's messages while one has it.

`action_request_human`: in office hours, open (or link) a ticket and a waiting handoff; the bot
then stays silent (`bot/dialogue/handoff_policy.py`) until an officer hands back through the
console. Out of hours, the worker is told when the union will call back, and the case waits as a
ticket (an existing one in this conversation, or a message left now).
"""
from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import TOPIC_INTENTS, latest_topical_intent, off_loop, worker_texts
from bot.common import facts
from bot.common.phones import parse_phone
from bot.cases import conversation, tickets
from bot.handoff import handoff, office_hours
from bot.console import alerts, routing
from bot.common.facts import TOPIC_LABELS
from bot.common import clock

logger = logging.getLogger(__name__)

# Said while waiting for (or talking to) a person: the worker wants to stop.
_END_WORDS = re.compile(r"不等了|不用了|算了|取消人工|结束人工|不要人工|结束对话|退出人工|转回机器人|找机器人")


def _summary(tracker: Tracker) -> str:
    said = [t for t in worker_texts(tracker) if t.strip()][-5:]
    topic = latest_topical_intent(tracker).get("name") or tracker.get_slot("topic")
    head = f"话题：{TOPIC_LABELS.get(topic, '未分类')}" if topic else "话题：未分类"
    return head + ("\n职工说：\n" + "\n".join(f"· {t}" for t in said) if said else "")


def _open_ticket_for_handoff(tracker: Tracker, summary: str) -> str:
    topic = latest_topical_intent(tracker).get("name") or tracker.get_slot("topic")
    receipt = tickets.open_ticket(
        description=summary, phone="", category=topic if topic in TOPIC_INTENTS else "general",
        case_type="handoff", needs_human=True, sender_id=tracker.sender_id,
        intent=(tracker.latest_message.get("intent") or {}).get("name"),
        confidence=(tracker.latest_message.get("intent") or {}).get("confidence"),
    )
    return receipt.reference


def _start(tracker: Tracker) -> handoff.HandoffView:
    summary = _summary(tracker)
    view = handoff.start(tracker.sender_id, reason="request_human", summary=summary)
    if view.created and view.ticket_reference is None:
        try:
            ref = _open_ticket_for_handoff(tracker, summary)
        except tickets.TicketLimited:  # the handoff goes on; staff see the conversation in the inbox
            logger.warning("handoff without a ticket: the conversation's ticket limit is reached")
            return view
        handoff.attach_ticket(view.id, ref)
        view = handoff.get(view.id)
    if view.created:  # the on-call group hears of a waiting worker (where configured)
        alerts.notify("handoff", view.ticket_reference)
    return view


class ActionRequestHuman(Action):
    def name(self) -> Text:
        return "action_request_human"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        events: List[EventType] = []
        if tracker.active_loop.get("name"):
            events += [ActiveLoop(None), SlotSet("requested_slot", None)]
        schedule = office_hours.current_schedule()
        try:
            if not schedule.is_open(clock.now()):
                when = schedule.describe_next_opening(clock.now())
                # Recorded on the conversation's open ticket for a call-back at opening (console: 待回电);
                # without one, the message the worker leaves now is marked (actions/tickets.py).
                existing = await off_loop(routing.request_callback, tracker.sender_id, when)
                if existing:
                    dispatcher.utter_message(
                        text=f"现在不是人工服务时间（{schedule.describe()}）。您的编号 {existing} 已经登记，"
                             f"工作人员会在{when}上班后按顺序联系您。着急请拨打{facts.HOTLINE_NAME}，危险时请先打110或120。")
                    return events
                dispatcher.utter_message(
                    text=f"现在不是人工服务时间（{schedule.describe()}）。请留下您的问题和电话，"
                         f"工作人员{when}上班后会给您回电。着急请拨打{facts.HOTLINE_NAME}。")
                return events + [FollowupAction("leave_message_form")]
            view = await off_loop(_start, tracker)
        except Exception:
            logger.exception("handoff not started for %s", tracker.sender_id)
            dispatcher.utter_message(text=f"转人工没有成功，请稍后再试，或直接拨打{facts.HOTLINE_NAME}。")
            return events
        ref = f"（编号 {view.ticket_reference}）" if view.ticket_reference else ""
        dispatcher.utter_message(
            text=f"好的，正在为您转接工作人员{ref}。工作人员接入后会直接在这里回复您，请稍等。\n"
                 "等待时您可以先把情况说清楚，工作人员都能看到。不想等了可以说“不等了”。",
            json_message={"data": {"kind": "notice", "handoff": "waiting", "text": "等待工作人员接入…"}},
        )
        return events + [SlotSet("handoff", "waiting")]


class ActionHandoffRelay(Action):
    """A worker's message while a person has the conversation: the console reads it from the
    transcript; here it is marked unread, checked for the wish to stop, for a phone number the
    ticket lacks, and for urgency (the ticket is raised to urgent)."""

    def name(self) -> Text:
        return "action_handoff_relay"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        text = tracker.latest_message.get("text") or ""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        reference = conversation.replying_to(tracker.get_slot("handoff"))
        if reference:
            return await self._answer(dispatcher, tracker, reference, text)
        try:
            if intent == "stop" or _END_WORDS.search(text):
                await off_loop(handoff.end_by_worker, tracker.sender_id)
                dispatcher.utter_message(
                    text="好的，人工服务已结束。您的问题已经登记，有需要工作人员还会联系您。还有别的问题可以继续问我。",
                    json_message={"data": {"kind": "notice", "handoff": "ended", "text": "人工服务已结束"}},
                )
                return [SlotSet("handoff", None)]
            view = await off_loop(handoff.touch, tracker.sender_id, intent == "urgent")
        except Exception:
            logger.exception("handoff relay failed for %s", tracker.sender_id)
            return []
        if view is None:  # handed back while this message was on its way: the bot answers again
            dispatcher.utter_message(text="人工服务已经结束了。您可以把问题再发一次，我来回答。")
            return [SlotSet("handoff", None)]
        phone = parse_phone(text)
        if phone and view.ticket_reference:
            ticket = await off_loop(tickets.get_ticket, view.ticket_reference)
            if ticket is not None and not ticket.contact_phone:
                await off_loop(tickets.add_phone, view.ticket_reference, phone)
        if intent == "urgent" and view.status == "waiting":
            dispatcher.utter_message(text=f"我已经把您的情况标为紧急，工作人员会优先接入。危险时请先拨打110或120，也可以拨打{facts.HOTLINE_NAME}。")
        return []

    @staticmethod
    async def _answer(dispatcher: CollectingDispatcher, tracker: Tracker, reference: str, text: str) -> List[EventType]:
        """The worker's answer to a staff member's public reply on a ticket (bot/cases/conversation.py)."""
        try:
            recorded = await off_loop(conversation.record_answer, reference, tracker.sender_id, text)
        except Exception:
            logger.exception("answer to ticket not recorded for %s", tracker.sender_id)
            recorded = False
        if recorded:
            dispatcher.utter_message(text=f"已经转给工作人员了（工单 {reference}）。工作人员有回复会在这里告诉您；"
                                          "还有别的问题可以接着问我。")
        else:
            dispatcher.utter_message(text=f"这条消息没能转给工作人员，请再说一次，或者拨打{facts.HOTLINE_NAME}。")
        return [SlotSet("handoff", None)]
