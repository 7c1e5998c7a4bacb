"""A worker's request to see, export or delete their personal data (bot/privacy/requests.py).

Admins only: deleting is final, and an admin account is the one accountable for the union's data
handling; hotline staff and officers take the request (a ticket of kind privacy request) and hand
it on. Every step is audited with the reference or "对话" as its target, never the phone.
"""
from __future__ import annotations

import json

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from bot.console import staff
from bot.privacy import requests as subject_requests
from bot.privacy import retention
from bot.web.routes.common import Admin, http_error
from bot.web.routes.privacy_schemas import Erase, Who

router = APIRouter(prefix="/privacy")
MIN_REASON = 6


def _target(who: Who) -> str:
    return who.reference.strip().upper()[:40] if not who.conversation.strip() else "对话"


async def _identify(who: Who, user: staff.Staff, step: str) -> subject_requests.Subject:
    try:
        subject = await run_in_threadpool(subject_requests.identify, reference=who.reference, phone=who.phone,
                                          conversation=who.conversation)
    except subject_requests.RequestError as exc:
        await run_in_threadpool(staff.audit, user.username, f"privacy_{step}", _target(who), "没有找到记录")
        raise http_error(exc)
    return subject


@router.post("/search")
async def search(body: Who, user: staff.Staff = Depends(Admin)):
    subject = await _identify(body, user, "search")
    data = await run_in_threadpool(subject_requests.export, subject)
    found = f"工单{len(data['tickets'])}、入会申请{len(data['membership_applications'])}、报名{len(data['enrolments'])}"
    await run_in_threadpool(staff.audit, user.username, "privacy_search", _target(body), f"查看个人信息：{found}")
    return data


@router.post("/export")
async def export(body: Who, user: staff.Staff = Depends(Admin)):
    subject = await _identify(body, user, "export")
    data = await run_in_threadpool(subject_requests.export, subject)
    await run_in_threadpool(staff.audit, user.username, "privacy_export", _target(body), "导出个人信息（JSON）")
    return Response(json.dumps(data, ensure_ascii=False, indent=2), media_type="application/json",
                    headers={"Content-Disposition": 'attachment; filename="personal-data.json"',
                             "Cache-Control": "no-store"})


@router.post("/erase")
async def erase(body: Erase, request: Request, user: staff.Staff = Depends(Admin)):
    reason = body.reason.strip()
    if not body.confirm:
        raise HTTPException(422, "请先确认：删除后无法恢复")
    if len(reason) < MIN_REASON:
        raise HTTPException(422, f"请写明删除的原因（至少{MIN_REASON}个字），比如「职工来电要求删除，已回拨核实本人」")
    subject = await _identify(body, user, "erase")
    done = await run_in_threadpool(subject_requests.erase, subject, actor=user.username)
    done["conversations"] = await run_in_threadpool(retention.purge_events, request.app.state.web.events_url,
                                                    senders=subject.senders)
    summary = "；".join(f"{retention.BY_KIND[k].label if k in retention.BY_KIND else k}{n}条" for k, n in done.items() if n)
    await run_in_threadpool(staff.audit, user.username, "privacy_erase", _target(body),
                            f"原因：{reason}；删除：{summary or '无'}")
    return {"erased": done}
