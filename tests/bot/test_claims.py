"""Employers' claims the law does not bear out (bot/knowledge/claims.py, data/applied/claims.yml)."""
import pytest

from bot.cases import profile as profiles
from bot.cases.parsing import story
from bot.common import clock
from bot.common.text import standard
from bot.knowledge import claims


def write(tmp_path, body: str):
    path = tmp_path / "claims.yml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD = """
claims:
  - id: a
    said: "自动离职"
    reply: "不签字不等于辞职。"
    steps: [照常上班]
    basis: [{law: 劳动合同法, article: 第三十六条}]
    unless: [household]
  - id: b
    said: "按事假扣"
    reply: "哺乳时间算上班。"
    steps: [书面提出]
    basis: [{law: 女职工劳动保护特别规定, article: 第九条}]
    pregnancy: [breastfeeding]
  - id: c
    said: "48小时"
    reply: "超过48小时一般不视同工伤，但养老保险有丧葬补助金和抚恤金。"
    steps: [查缴费记录]
    basis: [{law: 社会保险法, article: 第十七条}]
    profile: {family_death: true}
"""


def test_the_shipped_claims_load_and_cite_known_laws():
    shipped = claims.load()
    assert len(shipped) >= 20 and len({c.id for c in shipped}) == len(shipped)
    assert all(c.basis and all(b.startswith("《") for b in c.basis) for c in shipped)


def test_a_claim_is_said_only_to_the_workers_it_is_right_for(tmp_path):
    book = claims.load(write(tmp_path, GOOD))
    P = profiles.Profile
    assert claims.found_in("老板说不签就算自动离职", P(), book=book).id == "a"
    assert claims.found_in("老板说不签就算自动离职", P(relationship="household"), book=book) is None  # not under labour law
    assert claims.found_in("主管说再要就按事假扣", P(), book=book) is None  # not a nursing mother
    assert claims.found_in("主管说再要就按事假扣", P(pregnancy="breastfeeding"), book=book).id == "b"
    assert claims.found_in("他们说超过48小时不赔", P(), book=book) is None
    assert claims.found_in("他们说超过48小时不赔", P(family_death=True), book=book).id == "c"


@pytest.mark.parametrize("change, error", [
    ("unless: [household]", "unless: [housekeeper]"),
    ("pregnancy: [breastfeeding]", "pregnancy: [nursing]"),
    ("law: 劳动合同法, article: 第三十六条", "law: 不存在的法, article: 第一条"),
    ('reply: "不签字不等于辞职。"', 'reply: "' + "很长" * 90 + '"'),
    ('said: "自动离职"', 'said: "(自动离职"'),
])
def test_a_claims_file_with_a_mistake_is_refused(tmp_path, change, error):
    with pytest.raises(claims.ClaimError):
        claims.load(write(tmp_path, GOOD.replace(change, error, 1)))


def test_the_matter_words_name_the_workers_state_the_message_does_not():
    told = profiles.read(["怀孕三个月流产了 领导只准三天病假"], clock.today())
    assert profiles.matter_words(told) == "流产"  # the sick leave of a miscarriage is no medical period
    assert profiles.matter_words(told, standard("流产的假谁给钱")) == ""
    nursing_dispatched = profiles.read(["我是派遣工 孩子5个月 还在喂奶"], clock.today())
    assert set(profiles.matter_words(nursing_dispatched).split()) == {"哺乳期", "劳务派遣"}


def test_a_crushed_hand_is_no_wage_held_back():
    assert story.ARREARS.search(standard("10月份手被冲床压断两个指头")) is None
    assert story.ARREARS.search(standard("老板压了我两个月工资")) is not None
    told = profiles.read_one("我61了 10月份手被冲窗压断两个指头", clock.today())
    assert told.injured_at_work and told.owed_months is None


def test_working_hours_told_as_a_shift_in_the_afternoon_or_across_midnight():
    assert profiles._daily_hours("每天下午2点到晚上8点") == 6.0
    assert profiles._daily_hours("晚上8点到早上6点") == 10.0
    assert profiles._daily_hours("早上7点到下午5点") == 10.0
