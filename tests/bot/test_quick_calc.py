"""Calculations inside the answer: the inputs read from one question, the figure computed."""
from datetime import date
from decimal import Decimal

import pytest

from bot.knowledge import calculators as calc
from bot.knowledge import quick_calc

TODAY = date(2026, 11, 20)


def detect(text):
    return quick_calc.detect(text, today=TODAY)


@pytest.mark.parametrize("text, amount", [
    # 5200 / 174 × 200% × 8 = 478.16 (劳动法第四十四条)
    ("月薪5200，周六加了8小时班，加班费多少", "478.16"),
    # rest day 8 h at 200% and weekday 10 h at 150%: 5200 / 174 × 31 = 926.44
    ("月薪5200，周六加了8小时班，平时加了10小时，加班费多少", "926.44"),
    # three statutory holidays of 8 hours at 300%: 6960 / 174 × 3 × 24 = 2880
    ("一个月6960 国庆3天都在上班，每天8小时，加班费咋算", "2880.00"),
    ("工资1.2w 周末加班16个小时 加班工资多少", "2206.90"),
    # whole rest days told without hours: 8700 / 174 × 200% × 24 = 2400
    ("工资一个月8700 叫我三个星期天都来加班 加班费给多少", "2400.00"),
    # one statutory holiday, a daily wage: 280 / 8 × 300% × 8 = 840
    ("元旦那天上了一天班 日工资280 加班费该给多少", "840.00"),
    # three holidays at a daily wage of 300: 300 × 300% × 3 = 2700
    ("一天工资300 国庆3天都在上班 加班费怎么算", "2700.00"),
])
def test_overtime_from_the_question(text, amount):
    found = detect(text)
    assert found.calc == "overtime" and found.result.amount == Decimal(amount)


def test_overtime_without_the_wage_asks_only_for_it():
    found = detect("平时加班20个小时 加班费怎么算")
    assert found.result is None and found.missing == ("月工资",) and found.form == "overtime_form"
    assert found.prefill == {"ot_weekday": "20", "ot_restday": "0", "ot_holiday": "0"}


def test_severance_months_without_wage_or_reason_give_n_and_2n():
    found = detect("干了两年零五个月被辞退，能赔几个月")
    text = found.result.text()
    assert "共2.5个月工资" in text and "5 个月工资（2N" in text and found.result.amount is None


def test_unlawful_dismissal_with_wage_and_service():
    # 3 years 6 months → 4 months; 2N = 8 × 6000 = 48000
    assert detect("工资6000一个月 干了3年半 被无故辞退 能赔多少").result.amount == Decimal("48000.00")


def test_the_cap_uses_the_local_average_the_worker_gave():
    # 3 × 10000 = 30000 a month, at most 12 years: 360000
    found = detect("我月工资4万元，当地上年度职工月平均工资是1万元，在公司工作了15年，公司裁员，经济补偿一共多少")
    assert found.result.amount == Decimal("360000.00")


def test_illness_without_notice_is_n_plus_one_month():
    found = detect("在公司做了整整4年，医疗期满后干不了原来的活，公司决定解除合同，没提前通知，我月工资5500，能拿多少")
    assert found.result.amount == Decimal("27500.00")  # 4 × 5500 + 5500


def test_double_wages_between_the_start_and_the_signing_day():
    # 2026-04-01 to 2026-08-31: 5 months × 4000
    found = detect("我3月1号入职，一直没签劳动合同，直到9月1号才补签，工资每月4000，二倍工资能多要多少")
    assert found.result.amount == Decimal("20000.00")


def test_double_wages_stop_at_eleven_months():
    found = detect("干了一年半了老板一直不签合同，工资一个月5000，没签合同的双倍工资最多能要多少")
    assert found.result.amount == Decimal("55000.00")


def test_double_wages_up_to_the_last_day_worked():
    # started 2025-05-10, left 2025-11-30, never signed: from 2025-06-10 to 2025-11-30,
    # 5 whole months and 21 days at 5000 / 30 a day: 25000 + 3500
    found = detect("我是2025年5月10号进的公司，月薪5000，老板一直拖着不签合同，2025年11月30号离职了，没签合同能要多少钱")
    assert found.calc == "double_wage" and found.result.amount == Decimal("28500.00")


@pytest.mark.parametrize("text, amount", [
    ("工伤鉴定九级 月工资4500 能拿多少钱", "40500.00"),
    ("俺是七级工伤，一个月三千八，能赔几个月", "49400.00"),
    ("伤残评了五级 本人工资按5000算 一次性伤残补助金多少", "90000.00"),
])
def test_disability_grant_by_grade(text, amount):
    assert detect(text).result.amount == Decimal(amount)


def test_untaken_annual_leave_pay():
    # daily 6525 / 21.75 = 300; 300% includes the day's normal pay: 200% × 3 days more = 1800
    found = detect("我今年还有3天年假没休 公司不让休 月工资6525 这3天年假要给我多少钱")
    assert found.result.amount == Decimal("1800.00")
    assert any("2700.00元" in line for line in found.result.lines)


def test_retirement_age_after_the_2025_reform():
    found = detect("我是1970年5月出生的男职工 听说延迟退休了 我哪年退休")
    text = found.result.text()
    assert "61岁5个月" in text and "2031年10月" in text and "16年" in text


def test_retirement_for_a_woman_of_unknown_kind_gives_both():
    text = detect("我是女的 1976年3月出生 啥时候退休").result.text()
    assert "50岁" in text and "55岁" in text


def test_questions_without_inputs_are_left_to_the_faq():
    assert detect("老板欠我工资三个月怎么办") is None
    assert detect("加班费没给 怎么办") is None


@pytest.mark.parametrize("birth, kind, age", [
    (date(1964, 12, 1), "male", "60岁"),  # before the reform's first cohort
    (date(1965, 1, 1), "male", "60岁1个月"),
    (date(1965, 4, 1), "male", "60岁1个月"),
    (date(1965, 5, 1), "male", "60岁2个月"),
    (date(1990, 1, 1), "male", "63岁"),  # at most 36 months
    (date(1975, 1, 1), "female_50", "50岁1个月"),
    (date(1975, 3, 1), "female_50", "50岁2个月"),
    (date(1970, 1, 1), "female_55", "55岁1个月"),
])
def test_retirement_age_table(birth, kind, age):
    assert any(age in line and ("法定退休年龄是" in line or "仍是" in line) for line in calc.retirement_age(birth, kind).lines)


@pytest.mark.parametrize("year, years", [(2029, "15年"), (2030, "15年6个月"), (2032, "16年6个月"), (2039, "20年"), (2045, "20年")])
def test_minimum_contribution_years(year, years):
    assert calc.min_contribution_years(year) == years


@pytest.mark.parametrize("text, kind, amount", [
    # 工资支付暂行规定第十六条: at most 20% of the month's wage for damage the worker caused
    ("俺一个月工资5000块，不小心把设备弄坏了，厂里要从工资里扣钱赔，一个月最多能扣多少", "deduction", "1000.00"),
    # ... and what is left may not fall below the local minimum wage
    ("月工资3000，当地最低工资2500，摔坏了餐具老板要从工资里扣赔偿，最多扣多少", "deduction", "500.00"),
    ("入了工会每月会费交多少 我一个月工资6000", "dues", "30.00"),  # 0.5%
    ("公司全部职工工资总额每月80万元 要向工会拨缴多少经费", "union_funds", "16000.00"),  # 工会法第四十三条: 2%
    ("签了竞业协议没写补偿 离职前平均工资10000 每月能要多少补偿", "non_compete", "3000.00"),  # 30%
    ("竟业协议里没写补尝 我走了以后守了五个月没去同行 月平均工资7000 能要多少", "non_compete", "10500.00"),  # 2100 × 5
    ("丈夫因工死亡 本人工资6000元 我是配偶 每月抚恤金多少", "death", "2400.00"),  # 工伤保险条例第三十九条: 40%
    ("工亡了 统筹地区上年度职工月平均工资9000元 丧葬补助金多少", "death", "54000.00"),  # 6 months
    ("工伤死亡 上一年度全国城镇居民人均可支配收入51821元 一次性工亡补助金多少", "death", "1036420.00"),  # 20×
    ("单位欠缴社保费一共2万元 拖了90天 滞纳金多少", "late_fee", "900.00"),  # 社会保险法第八十六条: 0.05% a day
    ("月最低工资标准2490元 仲裁裁决这种是不是终局", "final_award", "29880.00"),  # 调解仲裁法第四十七条: 12×
    ("公司出了培训费9000元，约定服务期2年，我干了18个月辞职，违约金最多多少", "service_period", "2250.00"),
    ("公司出了2万块培训费 签了4年服务期 干满1年想走 公司要我赔2万违约金 对吗", "service_period", "15000.00"),
    ("家里三口人 每月收入加起来1500元 低保标准每人每月900元 低保能领多少", "dibao", "1200.00"),  # 第十二条
    ("签了两年的合同 试用期四个月 试用期满月工资6000 约长了能要多少赔偿", "probation", "12000.00"),  # 第八十三条
    ("上一年度月平均工资8000 单位每月至少要交多少公积金", "housing_fund", "400.00"),  # 条例第十八条: 5%
    # 5220 / 21.75 = 240 a day; 4 days × 240 × 200% on top of the normal wage = 1920
    ("月薪5220 今年还有4天年假没休 领导说不批也不给钱 应该怎么补", "annual_leave", "1920.00"),
])
def test_one_formula_rules_give_the_figure(text, kind, amount):
    found = detect(text)
    assert found.calc == kind and found.result.amount == Decimal(amount)
    assert found.result.basis


def test_maternity_leave_days_add_up():
    # 女职工劳动保护特别规定第七条: 98 + 15 for a difficult birth + 15 per extra baby
    assert "一共128天" in detect("双胞胎 难产 产假一共能休多少天").result.text()
    assert "一共98天" in detect("产假一共多少天").result.text()


def test_minimum_contribution_years_for_a_retirement_year():
    assert "16年6个月" in detect("我2032年退休 养老保险最少要交满多少年").result.text()


def test_a_stated_total_of_hours_wins_over_the_parts():
    # 4350 / 174 × 150% × 10 = 375, not the 2 hours a day added to the 10
    found = detect("月薪4350 平时每天下班多干两个小时 一共加了10个小时 加班费多少")
    assert found.result.amount == Decimal("375.00")
