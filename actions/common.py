"""Helpers shared by the actions. No Action subclasses here (each would be registered)."""
from __future__ import annotations

import asyncio
import functools
from typing import Any, Callable, Optional

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
