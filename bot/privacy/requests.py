"""A worker's request to see or delete their data (《个人信息保护法》第四十四至四十七条), handled by
staff in the console: the worker's identity is checked by the staff member (a call back to the
number on file, or in person); the console then finds everything stored about them by one of
their references together with its phone number (or by a conversation), shows it, exports it as
JSON, and deletes it: personal data removed, statistics kept (bot/privacy/retention.py). Every
step is written to the audit log by the caller (bot/web/routes/privacy.py), never the phone.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from bot.common import clock
from bot.console.console import CASE_TYPE_LABELS, STATUS_LABELS
from bot.common.phones import parse_phone
from bot.common.references import parse_reference
from bot.db.models import (Enrolment, Handoff, LookupAttempt, MembershipApplication, ReviewItem, Ticket,
                           TicketEvent)
from bot.db.session import session_scope
from bot.privacy import consent, retention

OPEN_STATUSES = ("new", "assigned", "in_progress", "waiting", "handoff")
MEMBERSHIP_STATUS = {"new": "待联系", "contacted": "已联系", "approved": "已入会", "rejected": "未通过"}


class RequestError(Exception):
    status_code = 422


class NotFound(RequestError):
    status_code = 404


@dataclass
class Subject:
    """What identifies one worker's records: their phone numbers and conversations."""
    phones: set[str] = field(default_factory=set)
    senders: set[str] = field(default_factory=set)


def identify(*, reference: str = "", phone: str = "", conversation: str = "", db_url: str | None = None) -> Subject:
    """A reference with the phone it was filed with, or a conversation; else NotFound (the same
    answer whether the reference exists or the phone is wrong: nothing to probe)."""
    subject = Subject()
    with session_scope(db_url) as s:
        if conversation.strip():
            subject.senders.add(conversation.strip())
        else:
            ref, tel = parse_reference(reference or ""), parse_phone(phone or "")
            if not ref or not tel:
                raise RequestError("请填写职工的编号和留的手机号（或者对话编号）")
            for model, col in ((Ticket, Ticket.contact_phone), (MembershipApplication, MembershipApplication.phone),
                               (Enrolment, Enrolment.phone)):
                row = s.execute(select(model).where(model.reference == ref, col == tel)).scalar_one_or_none()
                if row is not None:
                    subject.phones.add(tel)
                    if row.sender_id:
                        subject.senders.add(row.sender_id)
                    break
            else:
                raise NotFound("没有找到编号和手机号都对得上的记录，请和职工再核对一下")
        # one hop: the conversations of the phone's records and the phones of the conversation's
        t, m, e = _rows(s, subject)
        for row in (*t, *m, *e):
            if row.sender_id:
                subject.senders.add(row.sender_id)
        subject.phones |= {x.contact_phone for x in t if x.contact_phone} | {x.phone for x in (*m, *e) if x.phone}
        if not (t or m or e or _handoffs(s, subject)):
            raise NotFound("这个对话没有留下任何登记记录")
    return subject


def _rows(s: Session, subj: Subject):
    def match(phone_col, sender_col):
        return or_(phone_col.in_(subj.phones or {""}), sender_col.in_(subj.senders or {""}))
    t = list(s.execute(select(Ticket).where(match(Ticket.contact_phone, Ticket.sender_id))
                       .where(Ticket.redacted_at.is_(None)).order_by(Ticket.id)).scalars())
    m = list(s.execute(select(MembershipApplication).where(
        match(MembershipApplication.phone, MembershipApplication.sender_id), MembershipApplication.redacted_at.is_(None))
        .order_by(MembershipApplication.id)).scalars())
    e = list(s.execute(select(Enrolment).where(match(Enrolment.phone, Enrolment.sender_id), Enrolment.redacted_at.is_(None))
                       .order_by(Enrolment.id)).scalars())
    return t, m, e


def _handoffs(s: Session, subj: Subject) -> list[Handoff]:
    return list(s.execute(select(Handoff).where(Handoff.sender_id.in_(subj.senders or {""}),
                                                Handoff.redacted_at.is_(None))).scalars())


def _iso(dt: datetime | None) -> str | None:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ") if dt else None


def export(subject: Subject, db_url: str | None = None) -> dict:
    """Everything stored about the worker, as JSON (what the console shows and the worker may take)."""
    with session_scope(db_url) as s:
        t, m, e = _rows(s, subject)
        reviews = list(s.execute(select(ReviewItem).where(ReviewItem.sender_id.in_(subject.senders or {""}))).scalars())
        return {
            "exported_at": clock.now().isoformat(timespec="seconds"),
            "phones": sorted(subject.phones),
            "conversations": len(subject.senders),
            "tickets": [{
                "reference": x.reference, "kind": x.case_type, "kind_label": CASE_TYPE_LABELS.get(x.case_type, x.case_type),
                "category": x.category, "status": x.status, "status_label": STATUS_LABELS.get(x.status, x.status),
                "created_at": _iso(x.created_at), "contact_phone": x.contact_phone, "contact_name": x.contact_name,
                "description": x.description, "fields": x.fields, "consent": x.consent,
                "consent_text": consent.describe(x.consent),
                "events": [{"kind": ev.kind, "at": _iso(ev.created_at), "body": ev.body, "shown_to_worker": ev.public}
                           for ev in x.events],
            } for x in t],
            "membership_applications": [{
                "reference": x.reference, "name": x.name, "phone": x.phone, "employment_type": x.employment_type,
                "employer": x.employer, "industry": x.industry, "city": x.city, "status": x.status,
                "status_label": MEMBERSHIP_STATUS.get(x.status, x.status),
                "created_at": _iso(x.created_at), "consent": x.consent, "consent_text": consent.describe(x.consent),
            } for x in m],
            "enrolments": [{
                "reference": x.reference, "course": x.course.title if x.course else None, "name": x.name,
                "phone": x.phone, "status": x.status, "created_at": _iso(x.created_at), "consent": x.consent,
                "consent_text": consent.describe(x.consent),
            } for x in e],
            "handoffs": [{"status": h.status, "created_at": _iso(h.created_at), "closed_at": _iso(h.closed_at),
                          "summary": h.summary} for h in _handoffs(s, subject)],
            "messages_for_review": [{"text": r.text, "created_at": _iso(r.created_at)} for r in reviews],
        }


def erase(subject: Subject, *, actor: str, db_url: str | None = None, now: datetime | None = None) -> dict[str, int]:
    """Deletes the worker's personal data everywhere in the database; open cases are closed first
    (nobody can call back a deleted number). Returns how many records of each kind."""
    now = now or clock.utcnow()
    with session_scope(db_url) as s:
        t, m, e = _rows(s, subject)
        for x in t:
            if x.status in OPEN_STATUSES:
                x.status, x.needs_human, x.resolved_at = "closed", False, x.resolved_at or now
            retention.redact_ticket(s, x, now)
            x.events.append(TicketEvent(kind="status", actor=actor, body="应本人要求删除个人信息，工单关闭", public=False))
        for x in m:
            retention.redact_membership(x, now)
        for x in e:
            retention.redact_enrolment(x, now)
        hs = _handoffs(s, subject)
        for h in hs:
            retention.redact_handoff(h, now)
        senders = subject.senders or {""}
        reviews = list(s.execute(select(ReviewItem).where(ReviewItem.sender_id.in_(senders))).scalars())
        for r in reviews:
            s.delete(r)
        lookups = s.execute(delete(LookupAttempt).where(LookupAttempt.sender_id.in_(senders))).rowcount
    return {"tickets": len(t), "membership": len(m), "enrolments": len(e), "handoffs": len(hs),
            "review": len(reviews), "lookups": lookups}
