"""The law applied to the worker's situation: every rule fires for its case and stays silent for the
case next to it; the one question asked; the figures; the checks on the rules file."""
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from bot.cases.profile import Profile
from bot.knowledge import applied

TODAY = date(2026, 12, 7)
MAN_58 = dict(sex="male", birth=date(1968, 6, 1))  # 11 months' delay: retires at 60 years 11 months, May 2029
MAN_PAST = dict(sex="male", birth=date(1962, 1, 1))  # retired at 60 in January 2022


def run(profile: Profile, text: str = "", asked=frozenset()) -> applied.Applied:
    return applied.apply(profile, text, TODAY, frozenset(asked))


def found(result: applied.Applied, rule: str) -> applied.Finding | None:
    return next((f for f in result.findings if f.rule == rule), None)


def everything(finding: applied.Finding) -> str:
    return "\n".join((finding.conclusion, *finding.steps, *finding.figure))


# rule, profile, latest message, asked, words the conclusion holds, a citation it rests on
FIRES = [
    ("domestic_who_hired", Profile(relationship="domestic_unclear"), "俺在人家里当保姆 被辞了", (),
     ("分清是谁雇的",), None),
    ("intern_still_enrolled", Profile(relationship="intern_unclear"), "实习的时候手被机器夹了", (),
     ("还在学校读书", "毕业"), None),
    ("death_at_work", Profile(family_death=True, death_at_work=True), "俺男人在工地上出事没了", (),
     ("因工死亡", "一次性工亡补助金"), "《工伤保险条例》第三十九条"),
    ("death_not_at_work", Profile(family_death=True, death_at_work=False), "老公生病走了 社保能领啥", (),
     ("丧葬补助金", "继承"), "《社会保险法》第十七条"),
    ("household_injured", Profile(relationship="household", injured_at_work=True), "在雇主家擦窗户摔了", (),
     ("不能认定工伤", "过错"), "《民法典》第一千一百九十二条"),
    ("household_unpaid", Profile(relationship="household", owed_months=2), "雇主两个月没给工钱", (),
     ("不能申请劳动仲裁",), "《最高法劳动争议解释（一）》第二条"),
    ("household_not_labour", Profile(relationship="household", dismissed=True), "雇主说明天不用来了", (),
     ("不算劳动关系", "没有法定的经济补偿"), "《劳动法》第二条"),
    ("household_agency_employee", Profile(relationship="household_agency"), "家政公司派我去做月嫂", (),
     ("劳动关系", "劳动仲裁"), "《劳动合同法》第二条"),
    ("domestic_both_ways", Profile(relationship="domestic_unclear"), "我是保姆", ("relationship",),
     ("两种情况",), "《最高法劳动争议解释（一）》第二条"),
    ("insurance_not_a_cap", Profile(relationship="intern", student=True, injured_at_work=True),
     "厂里说让学校买的保险赔 保险公司说最多赔两万", (), ("不是您能要的赔偿的上限", "学校"), "《民法典》第一千一百六十五条"),
    ("insurance_instead_of_work_injury", Profile(relationship="employee", injured_at_work=True),
     "公司只给买了意外险 说让保险公司赔", (), ("代替不了工伤保险",), "《工伤保险条例》第六十二条"),
    ("intern_injured", Profile(relationship="intern", student=True, injured_at_work=True), "实习手被冲床压了", (),
     ("不能认定工伤", "实习责任保险"), "《民法典》第一千一百六十五条"),
    ("intern_not_employee", Profile(relationship="intern", student=True), "实习一个月才给八百", (),
     ("不算劳动关系",), "《职业学校学生实习管理规定》第十八条"),
    ("intern_either_way", Profile(relationship="intern_unclear"), "实习的", ("student",),
     ("两种情况",), "《关于贯彻执行《劳动法》若干问题的意见》第十二条"),
    ("intern_graduated", Profile(relationship="intern_unclear", student=False), "毕业了还在实习单位干", (),
     ("普通职工",), "《劳动合同法》第二条"),
    ("pregnant_pushed_to_resign", Profile(sex="female", pregnancy="pregnant", pushed_to_resign=True),
     "主管天天让我自己写辞职信", (), ("怀孕期间", "别签"), "《劳动合同法》第四十二条"),
    ("pregnant_dismissed", Profile(sex="female", pregnancy="pregnant", dismissed=True, dismissal_reason="incompetent"),
     "公司说我不胜任把我辞了", (), ("怀孕期间", "不合法"), "《女职工劳动保护特别规定》第五条"),
    ("pregnant_contract_expiry", Profile(sex="female", pregnancy="breastfeeding", dismissed=True,
                                         dismissal_reason="contract_end"),
     "合同到期不续了", (), ("哺乳期结束", "违法终止"), "《劳动合同法》第四十五条"),
    ("pregnant_probation_dismissed", Profile(sex="female", pregnancy="pregnant", probation=True, dismissed=True,
                                             dismissal_reason="probation"),
     "试用期说我不符合录用条件", (), ("录用条件", "怀孕本身不能当理由"), "《劳动合同法》第三十九条"),
    ("pregnant_misconduct", Profile(sex="female", pregnancy="pregnant", dismissed=True, dismissal_reason="misconduct"),
     "说我旷工开除我", (), ("讲证据", "规章制度"), "《劳动合同法》第三十九条"),
    ("pregnant_pay_cut", Profile(sex="female", pregnancy="pregnant"), "怀孕后公司给我降工资了", (),
     ("降低您的工资",), "《妇女权益保障法》第四十八条"),
    ("pregnant_thinking_of_resigning", Profile(sex="female", pregnancy="pregnant"), "怀孕了太累想辞职 辞职信咋写", (),
     ("先别急着辞职", "生育津贴"), "《劳动合同法》第四十二条"),
    ("miscarriage_leave", Profile(sex="female", pregnancy="miscarriage"), "小产了能休几天", (),
     ("15天", "42天"), "《女职工劳动保护特别规定》第七条"),
    ("maternity_leave_and_allowance", Profile(sex="female", pregnancy="pregnant"), "产假能休多少天", (),
     ("98天", "生育津贴"), "《社会保险法》第五十六条"),
    ("pregnant_contract_extends", Profile(sex="female", pregnancy="pregnant", contract_end=date(2027, 2, 1)),
     "", (), ("2027年2月1日", "顺延"), "《劳动合同法》第四十五条"),
    ("nursing_hour", Profile(sex="female", pregnancy="breastfeeding"), "喂奶期间还让我上夜班", (),
     ("1小时哺乳时间", "夜班"), "《女职工劳动保护特别规定》第九条"),
    ("prenatal_checkups", Profile(sex="female", pregnancy="pregnant"), "去产检公司扣我钱", (),
     ("产检的时间算上班时间",), "《女职工劳动保护特别规定》第六条"),
    ("older_worker_dismissed", Profile(**MAN_58, service_years=16, dismissed=True, dismissal_reason="restructure"),
     "厂里裁员把我裁了", (), ("16年", "不到5年"), "《劳动合同法》第四十二条"),
    ("older_worker_contract_expiry", Profile(**MAN_58, service_years=20, dismissed=True, dismissal_reason="contract_end"),
     "合同到期厂里不续了", (), ("20年", "顺延到您退休"), "《劳动合同法》第四十五条"),
    ("ten_years_open_ended", Profile(service_years=12.5, dismissed=True, dismissal_reason="contract_end", wage=Decimal(5000)),
     "合同到期单位不续了", (), ("12年6个月", "无固定期限", "2倍"), "《劳动合同法》第十四条"),
    ("graded_injury_pushed_out", Profile(injured_at_work=True, disability_grade=9, pushed_to_resign=True, wage=Decimal(6000)),
     "要是离职能拿多少", (), ("9级伤残", "9个月", "伤残就业补助金"), "《工伤保险条例》第三十七条"),
    ("not_yet_retirement_age", Profile(sex="female", post="worker", birth=date(1976, 8, 1), dismissed=True,
                                       dismissal_reason="contract_end"), "说我50了到退休年龄了 合同到期就终止", (),
     ("50岁10个月", "2027年6月", "还没到"), "《劳动合同法实施条例》第二十一条"),
    ("older_worker_protected", Profile(**MAN_58, service_years=18), "厂里要跟我重新签合同", (),
     ("连续干满15年",), "《劳动合同法》第四十二条"),
    ("pregnant_protected", Profile(sex="female", pregnancy="breastfeeding"), "公司说要调整岗位 不行就走人", (),
     ("孕期、产期或哺乳期",), "《劳动合同法》第四十二条"),
    ("pension_drawer_works", Profile(pension=True, dismissed=True), "退休后返聘被辞了 有补偿吗", (),
     ("各地认定不同", "2025年9月起已废止"), "《最高法劳动争议解释（二）》第二十一条"),
    ("pension_drawer_injured", Profile(relationship="retired_rehire", injured_at_work=True), "返聘看大门摔伤了", (),
     ("一般不走工伤",), "《关于执行《工伤保险条例》若干问题的意见（二）》第二条"),
    ("over_age_injured", Profile(**MAN_PAST, pension=False, injured_at_work=True), "六十多了在厂里砸伤了脚", (),
     ("工伤保险责任",), "《关于执行《工伤保险条例》若干问题的意见（二）》第二条"),
    ("past_retirement_job_ends", Profile(**MAN_PAST, dismissed=True), "厂里说我年纪到了让我走", (),
     ("劳动合同这时依法终止",), "《劳动合同法实施条例》第二十一条"),
    ("contribution_years_short", Profile(sex="male", birth=date(1970, 5, 1)), "社保交够多少年才能领", (),
     ("2031年10月", "16年"), "《社会保险法》第十六条"),
    ("retirement_date", Profile(sex="female", post="staff", birth=date(1975, 6, 1)), "我啥时候能退休", (),
     ("56岁5个月", "2031年11月", "16年"), "《渐进式延迟法定退休年龄的办法》第一条"),
    ("retirement_date_by_group", Profile(birth=date(1977, 11, 1)), "我到底哪年哪月能退", (),
     ("男职工还是女职工", "几种情况"),
     "《渐进式延迟法定退休年龄的办法》第一条"),
    ("platform_injured", Profile(relationship="platform", injured_at_work=True), "送外卖路上被车撞了", (),
     ("职业伤害保障",), "《关于扩大新就业形态人员职业伤害保障试点的通知》"),
    ("platform_rules_and_penalties", Profile(relationship="platform"), "平台无故封号还罚款", (),
     ("公示",), "《关于维护新就业形态劳动者劳动保障权益的指导意见》"),
    ("platform_relationship", Profile(relationship="platform"), "跑美团算不算正式员工", (),
     ("管您管得多严",), "《关于维护新就业形态劳动者劳动保障权益的指导意见》"),
    ("dispatched_injured", Profile(relationship="dispatched", injured_at_work=True, injury_date=date(2026, 11, 2)),
     "派遣到厂里被机器轧了手", (), ("派遣公司", "一起担责"), "《劳务派遣暂行规定》第十条"),
    ("dispatched_returned", Profile(relationship="dispatched", dismissed=True), "厂里把我退回劳务公司了", (),
     ("最低工资", "法定情形"), "《劳动合同法》第六十五条"),
    ("dispatched_equal_pay", Profile(relationship="dispatched"), "派遣工工资比正式工少一半", (),
     ("同工同酬",), "《劳动合同法》第六十三条"),
    ("part_time_longer_hours", Profile(relationship="part_time", hours_per_day=6), "小时工", (),
     ("6小时", "全日制"), "《劳动合同法》第六十八条"),
    ("part_time_ended", Profile(relationship="part_time", hours_per_day=3, dismissed=True), "被辞退了有没有补偿", (),
     ("随时", "15天"), "《劳动合同法》第七十一条"),
    ("occupational_disease_dismissed", Profile(occupational_disease=True, dismissed=True), "尘肺还没确诊就被辞了", (),
     ("职业病",), "《职业病防治法》第三十五条"),
    ("injured_pushed_to_resign", Profile(injured_at_work=True, pushed_to_resign=True), "老板让我签字拿五千走人", (),
     ("先别签", "伤残等级"), "《工伤保险条例》第三十七条"),
    ("pushed_to_resign", Profile(relationship="employee", pushed_to_resign=True), "主管让我签自愿离职", (),
     ("先别签", "经济补偿"), "《劳动合同法》第四十六条"),
    ("older_worker_pushed_to_resign", Profile(**MAN_58, service_years=20, pushed_to_resign=True), "厂里让我签协商离职", (),
     ("顺延到退休", "先别签"), "《劳动合同法》第四十二条"),
    ("death_settlement_offered", Profile(family_death=True, death_at_work=True, settlement_offered=True),
     "老板说给三十万就了结", (), ("先别急着签字", "20倍"), "《民法典》第一百五十一条"),
    ("injured_dismissed", Profile(injured_at_work=True, dismissed=True, dismissal_reason="illness"), "工伤在家养着被辞了", (),
     ("停工留薪期", "违法解除"), "《工伤保险条例》第三十三条"),
    ("intern_hours_and_fees", Profile(relationship="intern", student=True, age=17), "天天上夜班 学校还从里面扣300说是管理费", (),
     ("夜班", "管理费"), "《职业学校学生实习管理规定》第十七条"),
    ("uninsured_may_leave_with_compensation", Profile(uninsured=True, wage=5000, service_years=4.25),
     "现在想走 能要补偿不", (), ("承诺也无效", "经济补偿"), "《最高法劳动争议解释（二）》第十九条"),
    ("pregnant_night_shift_banned", Profile(pregnancy="pregnant", pregnant_months=7.5), "厂里还是排我上夜班", (),
     ("7个月以上", "夜班"), "《女职工劳动保护特别规定》第六条"),
    ("pregnant_night_shift_adjust", Profile(pregnancy="pregnant", pregnant_months=5), "厂里还是排我上夜班", (),
     ("不满7个月", "医院证明"), "《女职工劳动保护特别规定》第六条"),
    ("over_age_injured_either_way", Profile(age=62, injured_at_work=True), "从平台摔下来 腿断了 算工伤不", (),
     ("领没领养老金", "工伤保险责任"), "《民法典》第一千一百六十五条"),
    ("intern_too_young_or_first_year", Profile(relationship="intern", student=True, age=15, first_year=True),
     "学校说要去鞋厂搞实习 不去就算旷课", (), ("一年级", "16岁"), "《职业学校学生实习管理规定》第十六条"),
    ("signed_under_pressure", Profile(pregnancy="pregnant", pushed_to_resign=True, resigned=True),
     "老板拿了张打印好的自愿离职申请 她哭着就签了 这还有办法吗", (), ("胁迫", "1年内"), "《民法典》第一百五十条"),
    ("intern_dangerous_work", Profile(relationship="intern", student=True), "让我跟着师傅爬风机塔筒 八十多米高 能不能不爬", (),
     ("高空", "拒绝"), "《职业学校学生实习管理规定》第十七条"),
    ("fines_from_wages", Profile(relationship="employee"), "规定一个投诉罚200 这个月罚了好多 这罚款合法不", (),
     ("克扣工资", "20%"), "《工资支付暂行规定》第十六条"),
    ("dispatched_unequal_pay", Profile(relationship="dispatched"), "她们每月6000多 我们派遣的只有3800 没有绩效", (),
     ("同工同酬", "差额"), "《劳动合同法》第六十三条"),
    ("suspected_occupational_disease", Profile(suspected_disease=True, pushed_to_resign=True), "厂里让我签自愿离职协议", (),
     ("疑似职业病病人", "不能解除"), "《职业病防治法》第五十五条"),
    ("platform_managed_like_employee", Profile(relationship="platform", managed=True), "这个算不算劳动关系", (),
     ("确认", "个体户"), "《关于确立劳动关系有关事项的通知》第一条"),
    ("transfer_pay_cut", Profile(service_years=14), "把我从门岗调到光伏板区夜里巡逻 工资还少了八百", (),
     ("协商一致", "补发"), "《劳动合同法》第三十五条"),
    ("injury_costs_and_pay", Profile(injured_at_work=True, relationship="part_time"), "那住院的钱谁出 这段时间上不了班 工钱咋算", (),
     ("工伤保险基金", "停工留薪期"), "《工伤保险条例》第三十三条"),
    ("injury_recognition_deadline", Profile(injured_at_work=True, injury_date=date(2026, 3, 1)), "受伤了厂里不管", (),
     ("30天", "1年内"), "《工伤保险条例》第十七条"),
    ("sick_leave_dismissed", Profile(ill=True, dismissed=True, service_years=6, total_years=12), "住院期间被辞退", (),
     ("医疗期内",), "《企业职工患病或非因工负伤医疗期规定》第三条"),
    ("medical_period", Profile(ill=True, service_years=3), "住院了请病假 单位要扣工资", (),
     ("医疗期", "80%"), "《关于贯彻执行《劳动法》若干问题的意见》第五十九条"),
    ("probation_dismissed_without_ground", Profile(probation=True, dismissed=True, dismissal_reason="none_given"),
     "试用期突然让我走", (), ("试用期", "违法解除"), "《劳动合同法》第二十一条"),
    ("probation_not_qualified", Profile(probation=True, dismissed=True, dismissal_reason="probation"),
     "说我试用期不合格", (), ("录用条件",), "《劳动合同法》第二十一条"),
    ("dismissed_without_ground", Profile(sex="male", age=45, dismissed=True, dismissal_reason="age"), "嫌我年纪大辞退我", (),
     ("违法解除", "2倍"), "《劳动合同法》第八十七条"),
    ("dismissed_for_misconduct", Profile(dismissed=True, dismissal_reason="misconduct"), "说我违反制度开除我", (),
     ("拿出证据",), "《劳动合同法》第三十九条"),
    ("dismissed_incompetent", Profile(dismissed=True, dismissal_reason="incompetent", service_years=2, wage=Decimal(5000)),
     "说我干不好辞退我", (), ("培训或调岗",), "《劳动合同法》第四十条"),
    ("dismissed_with_compensation", Profile(dismissed=True, dismissal_reason="restructure"), "厂里裁员", (),
     ("经营困难、裁员或调整岗位", "经济补偿"), "《劳动合同法》第四十六条"),
    ("wages_owed", Profile(owed_months=3, wage=Decimal(5000)), "三个月没发工资了", (),
     ("15000元",), "《劳动合同法》第八十五条"),
    ("wages_owed_amount_unknown", Profile(owed_months=3), "三个月没发工资了", (),
     ("3个月",), "《劳动合同法》第三十条"),
    ("no_written_contract", Profile(contract="none", no_contract_months=8, wage=Decimal(4000)), "干了八个月没签合同", (),
     ("多要一倍工资",), "《劳动合同法》第八十二条"),
]


def test_every_rule_has_a_case_that_fires_it():
    assert {case[0] for case in FIRES} == {r.id for r in applied.rules().rules}
    assert len(applied.rules().rules) >= 32


@pytest.mark.parametrize("rule, profile, text, asked, words, cite", FIRES, ids=[c[0] for c in FIRES])
def test_the_rule_fires_for_its_case(rule, profile, text, asked, words, cite):
    finding = found(run(profile, text, asked), rule)
    assert finding is not None, [f.rule for f in run(profile, text, asked).findings]
    for word in words:
        assert word in finding.conclusion, (word, finding.conclusion)
    if cite:
        assert cite in finding.basis
    assert len(finding.conclusion) <= applied.CONCLUSION_MAX
    assert all(len(step) <= applied.STEP_MAX for step in finding.steps)
    assert "{" not in everything(finding)


# rule, a profile next to its case, latest message, asked
SILENT = [
    ("domestic_who_hired", Profile(relationship="household", dismissed=True), "保姆被辞了", ()),
    ("intern_still_enrolled", Profile(relationship="intern_unclear", student=True), "实习", ()),
    ("death_at_work", Profile(family_death=True, death_at_work=False), "", ()),
    ("death_not_at_work", Profile(family_death=True, death_at_work=True), "", ()),
    ("household_injured", Profile(relationship="household_agency", injured_at_work=True), "", ()),
    ("household_unpaid", Profile(owed_months=2), "", ()),
    ("household_not_labour", Profile(relationship="household_agency", dismissed=True), "", ()),
    ("household_agency_employee", Profile(relationship="household"), "", ()),
    ("domestic_both_ways", Profile(relationship="domestic_unclear"), "", ()),
    ("insurance_not_a_cap", Profile(relationship="intern", student=True, injured_at_work=True), "实习手被冲床压了", ()),
    ("insurance_instead_of_work_injury", Profile(relationship="intern", student=True, injured_at_work=True),
     "保险公司说最多赔两万", ()),
    ("intern_injured", Profile(relationship="intern", student=False, injured_at_work=True), "", ()),
    ("intern_not_employee", Profile(relationship="intern_unclear", student=False), "", ()),
    ("intern_either_way", Profile(relationship="intern_unclear"), "", ()),
    ("intern_graduated", Profile(relationship="intern", student=True), "", ()),
    ("pregnant_pushed_to_resign", Profile(relationship="household", pregnancy="pregnant", pushed_to_resign=True), "", ()),
    ("pregnant_dismissed", Profile(pregnancy="pregnant", dismissed=True, dismissal_reason="misconduct"), "", ()),
    ("pregnant_contract_expiry", Profile(dismissed=True, dismissal_reason="contract_end"), "", ()),
    ("pregnant_probation_dismissed", Profile(pregnancy="pregnant", dismissed=True, dismissal_reason="none_given"), "", ()),
    ("pregnant_misconduct", Profile(dismissed=True, dismissal_reason="misconduct"), "", ()),
    ("pregnant_pay_cut", Profile(pregnancy="pregnant"), "产假多少天", ()),
    ("pregnant_thinking_of_resigning", Profile(pregnancy="pregnant", dismissed=True), "不想辞职", ()),
    ("miscarriage_leave", Profile(pregnancy="maternity"), "能休几天", ()),
    ("maternity_leave_and_allowance", Profile(pregnancy="pregnant"), "", ()),
    ("pregnant_contract_extends", Profile(pregnancy="pregnant", contract_end=date(2027, 2, 1), dismissed=True), "", ()),
    ("nursing_hour", Profile(pregnancy="pregnant"), "让我上夜班", ()),
    ("prenatal_checkups", Profile(pregnancy="breastfeeding"), "产检扣钱", ()),
    ("older_worker_dismissed", Profile(**MAN_58, service_years=14, dismissed=True, dismissal_reason="restructure"), "", ()),
    ("older_worker_contract_expiry", Profile(**MAN_58, service_years=10, dismissed=True, dismissal_reason="contract_end"),
     "", ()),
    ("ten_years_open_ended", Profile(service_years=9.5, dismissed=True, dismissal_reason="contract_end"), "", ()),
    ("ten_years_open_ended", Profile(service_years=12, dismissed=True, dismissal_reason="contract_end", relationship="household"), "", ()),
    ("not_yet_retirement_age", Profile(**MAN_PAST, dismissed=True, dismissal_reason="age"), "说我到退休年龄了", ()),
    ("graded_injury_pushed_out", Profile(injured_at_work=True, disability_grade=5, pushed_to_resign=True), "让我签离职", ()),
    ("older_worker_protected", Profile(**MAN_58, service_years=18, dismissed=True), "合同", ()),
    ("pregnant_protected", Profile(sex="female", pregnancy="breastfeeding", relationship="household"), "辞退", ()),
    ("pension_drawer_works", Profile(pension=False, dismissed=True), "", ()),
    ("pension_drawer_injured", Profile(pension=False, injured_at_work=True), "", ()),
    ("over_age_injured", Profile(**MAN_PAST, pension=True, injured_at_work=True), "", ()),
    ("past_retirement_job_ends", Profile(sex="male", age=50, dismissed=True), "", ()),
    ("contribution_years_short", Profile(sex="male"), "社保交够多少年", ()),
    ("retirement_date", Profile(sex="male", birth=date(1966, 5, 1), pension=True), "退休", ()),
    ("retirement_date_by_group", Profile(sex="female", post="worker", birth=date(1977, 11, 1)), "哪年退休", ()),
    ("platform_injured", Profile(injured_at_work=True), "", ()),
    ("platform_rules_and_penalties", Profile(relationship="platform"), "", ()),
    ("platform_relationship", Profile(relationship="employee"), "", ()),
    ("dispatched_injured", Profile(injured_at_work=True), "", ()),
    ("dispatched_returned", Profile(relationship="dispatched", dismissed=False), "", ()),
    ("dispatched_equal_pay", Profile(relationship="employee"), "工资比别人少", ()),
    ("part_time_longer_hours", Profile(relationship="part_time", hours_per_day=3), "", ()),
    ("part_time_ended", Profile(relationship="part_time", hours_per_day=6, dismissed=True), "被辞退了", ()),
    ("occupational_disease_dismissed", Profile(occupational_disease=True, dismissed=True, dismissal_reason="misconduct"),
     "", ()),
    ("injured_pushed_to_resign", Profile(relationship="household", injured_at_work=True, pushed_to_resign=True), "", ()),
    ("pushed_to_resign", Profile(relationship="employee", ill=True, pushed_to_resign=True), "", ()),  # the medical period speaks
    ("older_worker_pushed_to_resign", Profile(**MAN_58, service_years=14, pushed_to_resign=True), "", ()),
    ("death_settlement_offered", Profile(family_death=True, death_at_work=False, settlement_offered=True), "", ()),
    ("injured_dismissed", Profile(injured_at_work=True, dismissed=True, dismissal_reason="misconduct"), "", ()),
    # dismissed already: the rules on the dismissal speak
    ("uninsured_may_leave_with_compensation", Profile(uninsured=True, dismissed=True), "能要补偿不", ()),
    # the pension told: the rule for pension drawers speaks
    ("over_age_injured_either_way", Profile(age=62, injured_at_work=True, pension=True), "", ()),
    # a second-year of 17: the rules on hours and fees speak; a resignation written freely is no pressure
    ("intern_too_young_or_first_year", Profile(relationship="intern", student=True, age=17), "天天上夜班", ()),
    ("signed_under_pressure", Profile(resigned=True), "我自己辞职了", ()),
    # a graduate at a wind farm is an employee: the rules for employees speak
    ("intern_dangerous_work", Profile(relationship="intern", student=False), "让我爬风机塔筒", ()),
    # a mother's pay docked after a miscarriage: her rules speak, not the one on fines
    ("fines_from_wages", Profile(pregnancy="miscarriage"), "单位说不算产假 只能请病假 还扣钱", ()),
    # a rider's platform fines: the platform's rules speak
    ("fines_from_wages", Profile(relationship="platform"), "一个投诉罚200", ()),
    # an agency worker asking about something else; a nanny hired by a family with a suspected disease
    ("dispatched_unequal_pay", Profile(relationship="dispatched"), "被退回了怎么办", ()),
    ("suspected_occupational_disease", Profile(suspected_disease=True, relationship="household"), "", ()),
    # seven months along: the night shift is banned, not a matter of asking for a change
    ("pregnant_night_shift_adjust", Profile(pregnancy="pregnant", pregnant_months=7.5), "厂里还是排我上夜班", ()),
    ("pregnant_night_shift_banned", Profile(pregnancy="pregnant", pregnant_months=5), "厂里还是排我上夜班", ()),
    # a rider who logs on when he likes: whether it is a labour relation is still open
    ("platform_managed_like_employee", Profile(relationship="platform"), "这个算不算劳动关系", ()),
    # a graduate called an intern is an employee: the rules for employees speak
    ("intern_hours_and_fees", Profile(relationship="intern", student=False), "天天上夜班", ()),
    # a nanny hired by a family: no labour contract to change
    ("transfer_pay_cut", Profile(relationship="household"), "雇主说下个月工资少给八百", ()),
    # a nanny's injury in a family's home is no work injury: the fund pays nothing
    ("injury_costs_and_pay", Profile(relationship="household", injured_at_work=True), "住院的钱谁出", ()),
    ("injury_recognition_deadline", Profile(injured_at_work=True, injury_reported=True), "", ()),
    ("sick_leave_dismissed", Profile(ill=True, dismissed=True, dismissal_reason="misconduct"), "", ()),
    ("medical_period", Profile(ill=True, service_years=3), "", ()),
    ("probation_dismissed_without_ground", Profile(probation=False, dismissed=True, dismissal_reason="none_given"), "", ()),
    ("probation_not_qualified", Profile(probation=False, dismissed=True, dismissal_reason="probation"), "", ()),
    ("dismissed_without_ground", Profile(relationship="household", dismissed=True, dismissal_reason="none_given"), "", ()),
    ("dismissed_for_misconduct", Profile(pension=True, dismissed=True, dismissal_reason="misconduct"), "", ()),
    ("dismissed_incompetent", Profile(relationship="part_time", dismissed=True, dismissal_reason="incompetent"), "", ()),
    ("dismissed_with_compensation", Profile(**MAN_PAST, dismissed=True, dismissal_reason="restructure"), "", ()),
    ("wages_owed", Profile(relationship="household", owed_months=3, wage=Decimal(5000)), "", ()),
    ("wages_owed_amount_unknown", Profile(owed_months=3, wage=Decimal(5000)), "", ()),
    ("no_written_contract", Profile(relationship="part_time", no_contract_months=5, wage=Decimal(3000)), "", ()),
]


def test_every_rule_has_a_case_next_to_it_where_it_is_silent():
    assert {case[0] for case in SILENT} == {r.id for r in applied.rules().rules}


@pytest.mark.parametrize("rule, profile, text, asked", SILENT, ids=[c[0] for c in SILENT])
def test_the_rule_is_silent_next_to_its_case(rule, profile, text, asked):
    assert found(run(profile, text, asked), rule) is None


def test_pregnant_worker_dismissed_for_misconduct_gets_no_verdict_of_unlawfulness():
    result = run(Profile(sex="female", pregnancy="pregnant", dismissed=True, dismissal_reason="misconduct"), "开除我")
    assert [f.rule for f in result.findings] == ["pregnant_misconduct"]
    assert all(f.kind != "verdict" and "违法" not in f.conclusion for f in result.findings)


def test_pregnant_probation_dismissal_is_not_declared_unlawful_outright():
    result = run(Profile(sex="female", pregnancy="pregnant", probation=True, dismissed=True, dismissal_reason="probation"))
    main = result.findings[0]
    assert main.kind == "caution" and "违法" not in main.conclusion and "证据" in main.conclusion


def test_pregnant_probation_dismissal_gives_the_damages_only_if_unlawful_and_never_n_alone():
    result = run(Profile(sex="female", pregnancy="pregnant", dismissed=True, dismissal_reason="probation",
                         service_years=0.17, wage=Decimal("7000")))
    figure = "\n".join(result.findings[0].figure)
    assert "7000元" in figure and "2N" in figure and "没有经济补偿" in figure  # 0.5 × 7000 × 2, if unlawful
    assert "经济补偿（N）" not in figure


@pytest.mark.parametrize("extra", [dict(dismissed=True, dismissal_reason="none_given"), dict(owed_months=3),
                                   dict(injured_at_work=True), dict(no_contract_months=6)])
def test_household_nanny_gets_no_severance_no_arbitration_no_work_injury(extra):
    result = run(Profile(relationship="household", wage=Decimal(4500), service_years=3, **extra), "能赔多少")
    words = "\n".join(everything(f) for f in result.findings)
    steps = "\n".join(s for f in result.findings for s in f.steps)
    assert result.findings[0].rule.startswith("household_")
    assert "2倍" not in words and "赔偿金" not in words and "经济补偿（N）" not in words
    assert "仲裁" not in steps and "工伤认定" not in steps


def test_contract_ending_after_a_miscarriage_is_not_said_to_run_to_a_first_birthday():
    result = run(Profile(sex="female", pregnancy="miscarriage", dismissed=True, dismissal_reason="contract_end",
                         contract_end=date(2026, 12, 31)))
    assert result.findings[0].rule == "miscarriage_leave"
    assert all("满1周岁" not in f.conclusion and "哺乳期结束" not in f.conclusion for f in result.findings)


def test_student_intern_injured_is_not_sent_to_work_injury_recognition():
    result = run(Profile(relationship="intern", student=True, injured_at_work=True, injury_date=date(2026, 11, 1)))
    assert [f.rule for f in result.findings] == ["intern_injured"]
    assert found(result, "injury_recognition_deadline") is None


def test_older_worker_near_retirement_is_told_of_his_protection_even_when_not_dismissed():
    result = run(Profile(**MAN_58, service_years=18), "想问问厂里能不能辞退我")
    assert found(result, "older_worker_protected") is not None


def test_pregnant_worker_asking_how_to_resign_is_cautioned_first():
    result = run(Profile(sex="female", pregnancy="pregnant"), "怀孕了想辞职 辞职信咋写")
    assert result.findings[0].rule == "pregnant_thinking_of_resigning" and result.findings[0].replaces_answer


def test_one_main_finding_then_one_note_in_that_order():
    result = run(Profile(sex="female", pregnancy="pregnant"), "产检算不算上班时间 产假几天")
    assert [f.kind for f in result.findings] == ["verdict", "note"]
    assert [f.rule for f in result.findings] == ["maternity_leave_and_allowance", "prenatal_checkups"]


def test_nothing_applies_to_a_profile_that_told_nothing():
    assert run(Profile(), "你好") == applied.Applied((), None)


# ---------------------------------------------------------------- what is asked


def test_a_verdict_asks_for_what_its_figure_lacks_one_fact_at_a_time_never_twice():
    profile = Profile(sex="female", pregnancy="pregnant", dismissed=True, dismissal_reason="incompetent")
    assert run(profile).ask.field == "service_years"
    assert run(profile, asked={"service_years"}).ask.field == "wage"
    assert run(profile, asked={"service_years", "wage"}).ask is None
    assert run(replace(profile, service_years=2.0)).ask.field == "wage"
    assert run(replace(profile, service_years=2.0, wage=Decimal(5000))).ask is None


def test_a_gate_asks_first_and_only_once():
    first = run(Profile(relationship="domestic_unclear"), "保姆被辞了")
    assert first.findings[0].kind == "gate" and first.ask.field == "relationship" and "家政公司" in first.ask.question
    again = run(Profile(relationship="domestic_unclear"), "保姆被辞了", asked={"relationship"})
    assert again.findings[0].rule == "domestic_both_ways" and again.ask is None
    intern = run(Profile(relationship="intern_unclear"))
    assert intern.ask.field == "student"


def test_the_fact_that_would_change_the_verdict_is_asked_before_the_figure():
    # sixteen years with the employer and laid off: the age decides between N and unlawful dismissal
    profile = Profile(sex="male", service_years=16, wage=Decimal(5000), dismissed=True, dismissal_reason="restructure")
    result = run(profile)
    assert result.findings[0].rule == "dismissed_with_compensation"
    assert result.ask.field == "age"
    assert run(profile, asked={"age"}).ask is None
    assert run(replace(profile, age=58)).findings[0].rule == "older_worker_dismissed"


def test_a_womans_retirement_group_is_asked_and_a_mans_never():
    woman = Profile(sex="female", age=52, service_years=20, dismissed=True, dismissal_reason="restructure")
    assert run(woman).ask.field == "post"
    assert run(replace(woman, post="staff")).findings[0].rule == "older_worker_dismissed"
    assert run(replace(woman, post="worker")).findings[0].rule == "past_retirement_job_ends"  # retired at 50
    man = Profile(sex="male", age=58, service_years=20, dismissed=True, dismissal_reason="restructure")
    assert run(man).ask.field == "wage" and run(replace(man, wage=Decimal(6000))).ask is None


def test_the_sex_is_asked_when_only_it_is_missing_for_the_retirement_age():
    assert run(Profile(age=58, service_years=16, dismissed=True, dismissal_reason="restructure", wage=Decimal(1))).ask.field \
        == "sex"


def test_the_pension_is_asked_of_an_over_age_injured_worker():
    result = run(Profile(**MAN_PAST, injured_at_work=True))
    assert result.ask.field == "pension"
    assert run(Profile(**MAN_PAST, injured_at_work=True), asked={"pension"}).ask is None


def test_an_optional_refinement_is_asked_after_the_figure_runs():
    result = run(Profile(ill=True, dismissed=True, service_years=3))
    assert result.findings[0].figure and result.ask.field == "total_years"


# ---------------------------------------------------------------- the figures


def figure(rule: str, profile: Profile, text: str = "") -> tuple[str, ...]:
    return found(run(profile, text), rule).figure


def test_severance_n_and_2n_by_hand():
    # 3 years 6 months: 4 months' pay; 6000 × 4 = 24000; twice that 48000
    lines = figure("pregnant_dismissed", Profile(sex="female", pregnancy="pregnant", dismissed=True, service_years=3.5,
                                                 wage=Decimal(6000)))
    text = "\n".join(lines)
    assert "共4个月工资" in text and "6000元 × 4个月 = 24000元" in text and "24000元 × 2 = 48000元" in text
    # from the start date: 2024-06-08 to 2026-12-07 is 2 years 6 months: 3 months; 5000 × 3 = 15000, N only
    lines = figure("dismissed_with_compensation", Profile(dismissed=True, dismissal_reason="restructure",
                                                          start=date(2024, 6, 8), wage=Decimal(5000)))
    text = "\n".join(lines)
    assert "5000元 × 3个月 = 15000元" in text and "2N" not in text


def test_severance_says_when_the_cap_may_apply_and_when_years_before_2008_count_differently():
    high = "\n".join(figure("dismissed_with_compensation", Profile(dismissed=True, dismissal_reason="restructure",
                                                                   service_years=3, wage=Decimal(15000))))
    assert "3倍" in high and "12年" in high and "45000元" in high
    old = "\n".join(figure("dismissed_with_compensation", Profile(dismissed=True, dismissal_reason="contract_end",
                                                                  start=date(2005, 3, 1), wage=Decimal(4000))))
    assert "2008年以前" in old
    low = "\n".join(figure("dismissed_with_compensation", Profile(dismissed=True, dismissal_reason="restructure",
                                                                  service_years=3, wage=Decimal(5000))))
    assert "3倍" not in low and "2008年以前" not in low


def test_back_pay_figure_with_the_extra_50_to_100_percent():
    months = found(run(Profile(owed_months=3, wage=Decimal(5000))), "wages_owed")
    assert "5000元 × 3个月 = 15000元" in "\n".join(months.figure)
    assert "7500元到15000元" in "\n".join(months.figure) and "15000元" in months.conclusion
    amount = found(run(Profile(owed_amount=Decimal(8200))), "wages_owed")
    assert "8200元" in amount.conclusion and "4100元到8200元" in "\n".join(amount.figure)
    # an "amount" no larger than the monthly wage, with several months told, was the wage itself
    wage_read_as_owed = found(run(Profile(owed_months=3, wage=Decimal(6500), owed_amount=Decimal(6500))), "wages_owed")
    assert "6500元 × 3个月 = 19500元" in "\n".join(wage_read_as_owed.figure)
    total = found(run(Profile(owed_months=3, wage=Decimal(6500), owed_amount=Decimal(19000))), "wages_owed")
    assert "19000元" in total.conclusion  # a total told is kept


def test_double_wage_figure_months_two_to_twelve():
    eight = "\n".join(figure("no_written_contract", Profile(no_contract_months=8, wage=Decimal(4000))))
    assert "7个月" in eight and "28000元" in eight  # months 2–8: 7 × 4000
    fourteen = "\n".join(figure("no_written_contract", Profile(no_contract_months=14, wage=Decimal(5000))))
    assert "11个月" in fourteen and "55000元" in fourteen  # at most 11 months
    assert figure("no_written_contract", Profile(no_contract_months=8)) == ()


def test_retirement_figures_under_the_2025_reform():
    # a man born May 1966: 16 months after January 1965, one month's delay per 4 → 5 months: 60 years 5 months
    man = found(run(Profile(sex="male", birth=date(1966, 5, 1)), "几岁退休"), "retirement_date")
    assert "60岁5个月" in man.conclusion and "2026年10月" in man.conclusion and "15年" in man.conclusion
    # a woman worker born January 1980: 60 months after January 1975, one per 2 → 31: 52 years 7 months, August
    # 2032, when 15 years + 6 months for each year from 2030 are needed: 16 years 6 months
    woman = found(run(Profile(sex="female", post="worker", birth=date(1980, 1, 1)), "哪年退休"), "retirement_date")
    assert "52岁7个月" in woman.conclusion and "2032年8月" in woman.conclusion and "16年6个月" in woman.conclusion
    # from the age only, the latest birth month is taken: 58 in December 2026 → December 1968 → 12 months' delay
    aged = found(run(Profile(sex="male", age=58), "几岁退休"), "retirement_date")
    assert "61岁" in aged.conclusion and "2029年12月前后" in aged.conclusion and "推算" in aged.figure[0]


def test_derived_retirement_facts():
    past = applied.facts(Profile(sex="male", birth=date(1966, 5, 1)), TODAY)
    assert past["past_retirement"] is True and past["years_to_retirement"] == pytest.approx(-2 / 12)
    near = applied.facts(Profile(**MAN_58), TODAY)
    assert near["past_retirement"] is False and near["years_to_retirement"] == pytest.approx(29 / 12)
    unknown = applied.facts(Profile(sex="female", age=50), TODAY)  # the post decides 50 or 55: one value for each
    assert isinstance(unknown["years_to_retirement"], applied.Possible) and len(unknown["years_to_retirement"].values) == 2
    assert unknown["past_retirement"].values == (False, False)
    nothing = applied.facts(Profile(sex="female"), TODAY)  # no birth, no age: not known at all
    assert nothing["years_to_retirement"] is None and nothing["past_retirement"] is None


def test_a_rule_on_the_retirement_date_fires_when_every_group_the_worker_may_be_in_agrees():
    # 63 and hurt at work, no pension, sex untold: past retirement as a man and as a woman
    hurt = Profile(age=63, pension=False, injured_at_work=True)
    assert run(hurt, "砸伤了腿").findings[0].rule == "over_age_injured"
    # 21 years in the job, born September 1968, the contract not renewed: within five years of
    # retirement as a man (September 2029), past it as a woman: the sex is asked, nothing concluded
    told = Profile(birth=date(1968, 9, 1), service_years=21, dismissed=True, dismissal_reason="contract_end")
    result = run(told, "1968年9月的 进厂21年")
    assert result.ask is not None and result.ask.field == "sex"
    assert found(result, "older_worker_contract_expiry") is None
    assert run(Profile(**{**told.__dict__, "sex": "male"}), "男的").findings[0].rule == "older_worker_contract_expiry"


@pytest.mark.parametrize("total, here, months", [
    (5, 2, 3), (8, 5, 6), (12, 3, 6), (12, 7, 9), (15, 12, 12), (20, 17, 18), (25, 20, 24), (10, 4.9, 6), (9.9, 9.9, 6),
])
def test_medical_period_months(total, here, months):
    assert applied.medical_months(total, here) == months


def test_medical_period_figure_assumes_the_shorter_total_when_not_told():
    lines = figure("medical_period", Profile(ill=True, service_years=3), "请病假")
    assert "医疗期3个月" in lines[0] and "6个月内" in lines[0] and "10年" in lines[1]
    told = figure("medical_period", Profile(ill=True, service_years=6, total_years=12), "请病假")
    assert "医疗期9个月" in told[0] and "15个月内" in told[0] and len(told) == 1


def test_maternity_and_death_figures_come_from_the_quick_calc_constants():
    maternity = found(run(Profile(pregnancy="pregnant"), "产假多久"), "maternity_leave_and_allowance")
    assert "98天" in maternity.conclusion and "难产加15天" in maternity.figure[0]
    death = "\n".join(found(run(Profile(family_death=True, death_at_work=True)), "death_at_work").figure)
    assert "6个月" in death and "配偶40%" in death and "其他亲属每人30%" in death and "20倍" in death


def test_injury_deadline_is_one_year_from_the_accident_and_says_when_it_has_passed():
    fresh = figure("injury_recognition_deadline", Profile(injured_at_work=True, injury_date=date(2026, 3, 1)))
    assert "2026年3月31日" in fresh[0] and "2027年3月1日" in fresh[0] and len(fresh) == 1
    late = figure("injury_recognition_deadline", Profile(injured_at_work=True, injury_date=date(2025, 6, 1)))
    assert "2026年6月1日" in late[0] and "超过1年" in late[1]


# ---------------------------------------------------------------- concerns


@pytest.mark.parametrize("text, concern", [
    ("怀孕了公司给我降薪", "pay_cut"), ("懷孕了公司給我降薪", "pay_cut"), ("啥时候能退休", "retirement"),
    ("社保没交够15年咋办", "contribution"), ("平台把我封号了", "deduction"), ("喂奶时间有没有", "hours"),
    ("能赔多少钱", "amount"), ("老板把我开了", "dismissal"), ("调去仓库 工资从4800降到3000", "pay_cut"),
    ("换了岗位以后工资一下砍了一半", "pay_cut"),
])
def test_concerns_of_the_latest_message(text, concern):
    assert concern in applied.concerns(text)


def test_a_message_without_concern():
    assert applied.concerns("你好") == frozenset()
    assert "pay_cut" not in applied.concerns("气温降到零下了还让我们在外面干活")  # a drop, not of pay
    assert "pay_cut" not in applied.concerns("工资4800 怀孕五个月了")


# ---------------------------------------------------------------- the rules file is checked

GOOD = """
concerns:
  amount: "多少"
situation_rules:
  - id: sample
    kind: verdict
    priority: 10
    when: {dismissed: true, service_years: {min: 1}}
    about: [amount]
    conclusion: "您干了{service_years}。"
    steps: ["去仲裁"]
    basis: [{law: 劳动合同法, article: 第四十七条}]
    compute: severance_n
    needs: {wage: "工资多少？"}
    case_topic: labour_contract
"""


def write(tmp_path, text):
    path = tmp_path / "rules.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_rules_file_loads_and_applies(tmp_path):
    book = applied.load(write(tmp_path, GOOD))
    result = applied.apply(Profile(dismissed=True, service_years=2, wage=Decimal(3000)), "多少", TODAY, book=book)
    assert result.findings[0].conclusion == "您干了2年。" and result.findings[0].figure
    assert applied.apply(Profile(dismissed=True, service_years=2), "你好", TODAY, book=book).findings == ()


@pytest.mark.parametrize("old, new, message", [
    ("dismissed: true,", "fired: true,", "unknown profile field 'fired'"),
    ("dismissed: true,", "dismissal_reason: laziness,", "'laziness' is not a value of dismissal_reason"),
    ("dismissed: true,", "pregnancy: [pregnant, twins],", "'twins' is not a value of pregnancy"),
    ("service_years: {min: 1}", "service_years: {least: 1}", "a range"),
    ("service_years: {min: 1}", "city: {min: 1}", "a range"),
    ("{service_years}", "{salary}", "unknown placeholder {salary}"),
    ("{service_years}", "{wage}", "{wage} may be unknown"),
    ("{service_years}", "{severance}", "{severance} needs severance_n"),
    ("compute: severance_n", "compute: pension_forecast", "unknown computation 'pension_forecast'"),
    ("law: 劳动合同法,", "law: 劳动基本法,", "'劳动基本法' is not in data/law/catalogue.yml"),
    ("article: 第四十七条", "article: 47", "is not written 第…条"),
    ("about: [amount]", "about: [money]", "unknown concern(s) ['money']"),
    ("kind: verdict", "kind: opinion", "kind 'opinion'"),
    ("priority: 10", "priority: high", "priority must be a whole number"),
    ("case_topic: labour_contract", "case_topic: football", "case_topic 'football'"),
    ("needs: {wage: \"工资多少？\"}", "needs: {salary: \"工资多少？\"}", "unknown profile field 'salary'"),
    ("needs: {wage: \"工资多少？\"}", "needs: {wage: \"\"}", "the question is empty"),
    ("basis: [{law: 劳动合同法, article: 第四十七条}]", "basis: []", "needs its basis"),
    ("    case_topic: labour_contract", "    case_topic: labour_contract\n    colour: red", "unknown key(s) ['colour']"),
    ("\"您干了{service_years}。\"", "\"" + "长" * 121 + "\"", "at most 120"),
    ("[\"去仲裁\"]", "[\"" + "长" * 61 + "\"]", "over 60 characters"),
])
def test_a_bad_rule_is_refused_with_a_clear_error(tmp_path, old, new, message):
    assert old in GOOD
    with pytest.raises(applied.RuleError) as err:
        applied.load(write(tmp_path, GOOD.replace(old, new)))
    assert message in str(err.value) and "rule 'sample'" in str(err.value)


def test_file_level_errors_are_refused(tmp_path):
    with pytest.raises(applied.RuleError, match="appears twice"):
        applied.load(write(tmp_path, GOOD + GOOD.split("situation_rules:")[1]))
    with pytest.raises(applied.RuleError, match="a gate must say what it asks"):
        applied.load(write(tmp_path, GOOD.replace("kind: verdict", "kind: gate").replace("    needs: {wage: \"工资多少？\"}\n", "")))
    with pytest.raises(applied.RuleError, match="unknown top-level"):
        applied.load(write(tmp_path, GOOD + "\nextras: 1\n"))
    with pytest.raises(applied.RuleError, match="bad pattern"):
        applied.load(write(tmp_path, GOOD.replace('"多少"', '"多少("')))
    with pytest.raises(applied.RuleError, match="not valid YAML"):
        applied.load(write(tmp_path, "situation_rules: [\n"))


def test_a_placeholder_is_allowed_when_every_alternative_makes_it_known(tmp_path):
    both = GOOD.replace("when: {dismissed: true, service_years: {min: 1}}",
                        "when: [{dismissed: true, service_years: {min: 1}}, {service_years: known}]")
    assert applied.load(write(tmp_path, both)).rules[0].id == "sample"
    one = GOOD.replace("when: {dismissed: true, service_years: {min: 1}}",
                       "when: [{dismissed: true, service_years: {min: 1}}, {dismissed: true}]")
    with pytest.raises(applied.RuleError, match="may be unknown"):
        applied.load(write(tmp_path, one))


def test_retirement_by_group_gives_each_group_the_worker_may_be_in_and_asks_the_one_that_decides():
    today = date(2026, 12, 7)
    woman = applied.apply(Profile(sex="female", birth=date(1977, 11, 1)), "啥时候退休", today)
    lead = woman.findings[0]
    assert lead.rule == "retirement_date_by_group" and len(lead.figure) == 2 and "男职工" not in "".join(lead.figure)
    assert "原来50岁退休的（生产、工人岗位等）：51岁6个月，也就是2029年5月" in lead.figure[1]
    assert woman.ask is not None and "工人岗位" in woman.ask.question
    nobody = applied.apply(Profile(age=56), "社保交了13年 退休的时候够不够", today)
    lines = nobody.findings[0].figure
    assert lines[0].startswith("按您说的年龄推算") and len(lines) == 4
    assert "已经到了" in lines[3] and "已经到了" not in lines[1]  # a woman worker of 56 is past 50, a man is not past 60
    assert "男职工还是女职工" in nobody.ask.question
    known = applied.apply(Profile(sex="male", birth=date(1966, 8, 1)), "几岁退休", today)
    assert known.findings[0].rule == "retirement_date"  # the group known: its own month, no branches


def test_long_service_ended_at_expiry_asks_the_age_then_the_sex():
    # 28 years with this employer, the contract not renewed: whether it must run on to retirement
    # turns on the retirement date, so its inputs are asked for, one at a time
    p = Profile(service_years=28, dismissed=True, dismissal_reason="contract_end")
    assert run(p, "合同到期不续了").ask.field == "age"
    p = Profile(service_years=28, dismissed=True, dismissal_reason="contract_end", birth=date(1978, 4, 1), post="worker")
    assert run(p, "我是1978年4月出生的，工人身份").ask.field == "sex"
    told = Profile(service_years=28, dismissed=True, dismissal_reason="contract_end", birth=date(1978, 4, 1),
                   post="worker", sex="female")
    assert run(told, "女的").findings[0].rule == "older_worker_contract_expiry"


def test_the_disability_grant_is_worked_out_from_the_grade_and_the_wage():
    lines = figure("graded_injury_pushed_out", Profile(injured_at_work=True, disability_grade=9, pushed_to_resign=True,
                                                        wage=Decimal(6000)), "能拿多少")
    assert "6000元 × 9个月 = 54000元" in lines[0]  # 工伤保险条例第三十七条: grade 9, 9 months' wage
    untold = figure("graded_injury_pushed_out", Profile(injured_at_work=True, disability_grade=7, pushed_to_resign=True))
    assert "月工资" in untold[0]


def test_a_nanny_sent_away_unpaid_is_told_what_the_days_worked_come_to():
    # 8000 a month agreed, three weeks worked (0.7 months: 21 days), nothing paid: 8000 / 30 × 21
    lines = figure("household_unpaid", Profile(relationship="household", wage=Decimal(8000), service_years=0.06,
                                               unpaid_all=True), "能要多少")
    assert "8000元 ÷ 30 × 21天 ≈ 5600元" in lines[0]
    assert found(run(Profile(relationship="household", wage=Decimal(8000), service_years=0.06)), "household_unpaid") is None


def test_once_the_conclusion_was_said_the_rule_for_what_the_worker_now_asks_leads():
    p = Profile(sex="female", pregnancy="pregnant", dismissed=True, dismissal_reason="contract_end",
                contract_end=date(2027, 1, 1))
    first = run(p, "合同到期不续了")
    assert first.findings[0].rule == "pregnant_contract_expiry"
    said = first.findings[0].conclusion
    asked = "院长说合同可以往后延 但是生孩子休产假那几个月院里不发钱"
    later = applied.apply(p, asked, TODAY, said=said, latest=asked)
    assert later.findings[0].rule == "maternity_leave_and_allowance"
    # "能赔多少" asks for the figure of the same conclusion: it stays
    again = applied.apply(p, "能赔多少", TODAY, said=said, latest="能赔多少")
    assert again.findings[0].rule == "pregnant_contract_expiry"
    # nothing said yet: the first rule leads
    assert applied.apply(p, asked, TODAY, latest=asked).findings[0].rule == "pregnant_contract_expiry"


def test_a_mother_without_maternity_insurance_is_told_the_wage_the_employer_owes_for_the_leave():
    lines = figure("maternity_leave_and_allowance", Profile(sex="female", pregnancy="maternity", wage=Decimal(4800)),
                   "产假的钱能要多少")
    assert any("4800元 ÷ 30 × 98天 ≈ 15680元" in line for line in lines)  # 女职工劳动保护特别规定第八条
    assert not any("流产" in line for line in lines)  # a birth, not a miscarriage
    assert any("流产" in line for line in figure("miscarriage_leave", Profile(sex="female", pregnancy="miscarriage")))


def test_a_contract_ended_in_the_nursing_year_runs_to_the_babys_first_birthday():
    told = Profile(sex="female", pregnancy="breastfeeding", dismissed=True, dismissal_reason="contract_end",
                   child_born=date(2026, 4, 10))
    lead = applied.apply(told, "学校通知我合同到期不再续签", date(2026, 11, 20)).findings[0]
    assert lead.rule == "pregnant_contract_expiry"
    assert any("哺乳期到2027年4月" in line for line in lead.figure)


def test_a_nannys_unpaid_days_are_counted_at_her_monthly_rate():
    told = Profile(relationship="household", wage=5000, owed_days=20)
    lead = applied.apply(told, "这个月我干了20天的工资还能要吗", date(2026, 11, 20)).findings[0]
    assert lead.rule == "household_unpaid" and any("20天 ≈ 3333元" in line for line in lead.figure)


def test_a_widows_family_told_is_counted_for_the_dependants_pension():
    told = Profile(family_death=True, death_at_work=True,
                   survivors=("child:20", "child:16", "parent:male:70:relied", "parent:female:70:relied", "spouse:46:works"))
    lead = applied.apply(told, "俩孩子 大的20岁 小的16岁 公公婆婆都70多了 靠我男人过日子", date(2026, 11, 20)).findings[0]
    text = "\n".join(lead.figure)
    assert "16岁的孩子：未满18岁，可以领" in text and "20岁的孩子：已满18岁，一般不能领" in text
    assert "婆婆（母亲）70岁以上、靠他生活：可以领" in text and "您还在上班，一般不能领" in text and "90%" in text


def test_told_the_retirement_age_has_come_a_worker_of_unknown_sex_is_not_told_the_dismissal_is_unlawful():
    # born October 1975: a woman in a worker's post reached her age in 2026; a man has years to go
    told = Profile(birth=date(1975, 10, 1), dismissed=True, dismissal_reason="age", service_years=9)
    found = applied.apply(told, "厂里说我到退休年龄了 就不要我了", date(2026, 11, 20))
    assert all(f.rule != "dismissed_without_ground" for f in found.findings)
    assert found.ask is not None and found.ask.field == "sex"
    man = applied.apply(replace(told, sex="male"), "厂里说我到退休年龄了 就不要我了", date(2026, 11, 20))
    assert any(f.rule in ("dismissed_without_ground", "not_yet_retirement_age") for f in man.findings)
