"""How long each kind of personal data is kept, and the job that deletes or anonymises what has
expired (《个人信息保护法》第十九条: no longer than the purpose needs; 第四十七条: delete when the
period is over).

Anonymising keeps what the statistics need (a row's category, topic, queue, priority, status and
dates, so the counts in analytics do not change) and removes what identifies the worker: phone,
name, the description and form answers, the conversation id, notes written about them.

``run()`` is what ``python -m bot.cli retention`` calls (schedule it daily: docs/DEPLOYMENT.md);
it reads the domain clock, so tests move the clock instead of waiting years.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy import delete, func, inspect, select, text, update
from sqlalchemy.orm import Session, object_session

from bot.common import clock, pii
from bot.db.models import (ApplicationEvent, AuditLog, Enrolment, Handoff, LookupAttempt, MembershipApplication, ReviewItem, Ticket,
                           TicketEvent)
from bot.db.session import session_scope

REDACTED = "（已删除）"
CLOSED_STATUSES = ("resolved", "closed")


@dataclass(frozen=True)
class Period:
    kind: str
    label: str          # what staff and the notice call it
    days: int
    starts: str         # from when the period counts
    action: str         # what happens at the end


# The one table of retention periods (docs/PRIVACY.md shows the same, generated from here).
PERIODS: tuple[Period, ...] = (
    Period("tickets", "已办结工单的联系方式、情况描述和表单内容", 3 * 365, "办结（已解决或已关闭）之日",
           "匿名化：删除电话、称呼、描述、表单内容、会话编号和备注正文，保留类别、优先级、状态和日期用于统计"),
    Period("membership", "入会申请", 365, "最后一次更新（办理完毕）之日",
           "匿名化：删除姓名、电话、单位和会话编号，保留就业方式、行业、城市、状态和日期"),
    Period("enrolments", "培训报名", 2 * 365, "报名之日",
           "匿名化：删除姓名、电话和会话编号，保留课程、状态和日期"),
    Period("handoffs", "人工对话记录的索引（会话编号和摘要）", 365, "对话结束之日",
           "匿名化：删除会话编号和摘要（对话内容本身在对话存储中，按同一期限清理）"),
    Period("review", "待复核的职工原话", 180, "收到之日",
           "遮挡原话中的号码，删除会话编号（保留文字和标注用于改进识别）"),
    Period("conversations", "对话记录（对话服务存的聊天内容）", 365, "对话最后一条消息之日", "整段对话删除"),
    Period("lookups", "进度查询记录（防猜测编号）", 30, "查询之日", "删除"),
    Period("audit", "后台操作日志", 3 * 365, "记录之日", "删除"),
)
BY_KIND = {p.kind: p for p in PERIODS}


def notice_years() -> dict[str, int]:
    """The periods the notice tells the worker, in whole years."""
    return {k: BY_KIND[k].days // 365 for k in ("tickets", "membership", "enrolments")}


def cutoff(kind: str, now: datetime | None = None) -> datetime:
    """Rows of this kind whose period started before this naive-UTC moment have expired."""
    return (now or clock.utcnow()) - timedelta(days=BY_KIND[kind].days)


# --- anonymising one row: shared with a worker's deletion request (bot/privacy/requests.py) ----

def redact_ticket(s: Session, t: Ticket, now: datetime) -> None:
    t.contact_phone, t.contact_name, t.description = "", None, REDACTED
    t.fields, t.sender_id, t.redacted_at = {}, None, now
    for e in t.events:
        if e.kind != "created":  # notes, replies and reveals speak about the worker
            e.body = REDACTED
    for h in s.execute(select(Handoff).where(Handoff.ticket_id == t.id)).scalars():
        redact_handoff(h, now)
    from bot.db.models import FollowUp, Survey  # satisfaction (bot/console/satisfaction.py)

    for sv in s.execute(select(Survey).where(Survey.ticket_id == t.id)).scalars():
        sv.comment = REDACTED if sv.comment else None
    for task in s.execute(select(FollowUp).where(FollowUp.ticket_id == t.id)).scalars():
        task.outcome = REDACTED if task.outcome else None
        if task.status == "open":  # nobody can call back a deleted number
            task.status = "cancelled"


def redact_membership(a: MembershipApplication, now: datetime) -> None:
    a.name, a.phone, a.employer, a.sender_id, a.redacted_at = REDACTED, "", None, None, now
    _redact_application_events(a)


def redact_enrolment(e: Enrolment, now: datetime) -> None:
    # (course_id, phone) is unique: a per-row placeholder keeps it so
    e.name, e.phone, e.sender_id, e.redacted_at = REDACTED, f"x{e.id}", None, now
    _redact_application_events(e)


def _redact_application_events(row) -> None:
    """Staff notes and what the worker was told about it (bot/console/applications.py) may name them."""
    s = object_session(row)
    if s is not None:
        s.execute(update(ApplicationEvent).where(ApplicationEvent.reference == row.reference).values(body=REDACTED))


def redact_handoff(h: Handoff, now: datetime) -> None:
    h.sender_id, h.summary, h.redacted_at = REDACTED, "", now


# --- the job -------------------------------------------------------------------------------------

def purge_events(events_url: str | None, *, before: datetime | None = None, senders: set[str] | None = None) -> int:
    """Deletes whole conversations from Rasa's `events` table (the SQL tracker store or event
    broker, bot/config.WebSettings.events_url), with their `tracker_windows` row when the windowed
    store keeps one: these conversations, or those whose last event is older than ``before``.
    A conversation still going on is never cut in the middle (the tracker store counts events by
    position). Returns the number of events deleted; a database without the table has none."""
    if not events_url or (before is None and not senders):
        return 0
    from bot.db.session import get_engine

    engine = get_engine(events_url)
    tables = set(inspect(engine).get_table_names())
    if "events" not in tables:
        return 0
    with engine.begin() as conn:
        if not senders:
            epoch = (before - datetime(1970, 1, 1)).total_seconds()
            senders = {r[0] for r in conn.execute(
                text("SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :t"), {"t": epoch})}
        deleted = 0
        for sender in sorted(senders):
            deleted += conn.execute(text("DELETE FROM events WHERE sender_id = :s"), {"s": sender}).rowcount
            if "tracker_windows" in tables:
                conn.execute(text("DELETE FROM tracker_windows WHERE sender_id = :s"), {"s": sender})
        return deleted


def run(db_url: str | None = None, *, now: datetime | None = None, events_url: str | None = None) -> dict[str, int]:
    """Deletes or anonymises everything whose period is over; returns how many rows of each kind."""
    now = now or clock.utcnow()
    done: dict[str, int] = {"conversations": purge_events(events_url, before=cutoff("conversations", now))}
    with session_scope(db_url) as s:
        done["tickets"] = _each(s, select(Ticket).where(
            Ticket.redacted_at.is_(None), Ticket.status.in_(CLOSED_STATUSES),
            func.coalesce(Ticket.resolved_at, Ticket.updated_at) < cutoff("tickets", now)),
            lambda t: redact_ticket(s, t, now))
        done["membership"] = _each(s, select(MembershipApplication).where(
            MembershipApplication.redacted_at.is_(None), MembershipApplication.updated_at < cutoff("membership", now)),
            lambda a: redact_membership(a, now))
        done["enrolments"] = _each(s, select(Enrolment).where(
            Enrolment.redacted_at.is_(None), Enrolment.created_at < cutoff("enrolments", now)),
            lambda e: redact_enrolment(e, now))
        done["handoffs"] = _each(s, select(Handoff).where(
            Handoff.redacted_at.is_(None), Handoff.status.in_(("closed", "cancelled")),
            func.coalesce(Handoff.closed_at, Handoff.created_at) < cutoff("handoffs", now)),
            lambda h: redact_handoff(h, now))
        done["review"] = _each(s, select(ReviewItem).where(
            ReviewItem.sender_id.is_not(None), ReviewItem.created_at < cutoff("review", now)), _redact_review)
        done["lookups"] = s.execute(delete(LookupAttempt).where(LookupAttempt.created_at < cutoff("lookups", now))).rowcount
        done["audit"] = s.execute(delete(AuditLog).where(AuditLog.created_at < cutoff("audit", now))).rowcount
        s.add(AuditLog(actor="system", action="retention", target="",
                       detail="；".join(f"{BY_KIND[k].label}{n}条" for k, n in done.items() if n) or "没有到期的数据",
                       created_at=now))
    return done


def _each(s: Session, query, redact: Callable) -> int:
    n = 0
    for row in s.execute(query).scalars():
        redact(row)
        n += 1
    return n


def _redact_review(r: ReviewItem) -> None:
    r.text, r.sender_id = pii.mask_text(r.text), None
