from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker


def tracker(
    text: str = "",
    intent: str | None = None,
    confidence: float = 0.9,
    entities: list[dict] | None = None,
    slots: dict[str, Any] | None = None,
    ranking: list[tuple[str, float]] | None = None,
    events: list[dict] | None = None,
    active_loop: str | None = None,
    sender_id: str = "test-user",
) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": entities or [],
        "intent_ranking": [{"name": n, "confidence": c} for n, c in (ranking or [])],
    }
    base_slots = {"topic": None, "last_faq": None, "ticket_description": None, "ticket_phone": None,
                  "ticket_confirm": None, "requested_slot": None}
    base_slots.update(slots or {})
    evs = events if events is not None else [{"event": "user", "text": text, "parse_data": latest}]
    return Tracker(sender_id, base_slots, latest, evs, False, None, {"name": active_loop} if active_loop else {}, "action_listen")


def entity(name: str, value: str) -> dict:
    return {"entity": name, "value": value, "start": 0, "end": 0}


def said(text: str, intent: str = "labour_contract", confidence: float = 0.9) -> dict:
    """A worker's message as the tracker keeps it."""
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent, "confidence": confidence}}}


def bot(text: str) -> dict:
    """A reply of the bot as the tracker keeps it."""
    return {"event": "bot", "text": text}


async def run(action, text, intent="labour_contract", confidence=0.9, before=(), slots=None):
    """Runs ``action`` on ``text`` after the events ``before``: the messages sent and the slots set."""
    from rasa_sdk.executor import CollectingDispatcher

    t = tracker(text, intent, confidence, events=[*before, said(text, intent, confidence)], slots=slots)
    d = CollectingDispatcher()
    events = await action.run(d, t, {})
    return d.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}
