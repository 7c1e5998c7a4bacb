"""Messages the bot was unsure about, labelled by staff and exported for retraining.

Recorded by the actions: the two-stage fallback (the classifier could not decide) and answers
given on a low classification confidence. Staff pick the right intent in the console; the
labelled messages export as a Rasa NLU YAML file (`nlu:` / `- intent:` / `examples: |`), to be
reviewed and merged into `data/nlu/` by whoever maintains the training data.
"""
from __future__ import annotations

from collections import defaultdict

import yaml
from sqlalchemy import select

from bot.db.models import ReviewItem, utcnow
from bot.db.session import session_scope
from bot.common.facts import INTENT_LABELS
from bot.common.pii import mask_text

# Answers below this classification confidence are queued for review (measured thresholds:
# the fallback itself is at 0.25; bench/NLU_PIPELINES.md).
LOW_CONFIDENCE = 0.5
STATUSES = ("open", "labelled", "dismissed")
# Intents staff can pick in the review queue: what a typed message can mean.
INTENTS = [i for i in INTENT_LABELS if i not in ("nlu_fallback", "urgent")]


class ReviewError(Exception):
    pass


def record(text: str, *, sender_id: str | None, intent: str | None, confidence: float | None,
           reason: str = "fallback", db_url: str | None = None) -> int | None:
    """Queues a message for review; button payloads and empty texts are not worth it."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return None
    with session_scope(db_url) as s:
        item = ReviewItem(sender_id=sender_id, text=text[:1000], predicted_intent=intent,
                          confidence=None if confidence is None else f"{confidence:.3f}", reason=reason)
        s.add(item)
        s.flush()
        return item.id


def list_items(status: str = "open", limit: int = 200, db_url: str | None = None) -> list[ReviewItem]:
    with session_scope(db_url) as s:
        q = select(ReviewItem)
        if status in STATUSES:
            q = q.where(ReviewItem.status == status)
        order = ReviewItem.created_at.desc() if status != "open" else ReviewItem.created_at.asc()
        return list(s.execute(q.order_by(order, ReviewItem.id).limit(limit)).scalars().all())


def label(item_id: int, intent: str | None, actor: str, *, known_intents: set[str],
          db_url: str | None = None) -> ReviewItem:
    """`intent` None dismisses the item (not a real enquiry, or nothing fits)."""
    if intent is not None and intent not in known_intents:
        raise ReviewError("没有这个意图")
    with session_scope(db_url) as s:
        item = s.get(ReviewItem, item_id)
        if item is None:
            raise ReviewError("没有这条消息")
        item.status = "labelled" if intent else "dismissed"
        item.label = intent
        item.labelled_by, item.labelled_at = actor, utcnow()
        return item


def export_nlu_yaml(db_url: str | None = None) -> str:
    """The labelled messages as Rasa NLU training data (version 3.1), one block per intent."""
    by_intent: dict[str, list[str]] = defaultdict(list)
    with session_scope(db_url) as s:
        for item in s.execute(select(ReviewItem).where(ReviewItem.status == "labelled")
                              .order_by(ReviewItem.label, ReviewItem.id)).scalars():
            text = mask_text(" ".join(item.text.split()))  # no worker's number goes into training data
            if text not in by_intent[item.label]:
                by_intent[item.label].append(text)
    lines = ['version: "3.1"', "# Exported from the console's review queue: check each line before merging into data/nlu/.", "nlu:"]
    for intent in sorted(by_intent):
        lines.append(f"- intent: {intent}")
        lines.append("  examples: |")
        lines.extend(f"    - {t}" for t in by_intent[intent])
    out = "\n".join(lines) + "\n"
    yaml.safe_load(out)  # it must parse back
    return out
