"""A reference in a short message starts the status lookup (bot/nlu/reference_router.py)."""
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.reference_router import ReferenceRouter

REF = {"entity": "ticket_ref", "value": "GH-7KQ4-M9ZP", "start": 0, "end": 12}


def routed(text, intent, entities=(REF,)):
    m = Message(data={"text": text, "intent": {"name": intent, "confidence": 0.6},
                      "intent_ranking": [{"name": intent, "confidence": 0.6}], "entities": list(entities)})
    ReferenceRouter().process([m])
    return m.get("intent")["name"]


def test_a_reference_with_any_words_asks_about_that_case():
    assert routed("GH-7KQ4-M9ZP 咋样了", "wage_arrears") == "check_ticket_status"
    assert routed("GH-7KQ4-M9ZP", "inform") == "check_ticket_status"


def test_a_person_a_crisis_a_yes_and_long_stories_keep_their_meaning():
    assert routed("GH-7KQ4-M9ZP 我要找人工", "request_human") == "request_human"
    assert routed("GH-7KQ4-M9ZP 我不想活了", "urgent") == "urgent"
    assert routed("确认 GH-7KQ4-M9ZP", "affirm") == "affirm"
    story = "上次登记的GH-7KQ4-M9ZP一直没人管 老板现在又欠了我们三个月工资 车间二十多个人都没拿到钱 还说再闹就开除 我们到底该去哪里投诉才有用"
    assert routed(story, "wage_arrears") == "wage_arrears"


def test_no_reference_no_change():
    assert routed("老板欠薪", "wage_arrears", entities=()) == "wage_arrears"
