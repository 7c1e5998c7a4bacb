"""Who is asking: the session cookie's user, their role's permissions, and the CSRF check."""
from __future__ import annotations

import secrets

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool

from bot.console import staff

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


async def current_user(request: Request) -> staff.Staff:
    uid = request.session.get("uid")
    user = await run_in_threadpool(staff.get_user, uid) if uid else None
    if user is None or not user.active or user.session_version != request.session.get("ver"):
        request.session.clear()
        raise HTTPException(401, "请先登录")
    if request.method in UNSAFE:
        sent = request.headers.get("x-csrf-token", "")
        expected = request.session.get("csrf", "")
        if not secrets.compare_digest(sent.encode("utf-8", "surrogateescape"), expected.encode("utf-8")):
            raise HTTPException(403, "安全校验失败，请刷新页面后重试")
    return user


def require(permission: str):
    async def dependency(request: Request) -> staff.Staff:
        user = await current_user(request)
        if not user.can(permission):
            raise HTTPException(403, "您的角色不能做这个操作")
        return user
    return dependency


def start_session(request: Request, user: staff.Staff) -> str:
    request.session.clear()
    token = secrets.token_urlsafe(32)
    request.session.update({"uid": user.id, "ver": user.session_version, "csrf": token})
    return token
