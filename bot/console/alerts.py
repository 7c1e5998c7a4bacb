"""Alerts of an urgent case or a waiting handoff, to an outside group (where configured).

Signed-in staff are alerted by the console itself (``pending()``, polled by the console: a sound
and a browser notification). Where ``UNION_ALERT_WEBHOOK`` is set, the same event is POSTed there
in the 企业微信 group-robot format ``{"msgtype": "text", "text": {"content": ...}}``; the message
carries no personal data: the reference, the category, the region and the console link only.
The POST runs on a background thread with a short timeout, so a slow or unreachable receiver
never holds up the conversation; a failure is logged (without the message) and not retried.
"""
from __future__ import annotations

import json
import logging
import threading
import urllib.request
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.config import get_settings
from bot.console import regions
from bot.db.models import Handoff, Ticket, utcnow
from bot.db.session import session_scope

log = logging.getLogger(__name__)
KINDS = {"urgent": "紧急工单", "handoff": "职工等待人工接入"}
TIMEOUT_SECONDS = 5
RECENT = timedelta(hours=24)


def message(kind: str, reference: str | None, category: str, region: str) -> dict:
    """The group-robot message: what happened, the reference, category, region and link."""
    from bot.console.console import TOPIC_NAMES

    url = get_settings().console_url
    link = f"{url}/tickets/{reference}" if reference else f"{url}#/handoffs"
    lines = [f"【{KINDS[kind]}】请尽快处理", f"编号：{reference or '（尚未登记工单）'}",
             f"类别：{TOPIC_NAMES.get(category, '其他')}", f"地区：{regions.load().name(region)}", f"处理：{link}"]
    return {"msgtype": "text", "text": {"content": "\n".join(lines)}}


def post(url: str, payload: dict) -> bool:
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(url, data=data, method="POST",
                                 headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT_SECONDS) as resp:  # noqa: S310 (configured URL)
            return 200 <= resp.status < 300
    except Exception as exc:  # the alert is best effort; the console alerts staff anyway
        log.warning("alert webhook failed: %s", type(exc).__name__)
        return False


def notify(kind: str, reference: str | None, db_url: str | None = None) -> threading.Thread | None:
    """Sends the alert of ``kind`` about a ticket in the background (None when no webhook is set)."""
    url = get_settings().alert_webhook
    if not url:
        return None
    category, region = "general", regions.CENTRAL
    if reference:
        with session_scope(db_url) as s:
            row = s.execute(select(Ticket.category, Ticket.region).where(Ticket.reference == reference)).first()
        if row:
            category, region = row
    payload = message(kind, reference, category, region)
    thread = threading.Thread(target=post, args=(url, payload), name="alert-webhook", daemon=True)
    thread.start()
    return thread


def pending(region_codes: list[str] | None, now: datetime | None = None, db_url: str | None = None) -> list[dict]:
    """What signed-in staff are alerted to: open urgent tickets nobody has answered yet and
    waiting handoffs, of the last day, in the given regions (None: all). Each has a stable key
    (the console alerts once per key) and a Chinese text without personal data."""
    from bot.console.console import OPEN_STATUSES, TOPIC_NAMES

    now = now or utcnow()
    table = regions.load()
    out = []
    with session_scope(db_url) as s:
        q = select(Ticket).where(Ticket.priority == "urgent", Ticket.first_response_at.is_(None),
                                 Ticket.status.in_(OPEN_STATUSES), Ticket.created_at >= now - RECENT)
        if region_codes is not None:
            q = q.where(Ticket.region.in_(region_codes))
        for t in s.execute(q.order_by(Ticket.id)).scalars():
            out.append({"key": f"urgent:{t.reference}", "kind": "urgent", "reference": t.reference,
                        "text": f"紧急工单 {t.reference}（{TOPIC_NAMES.get(t.category, '其他')}，{table.name(t.region)}）",
                        "link": f"#/tickets/{t.reference}"})
        hq = select(Handoff).where(Handoff.status == "waiting", Handoff.created_at >= now - RECENT)
        for h in s.execute(hq.order_by(Handoff.id)).scalars():
            t = h.ticket
            if region_codes is not None and t is not None and t.region not in region_codes:
                continue
            where = f"（{table.name(t.region)}）" if t is not None else ""
            out.append({"key": f"handoff:{h.id}", "kind": "handoff", "reference": t.reference if t else None,
                        "text": f"有职工等待人工接入{where}",
                        "link": f"#/tickets/{t.reference}" if t is not None else f"#/handoffs/{h.id}"})
    return out
