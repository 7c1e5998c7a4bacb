"""The normal form and the pinyin view the intent classifier reads."""
from __future__ import annotations

from bot.nlu.features import load_dialect_map, normal_form, pinyin_tokens, word_tokens

DIALECT = load_dialect_map()


def test_traditional_script_and_full_width_become_simplified_half_width():
    assert normal_form("老闆扣我薪水 ＯＫ？", DIALECT) == "老板扣我薪水 ok"


def test_regional_words_become_standard_ones():
    assert normal_form("老細冇俾人工 點算", DIALECT) == "老板没有给人工 怎么办"  # 人工 (wage) kept: 转人工
    assert normal_form("俺们厂莫得工会 咋整", DIALECT) == "我们厂没有工会 怎么办"


def test_entity_annotations_and_punctuation_are_dropped():
    assert normal_form("在[深圳](city)被欠了[三千](amount)！！", DIALECT) == "在深圳被欠了三千"


def test_a_homophone_typo_reads_like_the_right_word_in_pinyin():
    assert set(pinyin_tokens("公资没发")) & set(pinyin_tokens("工资没发")) >= {"gong_zi", "gong_zi_mei"}
    assert "gong_zi" not in pinyin_tokens("工作没了")


def test_words_and_word_pairs():
    tokens = word_tokens("老板拖欠工资")
    assert tokens[:2] == ["老板", "拖欠工资"] and "老板_拖欠工资" in tokens  # the user dictionary keeps 拖欠工资 whole
