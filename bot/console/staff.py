"""Console accounts (argon2id password hashes via argon2-cffi) and the audit log."""
from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from bot.common import ratelimit
from bot.console import regions as region_table
from bot.db.models import AuditLog, StaffUser, utcnow
from bot.db.session import session_scope

ROLES = {"hotline": "热线坐席", "officer": "法律援助工作人员", "admin": "管理员"}
# What each role may do; every API route names the permission it needs.
PERMISSIONS = {
    "hotline": {"tickets", "review", "intake", "reveal"},
    "officer": {"tickets", "review", "intake", "reveal", "handoff"},
    "admin": {"tickets", "review", "intake", "reveal", "handoff", "admin", "analytics"},
}
MIN_PASSWORD = 10
# Login throttling instead of a lockout (nobody can lock an account, admin included, and no answer
# tells whether a username exists). Failed logins are counted per address ("login.address") and per
# username ("login.user"), in bot/common/ratelimit.py (Redis in production, so replicas agree).
# An address over its limit is refused; a username over its limit is refused only to addresses that
# have failed recently, so its owner still logs in from a clean address while it is under attack.
THROTTLED = "登录尝试太多，请稍后再试"
BUSY = "登录请求太多，请稍后再试"
# argon2 takes tens of MB per verification: at most this many at once in a process; more are
# refused at once (LoginBusy) instead of queueing (80 parallel bad logins once took 2.6 GB).
MAX_CONCURRENT_VERIFICATIONS = 2
_verifications = threading.BoundedSemaphore(MAX_CONCURRENT_VERIFICATIONS)
_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{3,40}$")
_hasher = PasswordHasher()
# Verified against when the username does not exist, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


class StaffError(Exception):
    """A request about accounts that cannot be done; the message is shown to staff."""


class LoginThrottled(StaffError):
    """Too many failed logins from this address, or on this username from an address that failed."""


class LoginBusy(LoginThrottled):
    """Too many passwords being verified at this moment."""


@contextmanager
def _verification_slot():
    if not _verifications.acquire(blocking=False):
        raise LoginBusy(BUSY)
    try:
        yield
    finally:
        _verifications.release()


@dataclass(frozen=True)
class Staff:
    id: int
    username: str
    display_name: str
    role: str
    active: bool
    session_version: int
    last_login_at: datetime | None
    regions: tuple[str, ...] = ()  # region codes (bot/console/regions.py); admins work all of them

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    def can(self, permission: str) -> bool:
        return self.active and permission in PERMISSIONS.get(self.role, ())


def _staff(u: StaffUser) -> Staff:
    return Staff(u.id, u.username, u.display_name, u.role, u.active, u.session_version, u.last_login_at,
                 tuple(u.regions or ()))


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise StaffError(f"密码至少 {MIN_PASSWORD} 位")


def create_user(username: str, display_name: str, role: str, password: str, *, actor: str = "system",
                db_url: str | None = None) -> Staff:
    username = (username or "").strip()
    if not _USERNAME.match(username):
        raise StaffError("用户名只能用 3–40 位字母、数字、下划线、点或短横线")
    if role not in ROLES:
        raise StaffError("角色必须是热线坐席、法律援助工作人员或管理员")
    if not (display_name or "").strip():
        raise StaffError("请填写姓名")
    _check_password(password)
    with session_scope(db_url) as s:
        if s.execute(select(StaffUser).where(func.lower(StaffUser.username) == username.lower())).first():
            raise StaffError("这个用户名已经有人用了")
        u = StaffUser(username=username, display_name=display_name.strip(), role=role,
                      password_hash=_hasher.hash(password))
        s.add(u)
        s.add(AuditLog(actor=actor, action="user.create", target=username, detail=f"角色：{ROLES[role]}"))
        s.flush()
        return _staff(u)


def update_user(user_id: int, *, actor: str, display_name: str | None = None, role: str | None = None,
                active: bool | None = None, password: str | None = None, regions: list[str] | None = None,
                db_url: str | None = None) -> Staff:
    with session_scope(db_url) as s:
        u = s.get(StaffUser, user_id)
        if u is None:
            raise StaffError("没有这个账号")
        changes = []
        if display_name is not None and display_name.strip():
            u.display_name = display_name.strip()
            changes.append("姓名")
        if role is not None and role != u.role:
            if role not in ROLES:
                raise StaffError("角色不对")
            if u.role == "admin" and _active_admins(s) <= 1:
                raise StaffError("至少要保留一个管理员")
            u.role = role
            u.session_version += 1
            changes.append(f"角色→{ROLES[role]}")
        if active is not None and active != u.active:
            if not active and u.role == "admin" and _active_admins(s) <= 1:
                raise StaffError("至少要保留一个管理员")
            u.active = active
            u.session_version += 1
            changes.append("启用" if active else "停用")
        if password:
            _check_password(password)
            u.password_hash = _hasher.hash(password)
            u.session_version += 1
            changes.append("重设密码")
        if regions is not None:
            table = region_table.load()
            try:
                codes = table.clean(regions)
            except ValueError as exc:
                raise StaffError(str(exc)) from exc
            if codes != list(u.regions or ()):
                u.regions = codes
                changes.append("所属地区→" + ("、".join(table.name(c) for c in codes) or "未设置"))
        s.add(AuditLog(actor=actor, action="user.update", target=u.username, detail="，".join(changes)))
        return _staff(u)


def _active_admins(s) -> int:
    return s.execute(select(func.count()).select_from(StaffUser)
                     .where(StaffUser.role == "admin", StaffUser.active.is_(True))).scalar_one()


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(username: str, password: str, *, address: str = "", now: datetime | None = None,
                 db_url: str | None = None) -> Staff | None:
    """The account, or None for a wrong name or password: the same answer in the same time whether
    the account exists or not (unknown names are verified against a dummy hash). LoginThrottled when
    the address, or the username from an address that failed recently, has failed too often;
    LoginBusy when MAX_CONCURRENT_VERIFICATIONS passwords are being verified already."""
    now = now or utcnow()
    name = (username or "").strip().lower()
    address = address or "unknown"
    limiter = ratelimit.get_limiter()
    if not limiter.allowed("login.address", address):
        raise LoginThrottled(THROTTLED)
    if any(limiter.counts("login.address", address)[:1]) and not limiter.allowed("login.user", name):
        raise LoginThrottled(THROTTLED)
    with _verification_slot(), session_scope(db_url) as s:
        u = s.execute(select(StaffUser).where(func.lower(StaffUser.username) == name)).scalar_one_or_none()
        if u is None or not u.active:
            _verify(_DUMMY_HASH, password or "x")
            u = None
        elif _verify(u.password_hash, password or ""):
            if _hasher.check_needs_rehash(u.password_hash):
                u.password_hash = _hasher.hash(password)
            u.last_login_at = now
            s.add(AuditLog(actor=u.username, action="login", target=u.username))
            return _staff(u)
        limiter.hit("login.address", address)
        was_allowed = limiter.allowed("login.user", name)
        limiter.hit("login.user", name)
        if u is not None and was_allowed and not limiter.allowed("login.user", name):
            s.add(AuditLog(actor=u.username, action="login.throttled", target=u.username,
                           detail="登录失败次数太多：失败过的地址暂时不能再试这个账号"))
        return None


def change_password(user_id: int, old: str, new: str, db_url: str | None = None) -> Staff:
    with session_scope(db_url) as s:
        u = s.get(StaffUser, user_id)
        with _verification_slot():
            if not _verify(u.password_hash, old or ""):
                raise StaffError("原密码不对")
        _check_password(new)
        u.password_hash = _hasher.hash(new)
        u.session_version += 1
        s.add(AuditLog(actor=u.username, action="password.change", target=u.username))
        return _staff(u)


def end_sessions(user_id: int, db_url: str | None = None) -> None:
    with session_scope(db_url) as s:
        u = s.get(StaffUser, user_id)
        if u is not None:
            u.session_version += 1


def get_user(user_id: int, db_url: str | None = None) -> Staff | None:
    with session_scope(db_url) as s:
        u = s.get(StaffUser, user_id)
        return _staff(u) if u else None


def list_users(active_only: bool = False, db_url: str | None = None) -> list[Staff]:
    with session_scope(db_url) as s:
        q = select(StaffUser).order_by(StaffUser.role, StaffUser.username)
        if active_only:
            q = q.where(StaffUser.active.is_(True))
        return [_staff(u) for u in s.execute(q).scalars()]


def names(db_url: str | None = None) -> dict[str, str]:
    with session_scope(db_url) as s:
        return dict(s.execute(select(StaffUser.username, StaffUser.display_name)).all())


# What each audit action is called where people read the log.
AUDIT_LABELS = {
    "login": "登录", "login.throttled": "登录过于频繁被拒", "password.change": "修改密码", "user.create": "创建账号",
    "user.update": "修改账号", "pii.reveal": "查看完整个人信息", "pii.reveal.denied": "查看个人信息被拒",
    "pii.search": "按电话号码查找", "review.export": "导出待审消息", "retention": "到期信息清理",
    "application.approve": "批准入会申请", "application.reject": "入会申请不予通过", "application.more_info": "请职工补充入会信息",
    "enrolment.confirm": "确认培训报名", "enrolment.cancel": "取消培训报名", "enrolment.admit": "候补递补",
    "privacy_search": "查找职工个人信息", "privacy_export": "导出职工个人信息", "privacy_erase": "删除职工个人信息",
}


def audit_label(action: str) -> str:
    return AUDIT_LABELS.get(action) or AUDIT_LABELS.get(action.split(".")[0], "其他操作")


def audit(actor: str, action: str, target: str = "", detail: str = "", db_url: str | None = None) -> None:
    with session_scope(db_url) as s:
        s.add(AuditLog(actor=actor, action=action, target=target, detail=detail[:2000]))


def audit_entries(limit: int = 100, db_url: str | None = None) -> list[AuditLog]:
    with session_scope(db_url) as s:
        return list(s.execute(select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)).scalars())
