"""A conversation's transcript from Rasa's tracker: the worker, the bot, the officer and notices,
in one list (officers' replies are bot events carrying `kind: officer`, staff replies on a ticket
`kind: case_reply`, both sent by the web app). A button press reads as the button's title."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

from bot.common.facts import TOPIC_LABELS

# How a button press reads in the transcript ("/affirm" is not what the worker saw).
PAYLOAD_LABELS = {
    **TOPIC_LABELS, "affirm": "是/确认", "deny": "不是", "leave_message": "给工作人员留言", "request_human": "找人工",
    "stop": "不办了", "out_of_scope": "都不是", "check_ticket_status": "查询办理进度", "open_case": "登记案件",
    "start_calculator": "计算器", "find_course": "找培训课程", "enrol_course": "报名课程", "choose": "选择",
}


def _iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _button_title(text: str, titles: dict[str, str]) -> str:
    """What the pressed button said: its title as the bot offered it, else the action in Chinese."""
    if text.strip() in titles:
        return titles[text.strip()]
    name = text[1:].split("{", 1)[0].strip()
    return PAYLOAD_LABELS.get(name, "选择了一个选项")


def messages(tracker: dict, mask: Callable[[str], str] | None = None, widget: bool = False) -> list[dict]:
    """Tracker JSON (`GET /conversations/{id}/tracker`) → [{index, role, text, ts, ...}]. For the
    worker's own widget (``widget``) a button press reads as the button did; for staff it is marked
    〔按钮〕."""
    m = mask or (lambda s: s)
    out: list[dict] = []

    def add(item: dict) -> None:
        item["index"] = len(out)
        out.append(item)

    titles: dict[str, str] = {}  # payload -> title of the buttons offered so far
    for e in tracker.get("events") or []:
        kind = e.get("event")
        if kind == "user":
            text = e.get("text") or ""
            intent = (e.get("parse_data") or {}).get("intent") or {}
            item = {"role": "worker", "ts": _iso(e.get("timestamp")),
                    "intent": intent.get("name"), "confidence": intent.get("confidence")}
            if text.startswith("/"):
                title = _button_title(text, titles)
                item.update(text=m(title if widget else f"〔按钮〕{title}"), button=True)
            else:
                item["text"] = m(text)
            add(item)
        elif kind == "bot":
            custom = ((e.get("data") or {}).get("custom") or {}).get("data") or {}
            if e.get("text"):
                buttons = [{"title": b.get("title"), "payload": b.get("payload")} for b in (e.get("data") or {}).get("buttons") or []]
                titles.update({str(b["payload"]).strip(): str(b["title"]) for b in buttons if b["payload"] and b["title"]})
                add({"role": "bot", "text": m(e["text"]), "ts": _iso(e.get("timestamp")), "buttons": buttons})
            if custom.get("kind") == "officer":
                add({"role": "officer", "text": m(custom.get("text") or ""), "name": custom.get("name"),
                     "role_label": custom.get("role"), "ts": _iso(e.get("timestamp"))})
            elif custom.get("kind") == "case_reply":
                add({"role": "officer", "text": m(custom.get("text") or ""), "name": custom.get("name"),
                     "role_label": custom.get("role"), "reference": custom.get("reference"), "ts": _iso(e.get("timestamp"))})
            elif custom.get("kind") == "notice":
                add({"role": "notice", "text": custom.get("text") or "", "handoff": custom.get("handoff"),
                     "ts": _iso(e.get("timestamp"))})
    return out
