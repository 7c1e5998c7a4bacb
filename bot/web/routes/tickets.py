"""The queue, a ticket and its workflow (assign, status, notes, reveal), staff list, canned replies."""
from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from bot.db.models import utcnow
from bot.common import pii
from bot.console import alerts, applications, console, regions, routing, satisfaction, staff
from bot.handoff import transcript
from bot.cases import conversation
from bot.cases.tickets import CATEGORIES
from bot.web import rasa as rasa_api
from bot.web.deps import require
from bot.web.routes.common import Admin, Tickets, http_error, log, rasa

router = APIRouter()


def _options() -> dict:
    return {
        "topics": [{"name": k, "label": console.TOPIC_NAMES[k]} for k in CATEGORIES],
        "statuses": [{"name": k, "label": console.STATUS_LABELS[k]} for k in ("new", "in_progress", "waiting", "resolved", "closed")],
        "priorities": [{"name": k, "label": v} for k, v in console.PRIORITY_LABELS.items()],
    }


def _regions_of(user: staff.Staff, choice: Optional[str]) -> Optional[list]:
    try:
        return routing.region_filter(choice, user.role, user.regions)
    except console.ConsoleError as exc:
        raise http_error(exc)


def _region_options(user: staff.Staff) -> dict:
    table = regions.load()
    mine = [] if routing.works_all(user.role, user.regions) else list(user.regions)
    return {"regions": table.options(), "my_regions": mine,
            "my_regions_label": "、".join(table.name(c) for c in mine) or "全部地区"}


@router.get("/queue")
def get_queue(topic: Optional[str] = None, status: Optional[str] = None, priority: Optional[str] = None,
              assignee: Optional[str] = None, queue: Optional[str] = None, q: Optional[str] = None,
              region: Optional[str] = None, user: staff.Staff = Depends(Tickets)):
    """``region``: empty or ``mine`` (the account's regions, the default), ``all``, or one region."""
    items = console.queue(topic=topic or None, status=status, priority=priority or None, assignee=assignee or None,
                          queue_name=queue or None, q=q or None, me=user.username, names=staff.names(),
                          region_codes=_regions_of(user, region))
    # a search also finds membership applications (RH-) and enrolments (PX-) by reference or phone
    found = applications.search(q) if q else {"applications": [], "enrolments": []}
    if phone := pii.phone_number(q):  # a lookup by a whole phone number is a look at personal data
        staff.audit(user.username, "pii.search", pii.mask_phone(phone),
                    f"按完整电话号码查找，找到 {len(items)} 个工单、{len(found['applications'])} 个入会申请、"
                    f"{len(found['enrolments'])} 个培训报名")
    return {"items": items, **found, "server_time": utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"), **_options(),
            **_region_options(user)}


@router.get("/regions")
def get_regions(user: staff.Staff = Depends(Tickets)):
    """The local unions (转办 targets, queue filter) and the user's own."""
    return _region_options(user)


@router.get("/callbacks")
def get_callbacks(region: Optional[str] = None, user: staff.Staff = Depends(Tickets)):
    """Workers who asked for a person out of office hours, to call back at opening (待回电)."""
    return {"items": routing.callbacks(_regions_of(user, region), names=staff.names()), **_region_options(user)}


@router.get("/alerts")
def get_alerts(user: staff.Staff = Depends(Tickets)):
    """Urgent tickets not yet answered and waiting handoffs in the user's regions: the console
    plays a sound and shows a notification once per key."""
    return {"items": alerts.pending(_regions_of(user, None))}


class Transfer(BaseModel):
    region: str = Field(..., max_length=30)
    note: str = Field("", max_length=500)


@router.post("/tickets/{reference}/transfer")
def transfer(reference: str, body: Transfer, user: staff.Staff = Depends(Tickets)):
    """转办 to another local union's queue, with the reason (ticket timeline and audit log)."""
    try:
        routing.transfer(reference, body.region, body.note, actor=user.username, role=user.role,
                         user_regions=user.regions)
        return console.ticket_detail(reference, role=user.role, username=user.username, names=staff.names())
    except console.ConsoleError as exc:
        raise http_error(exc)


@router.get("/tickets/{reference}")
def get_ticket(reference: str, user: staff.Staff = Depends(Tickets)):
    try:
        return console.ticket_detail(reference, role=user.role, username=user.username, names=staff.names())
    except console.ConsoleError as exc:
        raise http_error(exc)


async def _transcript(request: Request, reference: str, masked: bool) -> dict:
    try:
        sender = await run_in_threadpool(console.ticket_sender, reference)
    except console.ConsoleError as exc:
        raise http_error(exc)
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
    reason: str = Field("", max_length=200)


@router.post("/tickets/{reference}/reveal")
async def reveal(reference: str, body: Reveal, request: Request, user: staff.Staff = Depends(require("reveal"))):
    """Who may reveal which ticket, and what a reason is: bot/console/console.py (may_reveal)."""
    try:
        detail = await run_in_threadpool(console.reveal, reference, username=user.username,
                                         display_name=user.display_name, role=user.role, reason=body.reason)
    except console.ConsoleError as exc:
        raise http_error(exc)
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
        return console.ticket_detail(reference, role=user.role, username=user.username, names=staff.names())
    except console.ConsoleError as exc:
        raise http_error(exc)


class StatusChange(BaseModel):
    status: str
    note: str = Field("", max_length=2000)


async def tell_worker(request: Request, reference: str) -> None:
    """The ticket's new public replies and status changes go to the worker's widget now when it is
    open (a socket of this web app has the conversation); otherwise they wait for the worker's next
    message or visit (bot/cases/conversation.py)."""
    sender = await run_in_threadpool(console.ticket_sender, reference)
    if not conversation.has_chat(sender) or not request.app.state.open_chats.get(sender):
        return
    notices = await run_in_threadpool(conversation.take_for_ticket, reference)
    if not notices:
        return
    try:
        events = await run_in_threadpool(rasa_api.notice_events, notices, sender)
        await rasa(request).append(sender, events)
    except rasa_api.RasaUnavailable:
        log.warning("reply to the worker's chat not sent now (told at the next message) for %s", reference)
        await run_in_threadpool(conversation.undeliver, [n.event_id for n in notices])


async def _detail_after(request: Request, reference: str, user: staff.Staff, change, then=None) -> dict:
    """Makes the change, tells the worker's chat (then whatever ``then`` sends), returns the ticket."""
    try:
        await run_in_threadpool(change)
    except console.ConsoleError as exc:
        raise http_error(exc)
    await tell_worker(request, reference)
    try:
        if then is not None:
            await then()
        return await run_in_threadpool(lambda: console.ticket_detail(reference, role=user.role, username=user.username,
                                                                     names=staff.names()))
    except console.ConsoleError as exc:
        raise http_error(exc)


@router.post("/tickets/{reference}/status")
async def set_status(reference: str, body: StatusChange, request: Request, user: staff.Staff = Depends(Tickets)):
    # after the chat is told the case is resolved, the worker is asked how it went
    then = (lambda: ask_satisfaction(rasa(request), reference)) if body.status == "resolved" else None
    return await _detail_after(request, reference, user,
                               lambda: console.change_status(reference, body.status, user.username, user.role, body.note),
                               then)


async def ask_satisfaction(client: rasa_api.RasaClient, reference: str, db_url: str | None = None) -> bool:
    """The worker is asked in the chat, once, how it went (bot/console/satisfaction.py): appended
    to the conversation, live in an open widget. When Rasa cannot take the message the question
    stays unanswered, so the 回访 call covers it. True when the question was delivered."""
    asked = await run_in_threadpool(satisfaction.ask, reference, db_url=db_url)
    if asked is None:
        return False
    sender, message = asked
    try:
        await client.append(sender, [satisfaction.bot_event(message)])
    except rasa_api.RasaUnavailable:
        log.exception("satisfaction question for %s not delivered", reference)
        return False
    return True


class Note(BaseModel):
    body: str = Field(..., max_length=2000)
    public: bool = False


@router.post("/tickets/{reference}/notes")
async def add_note(reference: str, body: Note, request: Request, user: staff.Staff = Depends(Tickets)):
    return await _detail_after(request, reference, user,
                               lambda: console.add_note(reference, body.body, user.username, body.public))


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
        raise http_error(exc)


@router.put("/canned/{reply_id}")
def update_canned(reply_id: int, body: Canned, user: staff.Staff = Depends(Admin)):
    try:
        return canned_json(console.save_canned(reply_id, body.title, body.body, body.topic, user.username))
    except console.ConsoleError as exc:
        raise http_error(exc)


@router.delete("/canned/{reply_id}")
def delete_canned(reply_id: int, user: staff.Staff = Depends(Admin)):
    try:
        console.delete_canned(reply_id)
    except console.ConsoleError as exc:
        raise http_error(exc)
    return {"ok": True}
