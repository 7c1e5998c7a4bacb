"""Drives a form's validation action the way Rasa's FormAction does, one worker message at a time."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.cases.forms import FormSpec
from bot.privacy import consent as privacy


@dataclass
class FormDriver:
    spec: FormSpec
    validation: Any
    ask_confirm: Any = None
    slots: dict[str, Any] = field(default_factory=dict)
    sender_id: str = "worker-1"
    history: list[dict] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)
    rejected: bool = False
    # Most tests are about the form's questions: the worker has agreed to the privacy notice (and
    # skipped any sensitive number). Tests of the notice itself pass consent=None.
    consent: Any = "agreed"

    def __post_init__(self) -> None:
        given = {}
        if self.spec.consent_slot and self.consent == "agreed":
            record = privacy.agree(self.spec.name)
            for f in self.spec.fields:
                if f.sensitive:
                    record = privacy.with_sensitive(record, f.sensitive, False)
            given = {self.spec.consent_slot: record}
        base = {s: None for s in self.spec.slots} | given | self.slots
        self.slots = base | {"requested_slot": self.spec.next_slot(base), "form_edit": None} | self.slots

    @property
    def requested(self) -> str | None:
        return self.slots.get("requested_slot")

    def tracker(self, text: str, intent: str, entities: dict | None = None, confidence: float = 0.9) -> Tracker:
        latest = {
            "text": text,
            "intent": {"name": intent, "confidence": confidence},
            "entities": [{"entity": k, "value": v, "start": 0, "end": 0} for k, v in (entities or {}).items()],
        }
        self.history.append({"event": "user", "text": text, "parse_data": latest})
        return Tracker(self.sender_id, dict(self.slots), latest, list(self.history), False, None,
                       {"name": self.spec.name}, "action_listen")

    async def say(self, text: str, intent: str = "inform", entities: dict | None = None, confidence: float = 0.9) -> list[str]:
        d = CollectingDispatcher()
        events = await self.validation.run(d, self.tracker(text, intent, entities, confidence), {})
        self.rejected = events == []
        for e in events:
            if e.get("event") == "slot":
                self.slots[e["name"]] = e["value"]
        out = [m.get("text") or "" for m in d.messages]
        if self.requested == self.spec.confirm_slot and self.ask_confirm is not None:
            d2 = CollectingDispatcher()
            for e in await self.ask_confirm.run(d2, self.tracker_only(), {}):
                if e.get("event") == "slot":
                    self.slots[e["name"]] = e["value"]
            out += [m.get("text") or "" for m in d2.messages]
            self.last_buttons = [b for m in d2.messages for b in m.get("buttons") or []]
        self.replies = out
        return out

    def tracker_only(self) -> Tracker:
        latest = self.history[-1]["parse_data"] if self.history else {}
        return Tracker(self.sender_id, dict(self.slots), latest, list(self.history), False, None,
                       {"name": self.spec.name}, "action_listen")

    def final_tracker(self) -> Tracker:
        return Tracker(self.sender_id, dict(self.slots), self.history[-1]["parse_data"], list(self.history), False,
                       None, {}, self.spec.name)
