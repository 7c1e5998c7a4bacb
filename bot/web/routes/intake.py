"""Hotline intake: the NLU's suggestion for a call, and the ticket staff enter."""
from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field

from bot.console import console, staff
from bot.cases.tickets import CATEGORIES
from bot.common.facts import INTENT_LABELS
from bot.common.phones import parse_phone
from bot.web import rasa as rasa_api
from bot.web.deps import require
from bot.web.routes.common import http_error, rasa

router = APIRouter()


class IntakeText(BaseModel):
    text: str = Field(..., min_length=1, max_length=4000)


@router.post("/intake/analyse")
async def intake_analyse(body: IntakeText, request: Request, user: staff.Staff = Depends(require("intake"))):
    from bot.cases import parsing, urgency

    try:
        parsed = await rasa(request).parse(body.text)
    except rasa_api.RasaUnavailable:
        raise HTTPException(502, "对话服务没有响应，暂时不能自动分析；可以直接手工填写")
    intent = parsed.get("intent") or {}
    ranking = [{"name": r["name"], "label": INTENT_LABELS.get(r["name"], r["name"]), "confidence": r.get("confidence")}
               for r in parsed.get("intent_ranking") or [] if r.get("name") in CATEGORIES][:5]
    entities = {e.get("entity"): e.get("value") for e in parsed.get("entities") or []}
    signal = urgency.detect(body.text)
    topic = intent.get("name") if intent.get("name") in CATEGORIES else (ranking[0]["name"] if ranking else "general")
    found = parsing.parse_amount(body.text)
    amount = f"{'约' if found.approx else ''}{found.value:.0f}元" if found else None
    return {
        "intent": intent.get("name"), "intent_label": INTENT_LABELS.get(intent.get("name") or "", intent.get("name")),
        "confidence": intent.get("confidence"), "ranking": ranking,
        "urgent": {"category": signal.category, "label": signal.label} if signal else None,
        "suggestion": {"category": topic, "priority": "urgent" if signal else "normal",
                       "contact_phone": parse_phone(body.text), "contact_name": None,
                       "employer": entities.get("employer"), "city": entities.get("city"),
                       "amount": amount, "description": body.text.strip()},
    }


class IntakeTicket(BaseModel):
    category: str
    description: str = Field(..., max_length=4000)
    contact_phone: str = Field("", max_length=40)
    contact_name: Optional[str] = Field(None, max_length=60)
    priority: str = "normal"
    city: Optional[str] = Field(None, max_length=60)
    employer: Optional[str] = Field(None, max_length=120)


@router.post("/intake/tickets")
def intake_ticket(body: IntakeTicket, user: staff.Staff = Depends(require("intake"))):
    try:
        ref = console.intake_ticket(category=body.category, description=body.description, phone=body.contact_phone,
                                    name=body.contact_name, priority=body.priority, city=body.city,
                                    employer=body.employer, actor=user.username)
    except console.ConsoleError as exc:
        raise http_error(exc)
    return {"reference": ref}
