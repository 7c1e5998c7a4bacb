"""Typing a button's title does what the button does (bot/dialogue/buttons.py)."""
from __future__ import annotations

from rasa.shared.core.events import BotUttered, UserUttered

from bot.dialogue.buttons import latest_buttons, payload_for_title

CASE = {"title": "登记欠薪情况", "payload": '/open_case{"case_type": "wage_arrears"}'}
MESSAGE = {"title": "留言", "payload": "/leave_message"}


def test_only_the_latest_turns_buttons_count():
    events = [BotUttered("旧的", {"buttons": [MESSAGE]}), UserUttered("老板欠薪"),
              BotUttered("答案", {"buttons": [CASE]}), BotUttered("还有", {"buttons": []})]
    assert latest_buttons(events) == [CASE]
    assert latest_buttons([UserUttered("你好")]) == []


def test_the_title_typed_with_punctuation_spaces_or_traditional_script_is_the_payload():
    for typed in ("登记欠薪情况", "登记欠薪情况。", " 登记 欠薪 情况 ", "登記欠薪情況"):
        assert payload_for_title(typed, [CASE, MESSAGE]) == CASE["payload"]


def test_other_words_and_payloads_are_left_to_the_classifier():
    assert payload_for_title("我要登记欠薪情况和工伤", [CASE]) is None
    assert payload_for_title("/leave_message", [MESSAGE]) is None
    assert payload_for_title("留言", []) is None
    assert payload_for_title("", [CASE]) is None


def test_two_buttons_with_one_title_are_ambiguous():
    assert payload_for_title("好", [{"title": "好", "payload": "/affirm"}, {"title": "好", "payload": "/deny"}]) is None


def test_events_as_dicts_work_too():
    events = [{"event": "user", "text": "x"}, {"event": "bot", "text": "a", "data": {"buttons": [MESSAGE]}}]
    assert payload_for_title("留言", latest_buttons(events)) == "/leave_message"
