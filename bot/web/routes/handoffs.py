"""Live handoff: the inbox, claiming, messages both ways, handing back."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from bot.db.models import utcnow
from bot.common import pii
from bot.console import staff
from bot.handoff import handoff, transcript
from bot.web import rasa as rasa_api
from bot.web.routes.common import Handoffs, log, rasa

router = APIRouter()


def handoff_json(h: handoff.HandoffView, topic: str | None = None) -> dict:
    iso = lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ") if d else None  # noqa: E731
    now = utcnow()
    waiting_since = h.created_at if h.status == "waiting" else None
    return {"id": h.id, "status": h.status, "status_label": handoff.STATUS_LABELS.get(h.status, h.status),
            "reason": h.reason, "reason_label": handoff.REASON_LABELS.get(h.reason, h.reason), "sender_id": h.sender_id,
            "ticket_reference": h.ticket_reference, "officer": h.officer_username, "officer_name": h.officer_name,
            "created_at": iso(h.created_at), "claimed_at": iso(h.claimed_at), "closed_at": iso(h.closed_at),
            "waiting_minutes": int((now - waiting_since).total_seconds() // 60) if waiting_since else None,
            "last_worker_message_at": iso(h.last_worker_message_at), "summary": pii.mask_text(h.summary),
            "topic_label": topic}


def _topic_of(summary: str) -> str | None:
    first = (summary or "").split("\n", 1)[0]
    return first.split("：", 1)[1] if first.startswith("话题：") else None


@router.get("/handoffs")
def list_handoffs(status: str = "open", user: staff.Staff = Depends(Handoffs)):
    items = handoff.list_handoffs(status, officer_id=user.id)
    return {"items": [handoff_json(h, _topic_of(h.summary)) for h in items]}


def _handoff(handoff_id: int) -> handoff.HandoffView:
    h = handoff.get(handoff_id)
    if h is None:
        raise HTTPException(404, "没有这个转人工记录")
    return h


@router.get("/handoffs/{handoff_id}")
def get_handoff(handoff_id: int, user: staff.Staff = Depends(Handoffs)):
    h = _handoff(handoff_id)
    return handoff_json(h, _topic_of(h.summary))


@router.post("/handoffs/{handoff_id}/claim")
async def claim(handoff_id: int, request: Request, user: staff.Staff = Depends(Handoffs)):
    try:
        h = await run_in_threadpool(handoff.claim, handoff_id, user.id)
    except handoff.HandoffNotFound as exc:
        raise HTTPException(404, str(exc))
    except handoff.HandoffError as exc:
        raise HTTPException(409, str(exc))
    if not h.created:  # the same officer clicked twice: the worker was already told
        return handoff_json(h, _topic_of(h.summary))
    notice = f"{user.role_label} {user.display_name} 已接入，接下来由真人为您服务"
    try:
        await rasa(request).append(h.sender_id, [rasa_api.slot("handoff", "live"),
                                                 rasa_api.message("notice", notice, handoff="live", name=user.display_name)])
    except rasa_api.RasaUnavailable:
        log.exception("claim notice for handoff %s", handoff_id)
        await run_in_threadpool(handoff.unclaim, handoff_id, user.id)
        raise HTTPException(502, "对话服务没有响应，接入没有成功，请稍后再试")
    await run_in_threadpool(handoff.record_claim, handoff_id)
    return handoff_json(h, _topic_of(h.summary))


@router.get("/handoffs/{handoff_id}/messages")
async def handoff_messages(handoff_id: int, request: Request, after: int = 0, user: staff.Staff = Depends(Handoffs)):
    h = await run_in_threadpool(_handoff, handoff_id)
    try:
        tracker = await rasa(request).tracker(h.sender_id)
    except rasa_api.RasaUnavailable:
        raise HTTPException(502, "暂时取不到对话记录，请稍后再试")
    msgs = transcript.messages(tracker, pii.mask_text)
    return {"status": h.status, "messages": msgs[max(after, 0):], "next": len(msgs)}


class OfficerMessage(BaseModel):
    text: str = Field(..., min_length=1, max_length=2000)


@router.post("/handoffs/{handoff_id}/messages")
async def officer_message(handoff_id: int, body: OfficerMessage, request: Request, user: staff.Staff = Depends(Handoffs)):
    h = await run_in_threadpool(_handoff, handoff_id)
    if h.status != "live":
        raise HTTPException(409, "这个对话不在人工服务中（先接入，或已经结束）")
    if h.officer_username != user.username:
        raise HTTPException(403, "这个对话由其他工作人员接待")
    text = body.text.strip()
    if not text:
        raise HTTPException(422, "消息不能为空")
    try:
        await rasa(request).append(h.sender_id, [rasa_api.message("officer", text, name=user.display_name,
                                                                  role=user.role_label, username=user.username)])
    except rasa_api.RasaUnavailable:
        log.exception("officer message for handoff %s", handoff_id)
        raise HTTPException(502, "消息没有发出去（对话服务没有响应），请重试")
    return {"ok": True}


class Release(BaseModel):
    note: str = Field("", max_length=500)


@router.post("/handoffs/{handoff_id}/release")
async def release(handoff_id: int, body: Release, request: Request, user: staff.Staff = Depends(Handoffs)):
    try:
        h = await run_in_threadpool(handoff.release, handoff_id, None if user.role == "admin" else user.id,
                                    user.username, body.note)
    except handoff.HandoffNotFound as exc:
        raise HTTPException(404, str(exc))
    except handoff.HandoffError as exc:
        raise HTTPException(409, str(exc))
    try:
        await rasa(request).append(h.sender_id, [
            rasa_api.slot("handoff", None),
            rasa_api.message("notice", "人工服务已结束，接下来由智能助手继续为您服务。有新问题可以直接问我。", handoff="ended"),
        ])
    except rasa_api.RasaUnavailable:
        # The handoff is closed; the worker's next message finds it closed and the bot answers again.
        log.exception("hand-back notice for handoff %s", handoff_id)
    return handoff_json(h, _topic_of(h.summary))
