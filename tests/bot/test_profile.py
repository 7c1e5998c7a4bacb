"""The worker's situation read from their own messages (bot/cases/profile.py).

Every message here is written the way workers write to the hotline: long run-on stories, no
punctuation or only spaces, dialect (俺, 咋, 啥子, 冇), traditional script, fragments. Each case
names the facts the message states; ``None`` means the message must leave that field untold.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.cases.profile import DISMISSAL_REASONS, PREGNANCY, RELATIONSHIPS, Profile, read, read_one

TODAY = date(2026, 12, 7)


def told(text: str, **expected) -> None:
    found = read_one(text, TODAY)
    wrong = {k: (getattr(found, k), v) for k, v in expected.items() if getattr(found, k) != v}
    assert not wrong, f"{text!r}: (read, expected) {wrong}"


# ---------------------------------------------------------------------------------------------
# Who hires the worker

RELATIONSHIP_CASES = [
    ("我是保姆 在雇主家里干了快三年了 老太太的儿子说不用我了", "household"),
    ("住家育儿嫂 东家自己找的我 没经过公司", "household"),
    ("俺给一户人家当住家保姆 是他家里直接请的", "household"),
    ("合同写的是雇主自己给我发工钱 我是带孩子的保姆", "household"),
    ("做保姆 是亲戚介绍直接去她家的 没通过公司", "household"),
    ("货拉拉司机 帮人搬家闪了腰", "platform"),
    ("我是月嫂 家政公司派我去客户家的 工资也是公司发", "household_agency"),
    ("育儿嫂 跟家政公司签的合同 员工制的 公司给交社保", "household_agency"),
    ("我是做钟点工的 一家做两个钟头", "domestic_unclear"),
    ("在医院当护工 照顾一个瘫痪的老人", "domestic_unclear"),
    ("我还在读大三 学校统一安排到电池厂实习半年", "intern"),
    ("中专生 顶岗实习 在汽配厂流水线上", "intern"),
    ("我在这家公司实习 已经拿到毕业证了 他们还按实习生给钱", "employee"),
    ("实习期间老板说不给工资", "intern_unclear"),
    ("我已经退休了 每个月领养老金 现在在一个小区当保安", "retired_rehire"),
    ("退休返聘回原单位 做质检", "retired_rehire"),
    ("我是美团众包骑手 送外卖摔了", "platform"),
    ("跑滴滴的 开网约车三年了", "platform"),
    ("在抖音上做主播 公会扣我钱", "platform"),
    ("我是劳务派遣工 派遣公司把我派到汽车厂", "dispatched"),
    ("跟劳务公司签的合同 人在电子厂干活", "dispatched"),
    ("非全日制 一天干四个小时 按小时算钱", "part_time"),
    ("我在超市兼职 每天就三个小时", "part_time"),
    ("我在苏州的电子厂做事 做了两年", "employee"),
    ("2018年进厂的 一直在车间", "employee"),
    ("我们公司最近在裁员 人心惶惶", "employee"),
    ("我不是派遣的 是厂里直接招进来的", "employee"),
    ("我在物流公司当快递员 公司不给交社保", "employee"),
    ("我是快递员 每天送两百多件", "platform"),
]


@pytest.mark.parametrize("text,relationship", RELATIONSHIP_CASES)
def test_relationship(text, relationship):
    told(text, relationship=relationship)


def test_the_relationships_have_their_labels():
    assert RELATIONSHIPS["domestic_unclear"] == "家政人员（还不清楚是家庭直接雇用还是家政公司的员工）"
    assert "实习" in RELATIONSHIPS["intern_unclear"] and "在校" in RELATIONSHIPS["intern_unclear"]


@pytest.mark.parametrize("text,student", [
    ("我是实习生 学校老师带我们来的 还没毕业", True),
    ("技校生 暑假工 在厂里包装", True),
    ("我去年就毕业了 毕业证都拿到了", False),
    ("我不是学生 早就出来打工了", False),
    ("大四 在读", True),
    ("俺大二 暑假来工地帮忙搬砖", True),
    ("研一的 导师介绍来公司干活", True),
    ("我大哥在厂里给我找的活", None),
])
def test_student(text, student):
    told(text, student=student)


@pytest.mark.parametrize("text,pension", [
    ("退休了 每个月领两千多退休金", True),
    ("我领养老金好几年了 现在在工地看大门", True),
    ("还没退休 离退休还有三年", False),
    ("快退休了 单位突然要调我岗", False),
    ("我没有养老金 一直在打零工", False),
    ("养老保险就交了12年不够 所以没办退休 一直在原来公司干着", False),
    ("在深圳交了8年社保 以后退休了养老金是在深圳还是回湖南领", None),  # a retirement still ahead
])
def test_pension(text, pension):
    told(text, pension=pension)


def test_a_retiree_asked_about_in_general_is_not_the_worker():
    told("请问退休返聘的人受伤算工伤吗", relationship=None, pension=None)


def test_a_delay_of_retirement_is_not_a_pension():
    told("听说要延迟退休了 我到底哪年能退", pension=None, relationship=None)


def test_a_courier_turned_into_crowdsourcing_is_not_yet_a_platform_worker():
    told("公司要把我们这些快递员转成众包 我在这个物流公司干了三年", relationship="employee")


# ---------------------------------------------------------------------------------------------
# Who the worker is

@pytest.mark.parametrize("text,sex", [
    ("我是女的 在这个厂待了二十年", "female"),
    ("我一个女人带着孩子 老板还欠我钱", "female"),
    ("我老公也在这个厂 我们俩都没拿到工资", "female"),
    ("丈夫前年走了 我一个人在外面打工", "female"),
    ("我是男的 今年五十九", "male"),
    ("我老婆在老家带孩子 我在外面打工", "male"),
    ("俺媳妇快生了 公司不给陪产假", "male"),
    ("男 45岁 电焊工", "male"),
    ("她老公被辞退了 来问问", None),
    ("我儿媳妇在厂里上班 怀孕了", None),
    ("大姐 请问一下加班费怎么算", None),
    ("我一个五十多岁的大姐 厂里让我走人", "female"),
    ("我七一年腊月生的女的 在食堂打饭", "female"),
    ("今年五十六岁 男 开叉车的", "male"),
    ("我原来是五十岁退的那种 在纺织厂", "female"),
    ("我1975年出生 女儿刚上大学", None),
])
def test_sex(text, sex):
    told(text, sex=sex)


@pytest.mark.parametrize("text,post", [
    ("我是女工 在车间流水线上干", "worker"),
    ("女的 一直是普工", "worker"),
    ("我在国企做会计 女 干部身份", "staff"),
    ("女的 在公司做文员 五十三了", "staff"),
    ("我是男的 在车间干", None),
    ("女的 车间主任找我谈话 我是做会计的", None),
    ("按55岁退休的那种 坐办公室", "staff"),
    ("我是原来五十岁退休的", "worker"),
])
def test_post(text, post):
    told(text, post=post)


@pytest.mark.parametrize("text,birth", [
    ("我68年的 在这干了十来年", date(1968, 1, 1)),
    ("我是1971年5月生的 女工", date(1971, 5, 1)),
    ("本人1975年8月出生 男", date(1975, 8, 1)),
    ("七二年的 还能干几年", date(1972, 1, 1)),
    ("出生于1966年3月 在纺织厂", date(1966, 3, 1)),
    ("2009年的时候进的厂", None),
    ("干了20年的老员工了", None),
    ("2015年的合同早就到期了", None),
])
def test_birth(text, birth):
    told(text, birth=birth)


@pytest.mark.parametrize("text,age", [
    ("我今年57了 还在工地干", 57),
    ("五十八岁 男的 厂里不要了", 58),
    ("今年才52 就让我内退", 52),
    ("我都六十一岁了 还在扫大街", 61),
    ("我孩子3岁 晚上要带", None),
    ("女工人50岁退休是吗", None),
    ("我五十多岁了", None),
    ("快60岁了 单位不给交社保", None),
])
def test_age(text, age):
    told(text, age=age)


# ---------------------------------------------------------------------------------------------
# How long

@pytest.mark.parametrize("text,years", [
    ("在这个厂做了十五年多 厂子要搬走", 15.0),
    ("我在这家公司干了12年 一直没涨过工资", 12.0),
    ("干了一年半 老板跑路了", 1.5),
    ("在酒店上班八个月 一直没签合同", 0.67),
    ("入职三个月就被辞了", 0.25),
    ("在厂里干八年了", 8.0),
])
def test_service_years(text, years):
    told(text, service_years=years)


@pytest.mark.parametrize("text,start,years", [
    ("2009年进厂 到现在还是普工", date(2009, 1, 1), 17.0),
    ("我2019年3月入职 做仓管", date(2019, 3, 1), 7.75),
    ("去年3月份进的公司 合同一直没签", date(2025, 3, 1), 1.75),
    ("今年5月10号入职的", date(2026, 5, 10), 0.5),
    ("10月份进的厂 试用期还没过", date(2026, 10, 1), 0.17),
])
def test_start_and_years_to_today(text, start, years):
    told(text, start=start, service_years=years)


@pytest.mark.parametrize("text,total,service", [
    ("我工龄25年了 在现在这个厂干了12年", 25.0, 12.0),
    ("我的工龄一共有十二年了", 12.0, None),
    ("1990年参加工作 在这个单位干了二十年", 36.0, 20.0),
    ("打工三十多年了 这是第一次遇到这种事", 30.0, None),
])
def test_total_years_told_apart(text, total, service):
    told(text, total_years=total, service_years=service)


def test_someone_elses_service_is_not_the_workers():
    told("我老公在那个厂干了12年", service_years=None)


# ---------------------------------------------------------------------------------------------
# The contract

@pytest.mark.parametrize("text,expected", [
    ("干了八个月一直没签合同", {"contract": "none", "no_contract_months": 8}),
    ("俺在这个厂做了三年多 莫得签合同", {"contract": "none", "no_contract_months": 36}),
    ("合同也没签 社保也没交", {"contract": "none"}),
    ("公司从来没跟我签过劳动合同", {"contract": "none"}),
    ("劳动合同签了 但是在公司手里 我没有", {"contract": "written"}),
    ("签了三年的合同 还有一年到期", {"contract": "fixed"}),
    ("我们签的是无固定期限合同", {"contract": "open_ended"}),
    ("合同下个月满 人事那边讲不再签了", {"contract": "fixed", "contract_end": date(2027, 1, 1)}),
    ("合同签到明年6月", {"contract": "fixed", "contract_end": date(2027, 6, 1)}),
    ("合同今年年底到期", {"contract": "fixed", "contract_end": date(2026, 12, 31)}),
])
def test_contract(text, expected):
    told(text, **expected)


@pytest.mark.parametrize("text,probation", [
    ("还在试用期 主管天天找茬", True),
    ("试用期第二个月就被辞退了", True),
    ("早就转正了 干了两年", False),
    ("试用期已经过了 还不给转正工资", False),
    ("进厂的时候说试用期三个月", None),
    ("我们没有试用期 直接上岗", False),
])
def test_probation(text, probation):
    told(text, probation=probation)


# ---------------------------------------------------------------------------------------------
# Pregnancy and birth

@pytest.mark.parametrize("text,state", [
    ("我怀孕三个月了 公司要调我去仓库", "pregnant"),
    ("怀了二胎 主管天天让我加班", "pregnant"),
    ("孕28周 还让我上夜班", "pregnant"),
    ("我有了宝宝 才两个月 老板知道后脸色就不对", "pregnant"),
    ("懷孕了公司要我自己辭職", "pregnant"),
    ("大着肚子还站一天", None),
    ("在休产假 公司说要降我工资", "maternity"),
    ("刚生完孩子 还在坐月子 人事打电话让我回去上班", "maternity"),
    ("我是哺乳期 孩子八个月 公司让我出差", "breastfeeding"),
    ("孩子5个月 还在喂奶 每天要背奶", "breastfeeding"),
    ("上个月流产了 请了半个月假 全勤奖没了", "miscarriage"),
    ("胎停了做了清宫 公司只给三天假", "miscarriage"),
])
def test_pregnancy(text, state):
    told(text, pregnancy=state)


@pytest.mark.parametrize("text", [
    "我没怀孕 就是体检有点问题",
    "我老婆怀孕了 我想请假陪她产检",
    "我们车间有个女工怀孕了 被调岗",
    "怀孕期间公司能辞退吗",
    "如果怀孕了公司会不会辞退我",
    "孕妇能上夜班吗",
    "哺乳期过了 孩子已经断奶了",
])
def test_no_pregnancy_of_the_worker(text):
    told(text, pregnancy=None)


def test_the_pregnancy_states_have_their_labels():
    assert set(PREGNANCY) == {"pregnant", "maternity", "breastfeeding", "miscarriage"}


# ---------------------------------------------------------------------------------------------
# Injury and illness

@pytest.mark.parametrize("text,expected", [
    ("在车间被机器压断了两根手指 公司不给报工伤", {"injured_at_work": True, "injury_reported": False}),
    ("上个月12号在车间摔伤了 已经申请了工伤认定",
     {"injured_at_work": True, "injury_date": date(2026, 11, 12), "injury_reported": True}),
    ("去年10月在工地从架子上掉下来 工伤认定书下来了 伤残九级",
     {"injured_at_work": True, "injury_date": date(2025, 10, 1), "injury_reported": True}),
    ("今年3月5号上班路上被车撞了 还没申请工伤认定",
     {"injured_at_work": True, "injury_date": date(2026, 3, 5), "injury_reported": False}),
    ("干活的时候手被冲床夹了 老板说私了", {"injured_at_work": True, "injury_reported": None}),
    ("今年10月修楼道灯时从梯子上摔下来，手腕骨折", {"injured_at_work": True}),  # a job being done when it happened
    ("周末在家里修灯的时候摔了", {"injured_at_work": False}),
    ("我工伤了 在家休息三个月了 公司停了工资", {"injured_at_work": True}),
    ("我在家摔了一跤骨折了 公司说病假只给一半", {"injured_at_work": False, "ill": True}),
    ("周末自己骑车摔的 腿断了", {"injured_at_work": False, "ill": True}),
    ("手被压断了 在冲床上", {"injured_at_work": True}),
    ("接单送餐的路上摔了 膝盖全是血", {"injured_at_work": True}),
    ("因为受伤住院了两周", {"injured_at_work": None, "ill": None}),
])
def test_injury(text, expected):
    told(text, **expected)


@pytest.mark.parametrize("text,expected", [
    ("干了十几年电焊 查出来尘肺二期", {"occupational_disease": True, "ill": None}),
    ("在油漆车间干了五年 苯中毒住院了", {"occupational_disease": True, "ill": None}),
    ("确诊噪声聋 老板不认账", {"occupational_disease": True}),
    ("医生说我这不是职业病", {"occupational_disease": None}),
    ("我确诊了乳腺癌 在做化疗", {"ill": True}),
    ("生病住院了两个月 回来岗位没了", {"ill": True}),
    ("俺脑梗了 半边身子不利索", {"ill": True}),
    ("我妈住院了 我请假照顾她被扣钱", {"ill": None}),
    ("我同事得了尘肺 我也在这个车间", {"occupational_disease": None}),
    ("工伤认定需要什么材料", {"injured_at_work": None, "injury_reported": None}),
])
def test_illness_and_occupational_disease(text, expected):
    told(text, **expected)


@pytest.mark.parametrize("text,expected", [
    ("懷孕七個月 公司逼我辭職", {"pregnancy": "pregnant", "pushed_to_resign": True}),
    ("我系保姆 係雇主直接請嘅", {"relationship": "household"}),
    ("我喺廣州做嘢 冇簽合同", {"contract": "none", "city": "广州"}),
    ("我啥子合同都没签 在工地干了两年", {"contract": "none", "service_years": 2.0, "no_contract_months": 24}),
    ("工厂里wifi都没有 boss不发工资3个月了", {"owed_months": 3}),
    ("我今年48周岁 女 普工", {"age": 48, "sex": "female", "post": "worker"}),
])
def test_dialect_traditional_script_and_mixed_writing(text, expected):
    told(text, **expected)


def test_a_husbands_injury_is_not_the_workers():
    told("我老公在工地摔伤了 工头也不露面", injured_at_work=None, sex="female")


# ---------------------------------------------------------------------------------------------
# The end of the job

@pytest.mark.parametrize("text,dismissed,reason", [
    ("说我能力不行 不胜任工作 把我辞退了", True, "incompetent"),
    ("考核不合格就把我开除了", True, "incompetent"),
    ("试用期快满的时候 说我达不到录用条件 把我辞了", True, "probation"),
    ("厂里效益不好裁员 我被裁了", True, "restructure"),
    ("我们部门撤了 岗位没了 让我自己找工作", True, "restructure"),
    ("老板知道我怀孕以后就把我辞退了", True, "pregnancy"),
    ("生病住了一个月院 回来公司就不要我了", True, "illness"),
    ("说我严重违纪 把我开了", True, "misconduct"),
    ("我迟到了几次 老板就把我炒了", True, "misconduct"),
    ("厂里嫌我年纪大 让我走人", True, "age"),
    ("合同到期 公司说不再续了 让我走人", True, "contract_end"),
    ("啥理由都没有 一句话就让我明天别来了", True, "none_given"),
    ("没说原因就把我开了", True, "none_given"),
    ("老細話生意唔好要炒我", True, "restructure"),
    ("被炒鱿鱼了 老板说没活干", True, None),
    ("因为受伤住院 厂里就把我开除了", True, "illness"),
    ("厂子要搬到越南去 把我们都辞退了", True, "restructure"),
    ("旷工两天 公司说我违纪 开除了", True, "misconduct"),
    ("说我岁数大了干不动 叫我走人", True, "age"),
    ("俺咋办 车间裁员 俺被裁了", True, "restructure"),
    ("公司说我考核不合格 末位淘汰 要辞退我", True, "incompetent"),
    ("我没被辞退 就是天天让我加班", False, None),
    ("同事被辞退了 我还在上班", None, None),
    ("公司能随便开除人吗", None, None),
    ("这算不算变相辞退", None, None),
])
def test_dismissal(text, dismissed, reason):
    told(text, dismissed=dismissed, dismissal_reason=reason)


def test_the_reason_named_by_the_company_is_the_reason_read():
    told("我怀孕了，公司以不胜任为由辞退我", pregnancy="pregnant", dismissed=True, dismissal_reason="incompetent")


def test_a_pregnancy_told_apart_from_the_dismissal_is_not_its_reason():
    told("我怀孕了 上个月效益不好我被裁了", pregnancy="pregnant", dismissal_reason="restructure")


def test_the_reasons_are_the_known_keys():
    assert {"incompetent", "probation", "restructure", "pregnancy", "illness", "misconduct", "age", "contract_end",
            "none_given"} == set(DISMISSAL_REASONS)


@pytest.mark.parametrize("text,pushed,resigned", [
    ("人事逼我写辞职信 不写就扣工资", True, None),
    ("领导叫我签自愿离职书 我不肯", True, None),
    ("主管劝退我 说给我留点面子", True, None),
    ("让我签一个协商解除的协议 给一个月工资", True, None),
    ("我上上个月交了辞职信 走的时候工钱没结清", None, True),
    ("我提了辞职 公司不放人", None, True),
    ("我想辞职 但是押了一个月工资", None, None),
    ("我没辞职 是厂里辞退我的", None, False),
    ("我是被辞退的 不是自己走的", None, None),
])
def test_resignation(text, pushed, resigned):
    told(text, pushed_to_resign=pushed, resigned=resigned)


# ---------------------------------------------------------------------------------------------
# Money and hours

@pytest.mark.parametrize("text,expected", [
    ("一个月工资4500 每天干12个小时", {"wage": Decimal("4500"), "hours_per_day": 12.0}),
    ("月薪五千五 一直没涨", {"wage": Decimal("5500")}),
    ("底薪3000 提成另算", {"wage": Decimal("3000")}),
    ("6000一个月 包吃住", {"wage": Decimal("6000")}),
    ("日薪350 干一天算一天", {"wage": None}),
    ("一天两百 做一天算一天", {"wage": None}),
    ("退休金每月两千 在超市当理货员 一个月两千八", {"wage": Decimal("2800")}),
    ("老板拖欠我三个月工资 总共一万五", {"owed_months": 3, "owed_amount": Decimal("15000"), "wage": None}),
    ("欠我两万三 四个月没发了", {"owed_months": 4, "owed_amount": Decimal("23000")}),
    ("工资一个月四千五 欠了三个月 一共一万三千五",
     {"wage": Decimal("4500"), "owed_months": 3, "owed_amount": Decimal("13500")}),
    ("老板拖了半年了 一分钱没见到", {"owed_months": 6}),
    ("工资8000没发", {"owed_amount": Decimal("8000"), "wage": None}),
    ("包工头欠我们三万多跑了", {"owed_amount": Decimal("30000")}),
    ("好的时候一个月八千 公司三年都没给交社保", {"owed_months": None, "owed_amount": None}),
    ("在这干了两年 三个多月没拿到钱", {"owed_months": 3}),
    ("厂里快俩月没发饷了 一个月四千八", {"owed_months": 2, "wage": Decimal("4800")}),  # the rate after is no length owed
    ("竞业限制签了 公司一直没给补偿 算下来差我九万", {"owed_amount": None}),  # a compensation, not wages
    ("公司欠缴了一年多社保", {"owed_months": None, "owed_amount": None}),
    ("干了3年2个月 月薪5000", {"wage": Decimal("5000"), "service_years": 3.17}),
    ("6月和7月的钱都还没给", {"owed_months": 2}),  # months named by the calendar, not six
    ("底薪5000加提成 平均下来一个月7000左右", {"wage": Decimal("7000")}),  # the average, bonuses in
    # commission and bonuses are wages (劳动合同法实施条例 第二十七条): on top of the base, or the whole month
    ("美容院 老板说签合同要先交2000押金 底薪4000 提成平均2000", {"wage": Decimal("6000")}),
    ("底薪3000 提成2000 奖金500", {"wage": Decimal("5000")}),
    ("基本工资3000 加上绩效一个月5000左右", {"wage": Decimal("5000")}),
    ("底薪2800 提成一单5块", {"wage": Decimal("2800")}),
    ("HR说我不符合录用条件 让我今天就走", {"dismissed": True, "dismissal_reason": "probation"}),
    ("我是鞍山一家汽车配件厂的男职工，1968年3月出生", {"sex": "male"}),
    ("我对象上个月在工地上从架子上掉下来 人没了", {"family_death": True, "death_at_work": True}),
    ("阮翁今年九月在厝里中风 送医院没救回来", {"family_death": True}),
    # a sudden illness on duty: a death within 48 hours of the attack is a work death (工伤保险条例 第十五条)
    ("我对象值夜班的时候在库房里突然倒了 送到医院抢救了一天多还是走了", {"family_death": True, "death_at_work": True}),
    ("我老公值班的时候突然倒了 送医院抢救了三十来个小时人没的", {"family_death": True, "death_at_work": True}),
    ("我老公上班的时候突发脑出血 在医院抢救了五天还是走了", {"family_death": True, "death_at_work": False}),
    ("我老公上班的时候突发脑出血 后来人没了", {"family_death": True, "death_at_work": None}),  # how long: untold
    ("前年认定工伤的那只手 今年又复发了要住院", {"injury_reported": True}),
    ("我两年前的工伤 早就结案了 现在又疼得厉害", {"injury_reported": True}),
    # who hired a domestic worker, told in other words
    ("我在郑州给一户人家带孩子 一个月五千 是孩子奶奶直接找的我", {"relationship": "household"}),
    ("在一家人家里做保姆 是老人的女儿自己请的我", {"relationship": "household"}),
    ("住家阿姨 没经中介 东家月底不给钱", {"relationship": "household"}),
    # students and graduates
    ("我是技校二年级的 学校叫去电子厂实习 一天站十个小时", {"relationship": "intern", "student": True}),
    ("7月拿的毕业证 8月进公司 一直说我是实习生", {"relationship": "employee", "student": False}),
    # an age reached, being sent home
    ("我刚满五十 厂里叫我退休 月底以后就不用来上班了", {"age": 50, "dismissed": True, "dismissal_reason": "age"}),
    # a pension not paid is no wage owed
    ("听说社保交不够15年就不发退休金", {"owed_months": None}),
    # a lump sum offered to settle, to the worker or to the family
    ("厂里说给我三万块私了 以后就两清", {"settlement_offered": True}),
    ("我老公在矿上出事走了 矿上说赔四十万就算了", {"settlement_offered": True, "family_death": True}),
    ("我签了三方协议 下个月去实习", {"settlement_offered": None}),
    ("我1975年8月生的 2006年5月入厂 社保一直没断过", {"start": date(2006, 5, 1), "injury_date": None}),
    ("主管说喂奶时间要每天扣一小时工资", {"relationship": None}),  # not an hourly worker
    # a carer hurt while helping the person cared for is hurt at work; a sprain is an injury
    ("我当住家保姆 扶老太太起床的时候把腰扭伤了", {"injured_at_work": True}),
    ("在车间搬货把腰扭了", {"injured_at_work": True}),
    ("俺娘住院花了十几万 医保报了一半", {"ill": None}),  # the worker's mother is ill, not the worker
    ("我老娘中风住院了 我请假照顾", {"ill": None}),
    # how long the man had worked is not how long he was rescued
    ("我老公在厂里才干了两个月 上班的时候突发心梗 后来人没了", {"family_death": True, "death_at_work": None}),
    ("我老公值班时突发脑出血 在医院住了两个星期还是走了", {"family_death": True, "death_at_work": False}),
    ("我在医院做护工 是护工公司派过去的 跟护工公司签了合同", {"relationship": "household_agency"}),
    ("产假修完回来上班了 厂里说哺乳时间一天一个小时", {"pregnancy": "breastfeeding"}),
    ("公司人事说我是工人身份 按原来50岁那一档算", {"sex": "female", "post": "worker"}),
    ("合同年底到期 老板说到期不续了 我怀孕五个月 听说怀孕不能辞退", {"dismissed": True, "dismissal_reason": "contract_end"}),
    ("牧场说不要我了 干了3年 一个月4200", {"service_years": 3.0, "wage": Decimal("4200")}),  # the month is the wage's
    ("老板9月的工资没发", {"owed_months": 1}),
    ("8月到10月工资都没发", {"owed_months": 3}),
    ("去年11月到今年1月的钱没发", {"owed_months": 3}),
    ("5、6、7三个月工资拖着不给", {"owed_months": 3}),
    ("我2024年3月1日进的公司 月薪6000 公司一直拖着没跟我签劳动合同", {"owed_months": None, "wage": Decimal("6000")}),
])
def test_money(text, expected):
    told(text, **expected)


@pytest.mark.parametrize("text,hours", [
    ("每天干12个小时 一个月休两天", 12.0),
    ("一天上十个钟 站着干", 10.0),
    ("早上8点干到晚上10点", 14.0),
    ("早上七点上班 晚上九点才下班", 14.0),
    ("两班倒 一班十二个小时", 12.0),
    ("一天干十几个小时", None),
])
def test_hours_per_day(text, hours):
    told(text, hours_per_day=hours)


# ---------------------------------------------------------------------------------------------
# A death in the family

@pytest.mark.parametrize("text,death,at_work", [
    ("老公在楼盘工地出了事故 人没了 工头只给了两万", True, True),
    ("我爸昨天在工地干活时从架子上掉下来 没了", True, True),
    ("我老公上个月在厂里出了事故 送到医院没抢救过来", True, True),
    ("我爱人上班的时候突发心梗 抢救无效去世了", True, None),  # a work death only within 48 hours: the entry on it answers
    ("我爱人在车间突发脑出血 当场就没了", True, True),
    ("我老婆前年生病去世了 我一个人带孩子", True, False),
    ("我老公去世了 厂里还欠他两个月工资", True, None),
    ("同事的老公在工地出事死了", None, None),
    ("我老公在工地受伤了 还在医院", None, None),
])
def test_family_death(text, death, at_work):
    told(text, family_death=death, death_at_work=at_work)


# ---------------------------------------------------------------------------------------------
# The city

@pytest.mark.parametrize("text,city", [
    ("我在惠州博罗一个塑胶厂", "惠州"),
    ("人在成都郫县 一个家具厂", "成都"),
    ("老家信阳的 现在在苏州昆山电子厂", "苏州"),
    ("我是周口的 现在在郑州工地上扎钢筋", "郑州"),
    ("我是温州人在杭州打工", "杭州"),
    ("在魔都送外卖", "上海"),
    ("深圳龍華一間電子廠", "深圳"),
    ("家住中山路 公司不给钱", None),
    ("在家里带孩子", None),
])
def test_city(text, city):
    told(text, city=city)


# ---------------------------------------------------------------------------------------------
# A whole conversation

def test_a_story_told_in_one_long_message():
    p = read(["我是个女的 五十岁了 在纺织厂流水线上干了二十多年 厂里说我年纪大让我走人 也没给什么补偿 "
              "一个月工资三千八 在佛山顺德"], TODAY)
    assert (p.sex, p.post, p.age, p.service_years) == ("female", "worker", 50, 20.0)
    assert (p.dismissed, p.dismissal_reason, p.wage, p.city) == (True, "age", Decimal("3800"), "佛山")


def test_the_second_message_adds_the_birth_year():
    p = read(["厂里说我年纪大了让我走人", "我68年的"], TODAY)
    assert p.dismissed is True and p.birth == date(1968, 1, 1) and p.age == 58


def test_the_second_message_says_who_hired_the_domestic_worker():
    assert read(["我是育儿嫂 雇主不给结工资"], TODAY).relationship == "domestic_unclear"
    assert read(["我是育儿嫂 雇主不给结工资", "家政公司派的"], TODAY).relationship == "household_agency"
    assert read(["我是育儿嫂 雇主不给结工资", "东家自己请的"], TODAY).relationship == "household"


def test_the_second_message_settles_the_placement():
    assert read(["在厂里实习 手被机器轧了"], TODAY).relationship == "intern_unclear"
    p = read(["在厂里实习 手被机器轧了", "还没毕业呢"], TODAY)
    assert (p.relationship, p.student, p.injured_at_work) == ("intern", True, True)
    p = read(["在厂里实习 手被机器轧了", "我已经毕业了"], TODAY)
    assert (p.relationship, p.student) == ("employee", False)


def test_a_later_message_corrects_an_earlier_one():
    p = read(["我在这干了12年", "说错了 是2010年进厂的"], TODAY)
    assert p.start == date(2010, 1, 1) and p.service_years == 16.0
    p = read(["月薪五千", "不对 月薪是六千"], TODAY)
    assert p.wage == Decimal("6000")


def test_a_plain_workplace_does_not_undo_a_particular_relationship():
    assert read_one("在电子厂里做了三年", TODAY).relationship == "employee"
    p = read(["我是派遣工", "在电子厂里做了三年"], TODAY)
    assert p.relationship == "dispatched" and p.service_years == 3.0


def test_age_follows_from_the_birth_told():
    assert read(["1971年5月生"], TODAY).age == 55
    assert read(["1971年12月生"], date(2026, 12, 1)).age == 55  # a month told stands for its 1st
    assert read(["1971年12月生"], date(2026, 11, 30)).age == 54


def test_an_age_told_is_kept_over_one_computed():
    assert read(["我今年57了", "我68年的"], TODAY).age == 57


def test_service_follows_from_the_start_told():
    assert read(["2020年3月入职"], TODAY).service_years == 6.75


def test_a_pregnant_worker_is_a_woman():
    assert read(["怀孕五个月了 主管天天骂我"], TODAY).sex == "female"
    assert read(["我老婆怀孕了 公司不给我批假"], TODAY).sex == "male"


def test_a_man_has_no_retirement_group():
    assert read(["在车间干了三十年", "男的"], TODAY).post is None
    assert read(["在车间干了三十年", "女的"], TODAY).post == "worker"


def test_a_man_tells_of_his_wifes_death_at_work():
    p = read(["我老婆在厂里上夜班出事故没了", "厂里只给五万块"], TODAY)
    assert (p.sex, p.family_death, p.death_at_work, p.pregnancy) == ("male", True, True, None)


def test_a_husbands_dismissal_told_by_his_wife_is_not_hers():
    p = read(["我老公被辞退了", "我怀孕了 也在这个厂"], TODAY)
    assert (p.sex, p.dismissed, p.pregnancy) == ("female", None, "pregnant")


def test_nothing_is_guessed_from_a_greeting_or_a_question():
    assert read(["你好", "在吗", "工伤怎么赔"], TODAY) == Profile()
    assert read_one("", TODAY) == Profile() and read_one("   ", TODAY) == Profile()


def test_an_empty_conversation_tells_nothing():
    assert read([], TODAY).known() == {}


# ---------------------------------------------------------------------------------------------
# The quick scan under the readers

@pytest.mark.parametrize("pattern", [
    r"(?:还)?(?:没有?|未)(?:到)?退休|还没退",
    r"(?<![她他])(?:老公|丈夫)",
    r"(?:^|[，,])(?:女的|女)(?=$|[，,])",
    r"[0-9]{2}\s*年(?:\s*[0-9]{1,2}\s*月)?\s*(?:生|的)",
    r"(?P<a>同事|工友)|(?P<me>我(?!们厂))",
])
def test_a_quick_pattern_finds_what_the_plain_one_finds(pattern):
    import re

    from bot.common.text import quick_pattern

    texts = ["还没退休 我老公68年的", "女的，她老公没到退休年龄", "我们厂同事71年5月生 我也是", "女", ""]
    quick = quick_pattern(pattern)
    assert quick.pattern.startswith("(?=[")
    for text in texts:
        assert [(m.span(), m.groupdict()) for m in quick.finditer(text)] == \
            [(m.span(), m.groupdict()) for m in re.compile(pattern).finditer(text)]


def test_a_pattern_that_may_start_anywhere_is_compiled_as_it_is():
    from bot.common.text import quick_pattern

    assert quick_pattern(r"\s*岁").pattern == r"\s*岁"
    assert quick_pattern(r"a?b?").pattern == r"a?b?"


@pytest.mark.parametrize("field,text,expected", [
    ("relationship", "公司派的", {"relationship": "household_agency"}),
    ("relationship", "是雇主直接请的 不是公司", {"relationship": "household"}),
    ("relationship", "东家", {"relationship": "household"}),
    ("student", "还在读 大四", {"student": True, "relationship": "intern"}),
    ("student", "去年就毕业了", {"student": False, "relationship": "employee"}),
    ("pension", "没领 还没到年龄", {"pension": False}),
    ("pension", "领着呢 一个月两千多", {"pension": True, "relationship": "retired_rehire"}),
    ("relationship", "不知道啊", {}),
    ("wage", "六千", {}),  # no short-answer reading for that question: the usual reading applies
])
def test_a_short_answer_to_the_question_asked(field, text, expected):
    from bot.cases.profile import read_answer

    assert read_answer(field, text).known() == expected


@pytest.mark.parametrize("text, reason", [
    ("上个礼拜就给了我一张解除通知，说是客观情况发生重大变化", "restructure"),
    ("合同今年12月底到期，宾馆说到期就不续了", "contract_end"),
])
def test_a_notice_handed_over_or_a_contract_not_renewed_is_a_dismissal(text, reason):
    told(text, dismissed=True, dismissal_reason=reason)


# An older worker's contract ending, told in a few words or with a typo
@pytest.mark.parametrize("text, expected", [
    ("58了 合同年底到期 厂里说不续了 钢管厂", dict(age=58, dismissed=True, dismissal_reason="contract_end")),
    ("1968年9月的 进厂21年 没断过", dict(birth=date(1968, 9, 1), service_years=21.0)),
    # the employer's own words put her in the women workers' group retiring at 50 (退修: a typo)
    ("物业说我今年50了到退修年龄了 合同年底到期就终指 不续了",
     dict(age=50, sex="female", post="worker", dismissed=True, dismissal_reason="contract_end")),
    ("医院人事通知我这个月底办退休手续，说我满55了", dict(sex="female", post="staff")),
    ("合同下个月到期 我自己不想续了 想回老家", dict(dismissed=None)),
    ("合同到期后不续签有补偿吗", dict(dismissed=None)),  # a question in general, no employer ending anything
    ("俺都60了 老板还让俺上夜班", dict(age=60)),
])
def test_an_older_workers_contract_ending(text, expected):
    told(text, **expected)


@pytest.mark.parametrize("text, expected", [
    ("霍尔果斯一个物流仓开叉车 去年工伤 右手评了九级 HR让我签离职申请", dict(disability_grade=9, injured_at_work=True, injury_reported=True)),
    ("送单的时候路上结冰滑倒了 车压着腿 小腿骨折", dict(injured_at_work=True)),
    # someone named in an aside ("老乡介绍的") does not take the story over
    ("在北京给一家人当育儿嫂 老乡介绍的 没走中介 说好一个月八千 干了三个礼拜", dict(wage=Decimal(8000), relationship="household")),
])
def test_injury_grades_deliveries_and_asides(text, expected):
    told(text, **expected)


@pytest.mark.parametrize("text, unpaid", [
    ("干了三个礼拜 女主人叫俺走 一分钱不给", True),
    ("工钱一分都没结 老板跑了", True),
    ("上个月的工资少发了五百", None),
])
def test_nothing_paid_at_all(text, unpaid):
    told(text, unpaid_all=unpaid)


@pytest.mark.parametrize("text, expected", [
    # an illness that ended at home is no death at work, though the story says where he worked
    ("我丈夫在银川一家物业公司上班，今年查出肝癌，上个月在家里去世了", dict(family_death=True, death_at_work=False)),
    ("我老公在矿上井下干活 上个月冒顶人没了", dict(family_death=True, death_at_work=True)),
    ("今年3月初推料的时候锯到了左手 两个手指头没了一截 一直没给我弄工伤",
     dict(injured_at_work=True, injury_date=date(2026, 3, 1), injury_reported=False)),
    ("上周热电厂HR说岗位取消 把我退回人力公司了", dict(dismissed=True)),
    ("西安 洗车行 钟点工 一天4个钟头 老板说明天嫑来咧", dict(relationship="part_time", dismissed=True)),
    ("我是做钟点工的 一家做两个钟头 给人家做饭打扫卫生", dict(relationship="domestic_unclear")),
    ("HR说我实习期考核不合格 明天就可以走了", dict(dismissed=True)),
    ("我是网点老板招的 每天早上7点打卡 工资网点发", dict(relationship="employee")),
])
def test_deaths_injuries_and_endings_told_plainly(text, expected):
    told(text, **expected)


@pytest.mark.parametrize("text, expected", [
    # back from maternity leave, or a baby born this year: the nursing year
    ("产假回来两个多月 公司说整个部门砍掉 HR给了一个离职协议 N+1 让我这周签",
     dict(pregnancy="breastfeeding", pushed_to_resign=True)),
    ("我宝宝是今年6月出生的 部门其他人都签了", dict(pregnancy="breastfeeding")),
    # Shanghainese: 阿拉 (I), 伐续签 (not renewed)
    ("阿拉是浦东一家物业公司的客服 我现在怀孕五个月了 上礼拜经理讲合同到期伐续签了",
     dict(pregnancy="pregnant", dismissed=True, dismissal_reason="contract_end")),
])
def test_nursing_mothers_and_wu_wordings(text, expected):
    told(text, **expected)


@pytest.mark.parametrize("text, months, amount", [
    # a list of months is no money owed, and the count told after "从8月开始" is the months owed
    ("每个月工资7800 从8月开始就没发过工资 到现在8 9 10三个月了 一共欠我23400", 3, Decimal(23400)),
    ("从9月开始就没发工资", 3, None),  # September to early December
    ("老板欠我80块", None, Decimal(80)),  # a small amount with its unit is still owed
])
def test_months_and_money_owed_are_not_read_from_a_list_of_months(text, months, amount):
    told = read_one(text, TODAY)
    assert told.owed_months == months and told.owed_amount == amount


@pytest.mark.parametrize("messages, facts", [
    # written by a relative: the relative is the worker
    (["我妈在郑州一家物业公司做保洁，2009年就进了这家公司。她是1977年11月生的"],
     {"sex": "female", "birth": date(1977, 11, 1), "relationship": "employee"}),
    (["俺爹在青岛港干绑扎工 是劳务派遣公司派过去的 前天夜班拆杆子的时候 杆子砸下来把脚面砸骨折了"],
     {"sex": "male", "relationship": "dispatched", "injured_at_work": True}),
    (["我替我姨问一下。她在一户人家做住家保姆", "那去哪里告啊"], {"sex": "female"}),
    # a husband writing for his wife: what the foreman said is no matter of his own
    (["俺媳妇在苏州一个电子厂上班 现在怀孕快8个月了 厂里还是叫她两班倒 组长说大家都这样 不想干就走 俺心里急得很"],
     {"sex": "female", "pregnancy": "pregnant", "pregnant_months": 8}),
    (["你好我是替我老婆问的 她在兰州一个火锅店当服务员 干了一年多了 然后怀孕四个月了"],
     {"sex": "female", "pregnancy": "pregnant"}),
    # a mother writing for her daughter at a vocational school: the daughter's facts, not the mother's
    (["我想问一下那个 我闺女在湖南读中职的 今年十七 学校九月份把她们一个班都弄到东莞一个电子厂去实习 天天上夜班 晚上八点到早上八点"],
     {"relationship": "intern", "student": True, "age": 17}),
    # a son writing for his mother, a nanny, after the old man she cared for died
    (["俺娘在邯郸乡下给一个瘫在床上的老爷子当保姆 是老爷子的仨闺女一个儿子凑钱请的 最后俩月没给 上个月老爷子没了"],
     {"relationship": "household", "family_death": None}),
    # a niece writing for her aunt, a nanny: the old man's death is not the family's, and the nanny's dismissal is the aunt's
    (["我替我姨问一下。她在一户人家做住家保姆，照顾老爷子，是那家的儿子直接找的她。11月老爷子走了，"
      "那家儿子就说人都没了还结什么账，让我姨收拾东西走人，一共欠了22500。"],
     {"sex": "female", "relationship": "household", "dismissed": True, "family_death": None}),
    # a domestic worker's answer settles who employs her
    (["我给开火锅店的两口子当保姆 让我去店里后厨帮忙切菜 前天把手切了", "工资一直是火锅店的会计转给我的，店里排班表上也有我的名字"],
     {"relationship": "employee", "injured_at_work": True}),
    # a wife writing for her husband: an offer made to the family is not her own matter
    (["我老公在光伏电站做运维 前天检修逆变器的时候触电了 公司给了两万块 让我签个协议 一次性了结"],
     {"sex": "male", "injured_at_work": True, "settlement_offered": True}),
    # the relative's birth told first, the dismissal without a "我"
    (["我爸 68年5月生 在屠宰场干了20年 厂里说他年纪大了不胜任 让月底走人 合法吗"],
     {"sex": "male", "birth": date(1968, 5, 1), "service_years": 20.0, "dismissed": True}),
])
def test_a_relative_writing_for_the_worker_tells_the_workers_facts(messages, facts):
    told = read(messages, TODAY)
    assert {k: getattr(told, k) for k in facts} == facts


@pytest.mark.parametrize("first", ["我老公在工地上从脚手架摔下来 人没了", "我怀孕五个月了 我老公说让我辞职"])
def test_a_widow_or_a_worker_who_names_her_husband_writes_for_herself(first):
    from bot.cases.profile import for_relative

    assert for_relative(first) is None


@pytest.mark.parametrize("text, expected", [
    # the stay in hospital of a birth is no illness, and "也不给报" is the bill, not a work injury
    ("俺十月份生了孩子 产假期间一分钱木有 住院花了八千多也不给报", dict(ill=None, injury_reported=None, pregnancy="maternity")),
    # an ultimatum ends the job as much as a dismissal does
    ("老板又打电话 说要么过完年就回来上班 要么就别来了", dict(dismissed=True)),
    # the employer denying a work injury is told of an injury at work
    ("夜场兼职 昨天在魔毯那摔了 胳膊骨折 老板说小时工不算工伤", dict(injured_at_work=True)),
    # a threat to make the worker sign is no dismissal done; what the worker reads into a transfer neither
    ("今天队长又撂下话 说不签自愿离职 就按旷工把额开了", dict(dismissed=None, pushed_to_resign=True)),
    ("调到二十里外夜里巡逻 工资还少了八百 明摆着是想把额撵走", dict(dismissed=None, pushed_to_resign=None)),
    # no social insurance paid; "一分不给" of a compensation is no wages unpaid
    ("boss從來沒給交過社保 當初入職讓簽了個自願放棄社保承諾書", dict(uninsured=True)),
    ("要走就是自己辭職 一分不給", dict(unpaid_all=None)),
    ("社保交没交我也不知道", dict(uninsured=None)),
    # managed as an employee is: two signs at least
    ("每天下午2点到晚上10点必须在公司直播间开播 迟到扣钱 账号是公司注册的 每月底薪4000", dict(managed=True)),
    ("自己想跑就跑 平台派单", dict(managed=None)),
    ("站长说我差评多 直接把我踢出站点群 说不用来了", dict(dismissed=True)),
    # the baby's birth date: in the nursing year; the worker's own birth is read apart
    ("我孩子是2026年4月10日出生的。", dict(pregnancy="breastfeeding", child_born=date(2026, 4, 10), birth=None)),
    # how far along; an employer's threats push the worker out
    ("我现在怀孕七个半月了 厂里还是排我上夜班", dict(pregnancy="pregnant", pregnant_months=7.5)),
    ("怀孕11周 医院做的清宫", dict(pregnancy="miscarriage", pregnant_months=2.5)),
    ("怀起五个月了", dict(pregnancy="pregnant", pregnant_months=5)),
    ("组长就说 不上夜班就扣绩效 不想干就自己走", dict(pushed_to_resign=True)),
    ("校长说哪个再请假去产检就当自动离职", dict(pushed_to_resign=True)),
    # the start told of any workplace, or as "打90年就在这干"; a pension drawn, its amount between
    ("2022年12月进的牧场 一个月5200", dict(start=date(2022, 12, 1), wage=Decimal(5200))),
    ("打90年就在这干", dict(start=date(1990, 1, 1))),
    ("是从国企退休的 每个月领两千多退休金", dict(pension=True)),
    # an injury told and asked about as a work injury is told as one at work
    ("62了 在滑雪场看缆车 上礼拜从上下客平台摔下来 腿断了 算工伤不", dict(injured_at_work=True)),
    ("在家摔了一跤 算工伤吗", dict(injured_at_work=False)),
    # a carer's injury told after the child she looks after; a business that pays and rosters her employs her
    ("是家政公司派我去客户家的 前天在客户家浴室给宝宝洗澡的时候滑了一跤 手腕骨折了", dict(injured_at_work=True)),
    ("工资一直是火锅店的会计转给我的，店里排班表上也有我的名字", dict(relationship="employee")),
    ("技校 16岁 中介介绍去高铁餐车实习", dict(student=True, relationship="intern")),
    ("11月20号被通知不用来", dict(dismissed=True)),
    ("上个月组长说项目结束了，让我们这批实习生都别来了", dict(dismissed=True, dismissal_reason="restructure")),
    # a doctor's suspicion is no diagnosis; an office cleaner paid by the hour is a part-timer, not a nanny
    ("医院医生说怀疑跟接触苯有关，建议去做职业病诊断", dict(suspected_disease=True, occupational_disease=None)),
    ("在写字楼做保洁 是保洁公司招的小时工 每天早上6点到9点", dict(relationship="part_time")),
    ("送单的时候在路口被一个私家车刮倒了 小腿骨裂", dict(injured_at_work=True)),
    ("签的是啥承包协议 可每天早7点必须到站点分拣 规定一个投诉罚200", dict(managed=True, non_labour_paper=True)),
    ("2026年2月16号上的风机 现在12月了 公司还是不签", dict(start=date(2026, 2, 16))),
    ("那这个月我干了20天的工资还能要吗 她一直没提", dict(owed_days=20)),
    ("额在酒泉一个风电场实习 学校搞的", dict(relationship="intern", student=True)),
    # a widow's family: the children's ages, the parents-in-law living on him, her own age and work
    ("我今年46，身体还行，在超市上班。俩孩子，大的20岁在上大学，小的16岁上高中。公公婆婆都70多了，一直靠我男人每月给钱过日子。",
     dict(survivors=("child:20", "child:16", "parent:male:70:relied", "parent:female:70:relied", "spouse:46:works"))),
    # from set K: a retirement to come or asked about is no pension drawn; an afternoon shift; pregnancy
    # months are no service; a dismissal decided; a family's children hired the nanny; the years before
    ("俺在沈阳一个机加厂干了18年了 70年3月生的 岗位没了 要跟俺解除合同 俺都这岁数了 再有几年就退休了",
     dict(pension=None, dismissed=True, service_years=18.0)),
    ("68年11月的 男 社保交了13年 啥时候退 够不够领养老金", dict(pension=None)),
    ("干了几年就被开了", dict(dismissed=True)),  # a length told before the dismissal is no supposition
    ("我在长沙一个奶茶店做小时工 每天下午5点到9点 一周六天", dict(hours_per_day=4.0)),
    ("我在服装厂做车工 做了好几年了 今年8月查出来怀孕 现在快5个月了", dict(service_years=None, pregnancy="pregnant")),
    ("这周一主管拿了张纸说我不能胜任岗位 公司决定跟我解除合同", dict(dismissed=True)),
    ("我在乡下给一个老爷子当保姆 是老爷子的仨闺女一个儿子凑钱请的", dict(relationship="household")),
    ("我在这个厂做了四年 之前在老家和苏州的厂里也做了七八年 加起来十二年了", dict(total_years=12.0)),
    ("老板拿了张打印好的自愿离职申请 我哭着就签了 这还有办法吗", dict(resigned=True)),
    ("我兄弟今年才十五岁 在毕节读中职 一年级 开学没两个月学校就说要去鞋厂搞实习", dict(first_year=True)),
    ("从2009年干到现在，17年了", dict(start=date(2009, 1, 1))),
    # from set L: children counted "一个12岁一个8岁"; "是2023年3月进的。"; "入职第50天"; "没说具体原因"
    ("我们有两个娃 一个12岁一个8岁 他爸妈都七十多了在老家 平时都是靠他寄钱",
     dict(survivors=("child:12", "child:8", "parent:male:70:relied", "parent:female:70:relied"))),
    ("我参加工作一共12年了，在这家公司是2023年3月进的。", dict(total_years=12.0, start=date(2023, 3, 1))),
    ("入职第50天，主管说觉得我不太合适，让我明天不用来了，没说具体原因", dict(dismissed=True, dismissal_reason="none_given")),
    # a household is no person: the carer's own injury told after "在一户人家上户"; cleaning for a family
    ("我是育儿嫂 在上海浦东一户人家上户 上周给宝宝洗澡 卫生间地滑摔了一跤 手腕骨折", dict(injured_at_work=True)),
    ("我在武汉给人家做保洁，雇主让我擦外面的窗户，我从凳子上摔下来", dict(relationship="domestic_unclear")),
    # twins and a difficult birth lengthen the leave
    ("11月2號順產生咗一對雙胞胎", dict(pregnancy="maternity", babies=2, difficult_birth=None)),
    ("上个月难产生了个儿子", dict(pregnancy="maternity", babies=None, difficult_birth=True)),
])
def test_births_ultimatums_and_denied_injuries(text, expected):
    told(text, **expected)


def test_a_stay_in_hospital_after_an_injury_at_work_is_the_injurys_not_an_illness():
    told = read(["我在港口干绑扎 夜班拆杆子的时候 杆子砸下来把脚面砸骨折了", "两边踢皮球 住院押金还是我家垫的"], TODAY)
    assert told.injured_at_work and told.ill is None
    assert read(["我2009年就进了这家公司"], TODAY).start == date(2009, 1, 1)


def test_a_writer_who_names_her_husband_at_work_but_tells_her_own_matter_is_the_worker():
    told = read(["我老公在工地上班 我怀孕五个月了 公司说我不能胜任要辞退我"], TODAY)
    assert told.pregnancy == "pregnant" and told.sex == "female"

