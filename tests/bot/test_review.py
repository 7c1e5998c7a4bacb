import pytest
import yaml

from bot.console import review
from tests.web.fastdb import fresh_db_url


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    """tests/conftest.py's fixture, from a copy of a once-migrated schema (much faster)."""
    yield from fresh_db_url(tmp_path, monkeypatch)


KNOWN = {"wage_arrears", "work_injury", "greet"}


def _labels(db_url, status):
    return [(i.text, i.label) for i in review.list_items(status, db_url=db_url)]


@pytest.mark.parametrize("text", ["", "   ", None, "/affirm", '/inform{"phone": "13812345678"}', "  /deny"])
def test_payloads_and_empty_texts_are_not_recorded(db_url, text):
    assert review.record(text, sender_id="w1", intent="affirm", confidence=1.0, db_url=db_url) is None
    assert review.list_items("open", db_url=db_url) == []


def test_record_stores_the_prediction(db_url):
    item_id = review.record("  那个钱什么时候能给我  ", sender_id="w1", intent="wage_arrears", confidence=0.41234,
                            reason="low_confidence", db_url=db_url)
    [item] = review.list_items("open", db_url=db_url)
    assert item.id == item_id and item.text == "那个钱什么时候能给我" and item.predicted_intent == "wage_arrears"
    assert item.confidence == "0.412" and item.reason == "low_confidence" and item.status == "open"
    assert review.record("x" * 1500, sender_id=None, intent=None, confidence=None, db_url=db_url)
    assert len(review.list_items("open", db_url=db_url)[1].text) == 1000


def test_label_and_dismiss(db_url):
    a = review.record("老板跑路了钱找谁要", sender_id="w1", intent="nlu_fallback", confidence=0.2, db_url=db_url)
    b = review.record("哈哈哈哈", sender_id="w1", intent="nlu_fallback", confidence=0.1, db_url=db_url)
    labelled = review.label(a, "wage_arrears", "hot1", known_intents=KNOWN, db_url=db_url)
    assert labelled.status == "labelled" and labelled.label == "wage_arrears" and labelled.labelled_by == "hot1"
    assert labelled.labelled_at is not None
    dismissed = review.label(b, None, "hot1", known_intents=KNOWN, db_url=db_url)
    assert dismissed.status == "dismissed" and dismissed.label is None
    assert review.list_items("open", db_url=db_url) == []
    assert _labels(db_url, "labelled") == [("老板跑路了钱找谁要", "wage_arrears")]
    assert _labels(db_url, "dismissed") == [("哈哈哈哈", None)]


def test_unknown_intent_or_item_is_refused(db_url):
    a = review.record("随便说说", sender_id="w1", intent=None, confidence=None, db_url=db_url)
    with pytest.raises(review.ReviewError, match="没有这个意图"):
        review.label(a, "made_up", "hot1", known_intents=KNOWN, db_url=db_url)
    assert review.list_items("open", db_url=db_url)[0].status == "open"
    with pytest.raises(review.ReviewError, match="没有这条消息"):
        review.label(9999, "greet", "hot1", known_intents=KNOWN, db_url=db_url)


def test_open_items_oldest_first(db_url):
    ids = [review.record(f"消息{i}", sender_id="w", intent=None, confidence=None, db_url=db_url) for i in range(3)]
    assert [i.id for i in review.list_items("open", db_url=db_url)] == ids


def test_export_is_rasa_nlu_yaml_of_the_labelled_texts(db_url):
    def add(text, intent):
        item = review.record(text, sender_id="w", intent="nlu_fallback", confidence=0.2, db_url=db_url)
        review.label(item, intent, "hot1", known_intents=KNOWN, db_url=db_url)

    add("老板跑路了钱找谁要", "wage_arrears")
    add("老板跑路了钱找谁要", "wage_arrears")  # a duplicate
    add("老板跑路了   钱找谁要", "wage_arrears")  # the same text with other spacing
    add("干活时手被机器\n夹了", "work_injury")
    add("key: value # 不是注释", "greet")  # YAML syntax inside a text
    add("不该导出的", None)  # dismissed
    review.record("还没标注的", sender_id="w", intent=None, confidence=None, db_url=db_url)

    out = review.export_nlu_yaml(db_url=db_url)
    data = yaml.safe_load(out)
    assert str(data["version"]) == "3.1"
    blocks = {b["intent"]: b["examples"] for b in data["nlu"]}
    assert set(blocks) == {"wage_arrears", "work_injury", "greet"}
    assert blocks["wage_arrears"].splitlines() == ["- 老板跑路了钱找谁要", "- 老板跑路了 钱找谁要"]
    assert blocks["work_injury"].splitlines() == ["- 干活时手被机器 夹了"]
    assert blocks["greet"].splitlines() == ["- key: value # 不是注释"]
    assert "不该导出的" not in out and "还没标注的" not in out
    assert [b["intent"] for b in data["nlu"]] == sorted(blocks)
    assert "- intent: wage_arrears" in out


def test_export_with_nothing_labelled(db_url):
    data = yaml.safe_load(review.export_nlu_yaml(db_url=db_url))
    assert data["nlu"] is None or data["nlu"] == []
