import json

from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionAskAffirmation
from tests.actions.helpers import tracker


async def test_offers_top_topics_as_buttons_with_the_original_wording():
    t = tracker("那个钱的事咋搞", "nlu_fallback", 0.4,
                ranking=[("nlu_fallback", 0.5), ("greet", 0.3), ("wage_arrears", 0.25), ("social_insurance", 0.2),
                         ("legal_aid", 0.1), ("training", 0.05)])
    d = CollectingDispatcher()
    assert await ActionAskAffirmation().run(d, t, {}) == []
    buttons = d.messages[0]["buttons"]
    assert [b["title"] for b in buttons] == ["欠薪讨薪", "社保", "法律援助", "都不是"]
    intent, _, entities = buttons[0]["payload"][1:].partition("{")
    assert intent == "wage_arrears" and json.loads("{" + entities) == {"faq_query": "那个钱的事咋搞"}
    assert buttons[-1]["payload"] == "/out_of_scope"
