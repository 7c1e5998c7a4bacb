"""The default profile keeps conversations across a restart of Rasa (conversations in a SQLite file,
as scripts/lib.sh configures it): a form half-filled, and a live-handoff wait, go on afterwards
without a new greeting, a lost answer or a duplicate ticket."""
from __future__ import annotations

import pytest
import requests
from sqlalchemy import select

from bot.cli import migrate
from bot.db.models import Handoff, Ticket
from bot.db.session import session_scope
from bot.knowledge.content import load_faq
from devtools.stack import Stack

from .conftest import MODEL
from .talk import REF, sender, texts


@pytest.fixture(scope="module")
def restartable(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("restart")
    db_url = f"sqlite:///{tmp / 'union.db'}"
    migrate(db_url)
    load_faq(db_url=db_url)
    with Stack(db_url, MODEL, token="restart-token", workdir=tmp, tracker_db=tmp / "conversations.db",
               extra_env={"UNION_OFFICE_HOURS": "always"}) as running:
        yield running, db_url


def _post(stack: Stack, s: str, text: str) -> list[dict]:
    r = requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": s, "message": text}, timeout=60)
    r.raise_for_status()
    return r.json()


def _say(stack: Stack, s: str, text: str) -> list[dict]:
    """One message; a form's privacy notice is agreed to (as in tests/e2e/conftest.py)."""
    replies = _post(stack, s, text)
    if any(b.get("title") == "同意并继续" for m in replies for b in m.get("buttons") or []):
        replies += _post(stack, s, "/affirm")
    return replies


def _tickets(db_url: str, s: str) -> list[Ticket]:
    with session_scope(db_url) as db:
        return [(t.reference, t.case_type) for t in db.execute(select(Ticket).where(Ticket.sender_id == s)).scalars()]


def test_a_form_and_a_handoff_wait_survive_a_restart_of_rasa(restartable):
    stack, db_url = restartable
    form, waiting = sender(), sender()
    _say(stack, form, "我要留言")
    _say(stack, form, "我在东莞长安的厂里上班 老板拖了两个月工资 想请工会帮忙")
    assert "请核对" in texts(_say(stack, form, "13812345678"))
    assert "正在为您转接" in texts(_say(stack, waiting, "转人工"))
    handoff_tickets = _tickets(db_url, waiting)

    stack.restart("rasa")

    # the read-back is answered where it stood: one ticket, its reference given
    done = texts(_say(stack, form, "/affirm"))
    stored = _tickets(db_url, form)
    assert len(stored) == 1 and stored[0][0] in done and REF.search(done)
    # the worker who waits for a person still waits: no bot answer, no second ticket
    assert _say(stack, waiting, "老板欠了我三个月工资怎么办") == []
    assert _tickets(db_url, waiting) == handoff_tickets
    with session_scope(db_url) as db:
        assert db.execute(select(Handoff.status).where(Handoff.sender_id == waiting)).scalar_one() == "waiting"
