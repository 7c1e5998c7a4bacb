"""Membership applications from the 入会 form (reference ``RH-XXXX-XXXX``)."""
from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.db.models import MembershipApplication
from bot.db.session import session_scope
from bot.common.references import new_reference
from bot.cases.tickets import TicketError, TicketReceipt


def apply(*, name: str, phone: str, employment_type: str, employer: str | None, industry: str, city: str,
          sender_id: str | None = None, consent: dict | None = None, db_url: str | None = None) -> TicketReceipt:
    """Stores the application; the same application sent twice returns the first one."""
    raw = "\x1f".join([sender_id or "", name, phone, employment_type, employer or "", industry, city])
    key = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    for _attempt in range(3):
        try:
            with session_scope(db_url) as s:
                existing = s.execute(
                    select(MembershipApplication.reference).where(MembershipApplication.dedupe_key == key)
                ).scalar_one_or_none()
                if existing:
                    return TicketReceipt(existing, created=False)
                app = MembershipApplication(
                    reference=new_reference("RH"), name=name, phone=phone, employment_type=employment_type,
                    employer=employer, industry=industry, city=city, status="new", sender_id=sender_id, dedupe_key=key,
                    consent=consent,
                )
                s.add(app)
            return TicketReceipt(app.reference, created=True)
        except IntegrityError:
            continue
        except Exception as exc:
            raise TicketError(str(exc)) from exc
    raise TicketError("could not allocate a reference")
