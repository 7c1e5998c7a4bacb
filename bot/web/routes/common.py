"""What the API's routers share: permission dependencies, the Rasa client, error mapping, JSON
shapes used by several resources."""
from __future__ import annotations

import logging

from fastapi import HTTPException, Request

from bot.console import regions, staff
from bot.web import rasa as rasa_api
from bot.web.deps import require

log = logging.getLogger(__name__)
Tickets, Handoffs, Admin = require("tickets"), require("handoff"), require("admin")


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

