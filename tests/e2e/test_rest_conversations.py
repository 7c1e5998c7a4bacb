"""Whole conversations through Rasa's REST channel, with the real model, actions and database."""
import re
import uuid

import pytest
from sqlalchemy import select

from bot.db.models import Ticket
from bot.db.session import session_scope

pytestmark = pytest.mark.e2e


def sender():
    return f"e2e-{uuid.uuid4().hex[:8]}"


def texts(replies):
    return "\n".join(r.get("text") or "" for r in replies)


@pytest.mark.parametrize("message,expect", [
    ("老板欠了我三个月工资不给 咋办", "仲裁"),
    ("怎么加入工会啊", "工会"),
    ("工会会费一个月交多少", "0.5%"),
    ("想申请法律援助 要啥材料", "法律援助"),
    ("在厂里干活把手弄伤了 咋认定工伤", "工伤"),
])
def test_topic_questions_get_sourced_answers_with_buttons(say, message, expect):
    replies = say(sender(), message)
    assert expect in texts(replies)
    assert any(b["payload"] == "/leave_message" for r in replies for b in r.get("buttons") or [])


def test_legal_answer_states_its_basis(say):
    out = texts(say(sender(), "被拖欠工资 过了多久就不能申请仲裁了"))
    assert "依据：" in out and "《" in out and "不代替律师" in out


def test_greeting_and_out_of_scope(say):
    s = sender()
    assert "工会职工服务助手" in texts(say(s, "你好"))
    assert "帮不上忙" in texts(say(s, "周末去哪里看电影好"))


def test_leave_a_message_stores_a_ticket_with_the_reference_given(say, stack):
    s = sender()
    say(s, "包工头跑了 工钱不给")
    assert "说说您遇到的情况" in texts(say(s, "/leave_message"))
    assert "手机号" in texts(say(s, "我在东莞长安的厂里上班 老板拖了两个月工资 想请工会帮忙"))
    assert "这个号码好像不对" in texts(say(s, "12345"))
    summary = texts(say(s, "13812345678"))
    assert "13812345678" in summary and "确认提交" not in summary or "请核对" in summary
    done = texts(say(s, "/affirm"))
    ref = re.search(r"GH-[0-9A-Z]{4}-[0-9A-Z]{4}", done).group(0)
    with session_scope(stack["db_url"]) as db:
        t = db.execute(select(Ticket).where(Ticket.reference == ref)).scalar_one()
    assert t.contact_phone == "13812345678" and "东莞长安" in t.description and t.sender_id == s
    assert t.category == "wage_arrears"
