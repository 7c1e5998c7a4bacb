"""SQLAlchemy 1.4 models, written in 2.0 style (``future=True`` engine and sessions)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import declarative_base, relationship

from bot.common import clock

Base = declarative_base()


def utcnow() -> datetime:
    """Naive UTC from the project's clock (bot.common.clock), as every column stores it."""
    return clock.utcnow()


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
    priority_reasons = Column(JSON, nullable=False, default=list)  # why this priority, in Chinese
    case_type = Column(String(30), nullable=False, default="message")  # message | wage_arrears | legal_aid | work_injury | urgent
    queue = Column(String(20), nullable=False, default="hotline", index=True)  # hotline | legal_aid | hardship
    needs_human = Column(Boolean, nullable=False, default=False)  # flagged for a person now (urgent, officer)
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
    first_response_at = Column(DateTime)  # first staff action on it (SLA, analytics)
    resolved_at = Column(DateTime)
    dedupe_key = Column(String(64), nullable=False)  # same submission twice -> same ticket
    consent = Column(JSON)  # the privacy notice the worker agreed to, and when (bot/privacy/consent.py)
    redacted_at = Column(DateTime)  # personal data removed (retention period over, or the worker asked)
    region = Column(String(30), nullable=False, default="central", server_default="central", index=True)  # data/console/regions.yml
    callback_requested_at = Column(DateTime)  # asked for a person out of office hours: call back at opening
    worker_activity_at = Column(DateTime)  # the worker answered in the chat and no staff member acted since
    created_at = Column(DateTime, nullable=False, default=utcnow, index=True)
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    events = relationship("TicketEvent", back_populates="ticket", order_by="TicketEvent.id")


class TicketEvent(Base):
    """Audit trail of a ticket: creation, status changes, notes."""

    __tablename__ = "ticket_events"

    id = Column(Integer, primary_key=True)
    ticket_id = Column(Integer, ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = Column(String(20), nullable=False)  # created | status | note | reply | assign | worker | ...
    actor = Column(String(60), nullable=False, default="bot")
    body = Column(Text, nullable=False, default="")
    public = Column(Boolean, nullable=False, default=False)  # shown to the worker in a status lookup
    # When a public reply or status change reached the worker's chat (bot/cases/conversation.py);
    # None: not yet (it is told at the worker's next message or visit).
    delivered_at = Column(DateTime)
    created_at = Column(DateTime, nullable=False, default=utcnow)

    ticket = relationship("Ticket", back_populates="events")


class MembershipApplication(Base):
    """A worker's application to join the union, as confirmed in the 入会 form."""

    __tablename__ = "membership_applications"
    __table_args__ = (UniqueConstraint("dedupe_key", name="uq_membership_dedupe_key"),)

    id = Column(Integer, primary_key=True)
    reference = Column(String(16), nullable=False, unique=True)  # RH-XXXX-XXXX
    name = Column(String(60), nullable=False)
    phone = Column(String(20), nullable=False)
    employer = Column(String(120))  # None for platform or informal work
    employment_type = Column(String(20), nullable=False)  # employee | platform | flexible
    industry = Column(String(60), nullable=False)
    city = Column(String(60), nullable=False)
    status = Column(String(20), nullable=False, default="new", index=True)  # new | contacted | approved | rejected
    sender_id = Column(String(120), index=True)
    dedupe_key = Column(String(64), nullable=False)
    consent = Column(JSON)  # the privacy notice the worker agreed to, and when (bot/privacy/consent.py)
    redacted_at = Column(DateTime)  # personal data removed (retention period over, or the worker asked)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)


class Course(Base):
    """A skills-training course, loaded from data/courses/."""

    __tablename__ = "courses"

    id = Column(Integer, primary_key=True)
    slug = Column(String(80), nullable=False, unique=True)
    title = Column(String(120), nullable=False)
    skill = Column(String(30), nullable=False, index=True)
    keywords = Column(JSON, nullable=False, default=list)
    city = Column(String(30), nullable=False, index=True)  # a city, or 线上
    mode = Column(String(10), nullable=False)  # offline | online
    venue = Column(String(200), nullable=False)
    organiser = Column(String(120), nullable=False)
    start_date = Column(Date, nullable=False)
    end_date = Column(Date, nullable=False)
    schedule = Column(String(120), nullable=False)
    hours = Column(Integer, nullable=False)
    cost = Column(Integer, nullable=False)
    subsidy = Column(Text, nullable=False)
    certificate = Column(String(200), nullable=False)
    seats = Column(Integer, nullable=False)
    enrolled_elsewhere = Column(Integer, nullable=False, default=0)  # places taken outside the bot
    requirements = Column(String(200), nullable=False)
    summary = Column(Text, nullable=False)
    source = Column(String(200), nullable=False, default="")
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    enrolments = relationship("Enrolment", back_populates="course")


class Enrolment(Base):
    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("course_id", "phone", name="uq_enrolment_course_phone"),)

    id = Column(Integer, primary_key=True)
    reference = Column(String(16), nullable=False, unique=True)  # PX-XXXX-XXXX
    course_id = Column(Integer, ForeignKey("courses.id", ondelete="CASCADE"), nullable=False, index=True)
    name = Column(String(60), nullable=False)
    phone = Column(String(20), nullable=False)
    status = Column(String(20), nullable=False, default="enrolled")  # enrolled | cancelled
    sender_id = Column(String(120), index=True)
    consent = Column(JSON)  # the privacy notice the worker agreed to, and when (bot/privacy/consent.py)
    redacted_at = Column(DateTime)  # personal data removed (retention period over, or the worker asked)
    created_at = Column(DateTime, nullable=False, default=utcnow)

    course = relationship("Course", back_populates="enrolments")


class LookupAttempt(Base):
    """Status lookups, kept to slow down guessing (per conversation and per reference)."""

    __tablename__ = "lookup_attempts"

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(120), nullable=False, index=True)
    reference = Column(String(16), nullable=False, index=True)
    success = Column(Boolean, nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow, index=True)


class StaffUser(Base):
    """A console account: hotline staff, legal-aid officer or admin."""

    __tablename__ = "staff_users"

    id = Column(Integer, primary_key=True)
    username = Column(String(60), nullable=False, unique=True)
    display_name = Column(String(60), nullable=False)
    role = Column(String(20), nullable=False)  # hotline | officer | admin
    password_hash = Column(String(200), nullable=False)  # argon2id
    active = Column(Boolean, nullable=False, default=True)
    session_version = Column(Integer, nullable=False, default=1)  # bumped to end every session of the user
    failed_logins = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime)
    last_login_at = Column(DateTime)
    regions = Column(JSON)  # region codes (data/console/regions.yml) whose queues this account works
    created_at = Column(DateTime, nullable=False, default=utcnow)


class Handoff(Base):
    """A conversation handed to a person: waiting -> live (claimed) -> closed, or cancelled."""

    __tablename__ = "handoffs"

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(120), nullable=False, index=True)
    ticket_id = Column(Integer, ForeignKey("tickets.id", ondelete="SET NULL"), index=True)
    status = Column(String(20), nullable=False, default="waiting", index=True)
    reason = Column(String(30), nullable=False, default="request_human")  # request_human | legal_aid | urgent
    summary = Column(Text, nullable=False, default="")
    officer_id = Column(Integer, ForeignKey("staff_users.id", ondelete="SET NULL"))
    created_at = Column(DateTime, nullable=False, default=utcnow)
    claimed_at = Column(DateTime)
    closed_at = Column(DateTime)
    closed_by = Column(String(60))  # officer username, or "worker"
    last_worker_message_at = Column(DateTime)
    redacted_at = Column(DateTime)  # personal data removed (retention period over, or the worker asked)

    ticket = relationship("Ticket")
    officer = relationship("StaffUser")


class ReviewItem(Base):
    """A worker's message the bot was unsure about, for staff to label (exported for retraining)."""

    __tablename__ = "review_items"

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(120), index=True)
    text = Column(Text, nullable=False)
    predicted_intent = Column(String(60))
    confidence = Column(String(10))
    reason = Column(String(20), nullable=False, default="fallback")  # fallback | low_confidence
    status = Column(String(20), nullable=False, default="open", index=True)  # open | labelled | dismissed
    label = Column(String(60))
    labelled_by = Column(String(60))
    labelled_at = Column(DateTime)
    created_at = Column(DateTime, nullable=False, default=utcnow, index=True)


class AuditLog(Base):
    """Who did what in the console: logins, reveals of personal data, account changes."""

    __tablename__ = "audit_log"

    id = Column(Integer, primary_key=True)
    actor = Column(String(60), nullable=False)
    action = Column(String(40), nullable=False, index=True)
    target = Column(String(120), nullable=False, default="")
    detail = Column(Text, nullable=False, default="")
    created_at = Column(DateTime, nullable=False, default=utcnow, index=True)


class CannedReply(Base):
    __tablename__ = "canned_replies"

    id = Column(Integer, primary_key=True)
    title = Column(String(80), nullable=False)
    topic = Column(String(40), nullable=False, default="general")
    body = Column(Text, nullable=False)
    created_by = Column(String(60), nullable=False, default="system")
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)


class ApplicationEvent(Base):
    """Staff work on a membership application (RH-) or an enrolment (PX-), by reference; a public
    entry is what the worker reads in a status lookup (and was sent to their conversation)."""

    __tablename__ = "application_events"

    id = Column(Integer, primary_key=True)
    reference = Column(String(16), nullable=False, index=True)
    kind = Column(String(20), nullable=False)  # approve | reject | more_info | confirm | cancel | admit | note
    actor = Column(String(60), nullable=False, default="system")
    body = Column(Text, nullable=False, default="")
    public = Column(Boolean, nullable=False, default=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)


class Survey(Base):
    """The satisfaction question asked in the chat when a ticket is resolved (once a ticket), and the
    worker's answers (bot/console/satisfaction.py)."""

    __tablename__ = "surveys"

    id = Column(Integer, primary_key=True)
    ticket_id = Column(Integer, ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False, unique=True)
    asked_at = Column(DateTime, nullable=False, default=utcnow)
    solved = Column(Boolean)  # 解决了 / 没解决; None: not answered
    rating = Column(String(20))  # satisfied | neutral | unsatisfied; None: not answered
    comment = Column(Text)  # the worker's optional words (personal data masked)
    answered_at = Column(DateTime)

    ticket = relationship("Ticket")


class FollowUp(Base):
    """A 回访 task: staff call the worker back after an unsolved, unhappy or unanswered survey."""

    __tablename__ = "followups"

    id = Column(Integer, primary_key=True)
    ticket_id = Column(Integer, ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False, unique=True)
    reason = Column(String(20), nullable=False, default="unanswered")  # unanswered | unsolved | unsatisfied
    status = Column(String(20), nullable=False, default="open", index=True)  # open | done | cancelled
    due_at = Column(DateTime, nullable=False, index=True)
    reached = Column(Boolean)  # the worker was reached on the call
    outcome = Column(Text)  # what staff recorded
    reopened = Column(Boolean, nullable=False, default=False)
    done_by = Column(String(60))
    done_at = Column(DateTime)
    created_at = Column(DateTime, nullable=False, default=utcnow)

    ticket = relationship("Ticket")
