"""Parsers for workers' intake-form answers: every expectation is the value a person would read."""
from __future__ import annotations

import dataclasses
import random
from datetime import date
from decimal import Decimal

import pytest

from bot.cases import parsing
from bot.cases.parsing import (
    EVIDENCE_LABELS,
    Amount,
    Count,
    Duration,
    cn_number,
    parse_amount,
    parse_choice,
    parse_count,
    parse_date,
    parse_duration,
    parse_employment,
    parse_evidence,
    parse_hours,
    parse_last4,
    parse_name,
    parse_unknown,
    parse_yes_no,
)

TODAY = date(2026, 11, 21)  # a Saturday; the Monday of its week is 2026-11-16
D = Decimal


# --------------------------------------------------------------------------------------------
# cn_number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("三千五", 3500), ("两万五", 25000), ("一万二", 12000), ("十几", 10), ("1.2万", 12000),
        ("二十", 20), ("一百零五", 105), ("3,000", 3000), ("〇", 0), ("零", 0),
        ("十", 10), ("十五", 15), ("一百五", 150), ("一百五十", 150), ("两千零五", 2005),
        ("一千零五十", 1050), ("一万零五百", 10500), ("五万三千二", 53200), ("十万", 100000),
        ("一亿两千万", 120000000), ("三点五", D("3.5")), ("三十五点五", D("35.5")), ("1万2000", 12000),
        ("3千5", 3500), ("3万5", 35000), ("壹万贰仟", 12000), ("拾", 10), ("两百", 200),
        ("二〇二六", 2026), ("七八", 8), ("三四十", 40), ("十一二", 12), ("8000", 8000),
        ("12,000.50", D("12000.5")), ("１２００", 1200), ("俩", 2), ("仨", 3),
    ],
)
def test_cn_number(text, expected):
    assert cn_number(text) == D(expected)


@pytest.mark.parametrize(
    "text", ["", "abc", "几千", "百", "万", "三百四百", "八千多", "-5", "负五", "一万万", "3.", "1,2", "🙂", "9" * 30]
)
def test_cn_number_rejects(text):
    assert cn_number(text) is None


def test_cn_number_gives_plain_decimals():
    assert str(cn_number("1.2万")) == "12000"
    assert str(cn_number("三点五")) == "3.5"


# --------------------------------------------------------------------------------------------
# parse_amount


@pytest.mark.parametrize(
    "text, value, approx",
    [
        ("八千多", 8000, True), ("1.2万", 12000, False), ("两万五", 25000, False), ("一万二", 12000, False),
        ("5k", 5000, False), ("5K", 5000, False), ("8500元", 8500, False), ("三千五百块", 3500, False),
        ("4千", 4000, False), ("¥3,000", 3000, False), ("￥3,000", 3000, False),
        ("大概两万左右", 20000, True), ("欠了我一万多块钱", 10000, True), ("工资6000 欠了3个月", 6000, False),
        ("三块五", D("3.5"), False), ("8000", 8000, False), ("八千", 8000, False), ("1.5w", 15000, False),
        ("1.5W", 15000, False), ("2w5", 25000, False), ("1w", 10000, False),
        ("一个月6000，欠了3个月", 6000, False), ("我们一块干的活，欠了两万", 20000, False),
        ("欠了三个月工资，一共一万八", 18000, False), ("欠我3个月工资共计24000元", 24000, False),
        ("五毛", D("0.5"), False), ("三块五毛钱", D("3.5"), False), ("rmb 3000", 3000, False),
        ("人民币三千", 3000, False), ("3000RMB", 3000, False), ("一万五千", 15000, False), ("2万", 20000, False),
        ("工资每月5500", 5500, False), ("三万块左右", 30000, True), ("3000多块", 3000, True),
        ("一万块多", 10000, True), ("两千来块", 2000, True), ("1.2万元", 12000, False), ("十万", 100000, False),
        ("2026年3月到现在 一共欠了三万", 30000, False), ("5月份的工资4500", 4500, False),
        ("八九千", 9000, True), ("大概七八千吧", 8000, True), ("差不多1万", 10000, True),
        ("不到5000", 5000, True), ("快一万了", 10000, True), ("一万出头", 10000, True),
        ("一千二百五十元", 1250, False), ("两块钱", 2, False), ("3,500元", 3500, False), ("2.5万", 25000, False),
        ("5000/月", 5000, False), ("5000元/月", 5000, False), ("月薪5千", 5000, False),
        ("3万5", 35000, False), ("1万5千块", 15000, False), ("2千5", 2500, False), ("壹万贰仟元", 12000, False),
        ("欠了3个月，每个月4000，一共12000", 4000, False), ("手机13812345678，欠我5000", 5000, False),
        ("８０００元", 8000, False), ("0", 0, False), ("十几万", 100000, True),
    ],
)
def test_parse_amount(text, value, approx):
    assert parse_amount(text) == Amount(D(value), approx)


@pytest.mark.parametrize(
    "text",
    [
        "不知道", "没有", "3个月", "13812345678", "2026年3月", "138 1234 5678", "020-87654321", "八点半", "8:30",
        "一分钱没给", "-500", "2026-03-05", "几千块", "好几万", "欠了两年", "我们20个人", "老板跑了",
        "工资8000-9000",  # a range is not read (see the report): the bot asks again
    ],
)
def test_parse_amount_rejects(text):
    assert parse_amount(text) is None


def test_amount_value_is_plain_and_exact():
    amount = parse_amount("1.2万")
    assert str(amount.value) == "12000"
    assert isinstance(amount.value, Decimal)


# --------------------------------------------------------------------------------------------
# parse_count


@pytest.mark.parametrize(
    "text, value, approx",
    [
        ("就我一个", 1, False), ("只有我", 1, False), ("我自己", 1, False), ("十几个人", 10, True),
        ("30多人", 30, True), ("全厂200多号人", 200, True), ("七八个", 8, True), ("两个", 2, False),
        ("5", 5, False), ("我们班组12个", 12, False), ("我们三个", 3, False), ("就俩人", 2, False),
        ("仨", 3, False), ("一百来号人", 100, True), ("三四十人", 40, True), ("100人左右", 100, True),
        ("12", 12, False), ("我和老婆两个人", 2, False), ("3月份来的12个人", 12, False), ("一个人", 1, False),
        ("十来个", 10, True), ("二三十个工友", 30, True), ("就我一个人", 1, False), ("40个左右", 40, True),
        ("六七十号人", 70, True), ("我们一共8个", 8, False), ("我自己和两个老乡", 3, False),
        ("一个班组12个人", 12, False), ("上百人", 100, True), ("三个老乡", 3, False), ("大概50人", 50, True),
        ("二十来个", 20, True), ("１５个", 15, False), ("五名工人", 5, False),
    ],
)
def test_parse_count(text, value, approx):
    assert parse_count(text) == Count(value, approx)


@pytest.mark.parametrize(
    "text", ["好几个", "很多人", "一帮人", "好多人", "一大帮", "0", "-3", "0个人", "整个车间的人都被欠了", "不知道", "三个月", ""]
)
def test_parse_count_rejects_vague_and_zero(text):
    assert parse_count(text) is None


# --------------------------------------------------------------------------------------------
# parse_duration


@pytest.mark.parametrize(
    "text, months, approx",
    [
        ("三个月了", 3.0, False), ("两个多月", 2.0, True), ("半年", 6.0, False), ("一年多", 12.0, True),
        ("一年半", 18.0, False), ("90天", 3.0, False), ("一周", 0.2, False), ("一个星期", 0.2, False),
        ("两周", 0.5, False), ("3个月", 3.0, False), ("俩月", 2.0, False), ("两年", 24.0, False),
        ("10个月", 10.0, False), ("大概半年了", 6.0, True), ("快一年了", 12.0, True), ("快三个月了", 3.0, True),
        ("三年多", 36.0, True), ("一个多月", 1.0, True), ("半个多月", 0.5, True), ("半个月", 0.5, False),
        ("一个半月", 1.5, False), ("两个半月", 2.5, False), ("个把月", 1.0, True), ("两三个月", 3.0, True),
        ("五个月左右", 5.0, True), ("一年零三个月", 15.0, False), ("一年又两个月", 14.0, False),
        ("十多天", 0.3, True), ("二十多天", 0.7, True), ("1.5个月", 1.5, False), ("十几个月", 10.0, True),
        ("两个礼拜", 0.5, False), ("一天", 0.1, False), ("三个星期一直没发", 0.7, False),
    ],
)
def test_parse_duration_lengths(text, months, approx):
    assert parse_duration(text, today=TODAY) == Duration(months, None, approx)


@pytest.mark.parametrize(
    "text, since, months, approx",
    [
        ("去年十月到现在", date(2025, 10, 1), 13.0, False),
        ("从3月份开始", date(2026, 3, 1), 8.0, False),
        ("今年5月开始就没发", date(2026, 5, 1), 6.0, False),
        ("2025年12月", date(2025, 12, 1), 11.0, False),
        ("12月开始", date(2025, 12, 1), 11.0, False),  # a month after November: last year's
        ("11月开始", date(2026, 11, 1), 1.0, False),  # this month: at least one month
        ("从去年12月开始", date(2025, 12, 1), 11.0, False),
        ("2026年1月份开始", date(2026, 1, 1), 10.0, False),
        ("上个月开始", date(2026, 10, 1), 1.0, False),
        ("上上个月", date(2026, 9, 1), 2.0, False),
        ("25年12月", date(2025, 12, 1), 11.0, False),
        ("2025-12", date(2025, 12, 1), 11.0, False),
        ("从2026年3月5号开始", date(2026, 3, 5), 8.0, False),
        ("三月份", date(2026, 3, 1), 8.0, False),
        ("去年年底", date(2025, 12, 1), 11.0, True),
        ("大概从3月份开始", date(2026, 3, 1), 8.0, True),
        ("２０２５年１０月", date(2025, 10, 1), 13.0, False),
    ],
)
def test_parse_duration_since(text, since, months, approx):
    assert parse_duration(text, today=TODAY) == Duration(months, since, approx)


def test_parse_duration_counts_whole_months():
    assert parse_duration("3月25号开始", today=TODAY).months == 7.0  # 3-25 .. 11-21 is 7 months and 27 days


@pytest.mark.parametrize("text", ["过年后就没发了", "春节后", "几个月", "好久了", "明年3月", "去年", "不知道", "", "0天",
                                  "两个周六被叫去加班", "上两个周末加班", "三个礼拜天"])  # days of the week, not weeks
def test_parse_duration_rejects(text):
    assert parse_duration(text, today=TODAY) is None


def test_parse_duration_defaults_to_today():
    assert parse_duration("三个月") == Duration(3.0, None, False)


# --------------------------------------------------------------------------------------------
# parse_date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026年3月5日", date(2026, 3, 5)), ("2026-03-05", date(2026, 3, 5)), ("2026/3/5", date(2026, 3, 5)),
        ("2026.3.5", date(2026, 3, 5)), ("26年3月5号", date(2026, 3, 5)), ("3月5号", date(2026, 3, 5)),
        ("3月5日", date(2026, 3, 5)), ("三月五号", date(2026, 3, 5)), ("昨天", date(2026, 11, 20)),
        ("前天", date(2026, 11, 19)), ("今天", date(2026, 11, 21)), ("大前天", date(2026, 11, 18)),
        ("上个月10号", date(2026, 10, 10)), ("上周三", date(2026, 11, 11)), ("上星期三", date(2026, 11, 11)),
        ("上个礼拜五", date(2026, 11, 13)), ("去年10月", date(2025, 10, 1)), ("10号", date(2026, 11, 10)),
        ("十号", date(2026, 11, 10)), ("12月25号", date(2026, 12, 25)),  # this year even though still to come
        ("二〇二六年三月五日", date(2026, 3, 5)), ("这周五", date(2026, 11, 20)), ("周日", date(2026, 11, 22)),
        ("下周一", date(2026, 11, 23)), ("上上周一", date(2026, 11, 2)), ("2025年12月31日", date(2025, 12, 31)),
        ("前天晚上", date(2026, 11, 19)), ("本月15号", date(2026, 11, 15)), ("下个月1号", date(2026, 12, 1)),
        ("2024年2月29日", date(2024, 2, 29)), ("2025/12/1", date(2025, 12, 1)), ("昨晚十点", date(2026, 11, 20)),
        ("去年十二月二十号", date(2025, 12, 20)), ("前年3月", date(2024, 3, 1)), ("3/5", date(2026, 3, 5)),
        ("十二月", date(2026, 12, 1)), ("是3月5号那天出的事", date(2026, 3, 5)), ("2026年3月", date(2026, 3, 1)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text",
    ["2月30日", "2026年2月29日", "3月32号", "0号", "三十一号", "2026年13月", "3月十几号", "不记得了", "上周", "去年", "", "前几天"],
)
def test_parse_date_rejects(text):
    assert parse_date(text, today=TODAY) is None


# --------------------------------------------------------------------------------------------
# parse_yes_no / parse_unknown


@pytest.mark.parametrize(
    "text",
    ["有", "有的", "嗯", "对", "是的", "签了", "报了", "交了", "买了", "在", "是", "yes", "Yes", "好", "有啊", "有合同",
     "签过", "交过", "是滴", "恩", "对的", "嗯嗯", "ok", "👍", "应该有吧", "好像签了", "没问题", "没错"],
)
def test_yes(text):
    assert parse_yes_no(text) is True


@pytest.mark.parametrize(
    "text",
    ["没有", "没", "无", "不是", "没签", "没报", "没交", "不知道没有", "没有签", "没签过", "没有买", "不是的", "nope",
     "No", "没得", "木有", "冇", "不", "否", "没有吧", "好像没有", "不在了", "没错，没签"],
)
def test_no(text):
    assert parse_yes_no(text) is False


@pytest.mark.parametrize(
    "text", ["不知道", "不清楚", "不确定", "有没有我不知道", "不记得有没有签", "不清楚，应该有吧", "", "工资", "？"]
)
def test_yes_no_unsure(text):
    assert parse_yes_no(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [("不知道", True), ("不清楚", True), ("不记得了", True), ("忘了", True), ("不确定", True), ("说不清", True),
     ("我也不晓得", True), ("知道", False), ("有", False), ("没有", False), ("", False)],
)
def test_parse_unknown(text, expected):
    assert parse_unknown(text) is expected


# --------------------------------------------------------------------------------------------
# parse_employment


@pytest.mark.parametrize(
    "text, expected",
    [
        ("还在干", "employed"), ("还在上班", "employed"), ("在职", "employed"), ("没走", "employed"),
        ("还在厂里", "employed"), ("没离职", "employed"), ("还没走", "employed"), ("没被开除", "employed"),
        ("还没辞职", "employed"), ("已经走了", "left"), ("离职了", "left"), ("被开了", "left"), ("辞了", "left"),
        ("不干了", "left"), ("被辞退", "left"), ("厂子倒闭了", "left"), ("老板跑了", "left"), ("不在职", "left"),
        ("早就回老家了", "left"), ("不知道", None), ("老板没开工资", None), ("", None),
    ],
)
def test_parse_employment(text, expected):
    assert parse_employment(text) == expected


# --------------------------------------------------------------------------------------------
# parse_evidence


@pytest.mark.parametrize(
    "text, expected",
    [
        ("合同没有，有工资条和微信聊天记录", ["payslips", "chat_records"]),
        ("都没有", []), ("啥也没有", []), ("没有证据", []), ("什么都没", []), ("没有", []), ("一样都没有", []),
        ("啥都没留", []),
        ("有欠条", ["iou"]), ("打卡记录 工牌", ["attendance", "work_id"]),
        ("老板写的欠条和转账截图", ["bank_records", "iou"]),
        ("合同和工资条都没有", []), ("合同 工资条 都没有", []), ("合同，工资条，都没有", []),
        ("就有个工牌，别的都没有", ["work_id"]), ("别的没有，就有工牌", ["work_id"]),
        ("没签合同，有工友可以作证", ["witnesses"]), ("工资条老板没给", []), ("没合同有工资条", ["payslips"]),
        ("合同没有工资条也没有", []), ("打卡记录，工牌没有", ["attendance"]), ("合同没有 工资条有", ["payslips"]),
        ("没有合同、工资条", []), ("有微信聊天记录，但是合同没签", ["chat_records"]),
        ("工资是微信转账的", ["bank_records"]), ("同事可以作证", ["witnesses"]), ("穿的工衣还在", ["work_id"]),
        ("有白条", ["iou"]), ("结算单有的", ["iou"]), ("有劳动合同", ["contract"]),
        ("工资单和考勤表都有", ["payslips", "attendance"]), ("有打卡记录，还有银行流水", ["attendance", "bank_records"]),
        ("只有聊天记录", ["chat_records"]), ("工友可以作证，老板写过欠条", ["iou", "witnesses"]),
        ("有工牌和工服", ["work_id"]), ("微信语音", ["chat_records"]), ("有结算单，没有合同", ["iou"]),
        ("厂牌还在", ["work_id"]), ("指纹打卡", ["attendance"]), ("转账记录有，工资条没有", ["bank_records"]),
        ("工资表", ["payslips"]), ("银行卡记录", ["bank_records"]), ("工作证", ["work_id"]),
        ("考勤、工资条、合同都有", ["contract", "payslips", "attendance"]),
    ],
)
def test_parse_evidence(text, expected):
    assert parse_evidence(text) == expected


@pytest.mark.parametrize("text", ["老板是个骗子", "不知道", "今天天气不错", "都有", "", "🙂"])
def test_parse_evidence_unrelated(text):
    assert parse_evidence(text) is None


def test_evidence_labels():
    assert list(EVIDENCE_LABELS) == [
        "contract", "payslips", "attendance", "chat_records", "bank_records", "iou", "witnesses", "work_id",
    ]
    assert EVIDENCE_LABELS["chat_records"] == "聊天记录（微信等）"


# --------------------------------------------------------------------------------------------
# parse_name


@pytest.mark.parametrize(
    "text, expected",
    [
        ("我叫张三", "张三"), ("张三", "张三"), ("姓王", "王"), ("名字是李小红", "李小红"), ("Zhang Wei", "Zhang Wei"),
        ("我叫 Li Ming", "Li Ming"), ("叫我小王就行", "小王"), ("免贵姓王", "王"), ("我姓王，叫王建国", "王建国"),
        ("王师傅", "王师傅"), ("阿卜杜·热合曼", "阿卜杜·热合曼"), ("我是张三。", "张三"), ("李", "李"),
        ("王女士", "王女士"), ("欧阳娜娜", "欧阳娜娜"), ("我的名字叫刘德华", "刘德华"), ("叫我阿强吧", "阿强"),
        ("  张　三丰 ", "张 三丰"),
        ("不想说", ""), ("不留了", ""), ("跳过", ""), ("不用", ""), ("保密", ""), ("不方便说", ""),
    ],
)
def test_parse_name(text, expected):
    assert parse_name(text) == expected


@pytest.mark.parametrize(
    "text",
    ["12345", "13812345678", "怎么填啊", "你叫什么？", "我叫什么名字", "我叫张三，你们能帮我吗", "hello", "😀", "",
     "一二三四五六七八九十一二三四五六七八九十一", "老板欠我工资"],
)
def test_parse_name_rejects(text):
    assert parse_name(text) is None


# --------------------------------------------------------------------------------------------
# parse_hours


@pytest.mark.parametrize(
    "text, expected",
    [
        ("20小时", 20.0), ("二十个小时", 20.0), ("两个半小时", 2.5), ("3.5h", 3.5), ("没有", 0.0), ("0", 0.0),
        ("36", 36.0), ("一个半小时", 1.5), ("半小时", 0.5), ("90分钟", 1.5), ("3小时30分", 3.5),
        ("大概40多个小时", 40.0), ("一个月26天，每天加2小时", 2.0), ("不加班", 0.0), ("没加过班", 0.0),
        ("3 hours", 3.0), ("10个钟", 10.0), ("十五个小时", 15.0), ("8h", 8.0), ("120", 120.0),
        ("三十六", 36.0), ("0小时", 0.0), ("2小时15分钟", 2.25), ("一百二十个小时左右", 120.0),
    ],
)
def test_parse_hours(text, expected):
    assert parse_hours(text) == expected


@pytest.mark.parametrize("text", ["-5", "负5小时", "不知道", "加了五天班", "", "很多"])
def test_parse_hours_rejects(text):
    assert parse_hours(text) is None


# --------------------------------------------------------------------------------------------
# parse_last4 / parse_choice


@pytest.mark.parametrize(
    "text, expected",
    [
        ("5678", "5678"), ("尾号5678", "5678"), ("后四位是 5678", "5678"), ("13812345678", "5678"),
        ("138-1234-5678", "5678"), ("尾号是1234", "1234"), ("手机尾号 8888", "8888"), ("后4位0001", "0001"),
        ("5678吧", "5678"), ("五六七八", "5678"), ("尾号幺三五七", "1357"), ("５６７８", "5678"),
    ],
)
def test_parse_last4(text, expected):
    assert parse_last4(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "567", "12345", "12345678", "1234或者5678", "不记得了"])
def test_parse_last4_rejects(text):
    assert parse_last4(text) is None


MENU = {"wage": ["工资", "欠薪"], "injury": ["工伤", "受伤"], "other": ["其他", ""]}


@pytest.mark.parametrize(
    "text, expected",
    [("老板欠薪", "wage"), ("受伤了", "injury"), ("工伤 工资", "wage"), ("其他问题", "other"), ("ＧＨ", None), ("", None)],
)
def test_parse_choice(text, expected):
    assert parse_choice(text, MENU) == expected


# --------------------------------------------------------------------------------------------
# Properties: no parser raises, whatever it is given


ODD = [
    "", " ", "\n\t", "🙂🙂🙂", "?", "？？？", "null", "None", "0", "-0", "-", "--5", "+86", "１２３", "ＡＢＣ",
    "\x00", "\u200b", "〇〇〇", "零零零", "万万万", "亿亿", "十十十", "几几几", "点点", "1.2.3", "1,,000", "..",
    "¥", "¥¥¥", "k", "5kkk", "w", "二月三十日", "9999年99月99日", "0000-00-00", "99/99", "上上上上个月",
    "大大大前天", "周八", "1e10", "NaN", "Infinity", "1" * 500, "一" * 500, "我" * 5000,
    "合同没有，" * 300, "有没有" * 300, "ignore previous instructions", "DROP TABLE tickets;", "<script>",
    "工资" * 1000 + "8000",
]
FUNCTIONS = [
    cn_number, parse_amount, parse_count, parse_yes_no, parse_unknown, parse_employment, parse_evidence,
    parse_name, parse_hours, parse_last4,
    lambda s: parse_duration(s, today=TODAY), lambda s: parse_date(s, today=TODAY),
    lambda s: parse_choice(s, MENU),
]


def _random_answers(n: int) -> list[str]:
    alphabet = list(
        "0123456789.,-/:+¥kw 零〇一二两三四五六七八九十百千万亿壹拾佰仟几俩多来余半个月天年人号点块元毛角钱日周"
        "星期礼拜上下这本去今明前后昨大小时分钟没有不是在签了和，。？🙂a合同工资条微信欠条工牌别的都也知道叫姓我"
    )
    rng = random.Random(20261121)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16))) for _ in range(n)]


@pytest.mark.parametrize("fn", FUNCTIONS)
def test_never_raises(fn):
    for text in ODD + _random_answers(1500):
        fn(text)


@pytest.mark.parametrize("today", [date.min, date.max, date(2024, 2, 29)])
def test_date_parsers_never_raise_at_any_today(today):
    for text in ["昨天", "明天", "上周三", "下周日", "去年10月", "12月开始", "上个月10号", "2月29日", "去年年底", "三个月"]:
        parse_date(text, today=today)
        parse_duration(text, today=today)


@pytest.mark.parametrize("fn", FUNCTIONS)
def test_long_input_is_fast(fn):
    import time

    start = time.perf_counter()
    for text in ["一" * 20000, "9" * 20000, "1 " * 10000, "三月五号" * 5000, "八千多" * 7000]:
        fn(text)
    assert time.perf_counter() - start < 2.0


def test_results_are_well_formed():
    for text in ODD + _random_answers(800):
        amount = parse_amount(text)
        assert amount is None or (isinstance(amount.value, Decimal) and amount.value >= 0)
        count = parse_count(text)
        assert count is None or (isinstance(count.value, int) and count.value >= 1)
        duration = parse_duration(text, today=TODAY)
        assert duration is None or (duration.months > 0 and (duration.since is None or duration.since <= TODAY))
        hours = parse_hours(text)
        assert hours is None or hours >= 0
        last4 = parse_last4(text)
        assert last4 is None or (len(last4) == 4 and last4.isdigit())
        evidence = parse_evidence(text)
        assert evidence is None or evidence == [k for k in EVIDENCE_LABELS if k in evidence]
        name = parse_name(text)
        assert name is None or len(name) <= 20
        assert parse_employment(text) in (None, "employed", "left")


def test_results_are_frozen():
    for value in (Amount(D(1), False), Count(1, False), Duration(1.0, None, False)):
        with pytest.raises(dataclasses.FrozenInstanceError):
            value.approx = True  # type: ignore[misc]


def test_public_api():
    assert set(parsing.__all__) >= {
        "Amount", "Count", "Duration", "EVIDENCE_LABELS", "cn_number", "parse_amount", "parse_count",
        "parse_duration", "parse_date", "parse_yes_no", "parse_unknown", "parse_employment", "parse_evidence",
        "parse_name", "parse_hours", "parse_last4", "parse_choice",
    }
