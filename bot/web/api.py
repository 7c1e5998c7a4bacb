"""The console's JSON API (docs/CONSOLE_API.md; machine-readable at /openapi.json), one router per
resource in bot/web/routes/. Every route names the permission it needs (bot/console/staff.py
PERMISSIONS)."""
from __future__ import annotations

from fastapi import APIRouter

from bot.web.routes import admin, applications, auth, followups, handoffs, intake, privacy, review, tickets

router = APIRouter(prefix="/api")
for resource in (auth, tickets, applications, followups, handoffs, review, intake, admin, privacy):
    router.include_router(resource.router)
