""""删除我的信息" in the chat: the worker is told how (staff verify it is them) and may leave a
message, which becomes a privacy-request ticket; other questions are not caught."""
import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.fallback import ActionAskAffirmation
from actions.faq import ActionAnswerFaq, ActionOutOfScope
from actions.tickets import ActionSubmitTicket
from bot.db.models import Ticket
from bot.db.session import session_scope
from bot.privacy import chat
from bot.privacy.consent import agree
from tests.actions.helpers import tracker


@pytest.mark.parametrize("text", ["删除我的信息", "我要查我的个人信息", "帮我把我的资料删掉", "你们会怎么用我的个人信息",
                                  "我不想用了，把我的数据清除掉"])
def test_requests_about_ones_own_data(text):
    assert chat.is_request(text)


@pytest.mark.parametrize("text", ["我要查我的社保缴费记录", "查一下工资记录", "查进度", "老板欠我工资", "怎么查询我的公积金信息",
                                  "/leave_message", "单位泄露了我的身份证怎么办", ""])
def test_other_questions_are_not_caught(text):
    assert not chat.is_request(text)


@pytest.mark.parametrize("action,intent", [(ActionOutOfScope(), "out_of_scope"), (ActionAnswerFaq(), "join_union"),
                                           (ActionAskAffirmation(), "nlu_fallback")])
@pytest.mark.asyncio
async def test_whatever_the_classifier_says_the_worker_is_told_how(action, intent, db_url):
    d = CollectingDispatcher()
    await action.run(d, tracker("删除我的信息", intent, 0.5, ranking=[(intent, 0.5)]), {})
    assert len(d.messages) == 1
    text = d.messages[0]["text"]
    assert "核实是您本人" in text and "12351" in text and "留言" in text
    assert d.messages[0]["buttons"] == [{"title": "给工作人员留言", "payload": "/leave_message"}]


@pytest.mark.asyncio
async def test_the_message_left_is_a_privacy_request_ticket(db_url):
    slots = {"ticket_description": "请删除我的个人信息，我之前留过言", "ticket_phone": "13900001111",
             "ticket_confirm": True, "privacy_consent": agree("leave_message_form")}
    await ActionSubmitTicket().run(CollectingDispatcher(), tracker("/affirm", "affirm", slots=slots), {})
    with session_scope(db_url) as s:
        assert s.execute(select(Ticket.case_type)).scalar_one() == "privacy"
