"""Opening help tickets.

A ticket is confirmed to the worker only after its transaction has committed. The same
submission sent twice (a double tap, a retried request) returns the first ticket instead of
creating a second one: the dedupe key is a hash of the conversation and the submitted content.

Limits: a conversation (sender id) stores at most the rate-limit rule "ticket.sender" of new
tickets (bot/common/ratelimit.py; staff's hotline entries are not limited); past it TicketLimited
is raised and nothing is stored. An urgent case while the conversation has an open urgent ticket
is added to that ticket instead of opening another.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.db.models import Ticket, TicketEvent
from bot.db.session import session_scope
from bot.common import ratelimit
from bot.common.references import new_reference
from bot.common.facts import HOTLINE_NAME, TICKET_CATEGORIES
from bot.common.text import normalize

CATEGORIES = TICKET_CATEGORIES
log = logging.getLogger(__name__)


# Opened before the worker could give a phone number: staff reach them in the conversation
# (sender id) or by the number they add later (add_phone).
PHONELESS_CASES = ("urgent", "handoff")


CLOSED_STATUSES = ("resolved", "closed")


class TicketError(Exception):
    """The ticket could not be stored; the worker must not be told it was."""


class TicketLimited(TicketError):
    """This conversation has stored as many tickets as it may for now; nothing was stored."""


def limited_reply(what: str = "这件事") -> str:
    """What a worker over the limit is told: true (nothing was stored) and with the hotline."""
    return (f"这次对话里已经登记了好几件事，{what}这次没有再登记。请直接拨打{HOTLINE_NAME}，"
            "工作人员会帮您处理；已经给您的编号仍然有效。")


@dataclass(frozen=True)
class TicketReceipt:
    reference: str
    created: bool  # False when an identical submission already existed


def dedupe_key(sender_id: str | None, category: str, description: str, phone: str) -> str:
    raw = "\x1f".join([sender_id or "", category, normalize(description), phone])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def open_ticket(
    *,
    description: str,
    phone: str,
    category: str = "general",
    sender_id: str | None = None,
    name: str | None = None,
    fields: dict | None = None,
    intent: str | None = None,
    confidence: float | None = None,
    priority: str = "normal",
    priority_reasons: list[str] | tuple[str, ...] = (),
    case_type: str = "message",
    queue: str = "hotline",
    needs_human: bool = False,
    channel: str = "bot",
    consent: dict | None = None,
    db_url: str | None = None,
) -> TicketReceipt:
    if category not in CATEGORIES:
        category = "general"
    description = (description or "").strip()
    # An urgent case is stored at once, before the worker could give a phone number; staff reach
    # them in the conversation (sender id) or by the number they add later (add_phone).
    if not description or not (phone or case_type in PHONELESS_CASES):
        raise ValueError("a ticket needs a description and a contact phone")
    phone = phone or ""
    key = dedupe_key(sender_id, category, description, phone)
    for _attempt in range(3):  # a fresh reference on the (very rare) collision
        try:
            with session_scope(db_url) as s:
                existing = s.execute(select(Ticket.reference).where(Ticket.dedupe_key == key)).scalar_one_or_none()
                if existing:
                    return TicketReceipt(existing, created=False)
                if case_type == "urgent" and sender_id:
                    open_urgent = s.execute(
                        select(Ticket).where(Ticket.sender_id == sender_id, Ticket.case_type == "urgent",
                                             Ticket.status.notin_(CLOSED_STATUSES))
                        .order_by(Ticket.id.desc()).limit(1)
                    ).scalar_one_or_none()
                    if open_urgent is not None:
                        open_urgent.events.append(TicketEvent(kind="note", actor=channel, body=f"职工又发来紧急信息：\n{description}"))
                        return TicketReceipt(open_urgent.reference, created=False)
                if channel == "bot" and sender_id and not ratelimit.get_limiter().hit("ticket.sender", sender_id):
                    raise TicketLimited("this conversation has stored too many tickets lately")
                ticket = Ticket(
                    reference=new_reference(),
                    category=category,
                    priority=priority,
                    priority_reasons=list(priority_reasons),
                    case_type=case_type,
                    queue=queue,
                    needs_human=needs_human,
                    status="new",
                    description=description,
                    contact_phone=phone,
                    contact_name=name,
                    fields=fields or {},
                    sender_id=sender_id,
                    channel=channel,
                    intent=intent,
                    intent_confidence=None if confidence is None else f"{confidence:.3f}",
                    dedupe_key=key,
                    consent=consent,
                    region=_region(fields),
                )
                ticket.events.append(TicketEvent(kind="created", actor=channel, body="已收到，等待工作人员处理", public=True))
                s.add(ticket)
            if priority == "urgent":  # after the commit: the on-call group hears of it at once
                _alert("urgent", ticket.reference, db_url)
            return TicketReceipt(ticket.reference, created=True)
        except TicketLimited:
            raise
        except IntegrityError:
            # Either the reference collided (retry with a new one) or a concurrent identical
            # submission won the race (the lookup at the top of the next attempt finds it).
            continue
        except Exception as exc:  # database down, disk full, ...
            raise TicketError(str(exc)) from exc
    raise TicketError("could not allocate a ticket reference")


def _alert(kind: str, reference: str, db_url: str | None) -> None:
    from bot.console import alerts

    try:
        alerts.notify(kind, reference, db_url=db_url)
    except Exception:  # never fails the ticket: staff see it in the console anyway
        log.exception("alert not sent")


def _region(fields: dict | None) -> str:
    """The local union whose queue the case goes to, from the place the worker gave."""
    from bot.console import regions

    return regions.load().of_fields(fields)


def get_ticket(reference: str, db_url: str | None = None) -> Ticket | None:
    with session_scope(db_url) as s:
        return s.execute(select(Ticket).where(Ticket.reference == reference)).scalar_one_or_none()


def add_note(reference: str, body: str, *, actor: str = "bot", public: bool = False, db_url: str | None = None) -> None:
    """Appends to a ticket's audit trail (a later message of the worker, a staff note)."""
    try:
        with session_scope(db_url) as s:
            ticket = s.execute(select(Ticket).where(Ticket.reference == reference)).scalar_one()
            ticket.events.append(TicketEvent(kind="note", actor=actor, body=body, public=public))
    except Exception as exc:
        raise TicketError(str(exc)) from exc


def add_phone(reference: str, phone: str, db_url: str | None = None) -> None:
    """The contact number given after an urgent ticket was opened."""
    try:
        with session_scope(db_url) as s:
            ticket = s.execute(select(Ticket).where(Ticket.reference == reference)).scalar_one()
            ticket.contact_phone = phone
            ticket.events.append(TicketEvent(kind="note", actor="bot", body=f"职工补充了联系电话：{phone}"))
    except Exception as exc:
        raise TicketError(str(exc)) from exc
