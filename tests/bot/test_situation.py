"""Facts a worker already told, found in a story (bot/cases/situation.py)."""
from __future__ import annotations

from datetime import date

from bot.cases import forms as f
from bot.cases import parsing
from bot.cases.situation import Message, facts

TODAY = date(2026, 11, 20)
STORY = ("我在东莞长安镇鑫达五金厂干了两年，老板已经三个月没发工资了，欠我八千多块，我们车间十几个人都没拿到，"
         "我上个月辞职了，手上有工资条和微信聊天记录 咋办")


def read(reader, snippet):
    return reader(f.Answer(text=snippet, today=TODAY), {})


def test_a_story_states_amount_length_people_status_evidence_place_and_employer():
    told = facts([Message(STORY, {"city": ["东莞", "长安镇"]})], today=TODAY)
    assert read(f.read_amount, told["amount"]) == {"yuan": "8000", "approx": True}
    assert read(f.read_since, told["since"])["months"] == 3  # not the two years worked
    assert read(f.read_count, told["workers"]) == {"n": 10, "approx": True}
    assert read(f.read_employment, told["employment"]) == "left"
    assert set(read(f.read_evidence, told["evidence"])) == {"payslips", "chat_records"}
    assert told["city"] == "东莞长安镇" and told["employer"] == "鑫达五金厂"


def test_a_monthly_wage_is_not_taken_for_the_amount_owed():
    told = facts([Message("月薪五千 老板欠了两个月没给 就我一个人")], today=TODAY)
    assert "amount" not in told
    assert read(f.read_since, told["since"])["months"] == 2


def test_a_voice_run_on_without_punctuation():
    told = facts([Message("那个我在工地干活然后包工头跑了欠我们一万二然后二十几个工友都没拿到钱都快半年了")], today=TODAY)
    assert read(f.read_amount, told["amount"])["yuan"] == "12000"
    assert read(f.read_since, told["since"])["months"] == 6
    assert read(f.read_count, told["workers"])["n"] == 20
    assert "evidence" not in told  # co-workers mentioned are not yet named as witnesses


def test_injury_date_platform_work_and_phone():
    told = facts([Message("上周三在车间搬货被货架砸到腰 现在还在住院"), Message("我是送外卖的 电话13812345678")], today=TODAY)
    assert parsing.parse_date(told["injury_date"], today=TODAY) == date(2026, 11, 11)
    assert told["work_type"] == "外卖" and told["phone"] == "13812345678"


def test_later_messages_win_and_buttons_are_ignored():
    told = facts([Message("欠了我三千"), Message("/affirm"), Message("不对 是欠了我五千")], today=TODAY)
    assert read(f.read_amount, told["amount"])["yuan"] == "5000"


def test_nothing_stated_nothing_found():
    assert facts([Message("你好"), Message("怎么加入工会")], today=TODAY) == {}


def test_a_decimal_amount_is_not_split_at_its_point():
    told = facts([Message("老板欠我1.2万. 已经三个月了")], today=TODAY)
    assert read(f.read_amount, told["amount"])["yuan"] == "12000"
    assert read(f.read_since, told["since"])["months"] == 3


def test_how_long_someone_worked_is_not_how_long_wages_are_owed():
    assert "since" not in facts([Message("老板欠我工资，我在这干了两年")], today=TODAY)
