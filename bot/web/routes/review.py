"""The review queue of messages the bot was unsure about: labelling and export."""
from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel

from bot.common import pii
from bot.common.facts import INTENT_LABELS
from bot.console import review, staff
from bot.web.deps import require

router = APIRouter()


def review_json(item) -> dict:
    return {"id": item.id, "text": pii.mask_text(item.text), "predicted_intent": item.predicted_intent,
            "predicted_label": INTENT_LABELS.get(item.predicted_intent or "", item.predicted_intent),
            "confidence": float(item.confidence) if item.confidence else None, "reason": item.reason,
            "created_at": item.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"), "status": item.status, "label": item.label,
            "label_name": INTENT_LABELS.get(item.label or "", item.label), "labelled_by": item.labelled_by}


@router.get("/review")
def list_review(status: str = "open", user: staff.Staff = Depends(require("review"))):
    if status not in review.STATUSES:
        raise HTTPException(422, "status 只能是 open、labelled 或 dismissed")
    return {"items": [review_json(i) for i in review.list_items(status)],
            "intents": [{"name": i, "label": INTENT_LABELS[i]} for i in review.INTENTS]}


class ReviewAction(BaseModel):
    action: str
    intent: Optional[str] = None


@router.post("/review/{item_id}")
def label_review(item_id: int, body: ReviewAction, user: staff.Staff = Depends(require("review"))):
    if body.action not in ("label", "dismiss"):
        raise HTTPException(422, "action 只能是 label 或 dismiss")
    if body.action == "label" and not body.intent:
        raise HTTPException(422, "请选择意图")
    try:
        item = review.label(item_id, body.intent if body.action == "label" else None, user.username,
                            known_intents=set(review.INTENTS))
    except review.ReviewError as exc:
        raise HTTPException(404 if "没有这条" in str(exc) else 422, str(exc))
    return review_json(item)


@router.get("/review/export", response_class=PlainTextResponse)
def export_review(user: staff.Staff = Depends(require("review"))):
    staff.audit(user.username, "review.export")
    return PlainTextResponse(review.export_nlu_yaml(), media_type="text/yaml; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="review_nlu.yml"'})
