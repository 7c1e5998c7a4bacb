"""Helpers shared by the actions. No Action subclasses here (each would be registered)."""
from __future__ import annotations

import asyncio
import logging
import functools
from typing import Any, Callable, Dict, List, Optional

from rasa_sdk import Tracker

from bot.common.facts import TOPICS

TOPIC_INTENTS = TOPICS


async def off_loop(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Runs blocking work (database, ranking) in a thread, so the action server's loop stays free."""
    return await asyncio.get_running_loop().run_in_executor(None, functools.partial(fn, *args, **kwargs))


async def answer_index():
    """The FAQ index: at once when it is built and was checked lately; otherwise built or checked
    against the database off the loop. Searching it is computation only (under a millisecond), so
    the actions search on the loop: a thread hand-off cost a tenth of a millisecond each."""
    from bot.knowledge import faq

    return faq.index_cache.fresh() or await off_loop(faq.index_cache.get)


def latest_entity(tracker: Tracker, name: str) -> Optional[str]:
    return next(tracker.get_latest_entity_values(name), None)


def latest_topical_intent(tracker: Tracker) -> Dict[str, Any]:
    """The classification of the worker's latest topical message (the case as they told it)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            intent = (event.get("parse_data") or {}).get("intent") or {}
            if intent.get("name") in TOPIC_INTENTS:
                return intent
    return {}


def worker_texts(tracker: Tracker) -> List[str]:
    """Everything the worker typed in this conversation (button payloads left out)."""
    return [
        e.get("text") or "" for e in tracker.events
        if e.get("event") == "user" and not (e.get("text") or "").startswith("/")
    ]


async def queue_for_review(tracker: Tracker, reason: str) -> None:
    """Puts the worker's latest message in the console's review queue (never fails the turn)."""
    from bot.console import review

    intent = tracker.latest_message.get("intent") or {}
    ranking = tracker.latest_message.get("intent_ranking") or []
    # After the fallback the intent is nlu_fallback: the classifier's own best guess is next.
    guess = next((r for r in ranking if r.get("name") not in ("nlu_fallback", None)), intent)
    try:
        await off_loop(review.record, tracker.latest_message.get("text") or "", sender_id=tracker.sender_id,
                       intent=guess.get("name"), confidence=guess.get("confidence"), reason=reason)
    except Exception:  # the answer matters more than the review queue
        logging.getLogger(__name__).exception("review item not stored")


def is_low_confidence(tracker: Tracker) -> bool:
    from bot.console.review import LOW_CONFIDENCE

    intent = tracker.latest_message.get("intent") or {}
    text = tracker.latest_message.get("text") or ""
    return bool(text) and not text.startswith("/") and intent.get("confidence") is not None \
        and float(intent["confidence"]) < LOW_CONFIDENCE


SAFETY_CHECK_OPENING = "先问您一句："  # the gentle question of the middle tier


def safety_check_line(tracker: Tracker) -> str | None:
    """The urgency detector's middle tier (bot/nlu/urgency_detector.py): a message that may signal a
    crisis, but not surely, is answered as usual after this gentle question with the numbers."""
    check = (tracker.latest_message or {}).get("safety_check")
    if not isinstance(check, dict):
        return None
    if check.get("category") == "self_harm":
        line = (f"{SAFETY_CHECK_OPENING}您现在还好吗？心里难受、有伤害自己的念头时，可以随时打12356心理援助热线；"
                "有危险请马上打110或120。您的问题我接着说：")
    else:
        line = (f"{SAFETY_CHECK_OPENING}您现在安全吗？如果有人威胁您、不让您离开，或者有人受了重伤，请马上打110或120。"
                "您的问题我接着说：")
    if any(e.get("event") == "bot" and line in (e.get("text") or "") for e in tracker.events or []):
        return None  # asked already in this conversation: the worker has the numbers
    return line
