"""Marks messages that signal danger or crisis as the ``urgent`` intent, in any dialogue state.

Runs last in the NLU pipeline, after the intent classifier and the fallback: whatever the
classifier thought, a crisis becomes ``urgent`` with confidence 1.0, and its category is attached
as ``urgency``. The classifier's own ranking is kept below it for the record.

A crisis is decided by the phrase rules (``bot.cases.urgency``) and a classifier trained on
``data/urgency/examples*.yml`` together (``bot.nlu.urgency_model``): the classifier catches
indirect crisis talk the rules miss, and keeps a rule from raising the alarm on a legal or
benefits question. Without a trained model (an old model file), the rules decide alone.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.urgency_model import UrgencyModel, load_examples
from bot.cases import urgency

logger = logging.getLogger(__name__)
MODEL_FILE = "urgency_model.joblib"

URGENT_INTENT = "urgent"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class UrgencyDetector(GraphComponent):
    def __init__(self, model_storage: ModelStorage | None = None, resource: Resource | None = None,
                 model: UrgencyModel | None = None) -> None:
        self._model_storage, self._resource, self.model = model_storage, resource, model

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> str | None:
        """Retrain when the examples, the word list or the code change (Rasa's cache sees none)."""
        from bot.nlu import features, urgency_model

        return features.files_fingerprint(*sorted(urgency_model.EXAMPLES_DIR.glob("examples*.yml")),
                                          features.DIALECT_FILE, features.__file__, urgency_model.__file__)

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "UrgencyDetector":
        return cls(model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        # Every ordinary training example (not a button, not a crisis) is a further non-crisis.
        ordinary = [m.get(TEXT) for m in training_data.intent_examples
                    if m.get(TEXT) and not m.get(TEXT).startswith("/") and m.get(INTENT) != URGENT_INTENT]
        self.model = UrgencyModel.train(load_examples(), ordinary)
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump(self.model, directory / MODEL_FILE)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "UrgencyDetector":
        try:
            with model_storage.read_from(resource) as directory:
                model = joblib.load(directory / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            model = None
        return cls(model_storage, resource, model)

    def assess(self, text: str) -> tuple[urgency.UrgentSignal | None, str | None]:
        """(the crisis in the message or None, the category of a possible crisis worth a gentle
        safety question while the message is answered as usual, or None)."""
        rule = urgency.detect(text)
        if self.model is None or not text.strip() or text.strip().startswith("/"):
            return rule, None
        try:
            urgent, category, p = self.model.decide(text, rule.category if rule else None)
            unsure = None if urgent else self.model.unsure(text, p, rule.category if rule else None)
        except Exception:  # never let the detector take the conversation down
            logger.exception("urgency model failed; rules alone")
            return rule, None
        if not urgent:
            return None, unsure
        if rule is not None and rule.category == category:
            return rule, None
        label, life_at_risk = urgency.CATEGORIES.get(category, ("紧急情况", True))
        return urgency.UrgentSignal(category, label, life_at_risk, f"p={p:.2f}"), None

    def signal(self, text: str) -> urgency.UrgentSignal | None:
        """The crisis in the message, or None: rules and the trained model together."""
        return self.assess(text)[0]

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            signal, unsure = self.assess(message.get(TEXT) or "")
            if signal is None:
                if unsure is not None:  # answered as usual, after a gentle question (actions/common.py)
                    message.set("safety_check", {"category": unsure}, add_to_output=True)
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
