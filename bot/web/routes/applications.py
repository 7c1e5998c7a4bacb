"""Membership applications (RH-) and course enrolments (PX-): lists, detail, review, confirm,
cancel, the waiting list; the worker is told each outcome in their conversation."""
from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from bot.console import applications, console, staff
from bot.web import rasa as rasa_api
from bot.web.routes.common import Tickets, http_error, log, rasa

router = APIRouter()


async def tell_workers(request: Request, notices: list[applications.Notice], reference: str) -> bool:
    """Appends each outcome to the worker's conversation (shown live in an open widget, kept in
    the conversation otherwise); the status lookup shows it in any case. False if one failed."""
    ok = True
    for n in notices:
        if not n.sender_id or n.sender_id.startswith("hotline:"):
            continue
        try:
            await rasa(request).append(n.sender_id, [rasa_api.message("notice", n.text)])
        except rasa_api.RasaUnavailable:
            log.warning("outcome of %s not delivered to the conversation", reference)
            ok = False
    if not ok:
        await run_in_threadpool(applications.record_delivery, reference, False)
    return ok


@router.get("/applications")
def list_applications(status: Optional[str] = None, user: staff.Staff = Depends(Tickets)):
    return {"items": applications.list_applications(status or None),
            "statuses": [{"name": k, "label": v} for k, v in applications.MEMBERSHIP_LABELS.items()]}


@router.get("/applications/{reference}")
def get_application(reference: str, user: staff.Staff = Depends(Tickets)):
    try:
        return applications.application_detail(reference, staff.names())
    except console.ConsoleError as exc:
        raise http_error(exc)


class Step(BaseModel):
    action: str = Field(..., max_length=20)
    note: str = Field("", max_length=2000)


async def _step(request: Request, reference: str, body: Step, user: staff.Staff, do, detail) -> dict:
    """One review or enrolment step: recorded and audited, the worker(s) told, the item returned."""
    try:
        notices = await run_in_threadpool(do, reference, body.action, body.note, user.username)
    except console.ConsoleError as exc:
        raise http_error(exc)
    delivered = await tell_workers(request, notices if isinstance(notices, list) else [notices], reference)
    return {**await run_in_threadpool(detail, reference, staff.names()), "delivered": delivered}


@router.post("/applications/{reference}/review")
async def review_application(reference: str, body: Step, request: Request, user: staff.Staff = Depends(Tickets)):
    return await _step(request, reference, body, user, applications.review_application, applications.application_detail)


@router.get("/courses")
def list_courses(user: staff.Staff = Depends(Tickets)):
    return {"items": applications.list_courses()}


@router.get("/courses/{slug}/enrolments")
def course_enrolments(slug: str, user: staff.Staff = Depends(Tickets)):
    try:
        return applications.course_enrolments(slug)
    except console.ConsoleError as exc:
        raise http_error(exc)


@router.get("/enrolments/{reference}")
def get_enrolment(reference: str, user: staff.Staff = Depends(Tickets)):
    try:
        return applications.enrolment_detail(reference, staff.names())
    except console.ConsoleError as exc:
        raise http_error(exc)


@router.post("/enrolments/{reference}/action")
async def enrolment_action(reference: str, body: Step, request: Request, user: staff.Staff = Depends(Tickets)):
    return await _step(request, reference, body, user, applications.enrolment_action, applications.enrolment_detail)
