"""The trained half of urgency detection: how likely a message is a crisis happening now.

The phrase rules (bot/cases/urgency.py, data/urgency/signals.yml) know the exact wording of
many crises but miss indirect talk (pills bought, standing by the river, a typo in 活不下去) and
fire on questions about the law. A classifier trained on crisis messages and their look-alikes
(data/urgency/examples*.yml: figures of speech, negations, past events asked about as benefits,
injuries asked about as compensation, general legal questions), with every ordinary training
example of the NLU data as a further non-crisis, weighs the whole message. The two decide
together (``decide``):

- probability >= ``high``: urgent, whatever the rules say;
- a rule fires and probability >= ``low``: urgent (the rule's category);
- otherwise not urgent: a rule alone does not raise the alarm on "扣身份证违法吗 以前的老板扣过";
- in between (probability >= ``unsure_at``, or a rule the model half-confirms): the middle tier.
  The message is answered as usual, after a gentle question whether the worker is safe, with the
  numbers (actions/common.py, ``safety_check_line``).

The thresholds were chosen by five-fold cross-validation on the training examples, never on the
blind evaluation set (bench/eval/urgency.yml): high 0.7 / low 0.35 kept 87% of crises caught by the
model alone (the rules add more) with 2.5% false alarms on the look-alikes and 0.44% on ordinary
messages; low 0.25 caught 0.4 points more crises for half as many false alarms again.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from bot.config import DATA_DIR

EXAMPLES_DIR = DATA_DIR / "urgency"  # examples*.yml
HIGH, LOW = 0.7, 0.35
# Between these the message is answered as usual after a gentle safety question (the middle tier).
UNSURE = 0.45
# The examples' kinds, as the reply categories of bot.cases.urgency.
KIND_TO_CATEGORY = {
    "self_harm_direct": "self_harm", "self_harm_indirect": "self_harm", "violence_now": "violence",
    "trapped": "serious_injury", "serious_injury_now": "serious_injury", "locked_in": "forced_labour",
    "documents_held": "detained_documents", "group_action": "group_action",
}


def load_examples(folder: Path = EXAMPLES_DIR) -> list[dict]:
    """Every case of data/urgency/examples*.yml."""
    cases: list[dict] = []
    for path in sorted(folder.glob("examples*.yml")):
        cases += (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("cases") or []
    return cases


def _pipeline(C: float, class_weight):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    from bot.nlu.features import NormalForm, Views, load_dialect_map

    return Pipeline([("normal", NormalForm(load_dialect_map())), ("views", Views(word_weight=0.4, pinyin_weight=0.8)),
                     ("lr", LogisticRegression(C=C, max_iter=3000, class_weight=class_weight))])


@dataclass
class UrgencyModel:
    crisis: object    # binary pipeline: P(crisis now)
    category: object  # which kind of crisis, for the reply
    high: float = HIGH
    low: float = LOW
    unsure_at: float = UNSURE

    @classmethod
    def train(cls, examples: list[dict], ordinary: list[str]) -> "UrgencyModel":
        texts = [c["text"] for c in examples] + list(ordinary)
        labels = [int(bool(c["urgent"])) for c in examples] + [0] * len(ordinary)
        crisis = _pipeline(30.0, "balanced").fit(texts, labels)
        urgent = [c for c in examples if c["urgent"] and c.get("kind") in KIND_TO_CATEGORY]
        category = _pipeline(10.0, None).fit([c["text"] for c in urgent], [KIND_TO_CATEGORY[c["kind"]] for c in urgent])
        return cls(crisis, category)

    def _scorers(self):
        if getattr(self, "_fast", None) is None:
            from bot.nlu.features import FastScorer

            try:
                self._fast = (FastScorer(self.crisis), FastScorer(self.category))
            except (AttributeError, KeyError, TypeError):  # not our pipelines (tests pass stand-ins)
                self._fast = (self.crisis, self.category)
        return self._fast

    def __getstate__(self):  # the fast scorers are rebuilt after loading
        return {k: v for k, v in self.__dict__.items() if k != "_fast"}

    def probability(self, text: str) -> float:
        return float(self._scorers()[0].predict_proba([text])[0, 1])

    def category_of(self, text: str) -> str:
        category = self._scorers()[1]
        probs = category.predict_proba([text])[0] if hasattr(category, "classes_") else None
        return str(category.classes_[int(np.argmax(probs))]) if probs is not None else str(category.predict([text])[0])

    def decide(self, text: str, rule_category: str | None) -> tuple[bool, str | None, float]:
        """(urgent, category, probability)."""
        p = self.probability(text)
        if p >= self.high:
            return True, rule_category or self.category_of(text), p
        if rule_category is not None and p >= self.low:
            return True, rule_category, p
        return False, None, p

    def unsure(self, text: str, p: float, rule_category: str | None) -> str | None:
        """For a message not judged a crisis: the category of the crisis it might be, when the
        model leans that way (p >= unsure_at) or a rule fired that the model did not confirm."""
        if p >= self.unsure_at or (rule_category is not None and p >= self.low / 2):
            return rule_category or self.category_of(text)
        return None
