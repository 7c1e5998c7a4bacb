"""Starts the action server and the Rasa server (trained model) on free ports, against a
temporary SQLite database with the real FAQ and course content."""
from __future__ import annotations

import pytest
import requests

from bot.cli import migrate
from bot.config import PROJECT_ROOT
from bot.knowledge.content import load_faq
from bot.cases.courses import load_courses
from devtools.stack import Stack

MODEL = PROJECT_ROOT / "models" / "union.tar.gz"


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run ./scripts/test (it trains the model first)")
    tmp = tmp_path_factory.mktemp("stack")
    db_url = f"sqlite:///{tmp / 'e2e.db'}"
    migrate(db_url)
    load_faq(db_url=db_url)
    load_courses(db_url=db_url)
    # Live handoff is offered only in office hours: open all day here (out of hours: tests/actions).
    # Tracker windows of 3 turns (default 12), so that every longer conversation here also checks
    # that the bot behaves the same while its window moves (bot/tracker_store.py).
    with Stack(db_url, MODEL, token="e2e-token", workdir=tmp,
               extra_env={"UNION_OFFICE_HOURS": "always", "UNION_TRACKER_WINDOW_TURNS": "3",
                          # generous for any action here; the fault tests stall the action server past it
                          "UNION_ACTION_TIMEOUT": "15"}) as running:
        yield {"rasa": running.rasa_url, "db_url": db_url, "token": running.token, "procs": running.procs,
               "actions_health": f"http://127.0.0.1:{running.actions_port}/health"}


@pytest.fixture
def say(stack):
    """Sends one message; when the reply is a form's privacy notice, agrees to it (as most workers
    will) and returns the notice followed by what came next. ``agree=False`` leaves it to the test
    (tests/e2e/test_privacy_conversations.py)."""
    def _post(sender: str, text: str) -> list[dict]:
        r = requests.post(f"{stack['rasa']}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60)
        r.raise_for_status()
        return r.json()

    def _say(sender: str, text: str, agree: bool = True) -> list[dict]:
        replies = _post(sender, text)
        if agree and any(b.get("title") == "同意并继续" for m in replies for b in m.get("buttons") or []):
            replies += _post(sender, "/affirm")
        return replies
    return _say
