"""Signing in and out, the signed-in account, password changes."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from bot.console import staff
from bot.web.deps import current_user, start_session
from bot.web.routes.common import user_json

router = APIRouter()


class Login(BaseModel):
    username: str = Field(..., max_length=60)
    password: str = Field(..., max_length=200)


def _throttled(exc: staff.LoginThrottled) -> HTTPException:
    return HTTPException(429, str(exc), headers={"Retry-After": "60"})


@router.post("/auth/login")
async def login(body: Login, request: Request):
    # The client's address as uvicorn reports it: behind the proxy, the forwarded one (uvicorn
    # trusts X-Forwarded-For from FORWARDED_ALLOW_IPS, 127.0.0.1 by default).
    address = request.client.host if request.client else ""
    try:
        user = await run_in_threadpool(staff.authenticate, body.username, body.password, address=address)
    except staff.LoginThrottled as exc:
        raise _throttled(exc)
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
    except staff.LoginBusy as exc:
        raise _throttled(exc)
    except staff.StaffError as exc:
        raise HTTPException(422, str(exc))
    request.session["ver"] = updated.session_version  # stay logged in here; other sessions end
    return {"ok": True}
