"""Live handoff of a conversation to a person (a legal-aid officer or hotline staff).

    waiting --claim--> live --release--> closed        (the officer hands back to the bot)
    waiting/live --worker ends it--> cancelled/closed

The bot stops answering a conversation while its handoff is waiting or live (the Rasa side keeps
a `handoff` slot in step; `bot/dialogue/handoff_policy.py`). Claiming is one conditional UPDATE,
so two officers can never both hold the same conversation. Each conversation has at most one
open handoff: asking again returns the open one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from bot.db.models import Handoff, Ticket, TicketEvent, utcnow
from bot.db.session import session_scope

OPEN = ("waiting", "live")
REASON_LABELS = {"request_human": "职工要求人工", "legal_aid": "法律援助案件", "urgent": "紧急情况"}
STATUS_LABELS = {"waiting": "等待接入", "live": "人工服务中", "closed": "已结束", "cancelled": "职工已取消"}
# A ticket opened in the same conversation this recently is the worker's case: link it.
LINK_WINDOW = timedelta(hours=24)


class HandoffError(Exception):
    """A handoff operation that cannot be done in the handoff's current state."""


class AlreadyClaimed(HandoffError):
    pass


class HandoffNotFound(HandoffError):
    pass


@dataclass(frozen=True)
class HandoffView:
    id: int
    sender_id: str
    status: str
    reason: str
    summary: str
    ticket_reference: str | None
    officer_username: str | None
    officer_name: str | None
    created_at: datetime
    claimed_at: datetime | None
    closed_at: datetime | None
    last_worker_message_at: datetime | None
    created: bool = False  # True when start() opened it now


def _view(h: Handoff, created: bool = False) -> HandoffView:
    return HandoffView(
        id=h.id, sender_id=h.sender_id, status=h.status, reason=h.reason, summary=h.summary,
        ticket_reference=h.ticket.reference if h.ticket else None,
        officer_username=h.officer.username if h.officer else None,
        officer_name=h.officer.display_name if h.officer else None,
        created_at=h.created_at, claimed_at=h.claimed_at, closed_at=h.closed_at,
        last_worker_message_at=h.last_worker_message_at, created=created,
    )


def recent_open_ticket(s, sender_id: str, now: datetime | None = None) -> Ticket | None:
    since = (now or utcnow()) - LINK_WINDOW
    return s.execute(
        select(Ticket).where(Ticket.sender_id == sender_id, Ticket.status.notin_(("resolved", "closed")),
                             Ticket.created_at >= since)
        .order_by(Ticket.created_at.desc(), Ticket.id.desc()).limit(1)
    ).scalar_one_or_none()


def recent_ticket_reference(sender_id: str, db_url: str | None = None) -> str | None:
    with session_scope(db_url) as s:
        t = recent_open_ticket(s, sender_id)
        return t.reference if t else None


def start(sender_id: str, *, reason: str, summary: str, ticket_reference: str | None = None,
          db_url: str | None = None) -> HandoffView:
    """Opens (or returns the already open) handoff of a conversation, linked to a ticket:
    the given one, else the conversation's recent open ticket. The ticket is flagged for a person."""
    with session_scope(db_url) as s:
        existing = s.execute(
            select(Handoff).where(Handoff.sender_id == sender_id, Handoff.status.in_(OPEN))
        ).scalars().first()
        if existing is not None:
            return _view(existing)
        ticket = None
        if ticket_reference:
            ticket = s.execute(select(Ticket).where(Ticket.reference == ticket_reference)).scalar_one_or_none()
        ticket = ticket or recent_open_ticket(s, sender_id)
        if ticket is not None and ticket.queue == "legal_aid" and reason == "request_human":
            reason = "legal_aid"
        if ticket is not None and ticket.priority == "urgent":
            reason = "urgent"
        h = Handoff(sender_id=sender_id, reason=reason, summary=summary[:2000], status="waiting", ticket=ticket)
        if ticket is not None:
            ticket.needs_human = True
            ticket.events.append(TicketEvent(kind="handoff", actor="bot", body=f"转人工：{REASON_LABELS.get(reason, reason)}"))
        s.add(h)
        s.flush()
        return _view(h, created=True)


def attach_ticket(handoff_id: int, ticket_reference: str, db_url: str | None = None) -> None:
    with session_scope(db_url) as s:
        h = s.get(Handoff, handoff_id)
        t = s.execute(select(Ticket).where(Ticket.reference == ticket_reference)).scalar_one()
        h.ticket = t
        t.needs_human = True


def get(handoff_id: int, db_url: str | None = None) -> HandoffView | None:
    with session_scope(db_url) as s:
        h = s.get(Handoff, handoff_id)
        return _view(h) if h else None


def open_for(sender_id: str, db_url: str | None = None) -> HandoffView | None:
    with session_scope(db_url) as s:
        h = s.execute(
            select(Handoff).where(Handoff.sender_id == sender_id, Handoff.status.in_(OPEN)).order_by(Handoff.id.desc())
        ).scalars().first()
        return _view(h) if h else None


def list_handoffs(status: str = "open", officer_id: int | None = None, limit: int = 200,
                  db_url: str | None = None) -> list[HandoffView]:
    with session_scope(db_url) as s:
        q = select(Handoff)
        if status == "open":
            q = q.where(Handoff.status.in_(OPEN))
        elif status == "mine":
            q = q.where(Handoff.status == "live", Handoff.officer_id == officer_id)
        elif status != "all":
            q = q.where(Handoff.status == status)
        rows = s.execute(q.order_by(Handoff.created_at.asc() if status in ("waiting", "open") else Handoff.id.desc())
                         .limit(limit)).scalars().all()
        return [_view(h) for h in rows]


def claim(handoff_id: int, officer_id: int, db_url: str | None = None) -> HandoffView:
    """Atomic: only one officer can move a waiting handoff to live. The view's `created` is True
    when this call claimed it (False for a repeated click by the same officer)."""
    now = utcnow()
    with session_scope(db_url) as s:
        won = s.execute(
            update(Handoff).where(Handoff.id == handoff_id, Handoff.status == "waiting")
            .values(status="live", officer_id=officer_id, claimed_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        h = s.get(Handoff, handoff_id)
        if h is None:
            raise HandoffNotFound("没有这个转人工记录")
        s.refresh(h)
        if not won:
            if h.status == "live" and h.officer_id == officer_id:
                return _view(h)  # a double click by the same officer
            if h.status == "live":
                raise AlreadyClaimed("已被其他工作人员接入")
            raise HandoffError("这个对话已经结束人工服务")
        return _view(h, created=True)


def record_claim(handoff_id: int, db_url: str | None = None) -> None:
    """After the worker has been told an officer joined: the ticket is in progress, assigned to
    the officer if nobody had it, and has had its first response."""
    with session_scope(db_url) as s:
        h = s.get(Handoff, handoff_id)
        if h is None or h.ticket is None or h.officer is None:
            return
        officer = h.officer
        h.ticket.events.append(TicketEvent(kind="handoff", actor=officer.username, body="工作人员接入在线对话"))
        if h.ticket.status == "new":
            h.ticket.status = "in_progress"
            # the worker was told in the chat already (the claim notice)
            h.ticket.events.append(TicketEvent(kind="status", actor=officer.username, body="处理中", public=True,
                                               delivered_at=utcnow()))
        if h.ticket.assignee is None:
            h.ticket.assignee = officer.username
        h.ticket.first_response_at = h.ticket.first_response_at or h.claimed_at or utcnow()


def unclaim(handoff_id: int, officer_id: int, db_url: str | None = None) -> None:
    """Undo a claim whose notice could not reach the conversation (Rasa unreachable)."""
    with session_scope(db_url) as s:
        s.execute(update(Handoff).where(Handoff.id == handoff_id, Handoff.officer_id == officer_id,
                                        Handoff.status == "live")
                  .values(status="waiting", officer_id=None, claimed_at=None))


def release(handoff_id: int, officer_id: int | None, actor: str, note: str = "",
            db_url: str | None = None) -> HandoffView:
    """The officer hands the conversation back to the bot (admins may close anyone's)."""
    with session_scope(db_url) as s:
        h = s.get(Handoff, handoff_id)
        if h is None:
            raise HandoffNotFound("没有这个转人工记录")
        if h.status not in OPEN:
            raise HandoffError("这个对话已经结束人工服务")
        if officer_id is not None and h.status == "live" and h.officer_id != officer_id:
            raise AlreadyClaimed("只有接入的工作人员可以交还")
        h.status, h.closed_at, h.closed_by = "closed", utcnow(), actor
        if h.ticket is not None:
            h.ticket.needs_human = False
            h.ticket.events.append(TicketEvent(kind="handoff", actor=actor, body="人工服务结束，交还机器人" + (f"：{note}" if note else "")))
        return _view(h)


def end_by_worker(sender_id: str, db_url: str | None = None) -> HandoffView | None:
    """The worker stops waiting (or ends the chat with the officer)."""
    with session_scope(db_url) as s:
        h = s.execute(select(Handoff).where(Handoff.sender_id == sender_id, Handoff.status.in_(OPEN))).scalars().first()
        if h is None:
            return None
        h.status = "cancelled" if h.status == "waiting" else "closed"
        h.closed_at, h.closed_by = utcnow(), "worker"
        if h.ticket is not None:
            h.ticket.events.append(TicketEvent(kind="handoff", actor="worker", body="职工结束了人工对话"))
        return _view(h)


def touch(sender_id: str, urgent: bool = False, db_url: str | None = None) -> HandoffView | None:
    """A worker's message during a handoff: the console shows it as unread; urgency raises the ticket."""
    with session_scope(db_url) as s:
        h = s.execute(select(Handoff).where(Handoff.sender_id == sender_id, Handoff.status.in_(OPEN))).scalars().first()
        if h is None:
            return None
        h.last_worker_message_at = utcnow()
        if urgent and h.ticket is not None and h.ticket.priority != "urgent":
            h.ticket.priority = "urgent"
            h.ticket.events.append(TicketEvent(kind="priority", actor="bot", body="人工对话中出现紧急信号，升为紧急"))
        if urgent:
            h.reason = "urgent"
        return _view(h)
