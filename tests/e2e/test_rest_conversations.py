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
    assert "请核对" in summary and "13812345678" in summary and "老板拖了两个月工资" in summary
    done = texts(say(s, "/affirm"))
    ref = re.search(r"GH-[0-9A-Z]{4}-[0-9A-Z]{4}", done).group(0)
    with session_scope(stack["db_url"]) as db:
        t = db.execute(select(Ticket).where(Ticket.reference == ref)).scalar_one()
    assert t.contact_phone == "13812345678" and "东莞长安" in t.description and t.sender_id == s
    assert t.category == "wage_arrears"


def buttons(replies):
    return [b for r in replies for b in r.get("buttons") or []]


def test_unclear_message_offers_topics_and_the_chosen_topic_is_answered(say):
    s = sender()
    first = say(s, "qwer")
    offered = buttons(first)
    assert "是下面哪一个" in texts(first) and offered[-1]["payload"] == "/out_of_scope"
    topics = ("wage_arrears", "labour_contract", "join_union", "legal_aid", "training", "work_injury",
              "social_insurance", "hardship_aid")
    topic = next(b for b in offered if b["payload"].lstrip("/").split("{")[0] in topics)
    answer = say(s, topic["payload"])
    assert answer and any(b["payload"] == "/leave_message" for b in buttons(answer))


def test_unclear_twice_ends_with_an_offer_to_leave_a_message(say):
    s = sender()
    say(s, "zzz")
    assert "换个说法" in texts(say(s, "/out_of_scope"))
    say(s, "qwer")
    last = say(s, "/out_of_scope")
    assert "12351" in texts(last) and {"title": "给工作人员留言", "payload": "/leave_message"} in buttons(last)


def test_the_summary_can_be_corrected_and_the_form_cancelled(say, stack):
    s = sender()
    say(s, "我要留言")
    say(s, "公司辞退我不给补偿 想咨询一下怎么办")
    say(s, "13900001111")
    assert "要改哪一项" in texts(say(s, "/deny"))
    assert "情况" in texts(say(s, '/inform{"field": "ticket_description"}'))
    summary = texts(say(s, "公司把我辞退了 一分补偿没给"))
    assert "13900001111" in summary and "一分补偿没给" in summary
    summary = texts(say(s, "电话写错了 是15800002222"))
    assert "15800002222" in summary and "13900001111" not in summary
    assert "没有提交" in texts(say(s, "/stop"))
    with session_scope(stack["db_url"]) as db:
        assert db.execute(select(Ticket).where(Ticket.sender_id == s)).first() is None


def test_follow_up_question_stays_on_the_topic(say):
    s = sender()
    say(s, "我在工地干了半年 包工头跑了 工钱一分没拿到")
    out = texts(say(s, "要准备啥证据"))
    assert "帮不上忙" not in out and "考勤" in out


def test_question_at_the_summary_is_answered_then_the_summary_asked_again(say, stack):
    s = sender()
    say(s, "我要留言")
    say(s, "公司辞退我不给补偿 想咨询一下怎么办")
    say(s, "13900001111")
    replies = say(s, "那经济补偿怎么算的")
    assert "第四十七条" in texts(replies) and "请核对" in texts(replies[-1:])
    ref = re.search(r"GH-[0-9A-Z]{4}-[0-9A-Z]{4}", texts(say(s, "/affirm"))).group(0)
    with session_scope(stack["db_url"]) as db:
        t = db.execute(select(Ticket).where(Ticket.reference == ref)).scalar_one()
    assert (t.contact_phone, t.description) == ("13900001111", "公司辞退我不给补偿 想咨询一下怎么办")


def test_a_long_conversation_keeps_its_form_and_its_whole_history(stack, say):
    """Thirty turns (the tracker window, 3 turns here, moves many times), a message form filled
    across the moves, then the whole conversation from Rasa's tracker API (the console's transcript)."""
    import requests

    s = f"long-{uuid.uuid4().hex[:8]}"
    questions = ["工会会费一个月交多少", "怎么加入工会啊", "想学电焊 有没有免费的班", "谢谢"]
    for i in range(24):
        assert texts(say(s, questions[i % len(questions)]))
    assert "说说您遇到的情况" in texts(say(s, "/leave_message"))
    say(s, "在东莞长安的工地干了半年 包工头欠我们十几个人的工钱")
    say(s, "13812345678")
    confirmed = texts(say(s, "/affirm"))
    ref = re.search(r"GH-[0-9A-Z]{4}-[0-9A-Z]{4}", confirmed)
    assert ref, confirmed
    with session_scope(stack["db_url"]) as db:
        t = db.execute(select(Ticket).where(Ticket.reference == ref.group(0))).scalar_one()
        assert "包工头" in t.description and t.contact_phone == "13812345678"
    r = requests.get(f"{stack['rasa']}/conversations/{s}/tracker", params={"token": stack["token"]}, timeout=30)
    said = [e["text"] for e in r.json()["events"] if e.get("event") == "user"]
    # 24 questions, the form's 3 answers and its confirmation, and the agreement to the privacy notice
    assert len(said) == 29 and said[0] == questions[0] and said[-1] == "/affirm"
