"""Helpers shared by the actions. No Action subclasses here (each would be registered)."""
from __future__ import annotations

import asyncio
import functools
from typing import Any, Callable, Dict, List, Optional

from rasa_sdk import Tracker

TOPIC_INTENTS = (
    "join_union", "wage_arrears", "legal_aid", "training",
    "work_injury", "labour_contract", "social_insurance", "hardship_aid",
)


async def off_loop(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Runs blocking work (database, ranking) in a thread, so the action server's loop stays free."""
    return await asyncio.get_running_loop().run_in_executor(None, functools.partial(fn, *args, **kwargs))


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
