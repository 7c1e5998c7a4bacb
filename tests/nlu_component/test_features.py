"""The normal form and the pinyin view the intent classifier reads."""
from __future__ import annotations

from bot.nlu.features import load_dialect_map, normal_form, pinyin_tokens, word_tokens

DIALECT = load_dialect_map()


def test_traditional_script_and_full_width_become_simplified_half_width():
    assert normal_form("老闆扣我薪水 ＯＫ？", DIALECT) == "老板扣我薪水 可以"


def test_english_words_in_chinese_chat_become_chinese_as_whole_words_only():
    assert normal_form("boss说要fire我 被layoff了", DIALECT) == "老板说要开除我 被裁员了"
    assert normal_form("robot book 4S店 app", DIALECT) == "robot book 4s店 app"  # "ot", "ok" inside words kept


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


def test_the_fast_scorer_equals_scikit_learns_probabilities():
    import numpy as np

    from bot.nlu.features import FastScorer, build_intent_pipeline

    texts = ["老板欠了我三个月工资不给", "怎么加入工会", "工伤认定要啥材料", "會費交多少", "公资没发 咋整", "你好呀"]
    labels = ["wage_arrears", "join_union", "work_injury", "join_union", "wage_arrears", "greet"]
    probe = ["老细冇俾人工", "入会要交钱吗", "", "完全无关的一句话 xyz", "工伤 工资 工会"]
    multi = build_intent_pipeline().fit(texts, labels)
    assert np.allclose(FastScorer(multi).predict_proba(probe), multi.predict_proba(probe), atol=1e-10)
    binary = build_intent_pipeline().fit(texts, [lab == "wage_arrears" for lab in labels])
    assert np.allclose(FastScorer(binary).predict_proba(probe), binary.predict_proba(probe), atol=1e-10)
