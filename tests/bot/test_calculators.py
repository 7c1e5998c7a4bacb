"""Labour-law calculators: every expected figure is worked out by hand in the comment beside it."""
from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal

import pytest

from bot.common import clock
from bot.knowledge.calculators import (
    REASONS,
    CalcError,
    CalcResult,
    LimitationResult,
    double_wages,
    economic_compensation,
    limitation,
    overtime_pay,
)

TODAY = date(2026, 11, 21)


def comp(wage, start, end, reason="mutual", **kw):
    return economic_compensation(wage, start, end, reason=reason, today=TODAY, **kw)


def joined(result: CalcResult) -> str:
    return "\n".join(result.lines + result.notes)


# ---------------------------------------------------------------- overtime pay


def test_overtime_all_three_rates():
    # hourly = 5220 ÷ 21.75 ÷ 8 = 240 ÷ 8 = 30
    # 30 × 1.5 × 10 = 450; 30 × 2 × 8 = 480; 30 × 3 × 8 = 720; total 1650
    r = overtime_pay(5220, weekday_hours=10, restday_hours=8, holiday_hours=8)
    assert r.amount == Decimal("1650.00")
    assert r.lines[0] == "小时工资 = 月工资 5220元 ÷ 21.75天 ÷ 8小时 ≈ 30.00元"
    assert "工作日延长工作时间：小时工资 × 150% × 10小时 = 450.00元" in r.lines
    assert "休息日加班（没有补休）：小时工资 × 200% × 8小时 = 480.00元" in r.lines
    assert "法定节假日加班：小时工资 × 300% × 8小时 = 720.00元" in r.lines
    assert r.lines[-1].startswith("加班费合计：1650.00元")


def test_overtime_weekday_only_is_rounded_once():
    # 5000 × 1.5 × 10 ÷ 174 = 75000 ÷ 174 = 431.0344… → 431.03
    r = overtime_pay(5000, weekday_hours=10)
    assert r.amount == Decimal("431.03")
    assert not any("休息日加班" in line for line in r.lines)


def test_overtime_rounds_half_up():
    # 34800.58 × 1.5 × 1 ÷ 174 = 52200.87 ÷ 174 = 300.005 exactly → 300.01 (half-even would give 300.00)
    assert overtime_pay("34800.58", weekday_hours=1).amount == Decimal("300.01")


def test_overtime_total_is_rounded_from_the_exact_sum():
    # 5001 × 1.5 ÷ 174 = 43.1120… (43.11); 5001 × 2 ÷ 174 = 57.4827… (57.48); 5001 × 3 ÷ 174 = 86.2241… (86.22)
    # the rounded parts add up to 186.81, but 5001 × 6.5 ÷ 174 = 186.8189… → 186.82
    r = overtime_pay(5001, weekday_hours=1, restday_hours=1, holiday_hours=1)
    assert r.amount == Decimal("186.82")
    assert any("差几分钱" in n for n in r.notes)


def test_overtime_no_rounding_note_when_parts_add_up():
    # 30 × 1.5 × 10 = 450 and 30 × 2 × 8 = 480 are exact
    r = overtime_pay(5220, weekday_hours=10, restday_hours=8)
    assert r.amount == Decimal("930.00")
    assert not any("差几分钱" in n for n in r.notes)


def test_overtime_fractional_hours():
    # 30 × 1.5 × 2.5 = 112.5
    assert overtime_pay(5220, weekday_hours=2.5).amount == Decimal("112.50")


def test_overtime_holiday_only():
    # 30 × 3 × 8 = 720
    assert overtime_pay(5220, holiday_hours=8).amount == Decimal("720.00")


@pytest.mark.parametrize("wage", [5220, 5220.0, "5220", Decimal("5220"), "５２２０", " 5,220 "])
def test_overtime_accepts_numbers_in_any_form(wage):
    # 30 × 1.5 × 10 = 450
    assert overtime_pay(wage, weekday_hours="10").amount == Decimal("450.00")


def test_overtime_basis_and_text():
    r = overtime_pay(5220, weekday_hours=1)
    assert r.basis[0] == "《劳动法》第四十四条"
    assert "劳社部发〔2008〕3号" in r.basis[1]
    text = r.text()
    assert text.splitlines()[0] == r.lines[0]
    assert "依据：《劳动法》第四十四条；" in text
    assert "最低工资" in text and "12351" in text


def test_overtime_744_hours_is_the_most_in_a_month():
    # 30 × 1.5 × 744 = 33480
    assert overtime_pay(5220, weekday_hours=744).amount == Decimal("33480.00")


@pytest.mark.parametrize("wage, message", [
    (0, "月工资要大于0"),
    (-3000, "月工资要大于0"),
    ("0.00", "月工资要大于0"),
    (1000001, "月工资超过每月100万元，请再核对一下"),
    ("五千", "月工资请只写数字，比如 5000"),
    ("nan", "月工资请只写数字，比如 5000"),
    (None, "请填写月工资，只写数字就行"),
    (True, "请填写月工资，只写数字就行"),
])
def test_overtime_rejects_bad_wages(wage, message):
    with pytest.raises(CalcError) as e:
        overtime_pay(wage, weekday_hours=1)
    assert e.value.message == message
    assert isinstance(e.value, ValueError)


@pytest.mark.parametrize("hours", [
    {"weekday_hours": -1},
    {"restday_hours": "-0.5"},
    {"holiday_hours": 745},
    {"weekday_hours": 400, "restday_hours": 400},  # 800 in all
    {},  # no hours at all
])
def test_overtime_rejects_bad_hours(hours):
    with pytest.raises(CalcError):
        overtime_pay(5220, **hours)


# ---------------------------------------------------------------- economic compensation


def test_comp_exactly_one_year():
    # first day 2025-03-01, last day 2026-02-28: 1 year 0 months → 1 month × 6000
    r = comp(6000, date(2025, 3, 1), date(2026, 2, 28))
    assert r.amount == Decimal("6000.00")
    assert "工作了1年0个月（2025年3月1日到2026年2月28日）" in r.lines


def test_comp_counts_the_last_day_worked():
    # the legal review's case: 2023-01-01 to 2023-06-30 is six months, one month's pay, not half
    r = comp(6000, date(2023, 1, 1), date(2023, 6, 30))
    assert r.amount == Decimal("6000.00")
    assert "工作了0年6个月（2023年1月1日到2023年6月30日）" in r.lines


def test_comp_exactly_six_months_remainder_counts_as_a_year():
    # 2020-01-01 to 2023-06-30 (last day): 3 years 6 months → 3 + 1 = 4 months × 6000 = 24000
    r = comp(6000, date(2020, 1, 1), date(2023, 6, 30))
    assert r.amount == Decimal("24000.00")
    assert any(line.startswith("工作了3年6个月（") for line in r.lines)
    assert any("满6个月按1年算" in line for line in r.lines)


def test_comp_five_months_29_days_is_half_a_month():
    # 2020-01-01 to 2023-06-29 (last day): 3 years 5 months 29 days → 3.5 months × 6000 = 21000
    r = comp(6000, date(2020, 1, 1), date(2023, 6, 29))
    assert r.amount == Decimal("21000.00")
    assert any(line.startswith("工作了3年5个月29天") for line in r.lines)
    assert "满3年算3个月工资，剩下5个月29天不满6个月，算半个月，共3.5个月工资" in r.lines


def test_comp_three_months_remainder_is_half_a_month():
    # 2020-01-01 to 2023-03-31: 3 years 3 months → 3.5 months
    r = comp(6000, date(2020, 1, 1), date(2023, 3, 31))
    assert r.amount == Decimal("21000.00")


def test_comp_under_six_months_in_all_is_half_a_month():
    # 2026-01-01 to 2026-04-15: 3 months 15 days → 0.5 × 6000 = 3000
    r = comp(6000, date(2026, 1, 1), date(2026, 4, 15))
    assert r.amount == Decimal("3000.00")
    assert "工作了0年3个月15天（2026年1月1日到2026年4月15日）" in r.lines


def test_comp_exactly_six_months_in_all_is_one_month():
    # 2026-01-01 to 2026-06-30: 6 months → 1 × 6000
    assert comp(6000, date(2026, 1, 1), date(2026, 6, 30)).amount == Decimal("6000.00")


def test_comp_one_year_and_one_day_adds_half_a_month():
    # 2025-03-01 to 2026-03-01: 1 year 1 day; the day is "不满六个月" → 1.5 × 6000 = 9000
    assert comp(6000, date(2025, 3, 1), date(2026, 3, 1)).amount == Decimal("9000.00")


def test_comp_one_day_job_is_half_a_month():
    # start = end: under six months → 0.5 × 6000 = 3000
    assert comp(6000, date(2026, 5, 1), date(2026, 5, 1)).amount == Decimal("3000.00")


def test_comp_month_end_counts_as_a_whole_month():
    # 2024-01-31 to 2024-02-28: February has no 31st, so the month completes the day before its last day
    r = comp(6000, date(2024, 1, 31), date(2024, 2, 28))
    assert any(line.startswith("工作了0年1个月（") for line in r.lines)


def test_comp_cap_three_times_average_and_twelve_years():
    # 3 × 8000 = 24000 < 30000 → base 24000; 2011-01-01 to 2025-12-31 = 15 years → only 12
    # 24000 × 12 = 288000
    r = comp(30000, date(2011, 1, 1), date(2025, 12, 31), local_avg_wage=8000)
    assert r.amount == Decimal("288000.00")
    assert any("按24000元算，最多算12年" in line for line in r.lines)
    assert "超过12年，只算12个月" in r.lines
    assert "经济补偿：24000元 × 12个月 = 288000.00元" in r.lines


def test_comp_cap_on_wage_only_when_under_twelve_years():
    # base 24000; 2020-01-01 to 2025-12-31 = 6 years → 24000 × 6 = 144000
    assert comp(30000, date(2020, 1, 1), date(2025, 12, 31), local_avg_wage=8000).amount == Decimal("144000.00")


def test_comp_cap_counts_half_years_before_capping():
    # 2013-06-01 to 2025-12-31 = 12 years 7 months → 13 → capped at 12; 24000 × 12 = 288000
    assert comp(30000, date(2013, 6, 1), date(2025, 12, 31), local_avg_wage=8000).amount == Decimal("288000.00")


def test_comp_no_cap_when_wage_within_three_times_average():
    # 3 × 12000 = 36000 ≥ 30000 → no cap; 15 years × 30000 = 450000
    r = comp(30000, date(2011, 1, 1), date(2025, 12, 31), local_avg_wage=12000)
    assert r.amount == Decimal("450000.00")
    assert any("不封顶" in line for line in r.lines)


def test_comp_cap_hint_when_local_average_unknown():
    r = comp(12000, date(2020, 1, 1), date(2025, 12, 31))
    # 12000 × 6 = 72000, no cap applied without the local figure
    assert r.amount == Decimal("72000.00")
    assert any("3倍" in n and "12年" in n for n in r.notes)
    low = comp(11999, date(2020, 1, 1), date(2025, 12, 31))
    assert not any("12年" in n for n in low.notes)


def test_comp_unlawful_is_twice():
    # 2020-03-01 to 2026-02-28 = 6 years → N = 6 × 6000 = 36000; 2N = 72000
    r = comp(6000, date(2020, 3, 1), date(2026, 2, 28), reason="unlawful")
    assert r.amount == Decimal("72000.00")
    assert "违法解除的赔偿金是它的2倍：36000.00元 × 2 = 72000.00元" in r.lines
    assert "《劳动合同法》第八十七条" in r.basis
    assert "《劳动合同法实施条例》第二十五条" in r.basis


def test_comp_unlawful_has_no_notice_month():
    # notice_given is irrelevant for unlawful termination: still 2 × 36000
    r = comp(6000, date(2020, 3, 1), date(2026, 2, 28), reason="unlawful", notice_given=False)
    assert r.amount == Decimal("72000.00")


def test_comp_unlawful_with_cap():
    # 24000 × 12 = 288000; × 2 = 576000
    r = comp(30000, date(2011, 1, 1), date(2025, 12, 31), reason="unlawful", local_avg_wage=8000)
    assert r.amount == Decimal("576000.00")


def test_comp_unlawful_counts_years_before_2008():
    # 赔偿金 counts from the first day (实施条例第二十五条): 2005-01-01 to 2025-12-31 = 21 years
    # 6000 × 21 × 2 = 252000
    r = comp(6000, date(2005, 1, 1), date(2025, 12, 31), reason="unlawful")
    assert r.amount == Decimal("252000.00")


def test_comp_illness_without_notice_is_n_plus_one():
    # 2023-01-01 to 2025-12-31 = 3 years → 3 × 6000 = 18000; + 6000 for no notice = 24000
    # the extra month is the previous month's wage (实施条例第二十条), not the 12-month average
    r = comp(6000, date(2023, 1, 1), date(2025, 12, 31), reason="illness_incompetence", notice_given=False,
             last_month_wage=6500)
    assert r.amount == Decimal("24500.00")
    assert "合计：18000.00元 + 6500元 = 24500.00元" in r.lines
    assert "《劳动合同法》第四十条" in r.basis
    assert "《劳动合同法实施条例》第二十条" in r.basis


def test_comp_illness_with_notice_is_n():
    r = comp(6000, date(2023, 1, 1), date(2025, 12, 31), reason="illness_incompetence", notice_given=True)
    assert r.amount == Decimal("18000.00")  # 3 × 6000
    assert not any("30天" in n for n in r.notes)


def test_comp_illness_notice_unknown_mentions_the_extra_month():
    r = comp(6000, date(2023, 1, 1), date(2025, 12, 31), reason="illness_incompetence")
    assert r.amount == Decimal("18000.00")  # 3 × 6000
    assert any("30天" in n and "1个月工资" in n for n in r.notes)


def test_comp_illness_extra_month_is_not_capped():
    # 24000 × 12 = 288000, plus the full 30000 month = 318000
    r = comp(30000, date(2011, 1, 1), date(2025, 12, 31), reason="illness_incompetence",
             notice_given=False, last_month_wage=30000, local_avg_wage=8000)
    assert r.amount == Decimal("318000.00")


def test_comp_illness_without_notice_asks_for_the_last_months_wage():
    with pytest.raises(CalcError) as e:
        comp(6000, date(2023, 1, 1), date(2025, 12, 31), reason="illness_incompetence", notice_given=False)
    assert "离职前上一个月的工资" in e.value.message


@pytest.mark.parametrize("reason", ["resign", "misconduct", "contract_expiry_refused_renewal"])
def test_comp_nothing_due(reason):
    r = comp(6000, date(2020, 1, 1), date(2025, 12, 31), reason=reason)
    assert r.amount == Decimal("0.00")
    assert any(line.startswith("工作了6年0个月") for line in r.lines)
    assert any("0元" in line for line in r.lines)
    assert r.notes  # says when there could be compensation after all


def test_comp_resign_points_to_article_38():
    r = comp(6000, date(2020, 1, 1), date(2025, 12, 31), reason="resign")
    assert "《劳动合同法》第三十七条" in r.basis
    assert any("第三十八条" in n for n in r.notes)


@pytest.mark.parametrize("reason, article", [
    ("mutual", "《劳动合同法》第三十六条"),
    ("employer_fault", "《劳动合同法》第三十八条"),
    ("layoff", "《劳动合同法》第四十一条"),
    ("contract_expiry", "《劳动合同法》第四十四条第一项"),
    ("closure", "《劳动合同法》第四十四条第四项、第五项"),
])
def test_comp_reasons_that_give_n(reason, article):
    # 2023-01-01 to 2025-12-31 = 3 years → 3 × 6000 = 18000
    r = comp(6000, date(2023, 1, 1), date(2025, 12, 31), reason=reason)
    assert r.amount == Decimal("18000.00")
    assert article in r.basis
    assert "《劳动合同法》第四十七条" in r.basis
    assert r.lines[0] == f"离职原因：{REASONS[reason]}"


def test_comp_contract_expiry_with_half_year():
    # 2019-07-01 to 2025-12-31 = 6 years 6 months → 7 × 6000 = 42000
    assert comp(6000, date(2019, 7, 1), date(2025, 12, 31), reason="contract_expiry").amount == Decimal("42000.00")


def test_comp_contract_expiry_counts_from_2008():
    # 2005-01-01 to 2025-12-31, but expiry compensation counts from 2008-01-01: 18 years × 6000 = 108000
    r = comp(6000, date(2005, 1, 1), date(2025, 12, 31), reason="contract_expiry")
    assert r.amount == Decimal("108000.00")
    assert "《劳动合同法》第九十七条第三款" in r.basis
    assert any("2008年1月1日起算" in line for line in r.lines)


def test_comp_contract_expiry_entirely_before_2008_gives_nothing():
    # 2003-01-01 to 2007-12-31: no service after the law came into force → 0
    r = economic_compensation(6000, date(2003, 1, 1), date(2007, 12, 31), reason="contract_expiry", today=TODAY)
    assert r.amount == Decimal("0.00")


def test_comp_other_reasons_before_2008_give_the_part_after_2007_and_no_total():
    # 第九十七条第三款: years before 2008 follow the rules of that time, which differ; the
    # calculator shows 2008-01-01 to 2025-12-31 (18 years × 6000 = 108000) and no headline figure
    r = comp(6000, date(2005, 1, 1), date(2025, 12, 31), reason="layoff")
    assert r.amount is None
    assert "2008年以后这部分的经济补偿：6000元 × 18个月 = 108000.00元" in r.lines
    assert any("2008年以前的3年0个月按当时的规定另算" in line for line in r.lines)
    assert "《劳动合同法》第九十七条第三款" in r.basis
    assert any("不给总数" in line for line in r.lines)


@pytest.mark.parametrize("start, end", [
    ("2023-01-01", "2025-12-31"),
    ("2023年1月1日", "2025/12/31"),
    (datetime(2023, 1, 1, 9, 30), datetime(2025, 12, 31, 18, 0)),
])
def test_comp_accepts_dates_as_typed(start, end):
    assert comp("6000", start, end).amount == Decimal("18000.00")  # 3 × 6000


def test_comp_rejects_unknown_reason():
    with pytest.raises(CalcError) as e:
        comp(6000, date(2023, 1, 1), date(2026, 1, 1), reason="fired")
    assert REASONS["resign"] in e.value.message


def test_comp_rejects_end_before_start():
    with pytest.raises(CalcError) as e:
        comp(6000, date(2023, 1, 1), date(2022, 12, 31))
    assert e.value.message == "结束日期不能早于入职日期"


@pytest.mark.parametrize("start, end", [
    (date(2023, 1, 1), date(2026, 11, 22)),
    (date(2026, 12, 1), date(2026, 12, 2)),
])
def test_comp_rejects_future_dates(start, end):
    with pytest.raises(CalcError) as e:
        comp(6000, start, end)
    assert "这个日期还没到，请再核对一下" in e.value.message


@pytest.mark.parametrize("kwargs, message", [
    ({"wage": 6000, "start": None, "end": date(2026, 1, 1)}, "请告诉我入职日期"),
    ({"wage": 6000, "start": date(2023, 1, 1), "end": None}, "请告诉我离职日期"),
    ({"wage": 0, "start": date(2023, 1, 1), "end": date(2026, 1, 1)}, "月工资要大于0"),
    ({"wage": 6000, "start": "去年三月", "end": date(2026, 1, 1)}, "入职日期的格式不对，请按“2024年3月1日”这样写"),
])
def test_comp_rejects_missing_or_bad_input(kwargs, message):
    with pytest.raises(CalcError) as e:
        comp(kwargs["wage"], kwargs["start"], kwargs["end"])
    assert e.value.message == message


def test_comp_rejects_bad_local_average():
    with pytest.raises(CalcError):
        comp(6000, date(2023, 1, 1), date(2026, 1, 1), local_avg_wage=-1)


def test_comp_today_defaults_to_the_clocks_date():
    end = clock.today()
    start = end.replace(year=end.year - 3) if (end.month, end.day) != (2, 29) else date(end.year - 3, 2, 28)
    # exactly 3 years (or 3 years and a day on 29 February) → at least 3 × 6000
    r = economic_compensation(6000, start, end, reason="mutual")
    assert r.amount >= Decimal("18000.00")


# ---------------------------------------------------------------- double wages


def dw(wage, start, **kw):
    kw.setdefault("signed", None)
    return double_wages(wage, start, today=TODAY, **kw)


def test_double_wages_three_months_without_contract():
    # counted from 2026-02-01 to the day before 2026-05-01: 3 whole months → 5000 × 3 = 15000
    r = dw(5000, date(2026, 1, 1), signed=date(2026, 5, 1))
    assert r.amount == Decimal("15000.00")
    assert "另外多付的一倍工资：5000元 × 3个月 = 15000.00元" in r.lines
    assert "《劳动合同法》第八十二条第一款" in r.basis
    assert "《劳动合同法实施条例》第六条" in r.basis


def test_double_wages_capped_at_eleven_months():
    # signed after 14 months; counting stops one year after 2025-01-01: 2025-02-01 → 2026-01-01 = 11 months
    # 5000 × 11 = 55000
    r = dw(5000, date(2025, 1, 1), signed=date(2026, 3, 1))
    assert r.amount == Decimal("55000.00")
    assert "《劳动合同法实施条例》第七条" in r.basis
    assert "《劳动合同法》第十四条第三款" in r.basis
    assert any("无固定期限" in n for n in r.notes)


def test_double_wages_signed_within_first_month():
    r = dw(5000, date(2026, 1, 1), signed=date(2026, 1, 20))
    assert r.amount == Decimal("0.00")


def test_double_wages_signed_on_the_first_day_of_the_second_month():
    # counting would start on 2026-02-01 and stop the day before 2026-02-01: nothing
    assert dw(5000, date(2026, 1, 1), signed=date(2026, 2, 1)).amount == Decimal("0.00")


def test_double_wages_one_day_late():
    # 2026-02-01 only: 5000 ÷ 30 × 1 = 166.666… → 166.67
    assert dw(5000, date(2026, 1, 1), signed=date(2026, 2, 2)).amount == Decimal("166.67")


def test_double_wages_signed_before_starting():
    assert dw(5000, date(2026, 3, 1), signed=date(2026, 2, 25)).amount == Decimal("0.00")


def test_double_wages_partial_month():
    # from 2026-02-15 to the day before 2026-04-25: 2 months (to 04-15) + 10 days
    # 5000 × 2 + 5000 ÷ 30 × 10 = 10000 + 1666.666… = 11666.67
    r = dw(5000, date(2026, 1, 15), signed=date(2026, 4, 25))
    assert r.amount == Decimal("11666.67")
    assert "一共2个月10天，约合2.33个月" in r.lines
    assert "另外多付的一倍工资：5000元 × 2个月 + 5000元 ÷ 30 × 10天 = 11666.67元" in r.lines


def test_double_wages_still_working_counts_to_today():
    # from 2026-07-01 to 2026-11-21 included: 4 months (to 11-01) + 21 days
    # 5000 × 4 + 5000 ÷ 30 × 21 = 20000 + 3500 = 23500
    r = dw(5000, date(2026, 6, 1))
    assert r.amount == Decimal("23500.00")
    assert any("今天（2026年11月21日）" in line for line in r.lines)


def test_double_wages_left_without_contract():
    # from 2026-02-01 to the last day worked, 2026-05-15, included: 3 months + 15 days
    # → 15000 + 5000 ÷ 30 × 15 = 17500
    r = dw(5000, date(2026, 1, 1), end=date(2026, 5, 15))
    assert r.amount == Decimal("17500.00")


def test_double_wages_left_before_signing_later():
    # the earlier of leaving (last day 2026-02-28) and signing (2026-04-01): 2026-02-01 to 02-28 = 1 month
    assert dw(5000, date(2026, 1, 1), signed=date(2026, 4, 1), end=date(2026, 2, 28)).amount == Decimal("5000.00")


def test_double_wages_count_the_last_day_worked():
    # last day 2026-03-01: February and one day of March → 5000 + 5000 ÷ 30 = 5166.67
    assert dw(5000, date(2026, 1, 1), end=date(2026, 3, 1)).amount == Decimal("5166.67")


def test_double_wages_still_unsigned_after_a_year():
    # 2024-05-01 start, never signed: 2024-06-01 → 2025-05-01 = 11 months × 5000 = 55000
    r = dw(5000, date(2024, 5, 1))
    assert r.amount == Decimal("55000.00")
    assert any("最多算11个月" in line for line in r.lines)


def test_double_wages_still_in_first_month():
    r = dw(5000, date(2026, 11, 1))
    assert r.amount == Decimal("0.00")
    assert any("不满一个月" in line for line in r.lines)


def test_double_wages_decimal_wage():
    # 4321.5 × 3 = 12964.5
    assert dw("4321.50", date(2026, 1, 1), signed=date(2026, 5, 1)).amount == Decimal("12964.50")


@pytest.mark.parametrize("kwargs, message", [
    ({"signed": date(2026, 12, 1)}, "这个日期还没到，请再核对一下"),
    ({"end": date(2025, 12, 31)}, "结束日期不能早于入职日期"),
    ({"end": date(2026, 11, 22)}, "这个日期还没到，请再核对一下"),
])
def test_double_wages_rejects_bad_dates(kwargs, message):
    with pytest.raises(CalcError) as e:
        dw(5000, date(2026, 1, 1), **kwargs)
    assert message in e.value.message


def test_double_wages_rejects_missing_start_and_bad_wage():
    with pytest.raises(CalcError) as e:
        dw(5000, None)
    assert e.value.message == "请告诉我入职日期"
    with pytest.raises(CalcError) as e:
        dw(0, date(2026, 1, 1))
    assert e.value.message == "月工资要大于0"
    with pytest.raises(CalcError):
        dw(5000, date(2027, 1, 1))  # start in the future


# ---------------------------------------------------------------- limitation period


def lim(**kw):
    kw.setdefault("knew", None)
    kw.setdefault("employed", False)
    return limitation(today=TODAY, **kw)


def test_limitation_expired():
    # knew 2025-06-01 → last day 2026-06-01, before 2026-11-21
    r = lim(knew=date(2025, 6, 1))
    assert isinstance(r, LimitationResult)
    assert (r.deadline, r.expired, r.running, r.amount) == (date(2026, 6, 1), True, True, None)
    assert r.basis == ("《劳动争议调解仲裁法》第二十七条第一款",)
    assert any("第二款" in n and "重新算" in n for n in r.notes)


def test_limitation_still_open():
    # knew 2026-01-10 → 2027-01-10; from 2026-11-21: 9 + 31 + 10 = 50 days left
    r = lim(knew=date(2026, 1, 10), employed=True)
    assert (r.deadline, r.expired, r.running) == (date(2027, 1, 10), False, True)
    assert "还剩50天，请尽早申请仲裁。" in r.lines


def test_limitation_last_day_is_today():
    r = lim(knew=date(2025, 11, 21))
    assert (r.deadline, r.expired) == (date(2026, 11, 21), False)
    assert any("今天就是最后一天" in line for line in r.lines)


def test_limitation_one_day_late():
    r = lim(knew=date(2025, 11, 20))
    assert (r.deadline, r.expired) == (date(2026, 11, 20), True)


def test_limitation_leap_day():
    # no 29 February in 2025: the year ends on 28 February (民法典第二百零二条)
    assert lim(knew=date(2024, 2, 29)).deadline == date(2025, 2, 28)


def test_limitation_wage_arrears_while_employed_is_not_running():
    r = lim(claim="wage", employed=True)
    assert (r.deadline, r.expired, r.running, r.amount) == (None, False, False, None)
    assert r.basis == ("《劳动争议调解仲裁法》第二十七条第四款",)
    assert any("离职之日起一年内" in line for line in r.lines)


@pytest.mark.parametrize("claim", ["double_wage", "annual_leave"])
def test_limitation_double_wage_and_annual_leave_run_while_employed(claim):
    # not pay for work done: the one year runs even while the worker is still employed, and the
    # worker is never told "不计时效" (劳动争议调解仲裁法第二十七条第一款)
    r = lim(claim=claim, employed=True, knew=date(2025, 10, 1))
    assert (r.deadline, r.expired, r.running) == (date(2026, 10, 1), True, True)
    assert r.basis == ("《劳动争议调解仲裁法》第二十七条第一款",)
    assert not any("不计时效" in line for line in r.lines)
    assert any("在职期间一年时效也在走" in n for n in r.notes)


def test_limitation_rejects_an_unknown_claim():
    with pytest.raises(CalcError):
        lim(claim="工资", knew=date(2026, 1, 1))


def test_limitation_wage_arrears_after_leaving():
    # ended 2026-03-01 → 2027-03-01, whatever day the worker first knew
    r = lim(claim="wage", employed=False, ended=date(2026, 3, 1), knew=date(2025, 1, 1))
    assert (r.deadline, r.expired, r.running) == (date(2027, 3, 1), False, True)


def test_limitation_wage_arrears_after_leaving_expired():
    # ended 2025-10-01 → 2026-10-01, before 2026-11-21
    r = lim(claim="wage", ended=date(2025, 10, 1))
    assert (r.deadline, r.expired) == (date(2026, 10, 1), True)


@pytest.mark.parametrize("kwargs, message", [
    ({"claim": "wage", "employed": False}, "请告诉我离职日期"),
    ({}, "请告诉我您知道权利被侵害的日期"),
    ({"knew": date(2026, 11, 22)}, "这个日期还没到，请再核对一下"),
    ({"claim": "wage", "ended": date(2027, 1, 1)}, "这个日期还没到，请再核对一下"),
    ({"employed": True, "ended": date(2026, 1, 1), "knew": date(2026, 1, 1)}, "不用填离职日期"),
])
def test_limitation_rejects_bad_input(kwargs, message):
    with pytest.raises(CalcError) as e:
        lim(**kwargs)
    assert message in e.value.message


def test_limitation_text():
    text = lim(knew=date(2026, 1, 10)).text()
    assert "申请仲裁的最后一天：2027年1月10日" in text
    assert "依据：《劳动争议调解仲裁法》第二十七条第一款" in text
    assert "12351" in text


# ---------------------------------------------------------------- the result objects


def test_results_are_frozen():
    r = overtime_pay(5220, weekday_hours=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.amount = Decimal("1")  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        lim(knew=date(2026, 1, 10)).expired = True  # type: ignore[misc]


def test_text_layout():
    r = CalcResult(Decimal("1.00"), ("第一步", "第二步"), ("《甲法》第一条", "《乙法》第二条"), ("注意一",))
    assert r.text() == "第一步\n第二步\n依据：《甲法》第一条；《乙法》第二条\n提醒：\n· 注意一"
    assert CalcResult(None, ("只有一行",), (), ()).text() == "只有一行"


def test_reasons_are_the_documented_keys():
    assert set(REASONS) == {
        "mutual", "employer_fault", "illness_incompetence", "layoff", "contract_expiry",
        "contract_expiry_refused_renewal", "closure", "unlawful", "resign", "misconduct",
    }
    assert all(REASONS.values())


def test_every_amount_has_two_decimals():
    results = [
        overtime_pay(5000, weekday_hours=3),
        comp(6000.5, date(2023, 1, 1), date(2026, 1, 1)),
        dw(5000, date(2026, 1, 1), signed=date(2026, 1, 5)),
    ]
    assert all(r.amount.as_tuple().exponent == -2 for r in results)
