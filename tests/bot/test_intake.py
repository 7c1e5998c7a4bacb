"""Case logic of the intake forms: priority, legal-aid pre-check, work-injury deadlines, readers."""
from datetime import date
from decimal import Decimal

import pytest

from bot.privacy.consent import agree
from bot.cases import intake

from bot.knowledge import calc_forms
from bot.cases import forms as f

TODAY = date(2026, 11, 21)


def wage_case(**over):
    values = {
        "wa_employer": "鑫达五金厂", "wa_city": "东莞", "wa_amount": {"yuan": "5000", "approx": False},
        "wa_since": {"months": 1, "since": None, "approx": False}, "wa_workers": {"n": 1, "approx": False},
        "wa_employed": "employed", "wa_evidence": ["payslips"], "wa_phone": "13800000000", "wa_name": "",
    }
    values.update(over)
    return values


def test_a_small_recent_single_case_is_low_priority():
    p = intake.wage_arrears_priority(wage_case())
    assert (p.level, p.score) == ("low", 0) and p.reasons == ("无加急因素",)


def test_many_workers_long_arrears_and_large_sums_add_up_with_reasons():
    p = intake.wage_arrears_priority(wage_case(
        wa_workers={"n": 40, "approx": True}, wa_since={"months": 7, "since": None, "approx": False},
        wa_amount={"yuan": "400000", "approx": False}, wa_employed="left"))
    assert p.level == "high" and p.score == 3 + 2 + 2 + 1
    assert any("40人以上" in r for r in p.reasons) and any("半年以上" in r for r in p.reasons)


def test_hardship_words_anywhere_in_the_conversation_raise_priority():
    p = intake.wage_arrears_priority(wage_case(), ["包工头跑路了 快过年了 回家路费都没有"])
    assert p.score == 2 + 1 and any("跑路" in r for r in p.reasons)


@pytest.mark.parametrize("values,verdict", [
    ({"la_dispute": "wage", "la_migrant": True, "la_hardship": False, "la_member": False}, "likely"),
    ({"la_dispute": "injury", "la_migrant": False, "la_hardship": True, "la_member": False}, "likely"),
    ({"la_dispute": "social_insurance", "la_hardship": f.UNKNOWN, "la_member": False}, "possible"),
    ({"la_dispute": "dismissal", "la_hardship": False, "la_member": True}, "possible"),
    ({"la_dispute": "contract", "la_hardship": False, "la_member": False}, "unlikely"),
    # confirming an employment relationship is listed in 《法律援助法》第三十一条第五项
    ({"la_dispute": "relationship", "la_hardship": True, "la_member": False}, "likely"),
])
def test_legal_aid_precheck(values, verdict):
    check = intake.legal_aid_eligibility(values)
    assert check.verdict == verdict
    assert check.documents[0] == "身份证"
    assert any("第三十一条" in line for line in check.explanation)


def test_migrant_worker_is_not_asked_to_prove_hardship():
    check = intake.legal_aid_eligibility({"la_dispute": "wage", "la_migrant": True, "la_hardship": False})
    assert not any("经济困难情况说明" in d for d in check.documents)
    assert any("第四十二条" in line for line in check.explanation)


def test_work_injury_deadlines_from_the_accident_date():
    d = intake.work_injury_deadlines(date(2026, 11, 10), reported=False, today=TODAY)
    assert (d.employer_deadline, d.worker_deadline) == (date(2026, 12, 10), date(2027, 11, 10))
    assert not d.high_priority and "第十七条" in d.lines[0]
    late = intake.work_injury_deadlines(date(2026, 9, 1), reported=False, today=TODAY)
    assert late.high_priority and any("单位的30天已经过了" in line for line in late.lines)
    expired = intake.work_injury_deadlines(date(2025, 6, 1), reported=f.UNKNOWN, today=TODAY)
    assert expired.high_priority and any("超过1年" in line for line in expired.lines)
    leap = intake.work_injury_deadlines(date(2028, 2, 29), reported=True, today=date(2028, 3, 1))
    assert leap.worker_deadline == date(2029, 2, 28)


def test_fields_apply_conditionally():
    spec = intake.LEGAL_AID
    base = {"la_dispute": "dismissal", "la_description": "x", "la_employer": "y", "la_city": "z", "la_stage": "none",
            spec.consent_slot: agree(spec.name)}
    assert spec.next_slot(base) == "la_member"  # no dates when nothing has started; no migrant question
    assert spec.next_slot({**base, "la_stage": "arbitration"}) == "la_stage_date"
    filled = {**base, "la_member": True, "la_hardship": False, "la_phone": "13800000000"}
    assert spec.next_slot(filled) == "la_confirm" and "la_migrant" not in spec.record(filled)
    assert spec.next_slot({**filled, "la_confirm": True}) is None


def test_corrections_find_the_named_field():
    spec = intake.WAGE_ARREARS
    values = wage_case()
    assert spec.correction_target("电话号码写错了", values).slot == "wa_phone"
    assert spec.correction_target("欠的钱数不对 是九千", values).slot == "wa_amount"
    assert spec.correction_target("好的", values) is None


def answer(text, **kw):
    return f.Answer(text=text, today=TODAY, **kw)


@pytest.mark.parametrize("reader,text,value", [
    (f.read_amount, "八千多", {"yuan": "8000", "approx": True}),
    (f.read_amount, "1.2万", {"yuan": "12000", "approx": False}),
    (f.read_count, "就我一个", {"n": 1, "approx": False}),
    (f.read_phone, "186-2345-7890", "18623457890"),
    (f.read_evidence, "啥都没有", []),
    (f.read_optional_name, "不想说", ""),
    (f.read_date(what="日期"), "昨天", "2026-11-20"),
])
def test_readers_accept_how_workers_answer(reader, text, value):
    assert reader(answer(text), {}) == value


@pytest.mark.parametrize("reader,text", [
    (f.read_amount, "不知道"),
    (f.read_amount, "0"),
    (f.read_phone, "12345"),
    (f.read_date(what="日期"), "2027年1月1日"),  # in the future
    (f.read_since, "很久了"),
])
def test_readers_refuse_with_a_chinese_message(reader, text):
    with pytest.raises(f.Invalid) as exc:
        reader(answer(text), {})
    assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.value.message)


def test_compensation_end_before_start_is_refused():
    with pytest.raises(f.Invalid):
        calc_forms.COMPENSATION.field("cp_end").read(answer("2020年1月1日"), {"cp_start": "2021-01-01"})


def test_calculator_forms_feed_the_calculators():
    r = calc_forms.compute("overtime_form", {"ot_wage": "4350", "ot_weekday": "20", "ot_restday": "0",
                                             "ot_holiday": "8"}, today=TODAY)
    # hourly 4350 / 21.75 / 8 = 25: 20 x 37.5 + 8 x 75 = 750 + 600
    assert r.amount == 1350
    lim = calc_forms.compute("limitation_form", {"lm_kind": "wage", "lm_employed": "left", "lm_ended": "2026-03-01"},
                             today=TODAY)
    assert lim.deadline == date(2027, 3, 1) and not lim.expired
    dw = calc_forms.compute("double_wage_form", {"dw_start": "2026-05-01", "dw_signed": "none", "dw_end": "employed",
                                                 "dw_wage": "5000"}, today=TODAY)
    assert dw.amount > 0


def test_typed_words_win_over_the_classifiers_affirm_or_deny():
    # the classifier calls "不清楚" deny: it must still read as "don't know", not as "no"
    reported = f.read_yes_no("单位报了吗？", allow_unknown=True)
    assert reported(answer("不清楚", intent="deny"), {}) == f.UNKNOWN
    assert reported(answer("/deny", intent="deny"), {}) is False
    assert reported(answer("对头", intent="affirm"), {}) is True
    with pytest.raises(f.Invalid):
        f.read_evidence(answer("不知道", intent="deny"), {})
    assert f.read_evidence(answer("没有", intent="deny"), {}) == []


@pytest.mark.parametrize("text, reason", [
    ("还在看病就被辞退了", "unlawful"),
    ("病假期间公司把我开了", "unlawful"),
    ("医疗期满了回去干不了原来的活被解除", "illness_incompetence"),
    ("老板拖欠工资，我被逼辞职", "employer_fault"),
    ("个人原因主动辞职的", "resign"),
])
def test_compensation_reason_is_read_from_the_workers_words(text, reason):
    assert calc_forms.COMPENSATION.field("cp_reason").read(answer(text), {}) == reason


@pytest.mark.parametrize("text, asked", [
    ("生病了被辞退", "医疗期"),  # within the medical period is unlawful, after it may not be: asked, not guessed
    ("我辞职了", "自己想走"),  # a forced resignation is not 主动辞职: asked, not guessed
])
def test_compensation_reason_asks_instead_of_guessing(text, asked):
    with pytest.raises(f.Invalid) as exc:
        calc_forms.COMPENSATION.field("cp_reason").read(answer(text), {})
    assert asked in exc.value.message


@pytest.mark.parametrize("text, kind", [
    ("没签合同的二倍工资", "double_wage"),
    ("双倍工资", "double_wage"),
    ("年假工资没给", "annual_leave"),
    ("欠的工资", "wage"),
    ("被辞退的赔偿", "other"),
])
def test_limitation_kind_keeps_double_wages_and_leave_pay_apart_from_wages(text, kind):
    assert calc_forms.LIMITATION.field("lm_kind").read(answer(text), {}) == kind


def test_compensation_asks_the_last_months_wage_only_without_notice():
    spec = calc_forms.COMPENSATION
    base = {"cp_reason": "illness_incompetence", "cp_notice": False, "cp_start": "2023-01-01",
            "cp_end": "2025-12-31", "cp_wage": "6000"}
    assert spec.next_slot(base) == "cp_last_wage"
    assert spec.next_slot({**base, "cp_notice": True}) != "cp_last_wage"
    r = calc_forms.compute("compensation_form", {**base, "cp_last_wage": "6500", "cp_avg": None}, today=TODAY)
    assert r.amount == Decimal("24500.00")


def test_confirming_an_employment_relationship_is_read_and_in_scope():
    field = intake.LEGAL_AID.field("la_dispute")
    assert field.read(answer("公司不承认我是他们的员工，想确认劳动关系"), {}) == "relationship"
    check = intake.legal_aid_eligibility({"la_dispute": "relationship", "la_hardship": False})
    assert "属于《法律援助法》第三十一条" in check.explanation[0]
