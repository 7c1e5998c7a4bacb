from rasa.shared.nlu.training_data.message import Message

from bot.nlu.urgency_detector import UrgencyDetector


def parse(text, intent="wage_arrears"):
    m = Message(data={"text": text, "intent": {"name": intent, "confidence": 0.8},
                      "intent_ranking": [{"name": intent, "confidence": 0.8}]})
    UrgencyDetector().process([m])
    return m


def test_an_urgent_message_becomes_the_urgent_intent_whatever_was_classified():
    m = parse("老板欠了半年工资 我真的不想活了")
    assert m.get("intent") == {"name": "urgent", "confidence": 1.0}
    assert [r["name"] for r in m.get("intent_ranking")] == ["urgent", "wage_arrears"]
    assert m.get("urgency")["category"] == "self_harm" and m.get("urgency")["life_at_risk"]


def test_ordinary_messages_keep_their_classification():
    for text in ("老板欠我三个月工资怎么办", "累死了 加班费怎么算", "我不会想不开的"):
        m = parse(text)
        assert m.get("intent")["name"] == "wage_arrears" and m.get("urgency") is None


# --- with the trained model (rules and classifier together) --------------------------------------

import pytest  # noqa: E402

from bot.nlu.urgency_model import UrgencyModel, load_examples  # noqa: E402


@pytest.fixture(scope="module")
def trained():
    ordinary = ["老板欠我三个月工资怎么办", "怎么加入工会", "工伤认定要什么材料", "社保断缴了怎么办", "想考电工证",
                "被辞退了有没有补偿", "困难职工怎么申请帮扶", "想找律师打官司"]
    return UrgencyDetector(model=UrgencyModel.train(load_examples(), ordinary))


def test_the_model_is_trained_from_the_examples_file_and_both_halves_decide(trained):
    assert trained.model is not None
    # a rule fires but the whole message is a legal question about the past: not the emergency script
    urgency_rule_only = UrgencyDetector()
    text = "以前的老板扣过我身份证 这种情况违法吗 现在早就拿回来了"
    if urgency_rule_only.signal(text) is not None:
        assert trained.model.probability(text) < trained.model.high


@pytest.fixture(scope="module")
def shipped_like():
    """Trained as the pipeline trains it: every ordinary NLU training example a further non-crisis."""
    from bench.intent_sets import training_examples

    ordinary = [t for t, intent in training_examples() if intent != "urgent" and not t.startswith("/")]
    return UrgencyDetector(model=UrgencyModel.train(load_examples(), ordinary))


def test_an_order_in_the_work_group_chat_is_no_crisis_and_a_crisis_told_of_one_still_is(shipped_like):
    trained = shipped_like
    signal, _ = trained.assess("车间主任刚在群里艾特我 叫我明天开始别来了 把饭卡也退了")
    assert signal is None
    signal, _ = trained.assess("我弟刚在家里群里发了遗书 现在打电话没人接")
    assert signal is not None and signal.category == "self_harm"


class Fixed:
    """A stand-in model with a fixed probability (and category self_harm)."""

    def __init__(self, p):
        self.p = p

    def predict_proba(self, texts):
        import numpy as np
        return np.array([[1 - self.p, self.p]])

    def predict(self, texts):
        return ["self_harm"]


def test_decide_combines_the_rule_and_the_probability():
    assert UrgencyModel(Fixed(0.9), Fixed(0.9)).decide("x", None) == (True, "self_harm", 0.9)
    assert UrgencyModel(Fixed(0.5), Fixed(0.5)).decide("x", "violence") == (True, "violence", 0.5)
    assert UrgencyModel(Fixed(0.5), Fixed(0.5)).decide("x", None) == (False, None, 0.5)
    assert UrgencyModel(Fixed(0.1), Fixed(0.1)).decide("x", "violence") == (False, None, 0.1)


def test_a_message_becomes_urgent_through_the_model_with_a_category(trained):
    class Certain:
        def predict_proba(self, texts):
            import numpy as np
            return np.array([[0.0, 1.0]])

    detector = UrgencyDetector(model=UrgencyModel(Certain(), trained.model.category))
    m = Message(data={"text": "我在河边站了一个钟头了", "intent": {"name": "out_of_scope", "confidence": 0.6},
                      "intent_ranking": [{"name": "out_of_scope", "confidence": 0.6}]})
    detector.process([m])
    assert m.get("intent")["name"] == "urgent" and m.get("urgency")["category"] in {
        "self_harm", "violence", "serious_injury", "forced_labour", "detained_documents", "group_action"}


def test_the_middle_tier_between_the_thresholds():
    model = UrgencyModel(Fixed(0.5), Fixed(0.5))
    assert model.unsure("x", 0.5, None) == "self_harm"        # leaning towards a crisis, not sure
    assert model.unsure("x", 0.2, "violence") == "violence"   # a rule the model half-confirms
    assert model.unsure("x", 0.1, "violence") is None
    assert model.unsure("x", 0.3, None) is None
    detector = UrgencyDetector(model=model)
    m = Message(data={"text": "撑不住了", "intent": {"name": "wage_arrears", "confidence": 0.6},
                      "intent_ranking": [{"name": "wage_arrears", "confidence": 0.6}]})
    detector.process([m])
    assert m.get("intent")["name"] == "wage_arrears" and m.get("safety_check") == {"category": "self_harm"}


def test_changing_the_examples_changes_the_training_fingerprint(tmp_path, monkeypatch):
    from bot.nlu import urgency_model

    (tmp_path / "examples.yml").write_text("cases: []\n", encoding="utf-8")
    monkeypatch.setattr(urgency_model, "EXAMPLES_DIR", tmp_path)
    before = UrgencyDetector.fingerprint_addon({})
    (tmp_path / "examples_more.yml").write_text("cases: [{text: x, urgent: true, kind: trapped}]\n", encoding="utf-8")
    assert UrgencyDetector.fingerprint_addon({}) != before
