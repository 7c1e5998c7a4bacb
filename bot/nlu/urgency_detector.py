"""Marks messages that signal danger or crisis as the ``urgent`` intent, in any dialogue state.

Runs last in the NLU pipeline, after the intent classifier and the fallback: whatever the
classifier thought, a message with an urgent signal (``bot.services.urgency``) becomes
``urgent`` with confidence 1.0, and the signal's category is attached as ``urgency``. The
classifier's own ranking is kept below it for the record. Nothing is trained.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.services import urgency

URGENT_INTENT = "urgent"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class UrgencyDetector(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "UrgencyDetector":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            signal = urgency.detect(message.get(TEXT) or "")
            if signal is None:
                continue
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != URGENT_INTENT]
            message.set(INTENT, {"name": URGENT_INTENT, "confidence": 1.0}, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [{"name": URGENT_INTENT, "confidence": 1.0}] + ranking, add_to_output=True)
            message.set(
                "urgency",
                {"category": signal.category, "label": signal.label, "life_at_risk": signal.life_at_risk,
                 "matched": signal.matched},
                add_to_output=True,
            )
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
