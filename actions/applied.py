"""Replies that say what the law means for this worker (bot/knowledge/applied.py).

From everything the worker has said in the conversation (``bot/cases/profile.py``) the rules find
what applies to them: that a dismissal during pregnancy is unlawful, that a nanny hired by a family
is not under labour law, the retirement month under the 2025 reform, the figure owed. The reply
says that first, then what to do and the case registration, then the basis once; the caveat that
this is general information comes once per conversation, and again wherever a conclusion is drawn.
When a fact that changes the answer is missing, the one question for it ends the reply, and it is
never asked twice.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.cases import profile as profiles
from bot.common import clock
from bot.knowledge import answers, applied

# A conclusion about the worker's own case: said with it every time.
CONCLUSION_CAVEAT = "这是按您说的情况作的初步判断，具体以仲裁委、法院认定为准；不清楚的地方可以再问我或找工作人员。"
# The case registration that fits a topic's dispute when the topic has no form of its own.
CASE_FOR = {"labour_contract": "legal_aid", "social_insurance": "legal_aid"}


def worker_messages(tracker: Tracker) -> list[str]:
    """What the worker typed in this conversation, oldest first (button payloads carry no facts)."""
    return [e.get("text") or "" for e in tracker.events or []
            if e.get("event") == "user" and not (e.get("text") or "").startswith("/")]


def bot_said(tracker: Tracker, words: str) -> bool:
    """Whether an earlier reply of this conversation already said ``words``."""
    return any(words in (e.get("text") or "") for e in tracker.events or [] if e.get("event") == "bot")


def asked_fields(tracker: Tracker) -> frozenset[str]:
    """The facts the bot has already asked for in this conversation: never asked twice."""
    said = "\n".join(e.get("text") or "" for e in tracker.events or [] if e.get("event") == "bot")
    return frozenset(field for field, question in applied.questions() if question in said)


def situation(tracker: Tracker, text: str) -> applied.Applied:
    """What the rules say for this worker, with the latest message ``text``."""
    today = clock.today()
    told = profiles.read(worker_messages(tracker), today)
    return applied.apply(told, text, today, asked=asked_fields(tracker))


def general_caveat_due(tracker: Tracker) -> bool:
    """The general-information caveat: once per conversation."""
    return not bot_said(tracker, answers.DISCLAIMER)


def _case_button(topic: str | None) -> list[dict]:
    return answers.next_step_buttons_for_topic(CASE_FOR.get(topic or "", topic))


def compose(found: applied.Applied) -> str:
    """The lead finding: what it means for the worker, the figure, what to do, the basis once,
    the caveat with a conclusion, then the one question."""
    lead = found.findings[0]
    parts = [lead.conclusion]
    parts += list(lead.figure)
    if lead.steps:
        parts.append("接下来可以这样做：")
        parts += [f"{n}. {step}" for n, step in enumerate(lead.steps, 1)]
    notes = [f.conclusion for f in found.findings[1:] if f.kind == "note"]
    parts += ["另外：" + note for note in notes]
    basis = list(dict.fromkeys(b for f in found.findings for b in f.basis))
    if basis:
        parts.append("依据：" + "；".join(basis))
    if lead.kind == "verdict":
        parts.append(CONCLUSION_CAVEAT)
    if found.ask is not None:
        parts.append(found.ask.question)
    return "\n".join(parts)


def leads(found: applied.Applied, tracker: Tracker, text: str) -> bool:
    """Whether a finding leads the reply: a conclusion, a caution or a question that must come
    first, and not one already said unless this message told something new."""
    if not found.findings or found.findings[0].kind not in ("verdict", "caution", "gate"):
        return False
    if bot_said(tracker, found.findings[0].conclusion):
        return bool(profiles.read_one(text, clock.today()).known())
    return True


# "那我现在咋办", "下一步呢": the worker asks what to do about what they told before.
_WHAT_NOW = re.compile(r"咋办|怎么办|咋整|怎么整|怎么弄|咋弄|怎么做|咋做|该咋|该怎|下一步|然后呢|接下来|去哪|找谁|能要|要多少|赔多少|给多少")


def asks_about_it(text: str) -> bool:
    """Whether a message without new facts asks about the situation already told (what to do, how
    much); a new question ("产假多少天") is not: it gets its own answer."""
    return bool(_WHAT_NOW.search(text))


def tells_facts(text: str) -> bool:
    """Whether the message states something about the worker's situation."""
    return bool(profiles.read_one(text, clock.today()).known())


def reply(dispatcher: CollectingDispatcher, found: applied.Applied, topic: str | None,
          related: list[dict] | None = None) -> List[Dict[Text, Any]]:
    """Sends the applied answer, with the case registration that fits and ``related`` entries."""
    lead = found.findings[0]
    case_topic = lead.case_topic or topic
    buttons = _case_button(case_topic) + (related or []) + [answers.LEAVE_MESSAGE_BUTTON]
    dispatcher.utter_message(text=compose(found), buttons=buttons)
    return [SlotSet("topic", topic or lead.case_topic)]


def follow_up(dispatcher: CollectingDispatcher, found: applied.Applied, topic: str | None) -> List[Dict[Text, Any]]:
    """"那我现在咋办" after the conclusion was given: what to do (and the figure, and the question
    still open), without repeating the conclusion and its basis."""
    lead = found.findings[0]
    parts = ["按您前面说的情况："] + list(lead.figure)
    if lead.steps:
        parts.append("接下来可以这样做：")
        parts += [f"{n}. {step}" for n, step in enumerate(lead.steps, 1)]
    else:
        parts.append(lead.conclusion)
    if found.ask is not None:
        parts.append(found.ask.question)
    case_topic = lead.case_topic or topic
    dispatcher.utter_message(text="\n".join(parts),
                             buttons=_case_button(case_topic) + [answers.LEAVE_MESSAGE_BUTTON,
                                                                 {"title": "找人工", "payload": "/request_human"}])
    return [SlotSet("topic", topic or lead.case_topic)]


def with_notes(text: str, found: applied.Applied) -> str:
    """A curated answer that fits, with what applies to this worker added (notes) and the one
    question that would let the bot say more."""
    notes = [f.conclusion for f in found.findings if f.kind == "note"]
    extra = ["另外，按您说的情况：" + n for n in notes]
    if found.ask is not None:
        extra.append(found.ask.question)
    return "\n".join([text] + extra) if extra else text
