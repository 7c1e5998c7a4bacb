"""Issue 11 as a worker would try it, over the REST channel against the trained model: a story gets
a fitting answer and the form asks only what is missing, a typed button title does what the button
does, a refusal at the read-back never submits, follow-ups stay in the topic, status questions and
references start the lookup, other law is referred, indirect crisis talk is caught and a past death
asked about as benefits is answered. The wording here is the maintainers' own."""

import pytest
from sqlalchemy import func, select

from bot.db.models import MembershipApplication, Ticket
from bot.db.session import session_scope
from tests.e2e.talk import REF, payloads, sender, texts

pytestmark = pytest.mark.e2e
CASE_BUTTON = '/open_case{"case_type": "wage_arrears"}'





def tickets(db_url) -> int:
    with session_scope(db_url) as db:
        return db.execute(select(func.count()).select_from(Ticket)).scalar_one()


def test_a_story_is_answered_and_the_form_asks_only_what_is_missing(say, stack):
    s = sender()
    story = ("我是在惠州一家家具厂做油漆工的 去年年底开始老板就说资金紧张 已经五个月没发工资了 "
             "算下来欠我两万三 我们车间三十多个人都一样 我现在还在厂里干 有考勤记录和工资条")
    answer = say(s, story)
    assert "没找到" not in texts(answer) and "12333" in texts(answer)
    assert "约23000元" in texts(answer) or "23000元" in texts(answer)
    assert CASE_BUTTON in payloads(answer)
    first = texts(say(s, CASE_BUTTON))
    assert "哪个单位" in first  # the employer was described, not named: asked
    asked = texts(say(s, "惠州博雅家具有限公司"))
    if "哪个城市" in asked:  # the place is taken from the story when the entity model finds it
        asked = texts(say(s, "惠州惠阳区"))
    assert "手机" in asked or "电话" in asked  # amount, months, people, still employed, evidence: all told
    say(s, "13700001111")
    summary = texts(say(s, "不留"))
    assert "请核对" in summary and "23000元" in summary and "5个月" in summary and "30多人" in summary
    assert "考勤" in summary and "工资条" in summary


def test_typing_a_buttons_title_does_what_the_button_does(say):
    s = sender()
    assert CASE_BUTTON in payloads(say(s, "工资被拖了两个月 去哪里告"))
    reply = texts(say(s, "登记欠薪情况"))
    assert "哪个单位" in reply and "留言" not in reply


def test_a_refusal_at_the_read_back_submits_nothing(say, stack):
    s = sender()
    before = tickets(stack["db_url"])
    say(s, CASE_BUTTON)
    for answer in ("宏发电子厂", "苏州昆山", "六千", "两个月", "就我一个", "已经走了", "有聊天记录", "13600002222"):
        say(s, answer)
    summary = texts(say(s, "不留"))
    assert "确认提交" in summary
    refused = texts(say(s, "这样不行吧"))
    assert "要改哪一项" in refused and not REF.search(refused)
    cancelled = texts(say(s, "不办了"))
    assert "没有提交" in cancelled
    assert tickets(stack["db_url"]) == before


def test_a_follow_up_is_answered_within_the_topic(say):
    s = sender()
    first = texts(say(s, "老板拖欠工资 该去哪投诉"))
    assert "监察" in first
    follow = texts(say(s, "那要准备啥证据"))
    assert "工资条" in follow or "考勤" in follow


def test_a_status_question_naming_the_application_starts_the_lookup(say):
    s = sender()
    assert "编号" in texts(say(s, "上礼拜交的入会申请 批下来没有啊"))


def test_a_reference_typed_with_other_words_starts_the_lookup_with_it(say, stack):
    s = sender()
    say(s, "/open_case{\"case_type\": \"join_union\"}")
    for answer in ("李红梅", "13500003333", "/inform{\"choice\": \"employee\"}", "华强电子厂", "电子装配", "深圳龙华"):
        say(s, answer)
    ref = REF.search(texts(say(s, "/affirm"))).group(0)
    with session_scope(stack["db_url"]) as db:
        assert db.execute(select(MembershipApplication).where(MembershipApplication.reference == ref)).scalar_one()
    other = sender()
    reply = texts(say(other, f"{ref} 这个批了没"))
    assert "后四位" in reply  # the reference was taken: only the phone check is asked
    assert f"入会申请 {ref}" in texts(say(other, "3333"))


def test_other_law_is_referred_not_answered_as_labour(say):
    s = sender()
    reply = texts(say(s, "租的房子到期搬走了 房东扣着两千押金不退 咋办"))
    assert "12348" in reply and "劳动仲裁" not in reply


def test_indirect_crisis_talk_gets_the_crisis_reply(say):
    s = sender()
    reply = texts(say(s, "讨了一年工钱也没要回来 安眠药我已经攒了一瓶 跟我妈说了对不起"))
    assert "12356" in reply and "12351" in reply


def test_a_death_in_the_past_asked_about_as_benefits_is_answered_not_treated_as_an_emergency(say):
    s = sender()
    reply = texts(say(s, "我爸前年在工地上出事走了 我们家属现在还能申请工亡待遇吗"))
    assert "120" not in reply and "110" not in reply
    assert "工亡" in reply or "工伤" in reply
