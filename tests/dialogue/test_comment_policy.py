"""The typed message after 写几句意见 goes to action_inform (bot/dialogue/handoff_policy.py)."""
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.dialogue.handoff_policy import _comment_ref

BUTTON = UserUttered('/inform{"choice": "csat_comment", "ticket_ref": "GH-AAAA-BBBB"}', {"name": "inform"},
                     [{"entity": "choice", "value": "csat_comment"}, {"entity": "ticket_ref", "value": "GH-AAAA-BBBB"}])


def _tracker(*events):
    return DialogueStateTracker.from_events("w1", [ActionExecuted("action_listen"), *events])


def test_the_message_after_the_comment_button_is_a_comment():
    t = _tracker(BUTTON, ActionExecuted("action_inform"), ActionExecuted("action_listen"),
                 UserUttered("办得太慢了", {"name": "wage_arrears"}))
    assert _comment_ref(t) == "GH-AAAA-BBBB"


def test_not_after_another_message_or_when_urgent():
    later = _tracker(BUTTON, ActionExecuted("action_inform"), ActionExecuted("action_listen"),
                     UserUttered("办得太慢了", {"name": "wage_arrears"}), ActionExecuted("action_inform"),
                     ActionExecuted("action_listen"), UserUttered("怎么入会", {"name": "join_union"}))
    assert _comment_ref(later) is None
    urgent = _tracker(BUTTON, ActionExecuted("action_inform"), ActionExecuted("action_listen"),
                      UserUttered("不想活了", {"name": "urgent"}))
    assert _comment_ref(urgent) is None
