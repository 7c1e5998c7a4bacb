"""The console's JSON API (docs/CONSOLE_API.md; machine-readable at /openapi.json).
Every route names the permission it needs (bot/console/staff.py PERMISSIONS)."""
from __future__ import annotations

import logging
from typing import Optional

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from bot.db.models import utcnow
from bot.common import pii
from bot.console import analytics, console, review, staff
from bot.handoff import handoff, transcript
from bot.common.topics import TOPIC_LABELS
from bot.cases.tickets import CATEGORIES
from bot.common.phones import parse_phone
from bot.web import rasa as rasa_api
from bot.web.deps import current_user, require, start_session

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api")
Tickets, Handoffs, Admin = require("tickets"), require("handoff"), require("admin")

INTENT_LABELS = {**TOPIC_LABELS, "request_human": "找人工", "check_ticket_status": "查进度", "greet": "打招呼",
                 "goodbye": "再见", "thanks": "感谢", "affirm": "肯定", "deny": "否定", "bot_challenge": "问是不是机器人",
                 "out_of_scope": "无关话题", "leave_message": "留言", "inform": "提供信息", "stop": "不办了",
                 "urgent": "紧急情况", "nlu_fallback": "没听懂"}
# Intents staff can pick in the review queue: what a typed message can mean.
REVIEW_INTENTS = [i for i in INTENT_LABELS if i not in ("nlu_fallback", "urgent")]


def rasa(request: Request) -> rasa_api.RasaClient:
    return request.app.state.rasa


def _http(exc: Exception) -> HTTPException:
    code = getattr(exc, "status_code", 422)
    return HTTPException(code, str(exc))


def user_json(u: staff.Staff) -> dict:
    return {"id": u.id, "username": u.username, "display_name": u.display_name, "role": u.role,
            "role_label": u.role_label, "active": u.active,
            "last_login_at": u.last_login_at.strftime("%Y-%m-%dT%H:%M:%SZ") if u.last_login_at else None}


# ---- auth -------------------------------------------------------------------------------------
class Login(BaseModel):
    username: str = Field(..., max_length=60)
    password: str = Field(..., max_length=200)


@router.post("/auth/login")
async def login(body: Login, request: Request):
    try:
        user = await run_in_threadpool(staff.authenticate, body.username, body.password)
    except staff.LoginLocked as exc:
        raise HTTPException(429, str(exc))
    if user is None:
        raise HTTPException(401, "用户名或密码错误")
    return {"user": user_json(user), "csrf_token": start_session(request, user)}


@router.post("/auth/logout")
async def logout(request: Request, user: staff.Staff = Depends(current_user)):
    # Ends every session of this account (a copied cookie stops working too).
    await run_in_threadpool(staff.end_sessions, user.id)
    request.session.clear()
    return {"ok": True}


@router.get("/auth/me")
async def me(request: Request, user: staff.Staff = Depends(current_user)):
    return {"user": user_json(user), "csrf_token": request.session.get("csrf")}


class PasswordChange(BaseModel):
    old_password: str
    new_password: str


@router.post("/auth/password")
def change_password(body: PasswordChange, request: Request, user: staff.Staff = Depends(current_user)):
    try:
        updated = staff.change_password(user.id, body.old_password, body.new_password)
    except staff.StaffError as exc:
        raise HTTPException(422, str(exc))
    request.session["ver"] = updated.session_version  # stay logged in here; other sessions end
    return {"ok": True}


# ---- queue and tickets ------------------------------------------------------------------------
def _options() -> dict:
    return {
        "topics": [{"name": k, "label": console.TOPIC_NAMES[k]} for k in CATEGORIES],
        "statuses": [{"name": k, "label": console.STATUS_LABELS[k]} for k in ("new", "in_progress", "waiting", "resolved", "closed")],
        "priorities": [{"name": k, "label": v} for k, v in console.PRIORITY_LABELS.items()],
    }


@router.get("/queue")
def get_queue(topic: Optional[str] = None, status: Optional[str] = None, priority: Optional[str] = None,
              assignee: Optional[str] = None, queue: Optional[str] = None, q: Optional[str] = None,
              user: staff.Staff = Depends(Tickets)):
    items = console.queue(topic=topic or None, status=status, priority=priority or None, assignee=assignee or None,
                          queue_name=queue or None, q=q or None, me=user.username, names=staff.names())
    return {"items": items, "server_time": utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"), **_options()}


@router.get("/tickets/{reference}")
def get_ticket(reference: str, user: staff.Staff = Depends(Tickets)):
    try:
        return console.ticket_detail(reference, role=user.role, names=staff.names())
    except console.ConsoleError as exc:
        raise _http(exc)


async def _transcript(request: Request, reference: str, masked: bool) -> dict:
    try:
        sender = await run_in_threadpool(console.ticket_sender, reference)
    except console.ConsoleError as exc:
        raise _http(exc)
    if not sender or sender.startswith("hotline:"):
        return {"available": False, "messages": []}
    try:
        tracker = await rasa(request).tracker(sender)
    except rasa_api.RasaUnavailable:
        log.exception("transcript of %s", reference)
        raise HTTPException(502, "暂时取不到对话记录（对话服务没有响应），请稍后再试")
    return {"available": True, "messages": transcript.messages(tracker, pii.mask_text if masked else None)}


@router.get("/tickets/{reference}/transcript")
async def get_transcript(reference: str, request: Request, user: staff.Staff = Depends(Tickets)):
    return await _transcript(request, reference, masked=True)


class Reveal(BaseModel):
    reason: str = Field(..., min_length=2, max_length=200)


@router.post("/tickets/{reference}/reveal")
async def reveal(reference: str, body: Reveal, request: Request, user: staff.Staff = Depends(require("reveal"))):
    try:
        detail = await run_in_threadpool(console.ticket_detail, reference, role=user.role, unmasked=True)
    except console.ConsoleError as exc:
        raise _http(exc)
    await run_in_threadpool(staff.audit, user.username, "pii.reveal", detail["reference"], body.reason)
    convo = await _transcript(request, reference, masked=False)
    return {"contact_phone": detail["contact_phone"], "description": detail["description"],
            "fields": detail["fields"], "messages": convo["messages"]}


class Assign(BaseModel):
    assignee: Optional[str] = None


@router.post("/tickets/{reference}/assign")
def assign(reference: str, body: Assign, user: staff.Staff = Depends(Tickets)):
    valid = {u.username for u in staff.list_users(active_only=True)}
    try:
        console.assign(reference, body.assignee or None, user.username, valid)
        return console.ticket_detail(reference, role=user.role, names=staff.names())
    except console.ConsoleError as exc:
        raise _http(exc)


class StatusChange(BaseModel):
    status: str
    note: str = Field("", max_length=2000)


@router.post("/tickets/{reference}/status")
def set_status(reference: str, body: StatusChange, user: staff.Staff = Depends(Tickets)):
    try:
        console.change_status(reference, body.status, user.username, user.role, body.note)
        return console.ticket_detail(reference, role=user.role, names=staff.names())
    except console.ConsoleError as exc:
        raise _http(exc)


class Note(BaseModel):
    body: str = Field(..., max_length=2000)
    public: bool = False


@router.post("/tickets/{reference}/notes")
def add_note(reference: str, body: Note, user: staff.Staff = Depends(Tickets)):
    try:
        console.add_note(reference, body.body, user.username, body.public)
        return console.ticket_detail(reference, role=user.role, names=staff.names())
    except console.ConsoleError as exc:
        raise _http(exc)


@router.get("/staff")
def list_staff(user: staff.Staff = Depends(Tickets)):
    return [{"username": u.username, "display_name": u.display_name, "role": u.role, "role_label": u.role_label}
            for u in staff.list_users(active_only=True)]


def canned_json(r) -> dict:
    return {"id": r.id, "title": r.title, "body": r.body, "topic": r.topic}


@router.get("/canned")
def list_canned(topic: Optional[str] = None, user: staff.Staff = Depends(Tickets)):
    return [canned_json(r) for r in console.canned_replies(topic or None)]


class Canned(BaseModel):
    title: str = Field(..., max_length=80)
    body: str = Field(..., max_length=2000)
    topic: str = "general"


@router.post("/canned")
def create_canned(body: Canned, user: staff.Staff = Depends(Admin)):
    try:
        return canned_json(console.save_canned(None, body.title, body.body, body.topic, user.username))
    except console.ConsoleError as exc:
        raise _http(exc)


@router.put("/canned/{reply_id}")
def update_canned(reply_id: int, body: Canned, user: staff.Staff = Depends(Admin)):
    try:
        return canned_json(console.save_canned(reply_id, body.title, body.body, body.topic, user.username))
    except console.ConsoleError as exc:
        raise _http(exc)


@router.delete("/canned/{reply_id}")
def delete_canned(reply_id: int, user: staff.Staff = Depends(Admin)):
    try:
        console.delete_canned(reply_id)
    except console.ConsoleError as exc:
        raise _http(exc)
    return {"ok": True}


# ---- live handoff -----------------------------------------------------------------------------
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


# ---- review queue -----------------------------------------------------------------------------
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
            "intents": [{"name": i, "label": INTENT_LABELS[i]} for i in REVIEW_INTENTS]}


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
                            known_intents=set(REVIEW_INTENTS))
    except review.ReviewError as exc:
        raise HTTPException(404 if "没有这条" in str(exc) else 422, str(exc))
    return review_json(item)


@router.get("/review/export", response_class=PlainTextResponse)
def export_review(user: staff.Staff = Depends(require("review"))):
    staff.audit(user.username, "review.export")
    return PlainTextResponse(review.export_nlu_yaml(), media_type="text/yaml; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="review_nlu.yml"'})


# ---- hotline intake ---------------------------------------------------------------------------
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
        raise _http(exc)
    return {"reference": ref}


# ---- analytics, accounts, audit (admin) -------------------------------------------------------
@router.get("/analytics")
def get_analytics(request: Request, days: int = 30, user: staff.Staff = Depends(require("analytics"))):
    days = max(1, min(days, 365))
    return analytics.report(days, events_url=request.app.state.web.events_url)


@router.get("/users")
def list_users(user: staff.Staff = Depends(Admin)):
    return [user_json(u) for u in staff.list_users()]


class NewUser(BaseModel):
    username: str
    display_name: str
    role: str
    password: str


@router.post("/users")
def create_user(body: NewUser, user: staff.Staff = Depends(Admin)):
    try:
        return user_json(staff.create_user(body.username, body.display_name, body.role, body.password, actor=user.username))
    except staff.StaffError as exc:
        raise HTTPException(422, str(exc))


class UserChange(BaseModel):
    display_name: Optional[str] = None
    role: Optional[str] = None
    active: Optional[bool] = None
    password: Optional[str] = None


@router.patch("/users/{user_id}")
def update_user(user_id: int, body: UserChange, user: staff.Staff = Depends(Admin)):
    try:
        return user_json(staff.update_user(user_id, actor=user.username, display_name=body.display_name,
                                           role=body.role, active=body.active, password=body.password))
    except staff.StaffError as exc:
        raise HTTPException(404 if "没有这个账号" in str(exc) else 422, str(exc))


@router.get("/audit")
def audit_log(limit: int = 100, user: staff.Staff = Depends(Admin)):
    return [{"id": a.id, "actor": a.actor, "action": a.action, "target": a.target, "detail": a.detail,
             "created_at": a.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")} for a in staff.audit_entries(min(limit, 1000))]


