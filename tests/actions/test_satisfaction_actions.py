"""The satisfaction buttons and the comment through action_inform (actions/satisfaction.py)."""
from rasa_sdk.executor import CollectingDispatcher

from actions.urgent import ActionInform
from bot.cases import tickets
from bot.console import console, satisfaction
from tests.actions.helpers import entity, tracker


def _asked(sender="w1"):
    ref = tickets.open_ticket(description="厂里欠了两个月工资", phone="13812345678", category="wage_arrears",
                              sender_id=sender).reference
    console.change_status(ref, "in_progress", "hot1", "hotline")
    console.change_status(ref, "resolved", "hot1", "hotline")
    satisfaction.ask(ref, days=3)
    return ref


def _press(ref, choice, sender="w1", events=None):
    ents = [entity("choice", choice), entity("ticket_ref", ref)]
    return tracker(text='/inform{"choice": "%s", "ticket_ref": "%s"}' % (choice, ref), intent="inform",
                   entities=ents, sender_id=sender, events=events)


async def _run(t):
    d = CollectingDispatcher()
    events = await ActionInform().run(d, t, {})
    return d.messages, events


async def test_buttons_walk_through_solved_rating_and_comment(db_url):
    ref = _asked()
    msgs, events = await _run(_press(ref, "csat_unsolved"))
    assert events == [] and [b["title"] for b in msgs[0]["buttons"]] == ["满意", "一般", "不满意"]
    msgs, _ = await _run(_press(ref, "csat_bad"))
    assert "回访" in msgs[0]["text"] and [b["title"] for b in msgs[0]["buttons"]] == ["写几句意见", "不用了"]
    pressed = _press(ref, "csat_comment")
    msgs, _ = await _run(pressed)
    assert "写下来" in msgs[0]["text"]
    button = {"event": "user", "text": pressed.latest_message["text"], "parse_data": pressed.latest_message}
    typed = {"text": "一直没人给我打电话", "intent": {"name": "wage_arrears", "confidence": 0.8}, "entities": []}
    t = tracker(text=typed["text"], intent="wage_arrears", sender_id="w1",
                events=[button, {"event": "user", "text": typed["text"], "parse_data": typed}])
    msgs, _ = await _run(t)
    assert "意见已经记下" in msgs[0]["text"]
    [task] = satisfaction.tasks(which="open")
    assert task["comment"] == "一直没人给我打电话" and task["reason"] == "unsolved"


async def test_another_conversation_cannot_answer_for_the_worker(db_url):
    ref = _asked()
    msgs, _ = await _run(_press(ref, "csat_solved", sender="intruder"))
    assert "不能再填" in msgs[0]["text"]
    [task] = satisfaction.tasks(which="open")
    assert task["solved"] is None


async def test_an_ordinary_inform_is_not_taken_for_an_answer(db_url):
    msgs, _ = await _run(tracker(text="/inform", intent="inform", entities=[entity("choice", "platform")]))
    assert not any("评价" in (m.get("text") or "") for m in msgs)


def test_pending_comment_only_right_after_the_button():
    button = [{"entity": "choice", "value": "csat_comment"}, {"entity": "ticket_ref", "value": "GH-AAAA-BBBB"}]
    assert satisfaction.pending_comment(button, "太慢了", "wage_arrears") == "GH-AAAA-BBBB"
    assert satisfaction.pending_comment(button, "/inform", "inform") is None
    assert satisfaction.pending_comment(button, "不想活了", "urgent") is None
    assert satisfaction.pending_comment([{"entity": "choice", "value": "csat_bad"}], "太慢了", "thanks") is None
