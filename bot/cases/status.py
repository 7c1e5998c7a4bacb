"""A worker's status lookup: reference + the last four digits of the phone given on it.

A wrong combination gets the same reply as a reference that does not exist, so nobody can probe
which references are real. Failures are counted per conversation and per reference; past the
limit, lookups are refused for a while whatever the input (again the same reply either way).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from bot.common import facts
from bot.db.models import ApplicationEvent, Enrolment, LookupAttempt, MembershipApplication, Ticket, TicketEvent, utcnow
from bot.db.session import session_scope
from bot.cases import forms

MAX_FAILURES_PER_CONVERSATION = 3
MAX_FAILURES_PER_REFERENCE = 5
WINDOW = timedelta(minutes=15)
CHINA = timedelta(hours=8)  # timestamps are stored in UTC; workers read Beijing time

TICKET_STATUS = {
    "new": "已收到，正在排队等工作人员处理",
    "assigned": "已分配给工作人员，正在处理",
    "in_progress": "工作人员正在处理",
    "waiting": "等您补充材料或回电",
    "handoff": "工作人员正在和您在线沟通",
    "resolved": "已办结",
    "closed": "已关闭",
}
MEMBERSHIP_STATUS = {
    "new": "已收到，等工会工作人员联系您核实",
    "contacted": "工作人员已联系您，正在办理",
    "more_info": "需要您补充信息",
    "approved": "已批准入会",
    "rejected": "没有通过，工作人员会向您说明原因",
}
ENROLMENT_STATUS = {"enrolled": "报名成功，开课前会通知您", "confirmed": "报名已确认，开课前会通知您",
                    "waitlisted": "已报满，您在候补名单上，有人取消时按先后递补", "cancelled": "报名已取消"}

NOT_FOUND = "没有查到：编号和手机号后四位对不上。请核对编号（GH-、RH- 或 PX- 开头）和留的手机号，再试一次。"
TOO_MANY = "查询失败的次数有点多，为了保护大家的信息，请{minutes}分钟后再试；着急的话请拨打" + facts.HOTLINE_NAME + "。"


@dataclass(frozen=True)
class LookupResult:
    found: bool
    text: str
    locked: bool = False


def _beijing(ts: datetime) -> str:
    t = ts + CHINA
    return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}"


def _locked_minutes(s, sender_id: str, reference: str, now: datetime) -> int | None:
    since = now - WINDOW
    failed = select(func.count(), func.min(LookupAttempt.created_at)).where(
        LookupAttempt.success.is_(False), LookupAttempt.created_at >= since
    )
    n_conv, first_conv = s.execute(failed.where(LookupAttempt.sender_id == sender_id)).one()
    n_ref, first_ref = s.execute(failed.where(LookupAttempt.reference == reference)).one()
    firsts = []
    if n_conv >= MAX_FAILURES_PER_CONVERSATION:
        firsts.append(first_conv)
    if n_ref >= MAX_FAILURES_PER_REFERENCE:
        firsts.append(first_ref)
    if not firsts:
        return None
    until = max(firsts) + WINDOW
    return max(1, int((until - now).total_seconds() // 60) + 1)


def lookup(reference: str, last4: str, sender_id: str, *, now: datetime | None = None, db_url: str | None = None) -> LookupResult:
    now = now or utcnow()
    with session_scope(db_url) as s:
        minutes = _locked_minutes(s, sender_id, reference, now)
        if minutes is not None:
            return LookupResult(False, TOO_MANY.format(minutes=minutes), locked=True)
        text = _describe(s, reference, last4)
        s.add(LookupAttempt(sender_id=sender_id, reference=reference, success=text is not None, created_at=now))
    return LookupResult(text is not None, text or NOT_FOUND)


def _describe(s, reference: str, last4: str) -> str | None:
    prefix = reference[:2]
    if prefix == "GH":
        t = s.execute(select(Ticket).where(Ticket.reference == reference)).scalar_one_or_none()
        if t is None or not t.contact_phone.replace("-", "").endswith(last4):
            return None
        last = s.execute(
            select(TicketEvent).where(TicketEvent.ticket_id == t.id, TicketEvent.public.is_(True))
            .order_by(TicketEvent.created_at.desc(), TicketEvent.id.desc()).limit(1)
        ).scalar_one_or_none()
        lines = [f"编号 {t.reference}：{TICKET_STATUS.get(t.status, t.status)}。"]
        if last is not None:
            lines.append(f"最近更新：{_beijing(last.created_at)}，{last.body}")
        lines.append(f"提交时间：{_beijing(t.created_at)}")
        return "\n".join(lines)
    if prefix == "RH":
        a = s.execute(select(MembershipApplication).where(MembershipApplication.reference == reference)).scalar_one_or_none()
        if a is None or not a.phone.replace("-", "").endswith(last4):
            return None
        last = _last_public(s, a.reference)
        return (f"入会申请 {a.reference}：{MEMBERSHIP_STATUS.get(a.status, a.status)}。\n"
                + (f"最近更新：{_beijing(last.created_at)}，{last.body}" if last else f"最近更新：{_beijing(a.updated_at)}"))
    if prefix == "PX":
        e = s.execute(select(Enrolment).where(Enrolment.reference == reference)).scalar_one_or_none()
        if e is None or not e.phone.replace("-", "").endswith(last4):
            return None
        c = e.course
        last = _last_public(s, e.reference)
        return (f"培训报名 {e.reference}：{ENROLMENT_STATUS.get(e.status, e.status)}。\n"
                f"课程：{c.title}，{c.start_date.month}月{c.start_date.day}日开课，{c.venue}"
                + (f"\n最近更新：{_beijing(last.created_at)}，{last.body}" if last else ""))
    return None


def _last_public(s, reference: str) -> ApplicationEvent | None:
    """What staff last told the worker about an application or enrolment (bot/console/applications.py)."""
    return s.execute(select(ApplicationEvent).where(ApplicationEvent.reference == reference, ApplicationEvent.public.is_(True))
                     .order_by(ApplicationEvent.created_at.desc(), ApplicationEvent.id.desc()).limit(1)).scalar_one_or_none()


# The lookup form: the reference, then the last four digits of the phone given on it.
STATUS_FORM = forms.FormSpec(
    name="ticket_status_form",
    title="进度查询",
    fields=(
        forms.Field("ts_ref", "编号", forms.read_ticket_ref),
        forms.Field("ts_last4", "手机号后四位", forms.read_last4),
    ),
)
