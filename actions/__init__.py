"""Rasa SDK actions: thin adapters over the bot/ services.

Every action's answer first tells the worker about a case stored while its confirmation was lost
(bot/cases/receipts.py): that check costs a query only in a conversation whose window holds the
failure apology. It also tells, once, a staff member's public reply or status change on one of the
conversation's tickets that has not reached the chat yet (bot/cases/conversation.py); after a
reply, the worker's next message is taken as the answer (the `handoff` slot reads `reply:<ref>`).

When the action server imports this package it starts building the answer index in the
background (BM25, the learned reranker, the law articles), so that the first worker's question
does not wait for it; a question that comes earlier waits on the same build.
"""
import logging
import os
import sys
import threading

import bot  # noqa: F401  (masks personal data in every log record of the process: bot/common/log_privacy.py)


def _warm() -> None:
    try:
        from bot.knowledge import faq, laws

        faq.index_cache.get()
        laws.article_index()
    except Exception:  # no database yet: the first question builds it, or says the service is down
        logging.getLogger(__name__).info("answer index not warmed", exc_info=True)


# Only in the action server ("rasa run actions"): tests and tools import this package too.
if "actions" in sys.argv[1:3] and "run" in sys.argv[1:2]:
    os.umask(0o077)  # files the action server makes are the user's only
    if os.environ.get("UNION_WARM_ANSWERS", "1") != "0":
        threading.Thread(target=_warm, name="warm-answers", daemon=True).start()


async def _case_notices(tracker: dict, result: dict) -> list:
    """Staff replies and status changes the worker has not seen, as texts; after a reply the
    conversation waits for the worker's answer (unless a person has it live, or the action itself
    set the slot)."""
    from rasa_sdk.events import SlotSet

    from actions.common import off_loop
    from bot.cases import conversation

    sender = tracker.get("sender_id") or ""
    try:
        if conversation.nothing_pending(sender):
            return []
        pending = await off_loop(conversation.take_pending, sender)
    except Exception:  # noqa: BLE001 - the action's own answer must still go out
        logging.getLogger(__name__).warning("could not check for staff replies", exc_info=True)
        return []
    replies = [n for n in pending if n.kind == "reply"]
    state = (tracker.get("slots") or {}).get("handoff")
    sets_slot = any(e.get("event") == "slot" and e.get("name") == "handoff" for e in result.get("events") or [])
    if replies and state not in ("waiting", "live") and not sets_slot:
        result["events"] = list(result.get("events") or []) + [SlotSet("handoff", conversation.reply_state(replies[-1].reference))]
    return [n.later_text() for n in pending]


def _install_receipts() -> None:
    from rasa_sdk.executor import ActionExecutor

    if getattr(ActionExecutor.run, "_union_receipts", False):
        return
    original = ActionExecutor.run

    async def run(self, action_call):
        result = await original(self, action_call)
        if result is not None:
            try:
                from bot.cases import receipts

                notes = receipts.unannounced(action_call.get("tracker") or {})
            except Exception:  # noqa: BLE001 - the action's own answer must still go out
                logging.getLogger(__name__).warning("could not check for unannounced cases", exc_info=True)
                notes = []
            notes += await _case_notices(action_call.get("tracker") or {}, result)
            if notes:
                result["responses"] = [{"text": n} for n in notes] + list(result.get("responses") or [])
        return result

    run._union_receipts = True
    ActionExecutor.run = run


_install_receipts()
