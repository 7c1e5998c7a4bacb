"""SQLAlchemy 1.4 models, written in 2.0 style (``future=True`` engine and sessions)."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class FaqEntry(Base):
    __tablename__ = "faq_entries"

    id = Column(Integer, primary_key=True)
    slug = Column(String(120), nullable=False, unique=True)  # e.g. "wage_arrears.where_to_complain"
    topic = Column(String(40), nullable=False, index=True)
    position = Column(Integer, nullable=False, default=0)  # order within its content file: leads first
    question = Column(Text, nullable=False)
    variants = Column(JSON, nullable=False, default=list)  # other ways workers ask it
    answer = Column(Text, nullable=False)
    legal_basis = Column(JSON, nullable=False, default=list)  # [{"law": ..., "article": ...}]
    channels = Column(JSON, nullable=False, default=list)  # ["12351", "12333", ...]
    related = Column(JSON, nullable=False, default=list)  # slugs of related entries
    source = Column(String(200), nullable=False, default="")  # content file it came from
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (UniqueConstraint("dedupe_key", name="uq_tickets_dedupe_key"),)

    id = Column(Integer, primary_key=True)
    reference = Column(String(16), nullable=False, unique=True)  # GH-XXXX-XXXX
    category = Column(String(40), nullable=False, index=True)  # a topic intent or "general"
    priority = Column(String(10), nullable=False, default="normal")  # low | normal | high | urgent
    status = Column(String(20), nullable=False, default="new", index=True)
    description = Column(Text, nullable=False)
    contact_phone = Column(String(20), nullable=False)
    contact_name = Column(String(60))
    fields = Column(JSON, nullable=False, default=dict)  # form answers, as confirmed by the worker
    sender_id = Column(String(120), index=True)  # Rasa conversation id
    channel = Column(String(20), nullable=False, default="bot")  # bot | hotline | widget
    intent = Column(String(60))  # the bot's classification when the ticket was opened
    intent_confidence = Column(String(10))
    assignee = Column(String(60))
    dedupe_key = Column(String(64), nullable=False)  # same submission twice -> same ticket
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    events = relationship("TicketEvent", back_populates="ticket", order_by="TicketEvent.id")


class TicketEvent(Base):
    """Audit trail of a ticket: creation, status changes, notes."""

    __tablename__ = "ticket_events"

    id = Column(Integer, primary_key=True)
    ticket_id = Column(Integer, ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = Column(String(20), nullable=False)  # created | status | note | assign
    actor = Column(String(60), nullable=False, default="bot")
    body = Column(Text, nullable=False, default="")
    created_at = Column(DateTime, nullable=False, default=utcnow)

    ticket = relationship("Ticket", back_populates="events")
