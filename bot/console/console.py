"""What the staff console shows and changes: the queue, a ticket, its workflow, notes, intake."""
from __future__ import annotations

import re
from datetime import datetime
from statistics import median

from sqlalchemy import case, func, select

from bot.db.models import AuditLog, CannedReply, Handoff, ReviewItem, Ticket, TicketEvent, utcnow
from bot.db.session import session_scope
from bot.common import pii
from bot.console import regions, sla
from bot.common.facts import TOPIC_LABELS
from bot.cases.tickets import CATEGORIES, open_ticket

STATUS_LABELS = {"new": "新工单", "in_progress": "处理中", "waiting": "等待职工回复", "resolved": "已解决",
                 "closed": "已关闭", "assigned": "已分配", "handoff": "人工对话中"}
OPEN_STATUSES = ("new", "assigned", "in_progress", "waiting", "handoff")
PRIORITY_LABELS = {"urgent": "紧急", "high": "高", "normal": "普通", "low": "低"}
PRIORITY_ORDER = {"urgent": 0, "high": 1, "normal": 2, "low": 3}
CASE_TYPE_LABELS = {"message": "留言", "wage_arrears": "欠薪登记", "legal_aid": "法律援助申请", "work_injury": "工伤登记",
                    "urgent": "紧急情况", "handoff": "转人工", "hotline": "电话登记", "privacy": "个人信息请求",
                    "hardship_aid": "困难帮扶申请"}
QUEUE_LABELS = {"hotline": "热线", "legal_aid": "法律援助", "hardship": "困难帮扶"}
EVENT_LABELS = {"created": "创建", "status": "状态变更", "note": "内部备注", "reply": "回复职工", "assign": "分配",
                "handoff": "人工对话", "priority": "优先级", "reveal": "查看个人信息",
                "feedback": "职工评价", "followup": "回访",
                "transfer": "转办", "callback": "待回电", "worker": "职工回复"}
TOPIC_NAMES = {**TOPIC_LABELS, "general": "其他"}
# The workflow: status -> the statuses it may move to. Reopening a closed ticket is for admins.
TRANSITIONS = {
    "new": ("in_progress", "closed"),
    "assigned": ("in_progress", "closed"),
    "handoff": ("in_progress", "resolved", "closed"),
    "in_progress": ("waiting", "resolved", "closed"),
    "waiting": ("in_progress", "resolved", "closed"),
    "resolved": ("closed", "in_progress"),
    "closed": ("in_progress",),
}
ADMIN_ONLY = {("closed", "in_progress")}
# What the worker reads in a status lookup when the status changes.
PUBLIC_STATUS_TEXT = {"in_progress": "工作人员正在处理", "waiting": "需要您补充情况，请留意工作人员来电",
                      "resolved": "已办结", "closed": "已关闭"}


class ConsoleError(Exception):
    status_code = 422


class NotFound(ConsoleError):
    status_code = 404


class Conflict(ConsoleError):
    status_code = 409


ACTOR_LABELS = {"bot": "机器人", "worker": "职工", "system": "系统"}


def actor_name(actor: str | None, names: dict[str, str]) -> str:
    """Who did it, as people read it: a staff member's name, 机器人, 职工 or 系统."""
    if not actor:
        return "系统"
    if actor.startswith("hotline:"):
        return f"电话登记（{names.get(actor[8:], actor[8:])}）"
    return names.get(actor) or ACTOR_LABELS.get(actor, actor)


def _iso(dt: datetime | None) -> str | None:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ") if dt else None


def _city(t: Ticket) -> str | None:
    f = t.fields or {}
    for key in ("city", "wa_city", "la_city", "ju_city", "wi_place"):
        if f.get(key):
            return str(f[key])[:20]
    return None


def transitions_for(status: str, role: str) -> list[dict]:
    return [{"status": s, "label": STATUS_LABELS[s]} for s in TRANSITIONS.get(status, ())
            if (status, s) not in ADMIN_ONLY or role == "admin"]


def queue_item(t: Ticket, handoff: Handoff | None, names: dict[str, str], now: datetime) -> dict:
    state = sla.sla_status(t.priority, t.created_at, t.first_response_at, now)
    table = regions.load()
    return {
        "reference": t.reference, "topic": t.category, "topic_label": TOPIC_NAMES.get(t.category, t.category),
        "case_type": t.case_type, "case_type_label": CASE_TYPE_LABELS.get(t.case_type, t.case_type),
        "priority": t.priority, "priority_label": PRIORITY_LABELS.get(t.priority, t.priority),
        "status": t.status, "status_label": STATUS_LABELS.get(t.status, t.status),
        "queue": t.queue, "city": _city(t), "created_at": _iso(t.created_at),
        "region": table.get(t.region).code, "region_label": table.name(t.region),
        "callback_requested_at": _iso(t.callback_requested_at),
        "age_minutes": int((now - t.created_at).total_seconds() // 60),
        "sla": {"due_at": _iso(state["due_at"]), "state": state["state"], "label": state["label"]},
        "assignee": t.assignee, "assignee_name": names.get(t.assignee, t.assignee) if t.assignee else None,
        "contact_phone": pii.mask_phone(t.contact_phone), "summary": pii.mask_text(" ".join(t.description.split()))[:80],
        "needs_human": t.needs_human,
        # the worker answered in the chat and no staff member has acted since
        "new_activity": t.worker_activity_at is not None,
        "new_activity_label": "职工有新回复" if t.worker_activity_at is not None else None,
        "handoff": None if handoff is None else {"id": handoff.id, "status": handoff.status,
                                                  "officer_name": handoff.officer.display_name if handoff.officer else None},
    }


def _open_handoffs(s, ticket_ids: list[int]) -> dict[int, Handoff]:
    if not ticket_ids:
        return {}
    rows = s.execute(select(Handoff).where(Handoff.ticket_id.in_(ticket_ids), Handoff.status.in_(("waiting", "live")))).scalars()
    return {h.ticket_id: h for h in rows}


def queue(*, topic: str | None = None, status: str | None = None, priority: str | None = None,
          assignee: str | None = None, queue_name: str | None = None, q: str | None = None, me: str = "",
          names: dict[str, str] | None = None, now: datetime | None = None, limit: int = 300,
          region_codes: list[str] | None = None, db_url: str | None = None) -> list[dict]:
    now = now or utcnow()
    names = names or {}
    with session_scope(db_url) as s:
        query = select(Ticket)
        if topic:
            query = query.where(Ticket.category == topic)
        if status in (None, "", "open"):
            query = query.where(Ticket.status.in_(OPEN_STATUSES))
        elif status != "all":
            query = query.where(Ticket.status == status)
        if priority:
            query = query.where(Ticket.priority == priority)
        if assignee == "me":
            query = query.where(Ticket.assignee == me)
        elif assignee == "none":
            query = query.where(Ticket.assignee.is_(None))
        elif assignee:
            query = query.where(Ticket.assignee == assignee)
        if queue_name:
            query = query.where(Ticket.queue == queue_name)
        if region_codes is not None:  # None: every region
            query = query.where(Ticket.region.in_(region_codes))
        phone = pii.phone_number(q)
        needle = " ".join((q or "").split()).lower()
        if phone:  # a whole phone number: the contact phone, exactly (the caller audits the lookup)
            query = query.where(func.replace(func.replace(Ticket.contact_phone, "-", ""), " ", "") == phone)
        elif needle:  # a reference, or words of the description as staff see it (masked)
            like = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            query = query.where(Ticket.reference.ilike(like, escape="\\") | Ticket.description.ilike(like, escape="\\"))
        rank = case({p: i for p, i in PRIORITY_ORDER.items()}, value=Ticket.priority, else_=2)
        # The most pressing first, before the limit: an old urgent ticket never falls off the list.
        query = query.order_by(rank, Ticket.created_at.asc(), Ticket.id)
        if phone or not needle:
            tickets = s.execute(query.limit(limit)).scalars().all()
        else:
            # The database matched the raw description; only what staff can see counts, so that
            # digits hidden by the mask can never be found (or probed) by searching.
            tickets = [t for t in s.execute(query).scalars() if needle in t.reference.lower()
                       or needle in pii.mask_text(" ".join(t.description.split())).lower()][:limit]
        handoffs = _open_handoffs(s, [t.id for t in tickets])
        items = [queue_item(t, handoffs.get(t.id), names, now) for t in tickets]
    items.sort(key=lambda i: (i["priority"] != "urgent", not (i["handoff"] and i["handoff"]["status"] == "waiting"),
                              PRIORITY_ORDER.get(i["priority"], 2), i["created_at"] or "", i["reference"]))
    return items


def _ticket(s, reference: str) -> Ticket:
    t = s.execute(select(Ticket).where(Ticket.reference == (reference or "").strip().upper())).scalar_one_or_none()
    if t is None:
        raise NotFound("没有这个工单")
    return t


FIELD_LABELS = {"description": "情况", "phone": "电话", "name": "称呼", "urgency": "紧急类别", "life_at_risk": "危及生命", "form": "当时的表单", "form_values": "表单已填内容",
                "priority_score": "优先级评分",
                "eligibility": "预审结论", "city": "城市", "employer": "单位"}


def ticket_detail(reference: str, *, role: str, username: str = "", names: dict[str, str] | None = None,
                  unmasked: bool = False, now: datetime | None = None, db_url: str | None = None) -> dict:
    now = now or utcnow()
    with session_scope(db_url) as s:
        t = _ticket(s, reference)
        handoff = _open_handoffs(s, [t.id]).get(t.id) or s.execute(
            select(Handoff).where(Handoff.ticket_id == t.id).order_by(Handoff.id.desc()).limit(1)).scalar_one_or_none()
        item = queue_item(t, handoff, names or {}, now)
        mask = (lambda v: v) if unmasked else pii.mask_value
        item.update({
            "description": mask(t.description),
            "fields": [{"name": k, "label": field_label(k), "value": mask(show_value(k, v))}
                       for k, v in (t.fields or {}).items() if v not in (None, "", [], {})],
            "contact_phone": t.contact_phone if unmasked else pii.mask_phone(t.contact_phone),
            "contact_name": t.contact_name, "intent": t.intent,
            "intent_label": TOPIC_NAMES.get(t.intent or "", t.intent),
            "intent_confidence": float(t.intent_confidence) if t.intent_confidence else None,
            "priority_reasons": list(t.priority_reasons or []), "channel": t.channel, "sender_id": t.sender_id,
            "events": [{"id": e.id, "kind": e.kind, "kind_label": EVENT_LABELS.get(e.kind, "处理记录"), "actor": e.actor,
                        "actor_name": actor_name(e.actor, names or {}), "body": mask(e.body), "public": e.public,
                        "created_at": _iso(e.created_at)} for e in t.events],
            "transitions": transitions_for(t.status, role),
            "reveal": {"allowed": may_reveal(t, handoff is not None, username, role), "reasons": list(REVEAL_REASONS),
                       "min_hanzi": MIN_REASON_HANZI},
        })
        if handoff is not None:
            item["handoff"] = {"id": handoff.id, "status": handoff.status,
                               "officer_name": handoff.officer.display_name if handoff.officer else None}
        from bot.console.applications import earlier  # (it imports this module)

        item["earlier"] = [] if t.redacted_at else earlier(s, t.contact_phone, t.reference)
        return item


# Revealing a ticket's personal data (phone, ID and bank-card numbers, the unmasked description,
# form answers and conversation) is for the staff who handle that ticket:
# - admins: every ticket;
# - hotline staff: the tickets of the queues they work (热线, 困难帮扶);
# - legal-aid officers: the legal-aid queue and every ticket with a live-chat handoff;
# - anyone: a ticket assigned to them (an assignment is itself on the ticket's record).
# Each reveal needs a reason (one of REVEAL_REASONS, or at least six characters of Chinese) and
# is written on the ticket (shown in its timeline) and in the audit log, in one transaction.
REVEAL_QUEUES = {"hotline": {"hotline", "hardship"}, "officer": {"legal_aid"}}
REVEAL_REASONS = ("回电核实", "核对身份", "核对银行卡号", "职工本人要求", "转交法律援助", "转交有关部门处理")
MIN_REASON_HANZI = 6
_HANZI = re.compile(r"[\u3400-\u9fff]")


class Forbidden(ConsoleError):
    status_code = 403


def may_reveal(t: Ticket, has_handoff: bool, username: str, role: str) -> bool:
    if role == "admin" or (t.assignee and t.assignee == username):
        return True
    return t.queue in REVEAL_QUEUES.get(role, ()) or (role == "officer" and (has_handoff or t.case_type == "handoff"))


def reveal_reason(reason: str | None) -> str:
    """The reason as it is recorded, or ConsoleError with what a real reason is."""
    reason = " ".join((reason or "").split())
    if reason in REVEAL_REASONS:
        return reason
    hanzi = _HANZI.findall(reason)
    if len(hanzi) < MIN_REASON_HANZI or len(set(hanzi)) < 3:
        raise ConsoleError(f"请选择查看原因，或用至少 {MIN_REASON_HANZI} 个汉字写明为什么需要查看（例如：需要回拨职工核实欠薪金额）")
    return pii.mask_text(reason)[:200]


def reveal(reference: str, *, username: str, display_name: str, role: str, reason: str | None,
           db_url: str | None = None) -> dict:
    """The ticket unmasked, after checking who asks and why and recording the reveal; Forbidden
    (recorded in the audit log) when the ticket is not theirs to reveal."""
    with session_scope(db_url) as s:
        t = _ticket(s, reference)
        has_handoff = s.execute(select(func.count()).select_from(Handoff).where(Handoff.ticket_id == t.id)).scalar_one() > 0
        allowed = may_reveal(t, has_handoff, username, role)
    if not allowed:
        with session_scope(db_url) as s:
            s.add(AuditLog(actor=username, action="pii.reveal.denied", target=t.reference, detail="工单不在其负责范围"))
        raise Forbidden("这个工单不在您负责的范围，不能查看完整信息；需要时请负责的同事或管理员查看")
    why = reveal_reason(reason)
    with session_scope(db_url) as s:
        t = _ticket(s, reference)
        t.events.append(TicketEvent(kind="reveal", actor=username,
                                    body=f"{display_name} 查看了完整联系方式和证件信息，理由：{why}"))
        s.add(AuditLog(actor=username, action="pii.reveal", target=t.reference, detail=why))
    return ticket_detail(reference, role=role, username=username, unmasked=True, db_url=db_url)


def _field(name: str):
    return next((f for spec in _specs() for f in spec.fields if f.slot == name), None)


def field_label(name: str) -> str:
    """The Chinese label of a form field (from the form specs), else a known name, else the name."""
    f = _field(name)
    return f.label if f else FIELD_LABELS.get(name, name)


# Values stored as codes, in the words staff read (no slot names, booleans or English codes).
VALUE_LABELS = {"eligibility": {"likely": "很可能符合法律援助条件", "possible": "有可能符合，看当地标准和审查",
                                "unlikely": "不一定符合国家法律援助条件"}}


def show_value(name: str, value) -> str:
    """A form answer as the worker confirmed it in the summary ("8000元", "3个月"); codes in Chinese."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if name == "urgency":
        from bot.cases.urgency import CATEGORIES

        return CATEGORIES.get(value, ("其他紧急情况",))[0]
    if name == "form":
        return next((spec.title for spec in _specs() if spec.name == value), "登记表")
    if name == "form_values" and isinstance(value, dict):
        return "；".join(f"{field_label(k)}：{show_value(k, v)}" for k, v in value.items() if v not in (None, "", [], {}))
    if name in VALUE_LABELS:
        return VALUE_LABELS[name].get(value, str(value))
    f = _field(name)
    try:
        return str(f.show(value)) if f else (value if isinstance(value, str) else str(value))
    except Exception:
        return str(value)


def _specs():
    from bot.cases import intake

    return list(intake.SPECS.values())


def ticket_sender(reference: str, db_url: str | None = None) -> str | None:
    with session_scope(db_url) as s:
        return _ticket(s, reference).sender_id


def assign(reference: str, assignee: str | None, actor: str, valid: set[str], db_url: str | None = None) -> None:
    if assignee is not None and assignee not in valid:
        raise ConsoleError("没有这个工作人员（或账号已停用）")
    with session_scope(db_url) as s:
        t = _ticket(s, reference)
        t.assignee = assignee
        t.events.append(TicketEvent(kind="assign", actor=actor, body=f"分配给 {assignee}" if assignee else "取消分配"))


def change_status(reference: str, status: str, actor: str, role: str, note: str = "",
                  now: datetime | None = None, db_url: str | None = None) -> None:
    now = now or utcnow()
    with session_scope(db_url) as s:
        t = _ticket(s, reference)
        allowed = {x["status"] for x in transitions_for(t.status, role)}
        if status not in allowed:
            raise Conflict(f"工单现在是“{STATUS_LABELS.get(t.status, t.status)}”，不能改成“{STATUS_LABELS.get(status, status)}”")
        old, t.status = t.status, status
        t.worker_activity_at = None
        body = f"{STATUS_LABELS.get(old, old)} → {STATUS_LABELS[status]}" + (f"：{note.strip()}" if note.strip() else "")
        t.events.append(TicketEvent(kind="status", actor=actor, body=body))
        if status in PUBLIC_STATUS_TEXT:  # what the worker sees in a status lookup
            t.events.append(TicketEvent(kind="status", actor=actor, body=PUBLIC_STATUS_TEXT[status], public=True))
        t.first_response_at = t.first_response_at or now
        if status in ("resolved", "closed") and t.resolved_at is None:
            t.resolved_at = now
        if status == "in_progress":
            t.resolved_at = None
        if status in ("resolved", "closed"):
            t.needs_human = False


def add_note(reference: str, body: str, actor: str, public: bool, now: datetime | None = None,
             db_url: str | None = None) -> None:
    body = (body or "").strip()
    if not body:
        raise ConsoleError("内容不能为空")
    if len(body) > 2000:
        raise ConsoleError("内容太长（最多 2000 字）")
    with session_scope(db_url) as s:
        t = _ticket(s, reference)
        t.events.append(TicketEvent(kind="reply" if public else "note", actor=actor, body=body, public=public))
        t.worker_activity_at = None
        if public:
            t.first_response_at = t.first_response_at or (now or utcnow())


def intake_ticket(*, category: str, description: str, phone: str, name: str | None, priority: str,
                  city: str | None, employer: str | None, actor: str, db_url: str | None = None) -> str:
    """A phone call entered by hotline staff."""
    from bot.common.phones import parse_phone

    if category not in CATEGORIES:
        raise ConsoleError("请选择话题")
    if priority not in PRIORITY_LABELS:
        raise ConsoleError("请选择优先级")
    if not (description or "").strip():
        raise ConsoleError("请填写来电内容")
    parsed = parse_phone(phone or "")
    if not parsed:
        raise ConsoleError("请填写正确的联系电话（11位手机号或带区号的座机）")
    fields = {k: v for k, v in {"city": (city or "").strip(), "employer": (employer or "").strip()}.items() if v}
    receipt = open_ticket(description=description.strip(), phone=parsed, category=category, name=(name or "").strip() or None,
                          fields=fields, priority=priority, case_type="hotline",
                          queue={"legal_aid": "legal_aid", "hardship_aid": "hardship"}.get(category, "hotline"),
                          needs_human=priority == "urgent", channel="hotline", sender_id=f"hotline:{actor}",
                          db_url=db_url)
    with session_scope(db_url) as s:
        t = _ticket(s, receipt.reference)
        t.events.append(TicketEvent(kind="note", actor=actor, body="热线来电登记"))
    return receipt.reference


def canned_replies(topic: str | None = None, db_url: str | None = None) -> list[CannedReply]:
    with session_scope(db_url) as s:
        q = select(CannedReply).order_by(CannedReply.topic, CannedReply.id)
        if topic:
            q = q.where(CannedReply.topic.in_((topic, "general")))
        return list(s.execute(q).scalars())


def save_canned(reply_id: int | None, title: str, body: str, topic: str, actor: str, db_url: str | None = None) -> CannedReply:
    if not (title or "").strip() or not (body or "").strip():
        raise ConsoleError("标题和内容都要填")
    if topic not in CATEGORIES:
        topic = "general"
    with session_scope(db_url) as s:
        r = s.get(CannedReply, reply_id) if reply_id else CannedReply(created_by=actor)
        if r is None:
            raise NotFound("没有这条快捷回复")
        r.title, r.body, r.topic = title.strip()[:80], body.strip(), topic
        s.add(r)
        s.flush()
        return r


def delete_canned(reply_id: int, db_url: str | None = None) -> None:
    with session_scope(db_url) as s:
        r = s.get(CannedReply, reply_id)
        if r is None:
            raise NotFound("没有这条快捷回复")
        s.delete(r)


def load_canned_replies(path=None, db_url: str | None = None) -> int:
    """Seeds data/console/canned_replies.yml once (staff edit them in the console afterwards)."""
    import yaml

    from bot.config import DATA_DIR

    path = path or DATA_DIR / "console" / "canned_replies.yml"
    if not path.exists():
        return 0
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if isinstance(items, dict):
        items = items.get("replies") or items.get("canned_replies") or []
    with session_scope(db_url) as s:
        if s.execute(select(func.count()).select_from(CannedReply)).scalar_one():
            return 0
        for it in items:
            s.add(CannedReply(title=it["title"], body=it["body"].strip(), topic=it.get("topic") or "general"))
    return len(items)


def review_counts(db_url: str | None = None) -> int:
    with session_scope(db_url) as s:
        return s.execute(select(func.count()).select_from(ReviewItem).where(ReviewItem.status == "open")).scalar_one()


def medians(since: datetime, db_url: str | None = None) -> tuple[float | None, float | None]:
    with session_scope(db_url) as s:
        rows = s.execute(select(Ticket.created_at, Ticket.first_response_at, Ticket.resolved_at)
                         .where(Ticket.created_at >= since)).all()
    first = [(f - c).total_seconds() / 60 for c, f, _ in rows if f]
    resolved = [(r - c).total_seconds() / 60 for c, _, r in rows if r]
    return (round(median(first), 1) if first else None, round(median(resolved), 1) if resolved else None)


def tickets_per_day(since: datetime, db_url: str | None = None) -> list[tuple[datetime, str]]:
    with session_scope(db_url) as s:
        return [(c, cat) for c, cat in s.execute(select(Ticket.created_at, Ticket.category).where(Ticket.created_at >= since))]


def handoff_count(since: datetime, db_url: str | None = None) -> int:
    with session_scope(db_url) as s:
        return s.execute(select(func.count()).select_from(Handoff).where(Handoff.created_at >= since)).scalar_one()

