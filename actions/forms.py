"""The form engine's Rasa side: validation, the read-back summary, stop and cancel.

Every form is described by a ``FormSpec`` in the domain package (``bot/cases``, ``bot/knowledge``). One validation class per form
reads the answer to the requested field (a message the form cannot use is answered from the FAQ
when it is a question, else re-asked with a clear prompt), chooses the next field (fields apply
conditionally), and handles the summary: confirm, change one field, or cancel.

Messages the form must not swallow (stop, asking for a person, an urgent case) are rejected, so
the conversation's rules handle them.
"""
from __future__ import annotations

import abc
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import TOPIC_INTENTS, answer_index
from actions.registry import SPECS
from bot.cases import situation
from bot.knowledge import answers, faq
from bot.dialogue import readback
from bot.dialogue.readback import Decision
from bot.cases.forms import Answer, FormSpec, Invalid, read_consent
from bot.common import clock
from bot.privacy import consent as privacy
from bot.privacy.retention import notice_years

CONTROL_INTENTS = {"stop", "request_human", "urgent"}
HUMAN_WORDS = re.compile(r"人工|真人|客服|工作人员|人来|找人|律师|接线|坐席|打电话|回电|来电|转接|转一下|联系我|活人")
# Buttons that start something else (from an answer shown before the form started).
NAVIGATION_INTENTS = {"open_case", "start_calculator", "find_course", "enrol_course", "leave_message", "check_ticket_status"}
CANCEL_WORDS = ("不办", "算了", "取消", "不弄了", "不登记", "不申请", "不填", "不要了", "退出", "不报了", "不查了", "不算了", "不想办")
QUESTION_MARKS = ("?", "？", "吗", "怎么", "如何", "什么", "哪", "多少", "能不能", "可不可以", "是不是", "咋")
# A mid-form message is treated as an FAQ question only when the classifier is this sure of a topic
# and the FAQ match is at least the cross-topic threshold.
QUESTION_MIN_CONFIDENCE = 0.5


def answer_of(tracker: Tracker) -> Answer:
    latest = tracker.latest_message or {}
    entities = {}
    for e in latest.get("entities") or []:
        entities.setdefault(e.get("entity"), e.get("value"))
    return Answer(
        text=latest.get("text") or "",
        intent=(latest.get("intent") or {}).get("name"),
        entities=entities,
        today=clock.today(),
    )


def worker_messages(tracker: Tracker) -> List[situation.Message]:
    """The worker's typed messages of this conversation (as far as the tracker window reaches),
    with the entities the NLU found in each."""
    out = []
    for e in tracker.events or []:
        if e.get("event") == "session_started":
            out = []
        if e.get("event") != "user" or not e.get("text") or str(e.get("text")).startswith("/"):
            continue
        ents: Dict[str, List[str]] = {}
        for ent in (e.get("parse_data") or {}).get("entities") or []:
            if isinstance(ent.get("value"), str):
                ents.setdefault(ent.get("entity"), []).append(ent["value"])
        out.append(situation.Message(e["text"], ents))
    return out


def looks_like_question(text: str) -> bool:
    return any(mark in text for mark in QUESTION_MARKS)


async def answer_question(dispatcher: CollectingDispatcher, tracker: Tracker, answer: Answer) -> bool:
    """Answers a mid-form question from the FAQ (no next-step buttons: the form goes on)."""
    intent = (tracker.latest_message or {}).get("intent") or {}
    if answer.is_payload or not looks_like_question(answer.text):
        return False
    if intent.get("name") not in TOPIC_INTENTS and intent.get("name") != "out_of_scope":
        return False
    if intent.get("name") in TOPIC_INTENTS and (intent.get("confidence") or 0) < QUESTION_MIN_CONFIDENCE:
        return False
    try:
        index = await answer_index()
        s = faq.get_settings()
        topic = intent.get("name") if intent.get("name") in TOPIC_INTENTS else None
        result = index.search(answer.text, topic, s.faq_global_threshold, s.faq_global_threshold)
    except Exception:
        return False
    if result.best is None:
        return False
    dispatcher.utter_message(text=answers.format_answer(result.best.faq) + "\n——\n好，我们接着填：")
    return True


def reset_events(spec: FormSpec) -> List[EventType]:
    return [SlotSet(slot, None) for slot in spec.slots] + [SlotSet("requested_slot", None), SlotSet("form_edit", None)]


def values_of(tracker: Tracker, spec: FormSpec) -> Dict[str, Any]:
    return {slot: tracker.get_slot(slot) for slot in spec.slots}


class SpecFormValidation(Action, abc.ABC):
    """``validate_<form>`` for a FormSpec. Subclasses set ``spec`` (which makes them concrete)."""

    @property
    @abc.abstractmethod
    def spec(self) -> FormSpec: ...

    def name(self) -> Text:
        return f"validate_{self.spec.name}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        answer = answer_of(tracker)
        spec = self.spec
        values = values_of(tracker, spec)
        requested = tracker.get_slot("requested_slot")
        consent_answer = requested is not None and requested == spec.consent_slot \
            and answer.intent not in CONTROL_INTENTS and read_consent(answer) is not None
        if answer.intent in CONTROL_INTENTS and not consent_answer and not self._is_answer_not_stop(answer, values, requested) \
                and not self._is_answer_not_human(answer):
            return []  # rejected: the rules for stopping, a person or an urgent case take over
        events: List[EventType] = []
        if requested is not None and requested == spec.consent_slot:
            events += self._consent(dispatcher, values, answer)
        elif requested is None:
            events += self._check_prefilled(dispatcher, tracker, values, answer)
        elif requested == spec.confirm_slot:
            events += await self._confirm(dispatcher, tracker, values, answer)
            if events and events[-1] == SlotSet("requested_slot", None):
                return events  # cancelled at the read-back
        elif spec.field(requested) is not None:
            events += await self._fill(dispatcher, tracker, values, answer, requested)
        events.append(SlotSet("requested_slot", spec.next_slot(values)))
        return events

    def _consent(self, dispatcher: CollectingDispatcher, values: Dict[str, Any], answer: Answer) -> List[EventType]:
        """The worker's answer to the notice, or to the separate consent for a sensitive number.
        Unclear answers change nothing: the notice is shown again."""
        spec, slot = self.spec, self.spec.consent_slot
        choice = read_consent(answer)
        if choice is None:
            return []
        record = values.get(slot)
        pending = spec.pending_sensitive(values)
        if not privacy.agreed(record):
            record = privacy.agree(spec.name) if choice else privacy.decline(spec.name)
            if not choice:
                dispatcher.utter_message(text=privacy.DECLINED)
        elif pending is not None:
            record = privacy.with_sensitive(record, pending.sensitive, choice)
            what = privacy.SENSITIVE_KINDS[pending.sensitive][0]
            if not choice and pending.optional:
                dispatcher.utter_message(text=f"好的，{what}不填了，我们接着办。")
            elif not choice:
                dispatcher.utter_message(text=privacy.SENSITIVE_DECLINED_REQUIRED.format(what=what))
        values[slot] = record
        return [SlotSet(slot, record)]

    def _is_answer_not_stop(self, answer: Answer, values: Dict[str, Any], requested: Optional[str]) -> bool:
        """"不留" to an optional question reads like "stop" to the classifier but is an answer."""
        field = self.spec.field(requested or "")
        if answer.intent != "stop" or field is None or answer.is_payload or any(w in answer.text for w in CANCEL_WORDS):
            return False
        try:
            field.read(answer, values)
        except Invalid:
            return False
        return True

    @staticmethod
    def _is_answer_not_human(answer: Answer) -> bool:
        """"不清楚" to a form question may be classified as asking for a person; only words that
        name a person (人工, 客服, 工作人员, 律师...) or a button make it one."""
        return answer.intent == "request_human" and not answer.is_payload and not HUMAN_WORDS.search(answer.text)

    def _check_prefilled(self, dispatcher: CollectingDispatcher, tracker: Tracker, values: Dict[str, Any],
                         answer: Answer) -> List[EventType]:
        """At the start: slots filled from entities before the form started (e.g. a reference in
        the first message), then every field the worker already told in this conversation
        (bot.cases.situation), read like a direct answer; only what is missing is asked."""
        events: List[EventType] = []
        for f in self.spec.fields:
            if isinstance(values.get(f.slot), str) and values[f.slot]:
                try:
                    values[f.slot] = f.read(Answer(text=values[f.slot], today=answer.today), values)
                except Invalid:
                    values[f.slot] = None
                events.append(SlotSet(f.slot, values[f.slot]))
        told = situation.facts(worker_messages(tracker), today=answer.today)
        return events + self._fill_from_facts(values, told, answer)

    def _fill_from_facts(self, values: Dict[str, Any], told: Dict[str, str], answer: Answer,
                         skip: Optional[str] = None) -> List[EventType]:
        events: List[EventType] = []
        for f in self.spec.fields:
            snippet = told.get(f.fact or "")
            if not snippet or f.slot == skip or values.get(f.slot) is not None or not f.when(values):
                continue
            try:
                values[f.slot] = f.read(Answer(text=snippet, today=answer.today), values)
            except Invalid:
                continue
            events.append(SlotSet(f.slot, values[f.slot]))
        return events

    async def _fill(self, dispatcher, tracker, values, answer: Answer, slot: str) -> List[EventType]:
        field = self.spec.field(slot)
        if answer.is_payload and answer.intent in NAVIGATION_INTENTS:
            dispatcher.utter_message(text=f"您正在填写{self.spec.title}。要先办别的事，请先说「不办了」；我们接着填：")
            values[slot] = None
            return [SlotSet(slot, None)]
        try:
            value = field.read(answer, values)
            if field.free_text and looks_like_question(answer.text) and len(answer.text) <= 30 \
                    and await answer_question(dispatcher, tracker, answer):
                value = None
        except Invalid as exc:
            value = None
            if not await answer_question(dispatcher, tracker, answer):
                dispatcher.utter_message(text=exc.message)
        values[slot] = value
        events: List[EventType] = [SlotSet(slot, value)]
        if value is not None and not answer.is_payload:
            # "八千多 欠了三个月 十几个人": one answer that holds several facts fills them all (the
            # structured ones: a name or a place is only taken when it is the question asked).
            told = {k: v for k, v in situation.facts([situation.Message(answer.text)], today=answer.today).items()
                    if k not in ("employer", "city", "story")}
            events += self._fill_from_facts(values, told, answer, skip=slot)
        return events

    async def _confirm(self, dispatcher, tracker, values, answer: Answer) -> List[EventType]:
        spec, confirm = self.spec, self.spec.confirm_slot
        chosen = spec.field(answer.entities.get("field") or "")
        if chosen is not None:  # a "改xx" button from the edit menu
            values[chosen.slot] = values[confirm] = None
            return [SlotSet(chosen.slot, None), SlotSet(confirm, None)]
        decision = readback.decide(answer.text, intent=answer.intent, is_payload=answer.is_payload)
        if decision is Decision.CONFIRM:
            values[confirm] = True
            return [SlotSet(confirm, True)]
        if decision is Decision.CANCEL:  # the form ends unconfirmed: its submit action stores nothing
            values[confirm] = None
            return [SlotSet(confirm, None), SlotSet("requested_slot", None)]
        text = "" if answer.is_payload else answer.text
        typed = spec.correction_target(text, values) if text else None
        if typed is not None:
            return self._correct(dispatcher, values, answer, typed)
        values[confirm] = None
        if decision in (Decision.CHANGE, Decision.REFUSE):
            return [SlotSet(confirm, None), SlotSet("form_edit", True)]
        if await answer_question(dispatcher, tracker, answer):
            return [SlotSet(confirm, None)]
        dispatcher.utter_message(text="还没有提交。没问题就点「确认提交」；要改哪一项，直接说（比如「电话写错了」）；不办了就说「不办了」。")
        return [SlotSet(confirm, None)]

    def _correct(self, dispatcher, values, answer: Answer, field) -> List[EventType]:
        """"金额是9000不是8000" sets the amount at once; "单位写错了" asks for it again."""
        confirm = self.spec.confirm_slot
        value = None
        if field.inline:
            try:
                value = field.read(answer, values)
            except Invalid:
                value = None
        values[field.slot], values[confirm] = value, None
        if value is not None:
            dispatcher.utter_message(text=f"好的，{field.label}已改为：{field.show(value)}")
        return [SlotSet(field.slot, value), SlotSet(confirm, None)]


class SpecAskConfirm(Action, abc.ABC):
    """``action_ask_<confirm slot>``: reads the summary back, or the edit menu after "要改"."""

    @property
    @abc.abstractmethod
    def spec(self) -> FormSpec: ...

    def intro(self, tracker: Tracker) -> str:
        """Lines shown above the fields (e.g. the course being enrolled in)."""
        return ""

    def name(self) -> Text:
        return f"action_ask_{self.spec.confirm_slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        spec = self.spec
        values = values_of(tracker, spec)
        if tracker.get_slot("form_edit"):
            buttons = [
                {"title": f"改{f.label}", "payload": answers.button_payload("inform", field=f.slot)}
                for f in spec.applicable(values)
            ]
            dispatcher.utter_message(
                text="要改哪一项？点一下，或者直接说（比如「电话写错了」）：",
                buttons=buttons + [{"title": "没问题，提交", "payload": "/affirm"}, {"title": "不办了", "payload": "/stop"}],
            )
            return [SlotSet("form_edit", None)]
        dispatcher.utter_message(
            text=f"请核对您的{spec.title}：\n" + self.intro(tracker) + "\n".join(spec.summary_lines(values)) + "\n确认提交吗？",
            buttons=[
                {"title": "确认提交", "payload": "/affirm"},
                {"title": "要修改", "payload": "/deny"},
                {"title": "不办了", "payload": "/stop"},
            ],
        )
        return []


class ActionAskPrivacyConsent(Action):
    """``action_ask_privacy_consent``: the notice before a form's first personal question, or the
    separate consent before an ID-card or bank-card number (bot/privacy/consent.py)."""

    def name(self) -> Text:
        return f"action_ask_{privacy.SLOT}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        spec = SPECS.get((tracker.active_loop or {}).get("name") or "")
        pending = spec.pending_sensitive(values_of(tracker, spec)) if spec else None
        if pending is not None:
            dispatcher.utter_message(
                text=privacy.sensitive_text(pending.sensitive, optional=pending.optional),
                buttons=[{"title": "同意并填写", "payload": "/affirm"},
                         {"title": "跳过" if pending.optional else "不同意", "payload": "/deny"}],
            )
            return []
        dispatcher.utter_message(
            text=privacy.notice_text(notice_years(), spec.title if spec else ""),
            buttons=[{"title": "同意并继续", "payload": "/affirm"}, {"title": "不同意", "payload": "/deny"}],
        )
        return []


class ActionStop(Action):
    """"不办了": cancels whichever form is active (nothing is stored), else just acknowledges."""

    def name(self) -> Text:
        return "action_stop"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        loop = (tracker.active_loop or {}).get("name")
        spec: Optional[FormSpec] = SPECS.get(loop) if loop else None
        if spec is None and loop:
            dispatcher.utter_message(response="utter_stop_ok")
            return [ActiveLoop(None), SlotSet("requested_slot", None)]
        if spec is None:
            dispatcher.utter_message(response="utter_stop_ok")
            return []
        if spec.confirm_slot:
            dispatcher.utter_message(text=f"好的，{spec.title}没有提交，刚才填的内容也没有保存。需要时随时再找我。")
        else:
            dispatcher.utter_message(text=f"好的，{spec.title}先不算了。需要时随时再找我。")
        return [ActiveLoop(None)] + reset_events(spec)
