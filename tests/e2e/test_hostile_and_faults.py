"""Hostile input on the REST channel and a stalled action server, on the running stack: nothing is
lost, duplicated or falsely confirmed, and the worker is never left in silence."""
from __future__ import annotations

import json
import os
import signal

import pytest
import requests
from sqlalchemy import select

from bot.db.models import Ticket
from bot.db.session import session_scope
from devtools.stack import wait_for

from .talk import REF, sender, texts


def post(stack, body, **kw):
    return requests.post(f"{stack['rasa']}/webhooks/rest/webhook", data=body,
                         headers={"Content-Type": "application/json"}, timeout=120, **kw)


def user_texts(stack, s):
    r = requests.get(f"{stack['rasa']}/conversations/{s}/tracker", params={"token": stack["token"]}, timeout=30)
    return [e.get("text") for e in r.json()["events"] if e.get("event") == "user"]


def test_a_megabyte_message_is_refused_with_a_chinese_reply_and_never_enters_the_conversation(stack, say):
    s = sender()
    r = post(stack, json.dumps({"sender": s, "message": "欠" * 1_000_000}, ensure_ascii=False).encode())
    assert r.status_code == 200
    assert "太长" in texts(r.json()) and "12351" in texts(r.json())
    assert user_texts(stack, s) == []
    # the same conversation and everyone else go on
    assert "工会职工服务助手" in texts(say(s, "你好"))


@pytest.mark.parametrize("body", [
    b"", b"null", b"[]", b'"text"', b"{not json", b'{"message": "hi"}', b'{"sender": "", "message": "hi"}',
    json.dumps({"sender": "x" * 300, "message": "hi"}).encode(), b'{"sender": "a\\nb", "message": "hi"}',
    b'{"sender": "ok-1", "message": 5}', b'{"sender": "ok-1"}',
])
def test_a_body_that_is_not_a_message_gets_400_not_500(stack, body):
    r = post(stack, body)
    assert r.status_code == 400, r.text


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>老板欠我工资", "老\u200b板\u200b欠\u200b薪 怎么办", "'; DROP TABLE tickets; --",
    "老闆欠我薪水三個月了", "boss 欠我 salary 3个月 怎么办", "{{7*7}} ${jndi:ldap://x} 工资", "🙏🙏🙏", " ",
])
def test_odd_but_wellformed_messages_get_an_answer(say, text):
    replies = say(sender(), text)
    assert replies and texts(replies).strip()


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=5).ok
    except requests.RequestException:
        return False


def _tickets(stack, s):
    with session_scope(stack["db_url"]) as db:
        return db.execute(select(Ticket.reference).where(Ticket.sender_id == s)).scalars().all()


def test_a_stalled_action_server_gives_the_apology_and_the_next_message_tells_what_happened(stack, say):
    s = sender()
    say(s, "我要留言")
    say(s, "我在东莞长安的厂里上班 老板拖了两个月工资 想请工会帮忙")
    assert "请核对" in texts(say(s, "13812345678"))
    actions = stack["procs"]["actions"]
    os.kill(actions.pid, signal.SIGSTOP)
    try:
        done = say(s, "/affirm")  # Rasa waits UNION_ACTION_TIMEOUT, then apologises
    finally:
        os.kill(actions.pid, signal.SIGCONT)
    assert "出了点问题" in texts(done) and "12351" in texts(done)
    assert not REF.search(texts(done))  # no reference promised that may not exist
    # the resumed action server may or may not still store the ticket Rasa gave up on: wait for it
    # to have caught up (its health answers after the queued request), then check what is said
    wait_for(lambda: _answers(stack["actions_health"]), 60, "the action server answers again")
    before = _tickets(stack, s)
    assert len(before) <= 1
    nxt = texts(say(s, "好的 那怎么样了"))
    after = _tickets(stack, s)
    # Whichever moment the action server stored it (while Rasa waited, or now that the read-back
    # the failure interrupted was answered "好的"), there is one ticket and the worker has its
    # reference; if none was stored, no reference is claimed and the worker is told what to do.
    assert len(after) <= 1 and set(before) <= set(after)
    if after:
        assert after[0] in nxt and ("登记成功" in nxt or "已提交" in nxt)
    else:
        assert not REF.search(nxt) and nxt.strip()
    # told once only, and nothing stored twice
    assert not REF.search(texts(say(s, "谢谢"))) and _tickets(stack, s) == after
