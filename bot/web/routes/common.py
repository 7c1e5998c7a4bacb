"""What the API's routers share: permission dependencies, the Rasa client, error mapping, JSON
shapes used by several resources and the intent label table."""
from __future__ import annotations

import logging

from fastapi import HTTPException, Request

from bot.console import regions, staff
from bot.common.facts import TOPIC_LABELS
from bot.web import rasa as rasa_api
from bot.web.deps import require

log = logging.getLogger(__name__)
Tickets, Handoffs, Admin = require("tickets"), require("handoff"), require("admin")

INTENT_LABELS = {**TOPIC_LABELS, "request_human": "找人工", "check_ticket_status": "查进度", "greet": "打招呼",
                 "goodbye": "再见", "thanks": "感谢", "affirm": "肯定", "deny": "否定", "bot_challenge": "问是不是机器人",
                 "out_of_scope": "无关话题", "leave_message": "留言", "inform": "提供信息", "stop": "不办了",
                 "urgent": "紧急情况", "nlu_fallback": "没听懂"}
# Intents staff can pick in the review queue: what a typed message can mean.
REVIEW_INTENTS = [i for i in INTENT_LABELS if i not in ("nlu_fallback", "urgent")]


def rasa(request: Request) -> rasa_api.RasaClient:
    return request.app.state.rasa


def http_error(exc: Exception) -> HTTPException:
    code = getattr(exc, "status_code", 422)
    return HTTPException(code, str(exc))


def user_json(u: staff.Staff) -> dict:
    return {"id": u.id, "username": u.username, "display_name": u.display_name, "role": u.role,
            "role_label": u.role_label, "active": u.active, "regions": list(u.regions),
            "region_labels": [regions.load().name(c) for c in u.regions],
            "last_login_at": u.last_login_at.strftime("%Y-%m-%dT%H:%M:%SZ") if u.last_login_at else None}

