"""Satisfaction and 回访 (反馈评价 → 回访追踪 of the 12351 process).

When staff resolve a ticket that came from a chat, the worker is asked once, in that chat, with
buttons, whether the problem was solved (解决了 / 没解决) and how satisfied they are (满意 / 一般 /
不满意), and may add a few words. The buttons are ``/inform`` payloads carrying ``choice`` (one of
CHOICES) and ``ticket_ref``; ``actions/satisfaction.py`` hands them to ``answer``.

Every question asked opens a 回访 task due ``followup_after_days`` later
(``data/console/satisfaction.yml``); a worker who answers "solved" and is not unhappy cancels it.
So an unsolved, unhappy or unanswered case is called back. Staff see the due tasks in the console
(回访), call the worker (the phone is revealed by the usual rules of bot/console/console.py) and
record the outcome, re-opening the ticket when the problem needs more work.
"""
from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import or_, select

from bot.common import pii
from bot.config import DATA_DIR
from bot.console import console
from bot.db.models import FollowUp, Survey, Ticket, TicketEvent, utcnow
from bot.db.session import session_scope

SETTINGS_FILE = DATA_DIR / "console" / "satisfaction.yml"
DEFAULT_DAYS = 3

SOLVED = {"csat_solved": True, "csat_unsolved": False}
RATINGS = {"csat_good": "satisfied", "csat_ok": "neutral", "csat_bad": "unsatisfied"}
COMMENT, NO_COMMENT = "csat_comment", "csat_done"
CHOICES = set(SOLVED) | set(RATINGS) | {COMMENT, NO_COMMENT}
RATING_LABELS = {"satisfied": "满意", "neutral": "一般", "unsatisfied": "不满意"}
REASON_LABELS = {"unanswered": "职工没有回答满意度", "unsolved": "职工说问题没解决", "unsatisfied": "职工不满意"}
FOLLOWUP_STATUS_LABELS = {"open": "待回访", "done": "已回访", "cancelled": "无需回访"}
MAX_COMMENT = 300


def followup_days(path=None) -> int:
    import yaml

    path = path or SETTINGS_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        days = int(data.get("followup_after_days", DEFAULT_DAYS))
    except (OSError, ValueError, TypeError):
        return DEFAULT_DAYS
    return max(0, days)


def _payload(choice: str, reference: str) -> str:
    return '/inform{"choice": "%s", "ticket_ref": "%s"}' % (choice, reference)


def _buttons(reference: str, options: list[tuple[str, str]]) -> list[dict]:
    return [{"title": title, "payload": _payload(choice, reference)} for title, choice in options]


def solved_question(reference: str) -> dict:
    return {"text": f"您的工单 {reference} 工作人员已经办结。想听听您的意见：您的问题解决了吗？",
            "buttons": _buttons(reference, [("解决了", "csat_solved"), ("没解决", "csat_unsolved")])}


def rating_question(reference: str) -> dict:
    return {"text": "您对这次工会的服务满意吗？",
            "buttons": _buttons(reference, [("满意", "csat_good"), ("一般", "csat_ok"), ("不满意", "csat_bad")])}


def comment_question(reference: str, unhappy: bool) -> dict:
    head = "谢谢您告诉我们。工作人员过几天会打电话回访您，看看还能帮什么。" if unhappy else "谢谢您的评价！"
    return {"text": head + "还有想对我们说的吗？",
            "buttons": _buttons(reference, [("写几句意见", COMMENT), ("不用了", NO_COMMENT)])}


def bot_event(message: dict) -> dict:
    """A bot message for Rasa's tracker-events API: it lands in the conversation (and in the open
    widget, when Rasa appends with output_channel=latest)."""
    return {"event": "bot", "text": message["text"], "timestamp": time.time(),
            "data": {"buttons": message.get("buttons") or []}, "metadata": {"kind": "satisfaction"}}


def _needs_followup(s: Survey) -> Optional[str]:
    if s.solved is False:
        return "unsolved"
    if s.rating == "unsatisfied":
        return "unsatisfied"
    if s.solved is None and s.rating is None:
        return "unanswered"
    return None


def ask(reference: str, *, now: datetime | None = None, days: int | None = None,
        db_url: str | None = None) -> tuple[str, dict] | None:
    """Records the question for a resolved ticket and opens its 回访 task; (the conversation id,
    the message to append) when the worker is to be asked now, None when the ticket has no chat
    (a hotline call) or was asked already (once a ticket)."""
    now = now or utcnow()
    days = followup_days() if days is None else days
    with session_scope(db_url) as s:
        t = console._ticket(s, reference)
        if not t.sender_id or t.sender_id.startswith("hotline:") or t.redacted_at is not None:
            return None
        if s.execute(select(Survey.id).where(Survey.ticket_id == t.id)).first():
            return None
        s.add(Survey(ticket_id=t.id, asked_at=now))
        if not s.execute(select(FollowUp.id).where(FollowUp.ticket_id == t.id)).first():
            s.add(FollowUp(ticket_id=t.id, reason="unanswered", status="open", due_at=now + timedelta(days=days),
                           reopened=False, created_at=now))
        t.events.append(TicketEvent(kind="feedback", actor="bot", body="已在对话中请职工评价办理结果", created_at=now))
        return t.sender_id, solved_question(t.reference)


def pending_comment(previous_entities, latest_text: str | None, latest_intent: str | None) -> str | None:
    """The ticket a worker's typed message comments on: the message right after the 写几句意见
    button (``previous_entities`` are that button's), unless it is a button itself or urgent."""
    if not latest_text or latest_text.startswith("/") or latest_intent == "urgent":
        return None
    values = {e.get("entity"): e.get("value") for e in previous_entities or [] if isinstance(e, dict)}
    return values.get("ticket_ref") if values.get("choice") == COMMENT and values.get("ticket_ref") else None


class NotYours(Exception):
    """The ticket is not this conversation's, or was never asked about."""


def answer(reference: str, sender_id: str, choice: str, *, now: datetime | None = None,
           db_url: str | None = None) -> dict | None:
    """Stores one button's answer; the next message for the worker (None after the last step).
    Only the conversation the ticket came from can answer it (NotYours otherwise)."""
    now = now or utcnow()
    if choice not in CHOICES:
        raise NotYours(choice)
    with session_scope(db_url) as s:
        t = s.execute(select(Ticket).where(Ticket.reference == (reference or "").strip().upper())).scalar_one_or_none()
        survey = None if t is None else s.execute(select(Survey).where(Survey.ticket_id == t.id)).scalar_one_or_none()
        if survey is None or not sender_id or t.sender_id != sender_id:
            raise NotYours(reference)
        if choice in SOLVED:
            survey.solved = SOLVED[choice]
            nxt = rating_question(t.reference)
        elif choice in RATINGS:
            survey.rating = RATINGS[choice]
            nxt = comment_question(t.reference, _needs_followup(survey) is not None)
        else:
            return None if choice == NO_COMMENT else {"text": f"好的，请直接写下来发给我（{MAX_COMMENT}字以内），工作人员会看到。"}
        survey.answered_at = now
        _sync_task(s, t, survey)
        t.events.append(TicketEvent(kind="feedback", actor="worker", body=_summary(survey), created_at=now))
        return nxt


def add_comment(reference: str, sender_id: str, text: str, *, now: datetime | None = None,
                db_url: str | None = None) -> None:
    """The worker's own words after 写几句意见 (personal data masked before it is stored)."""
    now = now or utcnow()
    words = pii.mask_text(" ".join((text or "").split()))[:MAX_COMMENT]
    if not words:
        return
    with session_scope(db_url) as s:
        t = s.execute(select(Ticket).where(Ticket.reference == (reference or "").strip().upper())).scalar_one_or_none()
        survey = None if t is None else s.execute(select(Survey).where(Survey.ticket_id == t.id)).scalar_one_or_none()
        if survey is None or t.sender_id != sender_id:
            raise NotYours(reference)
        survey.comment = ((survey.comment + "\n") if survey.comment else "") + words
        survey.answered_at = now
        t.events.append(TicketEvent(kind="feedback", actor="worker", body=f"职工的意见：{words}", created_at=now))


def _summary(survey: Survey) -> str:
    parts = []
    if survey.solved is not None:
        parts.append("问题解决了" if survey.solved else "问题没解决")
    if survey.rating:
        parts.append(RATING_LABELS[survey.rating])
    return "职工评价：" + "，".join(parts)


def _sync_task(s, t: Ticket, survey: Survey) -> None:
    task = s.execute(select(FollowUp).where(FollowUp.ticket_id == t.id)).scalar_one_or_none()
    if task is None or task.status == "done":
        return
    reason = _needs_followup(survey)
    task.status, task.reason = ("open", reason) if reason else ("cancelled", task.reason)


# ---------------------------------------------------------------- the console's 回访 page

def _task_json(task: FollowUp, survey: Survey | None, now: datetime) -> dict:
    t = task.ticket
    return {
        "id": task.id, "reference": t.reference, "topic": t.category,
        "topic_label": console.TOPIC_NAMES.get(t.category, t.category),
        "ticket_status": t.status, "ticket_status_label": console.STATUS_LABELS.get(t.status, t.status),
        "contact_phone": pii.mask_phone(t.contact_phone), "contact_name": t.contact_name,
        "reason": task.reason, "reason_label": REASON_LABELS.get(task.reason, task.reason),
        "status": task.status, "status_label": FOLLOWUP_STATUS_LABELS.get(task.status, task.status),
        "due_at": console._iso(task.due_at), "due": task.status == "open" and task.due_at <= now,
        "solved": None if survey is None else survey.solved,
        "solved_label": None if survey is None or survey.solved is None else ("解决了" if survey.solved else "没解决"),
        "rating_label": None if survey is None else RATING_LABELS.get(survey.rating or ""),
        "comment": None if survey is None else survey.comment,
        "reached": task.reached, "outcome": task.outcome, "reopened": task.reopened,
        "done_at": console._iso(task.done_at), "done_by": task.done_by,
    }


def tasks(*, which: str = "due", now: datetime | None = None, db_url: str | None = None) -> list[dict]:
    """回访 tasks: ``due`` (open and due now), ``open`` (also those not due yet) or ``done``."""
    now = now or utcnow()
    with session_scope(db_url) as s:
        q = select(FollowUp)
        if which == "done":
            q = q.where(FollowUp.status == "done").order_by(FollowUp.done_at.desc())
        else:
            q = q.where(FollowUp.status == "open").order_by(FollowUp.due_at, FollowUp.id)
            if which != "open":
                q = q.where(FollowUp.due_at <= now)
        rows = s.execute(q.limit(300)).scalars().all()
        surveys = {sv.ticket_id: sv for sv in s.execute(
            select(Survey).where(Survey.ticket_id.in_([r.ticket_id for r in rows]))).scalars()} if rows else {}
        return [_task_json(r, surveys.get(r.ticket_id), now) for r in rows]


def due_count(now: datetime | None = None, db_url: str | None = None) -> int:
    return len(tasks(which="due", now=now, db_url=db_url))


def record_outcome(task_id: int, *, reached: bool, outcome: str, reopen: bool, actor: str, role: str,
                   now: datetime | None = None, db_url: str | None = None) -> dict:
    """Staff called (or tried to call) the worker: the outcome on the task and the ticket; with
    ``reopen`` the ticket goes back to 处理中 (also from 已关闭: a 回访 decides that)."""
    now = now or utcnow()
    outcome = " ".join((outcome or "").split())
    if not outcome:
        raise console.ConsoleError("请写下回访结果")
    if len(outcome) > 2000:
        raise console.ConsoleError("内容太长（最多 2000 字）")
    with session_scope(db_url) as s:
        task = s.get(FollowUp, task_id)
        if task is None:
            raise console.NotFound("没有这个回访任务")
        if task.status != "open":
            raise console.Conflict("这个回访任务已经处理过了")
        t = task.ticket
        task.status, task.reached, task.outcome = "done", bool(reached), outcome
        task.done_by, task.done_at = actor, now
        t.events.append(TicketEvent(kind="followup", actor=actor, created_at=now,
                                    body=("回访：已联系上职工。" if reached else "回访：没有联系上职工。") + outcome))
        if reopen and t.status in ("resolved", "closed"):
            task.reopened = True
            old, t.status, t.resolved_at = t.status, "in_progress", None
            t.events.append(TicketEvent(kind="status", actor=actor, created_at=now,
                                        body=f"{console.STATUS_LABELS[old]} → {console.STATUS_LABELS['in_progress']}：回访后重新处理"))
            t.events.append(TicketEvent(kind="status", actor=actor, created_at=now, public=True,
                                        body=console.PUBLIC_STATUS_TEXT["in_progress"]))
        s.flush()
        survey = s.execute(select(Survey).where(Survey.ticket_id == t.id)).scalar_one_or_none()
        return _task_json(task, survey, now)


# ---------------------------------------------------------------- analytics

def by_topic(since: datetime, db_url: str | None = None) -> dict:
    """Satisfaction (questions asked since ``since``) and re-opened cases (since ``since``) per
    topic, and per region when tickets carry one."""
    from bot.console.analytics import OTHER
    from bot.common.facts import TOPIC_LABELS

    def blank() -> dict:
        return {"asked": 0, "answered": 0, "solved": 0, "unsolved": 0, "satisfied": 0, "neutral": 0,
                "unsatisfied": 0, "reopened": 0}

    topics: dict[str, dict] = {t: blank() for t in list(TOPIC_LABELS) + [OTHER]}
    regions: dict[str, dict] = {}
    has_region = hasattr(Ticket, "region")
    with session_scope(db_url) as s:
        rows = s.execute(select(Ticket, Survey, FollowUp).join(Survey, Survey.ticket_id == Ticket.id)
                         .outerjoin(FollowUp, FollowUp.ticket_id == Ticket.id)
                         .where(Survey.asked_at >= since)).all()
        for t, sv, task in rows:
            buckets = [topics[t.category if t.category in TOPIC_LABELS else OTHER]]
            if has_region:
                buckets.append(regions.setdefault(getattr(t, "region", None) or "", blank()))
            for b in buckets:
                b["asked"] += 1
                b["answered"] += sv.solved is not None or sv.rating is not None
                b["solved"] += sv.solved is True
                b["unsolved"] += sv.solved is False
                if sv.rating:
                    b[sv.rating] += 1
        # re-opened: moved from 已解决/已关闭 back to 处理中 (in the console, or after a 回访)
        reopen_bodies = [f"{console.STATUS_LABELS[o]} → {console.STATUS_LABELS['in_progress']}" for o in ("resolved", "closed")]
        reopened = s.execute(select(Ticket).where(Ticket.id.in_(
            select(TicketEvent.ticket_id).where(TicketEvent.kind == "status", TicketEvent.created_at >= since,
                                                or_(*[TicketEvent.body.startswith(b) for b in reopen_bodies]))))).scalars()
        for t in reopened:
            topics[t.category if t.category in TOPIC_LABELS else OTHER]["reopened"] += 1
            if has_region:
                regions.setdefault(getattr(t, "region", None) or "", blank())["reopened"] += 1
    out = {"by_topic": [{"name": k, "label": TOPIC_LABELS.get(k, "其他"), **v} for k, v in topics.items()]}
    if has_region:
        out["by_region"] = [{"name": k, "label": k or "未填地区", **v} for k, v in sorted(regions.items())]
    return out
