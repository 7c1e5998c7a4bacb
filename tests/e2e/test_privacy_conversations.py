"""The privacy notice through the running stack: shown before a form's first personal question,
refusing stores nothing, and "删除我的信息" is answered with how to ask (needs the model trained
with the privacy_consent slot)."""
import pytest
from sqlalchemy import func, select

from bot.db.models import Ticket
from bot.db.session import session_scope
from tests.e2e.talk import REF, payloads, sender, texts

pytestmark = pytest.mark.e2e


def _tickets(stack):
    with session_scope(stack["db_url"]) as db:
        return db.execute(select(func.count()).select_from(Ticket)).scalar_one()


def test_the_notice_comes_before_the_message_and_refusing_stores_nothing(say, stack):
    before = _tickets(stack)
    s = sender()
    notice = say(s, "我要留言", agree=False)
    assert "删除我的信息" in texts(notice) and payloads(notice)[-2:] == ["/affirm", "/deny"]
    refused = texts(say(s, "/deny", agree=False))
    assert "没有保存" in refused and "12351" in refused
    assert _tickets(stack) == before
    # the next message is an ordinary one again
    assert "不同意" not in texts(say(s, "你好"))


def test_agreeing_stores_the_consent_with_the_ticket(say, stack):
    s = sender()
    say(s, "我要留言", agree=False)
    assert "情况" in texts(say(s, "/affirm", agree=False))
    say(s, "在昆山电子厂上班 加班费一直没给 想请工会帮忙问问")
    say(s, "13912345678")
    ref = REF.search(texts(say(s, "/affirm"))).group(0)
    with session_scope(stack["db_url"]) as db:
        t = db.execute(select(Ticket).where(Ticket.reference == ref)).scalar_one()
    assert t.consent["agreed"] is True and t.consent["form"] == "leave_message_form"


def test_asking_to_delete_ones_data_is_answered(say, stack):
    reply = say(sender(), "删除我的信息")
    assert "核实是您本人" in texts(reply) and "/leave_message" in payloads(reply)
