"""The satisfaction question's buttons and the worker's comment (bot/console/satisfaction.py).

Helpers called by `action_inform` (actions/urgent.py): the buttons are `/inform` payloads with
`choice` and `ticket_ref`; the typed message after 写几句意见 reaches `action_inform` through
bot/dialogue/handoff_policy.py. No Action classes here.
"""
from __future__ import annotations

import logging

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_entity, off_loop
from bot.common import facts
from bot.console import satisfaction

logger = logging.getLogger(__name__)


def _previous_user_entities(tracker: Tracker) -> list:
    users = [e for e in tracker.events if e.get("event") == "user"]
    return ((users[-2].get("parse_data") or {}).get("entities") or []) if len(users) >= 2 else []


async def handle(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Answers a satisfaction button or stores a comment; False when the message is neither."""
    latest = tracker.latest_message or {}
    ref = satisfaction.pending_comment(_previous_user_entities(tracker), latest.get("text"),
                                       (latest.get("intent") or {}).get("name"))
    if ref:
        try:
            await off_loop(satisfaction.add_comment, ref, tracker.sender_id, latest.get("text") or "")
        except satisfaction.NotYours:
            return False
        except Exception:
            logger.exception("comment not stored")
            dispatcher.utter_message(text=f"抱歉，意见没有记上。您可以拨打{facts.HOTLINE}告诉我们。")
            return True
        dispatcher.utter_message(text="谢谢，您的意见已经记下，工作人员会看到。还有别的问题可以继续问我。")
        return True
    choice, ref = latest_entity(tracker, "choice"), latest_entity(tracker, "ticket_ref")
    if choice not in satisfaction.CHOICES or not ref:
        return False
    try:
        nxt = await off_loop(satisfaction.answer, ref, tracker.sender_id, choice)
    except satisfaction.NotYours:
        dispatcher.utter_message(text="这个评价已经不能再填了，谢谢您。还有别的问题可以继续问我。")
        return True
    except Exception:
        logger.exception("satisfaction answer not stored")
        dispatcher.utter_message(text="抱歉，评价没有记上，请稍后再点一次。")
        return True
    if nxt is None:
        dispatcher.utter_message(text="好的，谢谢您！还有别的问题可以随时问我。")
    else:
        dispatcher.utter_message(text=nxt["text"], buttons=nxt.get("buttons") or [])
    return True
