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
