"""Admin: analytics, accounts, the audit log."""
from __future__ import annotations

from typing import List, Optional

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel

from bot.console import analytics, staff
from bot.web.deps import require
from bot.web.routes.common import Admin, user_json

router = APIRouter()


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
    regions: Optional[List[str]] = None  # region codes (data/console/regions.yml)


@router.patch("/users/{user_id}")
def update_user(user_id: int, body: UserChange, user: staff.Staff = Depends(Admin)):
    try:
        return user_json(staff.update_user(user_id, actor=user.username, display_name=body.display_name,
                                           role=body.role, active=body.active, password=body.password,
                                           regions=body.regions))
    except staff.StaffError as exc:
        raise HTTPException(404 if "没有这个账号" in str(exc) else 422, str(exc))


@router.get("/audit")
def audit_log(limit: int = 100, user: staff.Staff = Depends(Admin)):
    return [{"id": a.id, "actor": a.actor, "action": a.action, "action_label": staff.audit_label(a.action),
             "target": a.target, "detail": a.detail,
             "created_at": a.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")} for a in staff.audit_entries(min(limit, 1000))]
