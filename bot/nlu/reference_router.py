"""A message that carries a case reference (GH-/RH-/PX-…) asks about that case.

"GH-7KQ4-M9ZP 咋样了", "我的编号RH-3MX8-2KPQ", or a bare reference pasted from an SMS: whatever
the classifier made of the words around it, the worker is asking about something already filed,
so the message becomes ``check_ticket_status`` and the status lookup starts with that reference.
Asking for a person, an urgent message and a form's read-back keep their meaning (the reference
then only travels along as an entity). Nothing is trained.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

STATUS_INTENT = "check_ticket_status"
# Intents a reference does not override: a person, a crisis, a yes/no or stop (a form's read-back).
KEEP = {"request_human", "urgent", "affirm", "deny", "stop", STATUS_INTENT}
MAX_CHARS = 60  # a long story that mentions an old reference is still a story


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ReferenceRouter(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "ReferenceRouter":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            intent = (message.get(INTENT) or {}).get("name")
            has_ref = any(e.get("entity") == "ticket_ref" for e in message.get(ENTITIES) or [])
            if not has_ref or intent in KEEP or text.startswith("/") or len(text) > MAX_CHARS:
                continue
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != STATUS_INTENT]
            message.set(INTENT, {"name": STATUS_INTENT, "confidence": 1.0}, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [{"name": STATUS_INTENT, "confidence": 1.0}] + ranking, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
