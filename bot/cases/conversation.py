"""The case conversation: staff's public replies and status changes reach the worker's chat, and
the worker's answer reaches the ticket.

- A public reply (or a status change the worker may read) is sent to the worker's widget at once
  when the widget is open (the web app: bot/web/routes/tickets.py); otherwise it waits, undelivered
  (``TicketEvent.delivered_at`` is None), and is told once, at the worker's next message (the
  action server's hook, actions/__init__.py) or visit (the widget's history, bot/web/app.py).
- After a public reply the conversation's ``handoff`` slot reads ``reply:<reference>``: the
  worker's next message (not a button, not urgent, not inside a form) is the answer
  (bot/dialogue/handoff_policy.py runs action_handoff_relay), recorded on the ticket as the
  worker's message; the ticket shows new activity in the queue, and a ticket waiting for the
  worker goes back to staff.
- Tickets without a chat (entered from the hotline) are unchanged: a status lookup shows their
  public replies.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, or_, select

from bot.db.models import Handoff, StaffUser, Ticket, TicketEvent, utcnow
from bot.db.session import fetch_raw, get_engine, session_scope

REPLY_STATE = "reply:"
# The events a worker is told about: staff's public replies and public status changes.
TOLD_KINDS = ("reply", "status")
WORKER_KIND = "worker"
WORKER_ACTOR = "worker"
MAX_ANSWER_CHARS = 2000


def reply_state(reference: str) -> str:
    return REPLY_STATE + reference


def replying_to(slot_value) -> str | None:
    """The ticket reference a ``handoff`` slot value waits an answer for, else None."""
    if isinstance(slot_value, str) and slot_value.startswith(REPLY_STATE):
        return slot_value[len(REPLY_STATE):] or None
    return None


def has_chat(sender_id: str | None) -> bool:
    """Whether a ticket's conversation is a chat the worker reads (not the hotline's entry)."""
    return bool(sender_id) and not sender_id.startswith("hotline:")


@dataclass(frozen=True)
class Notice:
    event_id: int
    reference: str
    kind: str  # reply | status
    body: str
    name: str | None  # the staff member's display name
    role_label: str | None

    def live_text(self) -> str:
        if self.kind == "reply":
            return f"关于您的工单 {self.reference}：\n{self.body}\n（直接在这里回复，会转给工作人员）"
        return f"您的工单 {self.reference} 有新进展：{self.body}"

    def later_text(self) -> str:
        if self.kind == "reply":
            who = f"（{self.role_label} {self.name}）" if self.name else ""
            return f"您的工单 {self.reference} 有新回复{who}：\n{self.body}\n（直接在这里回复，会转给工作人员）"
        return f"您的工单 {self.reference} 有新进展：{self.body}"


def _role_labels() -> dict[str, str]:
    from bot.console.staff import ROLES

    return ROLES


def _notices(s, rows) -> list[Notice]:
    actors = {e.actor for e, _ in rows}
    people = {u.username: u for u in s.execute(select(StaffUser).where(StaffUser.username.in_(actors))).scalars()} if actors else {}
    labels = _role_labels() if people else {}
    out = []
    for e, ref in rows:
        u = people.get(e.actor)
        out.append(Notice(e.id, ref, e.kind, e.body, u.display_name if u else None,
                          labels.get(u.role, u.role) if u else None))
    return out


def _undelivered(s, where):
    return s.execute(select(TicketEvent, Ticket.reference).join(Ticket, TicketEvent.ticket_id == Ticket.id)
                     .where(where, TicketEvent.public.is_(True), TicketEvent.kind.in_(TOLD_KINDS),
                            TicketEvent.delivered_at.is_(None), Ticket.redacted_at.is_(None))
                     .order_by(TicketEvent.id)).all()


# Whether a conversation has anything to be told: asked before every custom action, so it is one
# statement compiled once and run on the driver's cursor (bot.db.session.fetch_raw: 15 us, against
# 85 us through SQLAlchemy's execution and 0.6 ms with an ORM session and a new statement).
_ANY_PENDING = (select(TicketEvent.id).join(Ticket, TicketEvent.ticket_id == Ticket.id)
                .where(Ticket.sender_id == bindparam("sender"), TicketEvent.public.is_(True),
                       or_(*(TicketEvent.kind == k for k in TOLD_KINDS)), TicketEvent.delivered_at.is_(None),
                       Ticket.redacted_at.is_(None))
                .limit(1))


def _any_pending(engine, sender_id: str) -> bool:
    return bool(fetch_raw(engine, _ANY_PENDING, {"sender": sender_id}))


def nothing_pending(sender_id: str, db_url: str | None = None) -> bool:
    """True when a check that never waits shows nothing to tell this conversation: on SQLite (the
    default profile; a read in write-ahead-log mode never waits for writers) it runs at once, on
    the action server's loop. False means: ask ``take_pending``, off the loop."""
    if not has_chat(sender_id):
        return True
    engine = get_engine(db_url)
    return engine.dialect.name == "sqlite" and not _any_pending(engine, sender_id)


def take_pending(sender_id: str, db_url: str | None = None) -> list[Notice]:
    """What this conversation has not been told yet, marked told (each notice is given once)."""
    if not has_chat(sender_id) or not _any_pending(get_engine(db_url), sender_id):
        return []
    with session_scope(db_url) as s:
        rows = _undelivered(s, Ticket.sender_id == sender_id)
        if not rows:
            return []
        now = utcnow()
        for e, _ in rows:
            e.delivered_at = now
        return _notices(s, rows)


def take_for_ticket(reference: str, db_url: str | None = None) -> list[Notice]:
    """The ticket's undelivered notices, marked told, for sending them to its chat now."""
    with session_scope(db_url) as s:
        rows = _undelivered(s, Ticket.reference == reference)
        now = utcnow()
        for e, _ in rows:
            e.delivered_at = now
        return _notices(s, rows)


def with_person(sender_id: str, db_url: str | None = None) -> bool:
    """Whether a person has (or is about to take) the conversation: their chat carries the answer."""
    with session_scope(db_url) as s:
        return s.execute(select(Handoff.id).where(Handoff.sender_id == sender_id,
                                                  Handoff.status.in_(("waiting", "live"))).limit(1)).first() is not None


def undeliver(event_ids: list[int], db_url: str | None = None) -> None:
    """Sending them live failed: they wait for the worker's next message or visit."""
    if not event_ids:
        return
    with session_scope(db_url) as s:
        for e in s.execute(select(TicketEvent).where(TicketEvent.id.in_(event_ids))).scalars():
            e.delivered_at = None


def record_answer(reference: str, sender_id: str, text: str, db_url: str | None = None) -> bool:
    """The worker's answer on the ticket (only a ticket of this conversation): the worker's message,
    new activity for staff, and a ticket that waited for the worker back to staff. False when the
    ticket is not this conversation's (or gone)."""
    text = (text or "").strip()[:MAX_ANSWER_CHARS]
    if not text:
        return False
    with session_scope(db_url) as s:
        t = s.execute(select(Ticket).where(Ticket.reference == reference)).scalar_one_or_none()
        if t is None or t.sender_id != sender_id or t.redacted_at is not None:
            return False
        now = utcnow()
        t.events.append(TicketEvent(kind=WORKER_KIND, actor=WORKER_ACTOR, body=text))
        t.worker_activity_at = now
        if t.status == "waiting":
            t.status = "in_progress"
            t.events.append(TicketEvent(kind="status", actor=WORKER_ACTOR, body="职工已回复，转回工作人员处理"))
        return True
