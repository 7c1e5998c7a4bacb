"""What a worker submitted and may not have been told: a case stored while its confirmation was lost.

When an action fails or answers too late, Rasa gives the worker the apology instead
(bot/rasa_runtime.py, item 9), but the action may still have stored the ticket, application or
enrolment. At the worker's next message the action server looks, for a conversation whose window
holds such an apology, for what was stored since and whose reference no bot message has given yet,
and tells the worker (actions/__init__.py). Re-submitting the same form finds the same ticket (its
dedupe key), so nothing is stored twice either way.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot.common import facts
from bot.db.models import Enrolment, MembershipApplication, Ticket
from bot.db.session import session_scope

# The first words of bot.rasa_runtime.ACTION_FAILED (that module is Rasa's, not loaded here).
FAILURE_MARKER = "非常抱歉，系统刚才出了点问题"
# An action may be stored up to Rasa's wait (UNION_ACTION_TIMEOUT) plus the database's own delay
# before the apology is sent, or a little after it.
LOOKBACK = timedelta(minutes=5)
_REFERENCE = re.compile(r"(?:GH|RH|PX)-[0-9A-Z]{4}-[0-9A-Z]{4}")
# Actions that store something the worker is waiting to hear about.
SUBMITTING = {"action_submit_ticket", "action_submit_wage_arrears", "action_submit_legal_aid",
              "action_submit_join_union", "action_submit_work_injury", "action_submit_hardship_aid",
              "action_enrol_course", "action_handle_urgent", "action_request_human"}
NOT_FOUND = ("告诉您一下：刚才那次提交，系统里没有查到保存成功的记录。请再提交一次（比如说“我要留言”），"
             "或者直接拨打" + facts.HOTLINE_NAME + "，工作人员会帮您登记。")
KINDS = ((Ticket, "工单"), (MembershipApplication, "入会申请"), (Enrolment, "培训报名"))


def _failures(events: list[dict]) -> list[tuple[int, float, str]]:
    """(position, time, failed action) of each failure apology in the events."""
    out = []
    for i, e in enumerate(events):
        meta = e.get("metadata") or {}
        if e.get("event") == "bot" and (meta.get("kind") == "action_failed"
                                        or str(e.get("text") or "").startswith(FAILURE_MARKER)):
            out.append((i, e.get("timestamp") or 0.0, str(meta.get("action") or "")))
    return out


def told(events: list[dict]) -> set[str]:
    found: set[str] = set()
    for e in events:
        if e.get("event") == "bot":
            found.update(_REFERENCE.findall(str(e.get("text") or "")))
    return found


def stored_since(sender_id: str, since: datetime, db_url: str | None = None) -> list[tuple[str, str]]:
    """(kind in Chinese, reference) of everything stored for this conversation since ``since`` (UTC)."""
    out: list[tuple[str, datetime, str]] = []
    with session_scope(db_url) as s:
        for model, label in KINDS:
            rows = s.execute(select(model.reference, model.created_at)
                             .where(model.sender_id == sender_id, model.created_at >= since)).all()
            out += [(label, created, ref) for ref, created in rows]
    return [(label, ref) for label, _, ref in sorted(out, key=lambda r: r[1])]


def unannounced(tracker: dict, db_url: str | None = None) -> list[str]:
    """What to tell the worker, once, after a failure apology: each case stored since that no bot
    message has given yet; or, when a submitting action failed and nothing was stored, that it was
    not saved (so "I will tell you at your next message" is never left unanswered)."""
    events = tracker.get("events") or []
    failures = _failures(events)
    sender = tracker.get("sender_id")
    if not failures or not sender:
        return []
    since = datetime.fromtimestamp(min(ts for _, ts, _ in failures), timezone.utc).replace(tzinfo=None) - LOOKBACK
    given = told(events)
    stored = stored_since(sender, since, db_url)
    missing = [(label, ref) for label, ref in stored if ref not in given]
    if missing:
        return [f"告诉您一下：刚才系统出问题的时候，您的{label}其实已经登记成功了，编号 {ref}。请记好这个编号，"
                f"以后可以凭它和手机号后四位查进度，不用再重复提交。" for label, ref in missing]
    position, _, action = failures[-1]
    later = " ".join(str(e.get("text") or "") for e in events[position + 1:] if e.get("event") == "bot")
    if action in SUBMITTING and not stored and NOT_FOUND[:12] not in later and not _REFERENCE.search(later):
        return [NOT_FOUND]
    return []
