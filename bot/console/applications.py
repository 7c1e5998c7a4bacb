"""Membership applications (RH-) and course enrolments (PX-) in the staff console.

Applications are reviewed: approved, rejected with a reason, or the worker is asked for more
(a note); enrolments are listed per course, confirmed or cancelled, and a seat freed by a
cancellation goes to the first worker on the course's waiting list. Every step is written on the
item's record (``ApplicationEvent``) and in the audit log, in one transaction; what the worker is
told is a public entry (read back in a status lookup) and is returned as a ``Notice`` for the
web layer to append to the worker's conversation.

The worker's earlier cases and applications (matched by the whole phone number) are shown on
each ticket, application and enrolment, masked; search finds RH-/PX- references and whole phone
numbers (the caller audits a phone search).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from bot.cases.courses import SEATED
from bot.common import facts, pii
from bot.console.console import (CASE_TYPE_LABELS, STATUS_LABELS, TOPIC_NAMES, ConsoleError, Conflict, NotFound, _iso,
                                 actor_name)
from bot.db.models import ApplicationEvent, AuditLog, Course, Enrolment, MembershipApplication, Ticket, utcnow
from bot.db.session import session_scope

MEMBERSHIP_LABELS = {"new": "待审核", "contacted": "已联系", "more_info": "待补充信息", "approved": "已批准",
                     "rejected": "未通过"}
ENROLMENT_LABELS = {"enrolled": "已报名", "confirmed": "已确认", "waitlisted": "候补中", "cancelled": "已取消"}
EMPLOYMENT_LABELS = {"employee": "在单位上班", "platform": "平台从业", "flexible": "灵活就业"}
EVENT_LABELS = {"approve": "批准入会", "reject": "不予通过", "more_info": "请职工补充", "confirm": "确认报名",
                "cancel": "取消报名", "admit": "候补递补", "note": "备注", "notice": "告知职工"}
# review action -> (new status, audit action, needs a note)
REVIEW = {"approve": ("approved", "application.approve", False), "reject": ("rejected", "application.reject", True),
          "more_info": ("more_info", "application.more_info", True)}
REVIEWABLE = ("new", "contacted", "more_info")
MAX_NOTE = 500


@dataclass(frozen=True)
class Notice:
    """A message for the worker's conversation (sender_id None: the worker is told at the next lookup only)."""
    sender_id: str | None
    text: str


def _digits(col):
    return func.replace(func.replace(col, "-", ""), " ", "")


def _events(s, reference: str, names: dict[str, str]) -> list[dict]:
    rows = s.execute(select(ApplicationEvent).where(ApplicationEvent.reference == reference)
                     .order_by(ApplicationEvent.created_at, ApplicationEvent.id)).scalars()
    return [{"id": e.id, "kind": e.kind, "kind_label": EVENT_LABELS.get(e.kind, "处理记录"), "actor": e.actor,
             "actor_name": actor_name(e.actor, names),
             "body": pii.mask_text(e.body), "public": e.public, "created_at": _iso(e.created_at)} for e in rows]


def _record(s, reference: str, kind: str, actor: str, body: str, *, public: bool, audit: str, detail: str) -> None:
    s.add(ApplicationEvent(reference=reference, kind=kind, actor=actor, body=body, public=public, created_at=utcnow()))
    s.add(AuditLog(actor=actor, action=audit, target=reference, detail=detail[:2000]))


def _note(note: str | None, required: bool, what: str) -> str:
    note = " ".join((note or "").split())
    if required and not note:
        raise ConsoleError(f"请写明{what}")
    if len(note) > MAX_NOTE:
        raise ConsoleError(f"内容太长（最多 {MAX_NOTE} 字）")
    return note


# --- membership applications ---------------------------------------------------------------------

def application_item(a: MembershipApplication) -> dict:
    return {"reference": a.reference, "kind": "application", "name": a.name, "phone": pii.mask_phone(a.phone),
            "employment_type": a.employment_type,
            "employment_label": EMPLOYMENT_LABELS.get(a.employment_type, "其他"), "employer": a.employer,
            "industry": a.industry, "city": a.city, "status": a.status,
            "status_label": MEMBERSHIP_LABELS.get(a.status, "处理中"), "created_at": _iso(a.created_at),
            "updated_at": _iso(a.updated_at)}


def list_applications(status: str | None = None, limit: int = 300, db_url: str | None = None) -> list[dict]:
    """Newest first; ``status`` "open" (default) is what still needs a decision, "all" everything."""
    with session_scope(db_url) as s:
        q = select(MembershipApplication).where(MembershipApplication.redacted_at.is_(None))
        if status in (None, "", "open"):
            q = q.where(MembershipApplication.status.in_(REVIEWABLE))
        elif status != "all":
            q = q.where(MembershipApplication.status == status)
        q = q.order_by(MembershipApplication.created_at.desc(), MembershipApplication.id.desc()).limit(limit)
        return [application_item(a) for a in s.execute(q).scalars()]


def _application(s, reference: str) -> MembershipApplication:
    a = s.execute(select(MembershipApplication).where(
        MembershipApplication.reference == (reference or "").strip().upper())).scalar_one_or_none()
    if a is None:
        raise NotFound("没有这个入会申请")
    return a


def application_detail(reference: str, names: dict[str, str] | None = None, db_url: str | None = None) -> dict:
    with session_scope(db_url) as s:
        a = _application(s, reference)
        item = application_item(a)
        item.update({
            "events": _events(s, a.reference, names or {}),
            "earlier": earlier(s, a.phone, a.reference),
            "actions": [{"action": k, "label": EVENT_LABELS[k], "needs_note": REVIEW[k][2]} for k in REVIEW]
            if a.status in REVIEWABLE else [],
            "can_notify": bool(a.sender_id),
        })
        return item


def review_application(reference: str, action: str, note: str | None, actor: str,
                       db_url: str | None = None) -> Notice:
    """Approves, rejects (a reason is required) or asks for more (a note is required)."""
    if action not in REVIEW:
        raise ConsoleError("请选择：批准、不予通过或请职工补充")
    status, audit, needs_note = REVIEW[action]
    note = _note(note, needs_note, "原因" if action == "reject" else "需要补充什么")
    with session_scope(db_url) as s:
        a = _application(s, reference)
        if a.status not in REVIEWABLE:
            raise Conflict(f"这个申请已经是“{MEMBERSHIP_LABELS.get(a.status, a.status)}”，不能再审核")
        a.status = status
        text = {
            "approve": f"您的入会申请 {a.reference} 已批准，欢迎加入工会！工作人员会联系您办理会员手续。",
            "reject": f"您的入会申请 {a.reference} 这次没有通过。原因：{note}。有疑问请拨打{facts.HOTLINE_NAME}。",
            "more_info": f"您的入会申请 {a.reference} 还需要补充：{note}。工作人员会打电话和您核实，"
                         f"也可以拨打{facts.HOTLINE_NAME}。",
        }[action]
        _record(s, a.reference, action, actor, text, public=True, audit=audit, detail=pii.mask_text(note))
        return Notice(a.sender_id, text)


# --- course enrolments -----------------------------------------------------------------------------

def enrolment_item(e: Enrolment, position: int | None = None) -> dict:
    return {"reference": e.reference, "kind": "enrolment", "name": e.name, "phone": pii.mask_phone(e.phone),
            "status": e.status, "status_label": ENROLMENT_LABELS.get(e.status, "处理中"),
            "course": e.course.slug, "course_title": e.course.title, "created_at": _iso(e.created_at),
            "waitlist_position": position}


def _counts(s) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {}
    for cid, status, n in s.execute(select(Enrolment.course_id, Enrolment.status, func.count())
                                     .group_by(Enrolment.course_id, Enrolment.status)):
        out.setdefault(cid, {})[status] = n
    return out


def _course_json(c: Course, counts: dict[str, int]) -> dict:
    seated = sum(counts.get(k, 0) for k in SEATED)
    return {"slug": c.slug, "title": c.title, "city": c.city, "start_date": c.start_date.isoformat(),
            "end_date": c.end_date.isoformat(), "seats": c.seats, "enrolled_elsewhere": c.enrolled_elsewhere,
            "seats_left": max(0, c.seats - c.enrolled_elsewhere - seated),
            "counts": {k: counts.get(k, 0) for k in ENROLMENT_LABELS},
            "count_labels": {k: v for k, v in ENROLMENT_LABELS.items()}}


def list_courses(db_url: str | None = None) -> list[dict]:
    """Courses with enrolments through the bot, the soonest first."""
    with session_scope(db_url) as s:
        counts = _counts(s)
        courses = s.execute(select(Course).where(Course.id.in_(list(counts) or [-1]))
                            .order_by(Course.start_date, Course.id)).scalars()
        return [_course_json(c, counts[c.id]) for c in courses]


def _waitlist(s, course_id: int) -> list[Enrolment]:
    return list(s.execute(select(Enrolment).where(Enrolment.course_id == course_id, Enrolment.status == "waitlisted")
                          .order_by(Enrolment.created_at, Enrolment.id)).scalars())


def course_enrolments(slug: str, db_url: str | None = None) -> dict:
    with session_scope(db_url) as s:
        c = s.execute(select(Course).where(Course.slug == slug)).scalar_one_or_none()
        if c is None:
            raise NotFound("没有这门课程")
        rows = list(s.execute(select(Enrolment).where(Enrolment.course_id == c.id, Enrolment.redacted_at.is_(None))
                              .order_by(Enrolment.created_at, Enrolment.id)).scalars())
        queue = {e.id: i for i, e in enumerate(_waitlist(s, c.id), 1)}
        order = {"enrolled": 0, "confirmed": 1, "waitlisted": 2, "cancelled": 3}
        rows.sort(key=lambda e: (order.get(e.status, 4), queue.get(e.id, 0)))
        return {**_course_json(c, _counts(s).get(c.id, {})),
                "items": [enrolment_item(e, queue.get(e.id)) for e in rows]}


def _enrolment(s, reference: str) -> Enrolment:
    e = s.execute(select(Enrolment).where(Enrolment.reference == (reference or "").strip().upper())).scalar_one_or_none()
    if e is None:
        raise NotFound("没有这个培训报名")
    return e


ENROLMENT_ACTIONS = {"enrolled": ("confirm", "cancel"), "confirmed": ("cancel",), "waitlisted": ("admit", "cancel")}


def enrolment_detail(reference: str, names: dict[str, str] | None = None, db_url: str | None = None) -> dict:
    with session_scope(db_url) as s:
        e = _enrolment(s, reference)
        queue = [w.id for w in _waitlist(s, e.course_id)]
        item = enrolment_item(e, queue.index(e.id) + 1 if e.id in queue else None)
        c = e.course
        item.update({
            "course_info": _course_json(c, _counts(s).get(c.id, {})),
            "events": _events(s, e.reference, names or {}),
            "earlier": earlier(s, e.phone, e.reference),
            "actions": [{"action": k, "label": EVENT_LABELS[k], "needs_note": False}
                        for k in ENROLMENT_ACTIONS.get(e.status, ())],
            "can_notify": bool(e.sender_id),
        })
        return item


def _seats_left(s, c: Course) -> int:
    taken = s.execute(select(func.count()).select_from(Enrolment)
                      .where(Enrolment.course_id == c.id, Enrolment.status.in_(SEATED))).scalar_one()
    return c.seats - c.enrolled_elsewhere - taken


def enrolment_action(reference: str, action: str, note: str | None, actor: str,
                     db_url: str | None = None) -> list[Notice]:
    """confirm | cancel | admit (a waitlisted worker, when a seat is free). A cancelled seat goes
    to the first on the waiting list. Returns what each worker concerned is to be told."""
    note = _note(note, False, "")
    notices: list[Notice] = []
    with session_scope(db_url) as s:
        e = _enrolment(s, reference)
        if action not in ENROLMENT_ACTIONS.get(e.status, ()):
            raise Conflict(f"这个报名现在是“{ENROLMENT_LABELS.get(e.status, e.status)}”，不能{EVENT_LABELS.get(action, '这样处理')}")
        c = e.course
        # the course's write lock before counting seats (as bot/cases/courses.enrol does)
        s.execute(Course.__table__.update().where(Course.id == c.id).values(updated_at=Course.updated_at))
        if action == "admit" and _seats_left(s, c) <= 0:
            raise Conflict("这门课没有空余名额了，先取消一个报名才能递补")
        was_seated = e.status in SEATED
        e.status = {"confirm": "confirmed", "cancel": "cancelled", "admit": "enrolled"}[action]
        suffix = f"（{note}）" if note else ""
        text = {
            "confirm": f"您报名的《{c.title}》（编号 {e.reference}）已确认，{c.start_date.month}月{c.start_date.day}日开课，"
                       f"地点：{c.venue}。",
            "cancel": f"您报名的《{c.title}》（编号 {e.reference}）已取消{suffix}。有疑问请拨打{facts.HOTLINE_NAME}。",
            "admit": f"好消息：《{c.title}》有名额了，您已从候补递补为正式报名（编号 {e.reference}），"
                     f"{c.start_date.month}月{c.start_date.day}日开课。",
        }[action]
        _record(s, e.reference, action, actor, text, public=True, audit=f"enrolment.{action}",
                detail=pii.mask_text(note) or c.title)
        notices.append(Notice(e.sender_id, text))
        s.flush()
        if action == "cancel" and was_seated and _seats_left(s, c) > 0:
            first = next(iter(_waitlist(s, c.id)), None)
            if first is not None:
                first.status = "enrolled"
                admitted = (f"好消息：《{c.title}》有名额了，您已从候补递补为正式报名（编号 {first.reference}），"
                            f"{c.start_date.month}月{c.start_date.day}日开课。")
                _record(s, first.reference, "admit", actor, admitted, public=True, audit="enrolment.admit",
                        detail=f"{c.title}：{e.reference} 取消后按候补顺序递补")
                notices.append(Notice(first.sender_id, admitted))
    return notices


# --- search and a worker's earlier items ------------------------------------------------------------

def search(q: str | None, limit: int = 50, db_url: str | None = None) -> dict:
    """Applications and enrolments by reference (or part of one) or by a whole phone number."""
    phone = pii.phone_number(q)
    needle = "".join((q or "").split()).upper()
    if not phone and len(needle) < 4:
        return {"applications": [], "enrolments": []}
    with session_scope(db_url) as s:
        if phone:
            a_where, e_where = _digits(MembershipApplication.phone) == phone, _digits(Enrolment.phone) == phone
        else:
            like = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            a_where = MembershipApplication.reference.ilike(like, escape="\\")
            e_where = Enrolment.reference.ilike(like, escape="\\")
        apps = s.execute(select(MembershipApplication).where(a_where, MembershipApplication.redacted_at.is_(None))
                         .order_by(MembershipApplication.created_at.desc()).limit(limit)).scalars()
        enrols = s.execute(select(Enrolment).where(e_where, Enrolment.redacted_at.is_(None))
                           .order_by(Enrolment.created_at.desc()).limit(limit)).scalars()
        return {"applications": [application_item(a) for a in apps], "enrolments": [enrolment_item(e) for e in enrols]}


def earlier(s, phone: str | None, exclude: str, limit: int = 20) -> list[dict]:
    """The same worker's other tickets, applications and enrolments (the whole phone number), newest first, masked."""
    digits = pii.phone_number(phone) or "".join(ch for ch in (phone or "") if ch.isdigit())
    if len(digits) < 7:
        return []
    out: list[tuple[datetime, dict]] = []
    for t in s.execute(select(Ticket).where(_digits(Ticket.contact_phone) == digits, Ticket.reference != exclude,
                                            Ticket.redacted_at.is_(None))).scalars():
        out.append((t.created_at, {
            "kind": "ticket", "kind_label": CASE_TYPE_LABELS.get(t.case_type, "工单"), "reference": t.reference,
            "status_label": STATUS_LABELS.get(t.status, "处理中"),
            "summary": f"{TOPIC_NAMES.get(t.category, '其他')}：{pii.mask_text(' '.join(t.description.split()))[:40]}",
            "href": f"#/tickets/{t.reference}", "created_at": _iso(t.created_at)}))
    for a in s.execute(select(MembershipApplication).where(_digits(MembershipApplication.phone) == digits,
                                                           MembershipApplication.reference != exclude,
                                                           MembershipApplication.redacted_at.is_(None))).scalars():
        out.append((a.created_at, {
            "kind": "application", "kind_label": "入会申请", "reference": a.reference,
            "status_label": MEMBERSHIP_LABELS.get(a.status, "处理中"), "summary": f"{a.city} · {a.industry}",
            "href": f"#/applications/{a.reference}", "created_at": _iso(a.created_at)}))
    for e in s.execute(select(Enrolment).where(_digits(Enrolment.phone) == digits, Enrolment.reference != exclude,
                                               Enrolment.redacted_at.is_(None))).scalars():
        out.append((e.created_at, {
            "kind": "enrolment", "kind_label": "培训报名", "reference": e.reference,
            "status_label": ENROLMENT_LABELS.get(e.status, "处理中"), "summary": e.course.title,
            "href": f"#/enrolments/{e.reference}", "created_at": _iso(e.created_at)}))
    out.sort(key=lambda x: x[0], reverse=True)
    return [d for _, d in out[:limit]]


def record_delivery(reference: str, delivered: bool, db_url: str | None = None) -> None:
    """Notes on the item's record that the worker's conversation could not be reached."""
    if delivered:
        return
    with session_scope(db_url) as s:
        s.add(ApplicationEvent(reference=reference, kind="note", actor="system", public=False, created_at=utcnow(),
                               body="没能把结果发到职工的对话里（对话服务没有响应）；职工查进度时能看到结果，必要时请电话告知。"))
