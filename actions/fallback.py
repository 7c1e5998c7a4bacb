from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import applied as applied_reply
from actions.common import queue_for_review, safety_check_line
from actions.faq import answer_with, follow_up_entry
from bot.privacy import chat as privacy_chat
from bot.common.facts import TOPIC_LABELS
from bot.knowledge.answers import button_payload

# Intents worth offering as "did you mean" buttons (not greetings, yes/no or form answers).
_OFFERABLE = set(TOPIC_LABELS)


class ActionAskAffirmation(Action):
    """First stage of the two-stage fallback: offer the most likely topics as buttons."""

    def name(self) -> Text:
        return "action_default_ask_affirmation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        text = tracker.latest_message.get("text") or ""
        await queue_for_review(tracker, "fallback")
        if (check := safety_check_line(tracker)) is not None:
            dispatcher.utter_message(text=check)
        if privacy_chat.is_request(text):  # "删除我的信息": told how (its button ends the fallback like a topic button)
            dispatcher.utter_message(text=privacy_chat.REPLY, buttons=privacy_chat.BUTTONS)
            return []
        if not (tracker.active_loop or {}).get("name"):
            told = applied_reply.situation(tracker, text)  # a story in dialect the classifier missed
            if (answered := applied_reply.answer(dispatcher, told, tracker, text, tracker.get_slot("topic"))) is not None:
                return answered
        found = await follow_up_entry(tracker)  # "要钱吗" after a question on training: answered in that topic
        if found is not None:
            return answer_with(dispatcher, found[0], found[1], tracker=tracker)
        ranking = tracker.latest_message.get("intent_ranking") or []
        buttons = []
        for item in ranking:
            name = item.get("name")
            if name in _OFFERABLE and len(buttons) < 3:
                # Topic buttons carry the original wording so the FAQ search can use it.
                payload = button_payload(name, faq_query=text[:200]) if not text.startswith("/") else f"/{name}"
                buttons.append({"title": TOPIC_LABELS[name], "payload": payload})
        buttons.append({"title": "都不是", "payload": "/out_of_scope"})
        dispatcher.utter_message(text="我不太确定您问的是哪方面，是下面哪一个？", buttons=buttons)
        return []
