"""Issue 3 as a new worker would try it: each intake form, a course enrolment, a status lookup,
the calculators and an urgent case, in Chinese through the REST channel, checked in the DB."""

import pytest
from sqlalchemy import select

from bot.db.models import Enrolment, MembershipApplication, Ticket
from bot.db.session import session_scope
from tests.e2e.talk import REF, payloads, sender, texts

pytestmark = pytest.mark.e2e





def test_wage_arrears_case_from_an_answer_to_a_ticket(say, stack):
    s = sender()
    answer = say(s, "老板拖了我四个月工资 咋整")
    assert '/open_case{"case_type": "wage_arrears"}' in payloads(answer)
    assert "哪个单位" in texts(say(s, '/open_case{"case_type": "wage_arrears"}'))
    say(s, "佛山顺德的美佳家具厂")
    say(s, "佛山顺德")
    # how long wages are owed was in the first message: not asked again
    assert "多少人" in texts(say(s, "一万二左右"))
    say(s, "我们车间二十多个人")
    say(s, "还在厂里干")
    reply = texts(say(s, "只有考勤打卡记录"))
    assert "手机号" in reply
    assert "号码好像不对" in texts(say(s, "123"))
    say(s, "13800138000")
    summary = texts(say(s, "不留"))
    assert "请核对" in summary and "约12000元" in summary and "20多人" in summary and "4个月" in summary
    done = texts(say(s, "/affirm"))
    ref = REF.search(done).group(0)
    with session_scope(stack["db_url"]) as db:
        t = db.execute(select(Ticket).where(Ticket.reference == ref)).scalar_one()
    assert t.category == "wage_arrears" and t.fields["wa_workers"] == {"n": 20, "approx": True}
    assert t.fields["wa_evidence"] == ["attendance"] and t.contact_phone == "13800138000"
    # 20+ workers (+2) and four months (+1): reasons are written on the ticket for staff
    assert any("20人以上" in r for r in t.priority_reasons) and any("3个月以上" in r for r in t.priority_reasons)
    assert t.priority == "normal"


def test_status_lookup_with_reference_and_last_four_digits(say, stack):
    s = sender()
    say(s, "我要留言")
    say(s, "在昆山电子厂上班 加班费一直没给 想请工会帮忙问问")
    say(s, "13912345678")
    ref = REF.search(texts(say(s, "/affirm"))).group(0)

    other = sender()
    assert "编号" in texts(say(other, "帮我查一下我的工单"))
    say(other, ref)
    found = texts(say(other, "5678"))
    assert "排队" in found and "最近更新" in found
    # a wrong combination answers exactly like a reference that does not exist
    say(other, "查进度")
    say(other, ref)
    wrong = texts(say(other, "1111"))
    assert "没有查到" in wrong and ref not in wrong


def test_repeated_failed_lookups_are_slowed_down(say, stack):
    s = sender()
    from bot.common.references import new_reference

    for _ in range(3):
        say(s, "查进度")
        say(s, new_reference())
        assert "没有查到" in texts(say(s, "0000"))
    say(s, "查进度")
    say(s, new_reference())
    assert "分钟后再试" in texts(say(s, "0000"))


def test_overtime_calculator_from_the_answer(say):
    s = sender()
    answer = say(s, "加班费到底咋算的")
    assert '/start_calculator{"calc": "overtime"}' in payloads(answer)
    assert "月的工资" in texts(say(s, '/start_calculator{"calc": "overtime"}'))
    say(s, "4350")
    say(s, "20小时")
    say(s, "16")
    out = texts(say(s, "没有"))
    # 4350 / 21.75 / 8 = 25 yuan an hour: 20 h x 37.5 + 16 h x 50 = 750 + 800 = 1550
    assert "1550" in out and "第四十四条" in out


def test_compensation_calculator(say):
    s = sender()
    say(s, '/start_calculator{"calc": "compensation"}')
    say(s, '/inform{"choice": "unlawful"}')
    say(s, "2022年3月1日")
    say(s, "2025年9月1日")
    out = texts(say(s, "6000"))
    # 3 years 6 months -> 3.5 -> 4 months' wages = 24000; unlawful: x2 = 48000
    assert "48000" in out and "第八十七条" in out


def test_join_union_application(say, stack):
    s = sender()
    say(s, '/open_case{"case_type": "join_union"}')
    say(s, "刘建国")
    say(s, "13566667777")
    say(s, "跑滴滴的")
    say(s, "滴滴出行")
    say(s, "网约车司机")
    summary = texts(say(s, "成都武侯区"))
    assert "平台从业" in summary
    ref = REF.search(texts(say(s, "确认提交"))).group(0)
    with session_scope(stack["db_url"]) as db:
        a = db.execute(select(MembershipApplication).where(MembershipApplication.reference == ref)).scalar_one()
    assert (a.name, a.employment_type, a.employer) == ("刘建国", "platform", "滴滴出行")


def test_course_search_and_enrolment_then_duplicate(say, stack):
    s = sender()
    found = say(s, "深圳有电工培训班吗")
    enrol = [p for p in payloads(found) if p.startswith("/enrol_course")]
    assert enrol and "电工" in texts(found)
    details = texts(say(s, enrol[0]))
    assert "名额" in details and "姓名" in details
    say(s, "陈小明")
    say(s, "13622223333")
    ref = REF.search(texts(say(s, "/affirm"))).group(0)
    assert ref.startswith("PX-")
    with session_scope(stack["db_url"]) as db:
        assert db.execute(select(Enrolment).where(Enrolment.reference == ref)).scalar_one().phone == "13622223333"
    say(s, enrol[0])
    say(s, "陈小明")
    say(s, "13622223333")
    assert "已经报过" in texts(say(s, "/affirm"))


def test_full_course_offers_the_waiting_list_honestly(say):
    out = texts(say(sender(), '/enrol_course{"course_id": "gz-diangong-fushen-2612"}'))
    assert "报满" in out and "候补" in out


def test_urgent_message_mid_form_gets_numbers_and_an_urgent_ticket(say, stack):
    s = sender()
    say(s, '/open_case{"case_type": "wage_arrears"}')
    say(s, "长沙的一个工地")
    out = texts(say(s, "欠了一年的钱 我真不想活了"))
    assert "12351" in out and "120" in out
    ref = REF.search(out).group(0)
    with session_scope(stack["db_url"]) as db:
        t = db.execute(select(Ticket).where(Ticket.reference == ref)).scalar_one()
    assert t.priority == "urgent" and t.needs_human and t.fields["form_values"]["wa_employer"] == "长沙的一个工地"
    # the form is closed: the next message is answered normally
    assert "哪个城市" not in texts(say(s, "你好"))


def test_ordinary_words_are_not_urgent(say, stack):
    s = sender()
    for text in ("天天加班累死了 加班费怎么算", "气死我了 老板又扣我工资", "我不会想不开的 就想把钱要回来"):
        assert "110" not in texts(say(s, text))
    with session_scope(stack["db_url"]) as db:
        assert db.execute(select(Ticket).where(Ticket.sender_id == s)).first() is None


def test_legal_aid_application_with_a_question_mid_form(say, stack):
    s = sender()
    answer = say(s, "请不起律师 能申请法律援助吗")
    assert '/open_case{"case_type": "legal_aid"}' in payloads(answer)
    say(s, '/open_case{"case_type": "legal_aid"}')
    say(s, "工伤")
    say(s, "在工地摔断了腿，老板不认工伤，也不给医药费")
    mid = texts(say(s, "法律援助要不要交钱？"))
    assert "接着填" in mid and "单位叫什么" in mid  # answered, then the same question again
    say(s, "南京宏远建设")
    say(s, "南京江宁")
    say(s, "还没有")
    say(s, "不是")
    say(s, "/affirm")  # hardship
    say(s, "是的")  # migrant worker
    summary = texts(say(s, "13712345678"))
    assert "工伤" in summary and "南京江宁" in summary
    done = texts(say(s, "确认"))
    assert "很可能符合" in done and "工伤认定书" in done
    ref = REF.search(done).group(0)
    with session_scope(stack["db_url"]) as db:
        t = db.execute(select(Ticket).where(Ticket.reference == ref)).scalar_one()
    assert (t.queue, t.needs_human, t.fields["la_dispute"]) == ("legal_aid", True, "injury")


def test_work_injury_form_corrected_then_cancelled_stores_nothing(say, stack):
    s = sender()
    say(s, '/open_case{"case_type": "work_injury"}')
    say(s, "上个月10号")
    say(s, "厂里仓库")
    say(s, "搬货时货架倒了砸到腰，现在还在住院")
    say(s, "苏州某物流公司")
    say(s, "没报")
    say(s, "不清楚")
    summary = texts(say(s, "13800001234"))
    assert "请核对" in summary and "10月10日" in summary
    fixed = texts(say(s, "电话写错了 是13800004321"))
    assert "13800004321" in fixed
    assert "没有提交" in texts(say(s, "算了不办了"))
    with session_scope(stack["db_url"]) as db:
        assert db.execute(select(Ticket).where(Ticket.sender_id == s)).first() is None


def test_double_wage_and_limitation_calculators(say):
    s = sender()
    say(s, '/start_calculator{"calc": "double_wage"}')
    say(s, "2026年1月1日")
    say(s, "一直没签")
    say(s, "还在")
    out = texts(say(s, "5000"))
    assert "第八十二条" in out and "元" in out
    say(s, '/start_calculator{"calc": "limitation"}')
    say(s, "欠的工资")
    say(s, "已经走了")
    out = texts(say(s, "2026年3月1日"))
    assert "2027年3月1日" in out and "第二十七条" in out


def test_answers_the_classifier_is_unsure_about_still_fill_the_form(say):
    # "就我一个" falls below the NLU threshold (nlu_fallback); the active form still reads it
    s = sender()
    say(s, '/open_case{"case_type": "wage_arrears"}')
    say(s, "惠州仲恺的一个电子厂")
    say(s, "惠州")
    say(s, "三千五")
    say(s, "两个多月")
    assert "还在这家单位干吗" in texts(say(s, "就我一个"))
    assert "材料" in texts(say(s, "已经走了"))
    assert "材料" in texts(say(s, "不知道"))  # not an answer to "which documents": asked again
    assert "手机号" in texts(say(s, "啥都没有"))


def test_hardship_application_in_the_chat(say, stack):
    s = sender()
    answer = say(s, "想申请困难职工帮扶 要怎么申请")
    assert '/open_case{"case_type": "hardship_aid"}' in payloads(answer)
    say(s, '/open_case{"case_type": "hardship_aid"}')
    say(s, "老公出了车祸 瘫在床上")
    say(s, "一家三口")
    say(s, "一个月就一千多")
    say(s, "/deny")
    say(s, "/affirm")
    say(s, "郑州金水区")
    say(s, "13566667788")
    summary = texts(say(s, "/deny"))
    assert "困难帮扶申请" in summary and "13566667788" in summary
    out = texts(say(s, "确认提交"))
    ref = REF.search(out).group(0)
    assert "临时救助" in out and "最低生活保障" in out
    with session_scope(stack["db_url"]) as db:
        t = db.execute(select(Ticket).where(Ticket.reference == ref)).scalar_one()
    assert (t.queue, t.category, t.contact_phone) == ("hardship", "hardship_aid", "13566667788")
