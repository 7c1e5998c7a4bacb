"""Live handoff over the REST channel against the real stack: the bot falls silent while a person
has the conversation, relays the worker's words into the transcript, and answers again after the
hand-back (done here the way the console does it: Rasa's token-protected tracker-events API)."""
from __future__ import annotations

import time

import requests
from sqlalchemy import select

from bot.db.models import Handoff, Ticket
from bot.db.session import session_scope
from bot.handoff import handoff


def _hand_back(stack, sender: str) -> None:
    view = handoff.open_for(sender, db_url=stack["db_url"])
    handoff.release(view.id, None, "test-officer", db_url=stack["db_url"])
    r = requests.post(f"{stack['rasa']}/conversations/{sender}/tracker/events",
                      params={"token": stack["token"], "output_channel": "latest", "execute_side_effects": "true"},
                      json=[{"event": "slot", "name": "handoff", "value": None, "timestamp": time.time()}], timeout=30)
    r.raise_for_status()


def _texts(replies):
    return " ".join(r.get("text") or "" for r in replies)


def test_bot_is_silent_during_handoff_and_answers_after_hand_back(stack, say):
    sender = "e2e-handoff-1"
    assert "入会" in _texts(say(sender, "怎么加入工会"))
    replies = say(sender, "我不想跟机器人说，帮我转人工")
    assert "正在为您转接工作人员" in _texts(replies)
    with session_scope(stack["db_url"]) as s:
        h = s.execute(select(Handoff).where(Handoff.sender_id == sender)).scalar_one()
        assert h.status == "waiting" and h.ticket is not None and h.ticket.needs_human
        assert "怎么加入工会" in h.summary

    # While waiting, nothing the worker says gets a bot answer (not even a clear FAQ question).
    assert say(sender, "老板欠了我三个月工资怎么办") == []
    assert say(sender, "我电话13912345678") == []
    with session_scope(stack["db_url"]) as s:
        h = s.execute(select(Handoff).where(Handoff.sender_id == sender)).scalar_one()
        assert h.last_worker_message_at is not None
        assert h.ticket.contact_phone == "13912345678"  # the number given while waiting is on the ticket

    # The worker's words are in the transcript for the console.
    tracker = requests.get(f"{stack['rasa']}/conversations/{sender}/tracker", params={"token": stack["token"]}, timeout=30).json()
    said = [e.get("text") for e in tracker["events"] if e.get("event") == "user"]
    assert "老板欠了我三个月工资怎么办" in said

    _hand_back(stack, sender)
    assert "工资" in _texts(say(sender, "老板欠了我三个月工资怎么办"))


def test_worker_can_stop_waiting(stack, say):
    sender = "e2e-handoff-2"
    assert "正在为您转接" in _texts(say(sender, "转人工"))
    replies = say(sender, "算了不等了")
    assert "人工服务已结束" in _texts(replies)
    with session_scope(stack["db_url"]) as s:
        h = s.execute(select(Handoff).where(Handoff.sender_id == sender)).scalar_one()
        assert h.status == "cancelled" and h.closed_by == "worker"
    assert "入会" in _texts(say(sender, "怎么加入工会"))


def test_legal_aid_case_links_its_ticket_to_the_handoff(stack, say):
    """After a legal-aid application, the button to talk to an officer links that ticket."""
    sender = "e2e-handoff-3"
    from bot.cases.tickets import open_ticket

    ref = open_ticket(description="被辞退没赔偿，申请法律援助", phone="13800001111", category="legal_aid",
                      queue="legal_aid", needs_human=True, sender_id=sender, db_url=stack["db_url"]).reference
    assert ref in _texts(say(sender, "/request_human"))
    with session_scope(stack["db_url"]) as s:
        h = s.execute(select(Handoff).where(Handoff.sender_id == sender)).scalar_one()
        assert h.reason == "legal_aid" and h.ticket.reference == ref
        assert len(s.execute(select(Ticket).where(Ticket.sender_id == sender)).scalars().all()) == 1
