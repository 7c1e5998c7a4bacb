"""回访: follow-up calls after an unsolved, unhappy or unanswered satisfaction question
(bot/console/satisfaction.py). The worker's phone is revealed through /tickets/{ref}/reveal."""
from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from bot.console import console, satisfaction, staff
from bot.db.models import utcnow
from bot.web.routes.common import Tickets, http_error

router = APIRouter()


@router.get("/followups")
async def list_followups(which: str = "due", user: staff.Staff = Depends(Tickets)):
    which = which if which in ("due", "open", "done") else "due"
    items = await run_in_threadpool(satisfaction.tasks, which=which)
    due = items if which == "due" else await run_in_threadpool(satisfaction.tasks, which="due")
    return {"items": items, "due_count": len(due), "server_time": utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")}


class Outcome(BaseModel):
    reached: bool
    outcome: str = Field(..., max_length=2000)
    reopen: bool = False


@router.post("/followups/{task_id}")
async def record_followup(task_id: int, body: Outcome, user: staff.Staff = Depends(Tickets)):
    try:
        return await run_in_threadpool(satisfaction.record_outcome, task_id, reached=body.reached,
                                       outcome=body.outcome, reopen=body.reopen, actor=user.username, role=user.role)
    except console.ConsoleError as exc:
        raise http_error(exc)
