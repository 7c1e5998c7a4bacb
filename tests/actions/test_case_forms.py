"""The intake forms, driven through their validation, summary and submit actions, down to the DB."""
from __future__ import annotations

import re

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions import cases
from actions.forms import ActionStop
from bot.db.models import MembershipApplication, Ticket
from bot.db.session import session_scope
from bot.cases import intake
from tests.actions.form_driver import FormDriver
from tests.actions.helpers import tracker

REF = re.compile(r"(GH|RH)-[0-9A-Z]{4}-[0-9A-Z]{4}")


def wage_form(**slots) -> FormDriver:
    return FormDriver(intake.WAGE_ARREARS, cases.ValidateWageArrearsForm(), cases.AskWageArrearsConfirm(), slots=slots)


async def fill_wage_form(f: FormDriver) -> None:
    await f.say("东莞市长安镇鑫达五金厂")
    await f.say("东莞长安")
    await f.say("八千多")
    await f.say("三个月了")
    await f.say("十几个人")
    await f.say("/inform", "inform", {"choice": "left"})
    await f.say("有工资条和微信聊天记录，合同没签")
    await f.say("138 1234 5678")
    await f.say("王师傅")


async def submit(action, f: FormDriver) -> list[str]:
    d = CollectingDispatcher()
    events = await action.run(d, f.final_tracker(), {})
    f.reset_events = events
    return [m.get("text") or "" for m in d.messages]


@pytest.mark.asyncio
async def test_wage_arrears_happy_path_stores_exactly_what_was_confirmed(db_url):
    f = wage_form()
    await fill_wage_form(f)
    assert f.requested == "wa_confirm"
    summary = "\n".join(f.replies)
    assert "约8000元" in summary and "3个月" in summary and "10多人" in summary and "13812345678" in summary
    assert "工资条" in summary and "聊天记录" in summary and "劳动合同" not in summary
    await f.say("/affirm", "affirm")
    assert f.slots["wa_confirm"] is True and f.requested is None
    confirmed = intake.WAGE_ARREARS.record(f.slots)

    out = "\n".join(await submit(cases.ActionSubmitWageArrears(), f))
    ref = REF.search(out).group(0)
    with session_scope(db_url) as s:
        t = s.execute(select(Ticket).where(Ticket.reference == ref)).scalar_one()
        assert t.category == "wage_arrears" and t.case_type == "wage_arrears" and t.contact_phone == "13812345678"
        assert {k: t.fields[k] for k in confirmed} == confirmed
        assert t.contact_name == "王师傅"
        assert t.priority_reasons and t.priority in ("normal", "high")
    assert all(e["value"] is None for e in f.reset_events if e.get("event") == "slot")


@pytest.mark.asyncio
async def test_invalid_answers_are_reasked_with_a_clear_prompt(db_url):
    f = wage_form()
    await f.say("鑫达五金厂")
    await f.say("东莞长安")
    out = await f.say("不清楚啊")
    assert f.requested == "wa_amount" and any("金额" in r for r in out)
    await f.say("1.2万")
    assert f.slots["wa_amount"] == {"yuan": "12000", "approx": False}
    out = await f.say("很久了")
    assert f.requested == "wa_since" and out
    await f.say("去年十月到现在")
    assert f.slots["wa_since"]["since"].startswith("2025-10")


@pytest.mark.asyncio
async def test_a_field_is_corrected_from_the_summary(db_url):
    f = wage_form()
    await fill_wage_form(f)
    # typed correction with the new value in the same message
    out = await f.say("金额写错了，是9500", "inform")
    assert f.slots["wa_amount"]["yuan"] == "9500" and f.requested == "wa_confirm"
    assert any("9500" in r for r in out)
    # "要修改" shows the field menu; a field button clears it and the form asks it again
    await f.say("/deny", "deny")
    assert any(b["payload"] == '/inform{"field": "wa_phone"}' for b in f.last_buttons)
    await f.say('/inform{"field": "wa_phone"}', "inform", {"field": "wa_phone"})
    assert f.requested == "wa_phone" and f.slots["wa_phone"] is None
    await f.say("13900001111")
    assert f.requested == "wa_confirm" and f.slots["wa_phone"] == "13900001111"


@pytest.mark.asyncio
async def test_typed_correction_without_a_value_asks_that_field_again(db_url):
    f = wage_form()
    await fill_wage_form(f)
    await f.say("单位名字写错了")
    assert f.requested == "wa_employer" and f.slots["wa_employer"] is None


@pytest.mark.asyncio
async def test_a_question_mid_form_is_answered_and_the_field_asked_again(faq_db):
    f = wage_form()
    await f.say("鑫达五金厂")
    out = await f.say("讨薪要准备哪些证据？", "wage_arrears", confidence=0.9)
    assert any("工资条" in r and "接着填" in r for r in out)
    assert f.requested == "wa_city" and f.slots["wa_city"] is None


@pytest.mark.asyncio
async def test_stop_is_left_to_the_rules_and_action_stop_cancels_without_storing(db_url):
    f = wage_form()
    await f.say("鑫达五金厂")
    await f.say("不办了", "stop")
    assert f.rejected
    d = CollectingDispatcher()
    events = await ActionStop().run(d, tracker("不办了", "stop", slots=f.slots, active_loop="wage_arrears_form"), {})
    assert events[0] == {"event": "active_loop", "name": None, "timestamp": None}
    assert "没有提交" in d.messages[0]["text"]
    with session_scope(db_url) as s:
        assert s.execute(select(Ticket)).first() is None


@pytest.mark.asyncio
async def test_submit_without_confirmation_stores_nothing(db_url):
    f = wage_form()
    await fill_wage_form(f)
    out = await submit(cases.ActionSubmitWageArrears(), f)
    assert "没有提交" in out[0]
    with session_scope(db_url) as s:
        assert s.execute(select(Ticket)).first() is None


@pytest.mark.asyncio
async def test_legal_aid_application_goes_to_the_officers_queue_with_a_precheck(db_url):
    f = FormDriver(intake.LEGAL_AID, cases.ValidateLegalAidForm(), cases.AskLegalAidConfirm())
    await f.say('/inform{"choice": "wage"}', "inform", {"choice": "wage"})
    await f.say("在工地干了四个月，包工头欠我两万一直不给")
    await f.say("宏达建筑劳务公司")
    await f.say("郑州金水区")
    await f.say("申请仲裁了")
    assert f.requested == "la_stage_date"
    await f.say("2026年10月8日")
    await f.say("/deny", "deny")
    await f.say("/deny", "deny")  # not a member
    await f.say("不清楚")
    assert f.requested == "la_migrant"
    await f.say("/affirm", "affirm")
    await f.say("13512345678")
    assert f.requested == "la_confirm"
    await f.say("确认")
    out = "\n".join(await submit(cases.ActionSubmitLegalAid(), f))
    assert "很可能符合" in out and "第四十二条" in out and "身份证" in out and "受理通知书" in out
    ref = REF.search(out).group(0)
    with session_scope(db_url) as s:
        t = s.execute(select(Ticket).where(Ticket.reference == ref)).scalar_one()
        assert (t.queue, t.needs_human, t.category) == ("legal_aid", True, "legal_aid")
        assert t.fields["la_stage_date"] == "2026-10-08" and t.fields["eligibility"] == "likely"


@pytest.mark.asyncio
async def test_join_union_for_a_rider_skips_nothing_it_needs_and_returns_a_membership_reference(db_url):
    f = FormDriver(intake.JOIN_UNION, cases.ValidateJoinUnionForm(), cases.AskJoinUnionConfirm())
    await f.say("我叫李小红")
    await f.say("13698765432")
    await f.say("送外卖的")
    assert f.slots["ju_employment"] == "platform" and f.requested == "ju_employer"
    await f.say("美团")
    await f.say("外卖骑手")
    await f.say("杭州西湖区")
    await f.say("/affirm", "affirm")
    out = "\n".join(await submit(cases.ActionSubmitJoinUnion(), f))
    ref = REF.search(out).group(0)
    assert ref.startswith("RH-") and "0.5%" in out and "第四条" in out
    with session_scope(db_url) as s:
        a = s.execute(select(MembershipApplication).where(MembershipApplication.reference == ref)).scalar_one()
        assert (a.name, a.phone, a.employment_type, a.employer, a.city) == ("李小红", "13698765432", "platform", "美团", "杭州西湖区")


@pytest.mark.asyncio
async def test_flexible_worker_is_not_asked_for_an_employer(db_url):
    f = FormDriver(intake.JOIN_UNION, cases.ValidateJoinUnionForm(), cases.AskJoinUnionConfirm())
    await f.say("张伟")
    await f.say("13698765432")
    await f.say("/inform", "inform", {"choice": "flexible"})
    assert f.requested == "ju_industry"


@pytest.mark.asyncio
async def test_work_injury_reports_deadlines_counted_from_the_given_date(db_url):
    f = FormDriver(intake.WORK_INJURY, cases.ValidateWorkInjuryForm(), cases.AskWorkInjuryConfirm())
    out = await f.say("明年3月5号")
    assert f.requested == "wi_date" and out  # a future date is refused
    await f.say("2026年9月1日")
    await f.say("车间冲床旁边")
    await f.say("冲床压到左手两根手指骨折，在医院做了手术")
    await f.say("深圳宝安某电子厂")
    await f.say("/deny", "deny")
    await f.say("不清楚")
    await f.say("13711112222")
    await f.say("/affirm", "affirm")
    out = "\n".join(await submit(cases.ActionSubmitWorkInjury(), f))
    assert "第十七条" in out and "2026年10月1日" in out and "2027年9月1日" in out
    ref = REF.search(out).group(0)
    with session_scope(db_url) as s:
        t = s.execute(select(Ticket).where(Ticket.reference == ref)).scalar_one()
        assert t.fields["worker_deadline"] == "2027-09-01" and t.fields["wi_reported"] is False


async def test_a_button_for_something_else_mid_form_says_how_to_leave_the_form(db_url):
    f = wage_form()
    out = await f.say('/find_course', "find_course")
    assert "不办了" in out[0] and f.requested == "wa_employer" and not f.rejected


@pytest.mark.asyncio
@pytest.mark.parametrize("refusal", ["不行", "不可以", "这样不行吧", "先别提交"])
async def test_a_refusal_at_the_read_back_never_submits(db_url, refusal):
    f = wage_form()
    await fill_wage_form(f)
    assert f.requested == "wa_confirm"
    out = "\n".join(await f.say(refusal, "affirm"))  # even when the classifier reads it as a yes
    assert f.slots["wa_confirm"] is not True and "要改哪一项" in out  # the edit menu, with its cancel button
    out = await submit(cases.ActionSubmitWageArrears(), f)
    assert "没有提交" in out[0]
    with session_scope(db_url) as s:
        assert s.execute(select(Ticket)).first() is None


@pytest.mark.asyncio
async def test_cancel_typed_at_the_read_back_ends_the_form_unsubmitted(db_url):
    f = wage_form()
    await fill_wage_form(f)
    await f.say("算了 不提交了", "inform")
    assert f.requested is None and f.slots["wa_confirm"] is None
    out = await submit(cases.ActionSubmitWageArrears(), f)
    assert "没有提交" in out[0]
    with session_scope(db_url) as s:
        assert s.execute(select(Ticket)).first() is None


@pytest.mark.asyncio
async def test_an_unclear_reply_at_the_read_back_is_asked_again(db_url):
    f = wage_form()
    await fill_wage_form(f)
    out = "\n".join(await f.say("我再想想", "inform"))
    assert f.requested == "wa_confirm" and f.slots["wa_confirm"] is None and "还没有提交" in out


STORY = ("我在东莞长安镇鑫达五金厂干了两年，老板已经三个月没发工资了，欠我八千多块，我们车间十几个人都没拿到，"
         "我上个月辞职了，手上有工资条和微信聊天记录 咋办")


@pytest.mark.asyncio
async def test_a_form_started_after_a_story_asks_only_what_is_missing(db_url):
    f = wage_form(requested_slot=None)
    f.history.append({"event": "user", "text": STORY, "parse_data": {
        "intent": {"name": "wage_arrears"}, "entities": [{"entity": "city", "value": "东莞"}, {"entity": "city", "value": "长安镇"}]}})
    await f.say('/open_case{"case_type": "wage_arrears"}', "open_case")
    assert f.requested == "wa_phone"  # everything before it was in the story
    assert f.slots["wa_employer"] == "鑫达五金厂" and f.slots["wa_city"] == "东莞长安镇"
    assert f.slots["wa_amount"] == {"yuan": "8000", "approx": True} and f.slots["wa_since"]["months"] == 3
    assert f.slots["wa_workers"]["n"] == 10 and f.slots["wa_employed"] == "left"
    await f.say("13812345678")
    await f.say("不留", "deny")
    summary = "\n".join(f.replies)
    assert f.requested == "wa_confirm" and "鑫达五金厂" in summary and "约8000元" in summary and "3个月" in summary


@pytest.mark.asyncio
async def test_one_answer_with_several_facts_fills_them_all(db_url):
    f = wage_form()
    await f.say("鑫达五金厂")
    await f.say("东莞长安")
    await f.say("八千多 欠了三个月了 我们十几个人 人已经走了")
    assert f.slots["wa_amount"]["yuan"] == "8000" and f.slots["wa_since"]["months"] == 3
    assert f.slots["wa_workers"]["n"] == 10 and f.slots["wa_employed"] == "left"
    assert f.requested == "wa_evidence"


@pytest.mark.asyncio
async def test_hardship_application_is_filed_in_the_hardship_queue_with_programmes(db_url):
    f = FormDriver(intake.HARDSHIP, cases.ValidateHardshipAidForm(), cases.AskHardshipAidConfirm())
    await f.say("老婆得了尿毒症 天天透析")
    await f.say("一家四口")
    await f.say("没有收入")
    await f.say("/deny", "deny")
    await f.say("/affirm", "affirm")
    await f.say("湖南衡阳")
    await f.say("13912345678")
    await f.say("/deny", "deny")
    assert f.requested == "hd_confirm"
    summary = "\n".join(f.replies)
    assert "家人或本人患病" in summary and "4人" in summary and "13912345678" in summary
    await f.say("/affirm", "affirm")
    out = "\n".join(await submit(cases.ActionSubmitHardshipAid(), f))
    ref = REF.search(out).group(0)
    assert "医疗救助" in out and "最低生活保障" in out and "第二十八条" in out
    with session_scope(db_url) as s:
        t = s.execute(select(Ticket).where(Ticket.reference == ref)).scalar_one()
        assert (t.queue, t.category, t.priority) == ("hardship", "hardship_aid", "high")
        assert t.fields["hd_cause"] == "illness" and t.contact_phone == "13912345678"


@pytest.mark.asyncio
async def test_hardship_application_refused_at_the_read_back_stores_nothing(db_url):
    f = FormDriver(intake.HARDSHIP, cases.ValidateHardshipAidForm(), cases.AskHardshipAidConfirm())
    for text in ("孩子考上大学交不起学费", "三口人", "两千块", "不清楚", "是", "成都", "13912345678"):
        await f.say(text)
    await f.say("/deny", "deny")
    assert f.requested == "hd_confirm"
    await f.say("不对 不要提交", "deny")
    out = "\n".join(await submit(cases.ActionSubmitHardshipAid(), f))
    assert "没有提交" in out
    with session_scope(db_url) as s:
        assert s.execute(select(Ticket)).first() is None


def test_hardship_programmes_follow_the_cause():
    school = intake.hardship_programmes({"hd_cause": "schooling", "hd_dibao": True, "hd_member": True})
    assert any("金秋助学" in line for line in school) and not any("低保）" in line for line in school)
    jobless = intake.hardship_programmes({"hd_cause": "job_loss", "hd_dibao": False, "hd_member": False})
    assert any("第五十二条" in line for line in jobless) and any("不是工会会员" in line for line in jobless)
