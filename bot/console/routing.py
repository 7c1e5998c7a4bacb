"""Which staff see which cases (分级办理), transfers between local unions (转办), and the list of
workers who asked for a person out of office hours (待回电).

A staff account works the queues of its regions (``StaffUser.regions``); an admin, or an account
with no region set yet, works all of them. Everyone may look at another region's queue with the
filter (the lists are masked; revealing personal data keeps its own rules in console.py).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot.console import console, regions
from bot.db.models import AuditLog, Ticket, TicketEvent, utcnow
from bot.db.session import session_scope

ALL = "all"
MINE = "mine"
MIN_NOTE = 2


def works_all(role: str, user_regions: tuple[str, ...] | list[str]) -> bool:
    return role == "admin" or not user_regions


def region_filter(choice: str | None, role: str, user_regions: tuple[str, ...] | list[str]) -> list[str] | None:
    """The region codes a queue request shows (None: all). ``choice``: empty or ``mine`` (the
    account's own regions, the default), ``all``, or one region code."""
    choice = (choice or MINE).strip()
    if choice == ALL or (choice == MINE and works_all(role, user_regions)):
        return None
    if choice == MINE:
        return list(user_regions)
    table = regions.load()
    if choice not in table.codes():
        raise console.ConsoleError("没有这个地区")
    return [choice]


def transfer(reference: str, region: str, note: str, *, actor: str, role: str,
             user_regions: tuple[str, ...] | list[str], db_url: str | None = None) -> None:
    """转办: the case goes to another local union's queue, unassigned, with the reason on the
    ticket (timeline) and in the audit log, in one transaction."""
    table = regions.load()
    if region not in table.codes():
        raise console.ConsoleError("请选择要转办到的地区")
    note = " ".join((note or "").split())
    if len(note) < MIN_NOTE:
        raise console.ConsoleError("请写明转办原因（例如：职工在深圳宝安区工作）")
    if len(note) > 500:
        raise console.ConsoleError("转办原因太长（最多 500 字）")
    with session_scope(db_url) as s:
        t = console._ticket(s, reference)
        if not works_all(role, user_regions) and t.region not in user_regions:
            raise console.Forbidden("这个工单不在您所属地区的队列，不能转办；需要时请该地区的同事或管理员处理")
        if t.status in ("resolved", "closed"):
            raise console.Conflict("工单已经办结，不能转办")
        if t.region == region:
            raise console.Conflict(f"工单已经在{table.name(region)}的队列")
        old = t.region
        t.region = region
        t.assignee = None
        body = f"{table.name(old)} → {table.name(region)}：{note}"
        t.events.append(TicketEvent(kind="transfer", actor=actor, body=body))
        s.add(AuditLog(actor=actor, action="ticket.transfer", target=t.reference, detail=body[:2000]))


def request_callback(sender_id: str, when: str, now: datetime | None = None, db_url: str | None = None) -> str | None:
    """A worker asked for a person out of office hours: the conversation's open ticket is marked
    for a call-back at opening (once until staff respond) and the request is on its timeline.
    Returns the ticket's reference, or None when the conversation has no open ticket."""
    from bot.handoff.handoff import recent_open_ticket

    now = now or utcnow()
    with session_scope(db_url) as s:
        t = recent_open_ticket(s, sender_id)
        if t is None:
            return None
        _mark(t, when, now)
        return t.reference


def mark_callback(reference: str, when: str, now: datetime | None = None, db_url: str | None = None) -> None:
    """The same for a ticket just opened for the request (its message left out of hours)."""
    now = now or utcnow()
    with session_scope(db_url) as s:
        _mark(console._ticket(s, reference), when, now)


def _mark(t: Ticket, when: str, now: datetime) -> None:
    if t.callback_requested_at is None:
        t.callback_requested_at = now
        t.events.append(TicketEvent(kind="callback", actor="bot",
                                    body=f"职工在非工作时间要求人工服务，已告知{when}上班后联系"))


def callbacks(region_codes: list[str] | None, names: dict[str, str] | None = None, now: datetime | None = None,
              db_url: str | None = None) -> list[dict]:
    """Open tickets whose worker asked for a person out of hours and has not been answered yet,
    oldest request first."""
    now = now or utcnow()
    with session_scope(db_url) as s:
        q = (select(Ticket).where(Ticket.callback_requested_at.is_not(None), Ticket.first_response_at.is_(None),
                                  Ticket.status.in_(console.OPEN_STATUSES))
             .order_by(Ticket.callback_requested_at, Ticket.id))
        if region_codes is not None:
            q = q.where(Ticket.region.in_(region_codes))
        return [console.queue_item(t, None, names or {}, now) for t in s.execute(q.limit(300)).scalars()]
