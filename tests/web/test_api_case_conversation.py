"""Staff replies reach the worker's chat through the console API: at once while the widget is open,
otherwise when the worker opens it again (once); the worker's answer shows in the queue."""
import json
import os

from bot.cases import conversation
from bot.cases.tickets import open_ticket
from bot.web import bridge


def _chat_ticket(env):
    secret = bridge.new_secret()
    conv = bridge.conversation_id(secret, os.environ["UNION_SECRET_KEY"])
    ref = open_ticket(description="老板欠了两个月工资", phone="13812345678", category="wage_arrears", sender_id=conv).reference
    return secret, conv, ref


def _custom(event):
    return ((event.get("data") or {}).get("custom") or {}).get("data") or {}


def test_a_public_reply_reaches_an_open_widget_at_once_with_the_staff_members_name(env):
    secret, conv, ref = _chat_ticket(env)
    env.app.state.open_chats[conv] = 1  # the worker's widget is connected to this web app
    b = env.login("hotline")
    assert b.post(f"/api/tickets/{ref}/notes", {"body": "内部：先核实单位", "public": False}).status_code == 200
    assert env.rasa.appended == []  # an internal note never reaches the worker
    assert b.post(f"/api/tickets/{ref}/notes", {"body": "请问您什么时候方便接电话？", "public": True}).status_code == 200
    events = env.rasa.events_for(conv)
    reply = _custom(events[0])
    assert reply["kind"] == "case_reply" and reply["name"] == "王热线" and reply["role"] == "热线坐席"
    assert reply["reference"] == ref and "请问您什么时候方便接电话？" in reply["text"]
    assert events[1] == {**events[1], "event": "slot", "name": "handoff", "value": conversation.reply_state(ref)}
    assert env.rasa.live == [True]
    assert conversation.take_pending(conv) == []  # told: not again at the next message


def test_a_status_change_reaches_an_open_widget_as_a_notice(env):
    secret, conv, ref = _chat_ticket(env)
    env.app.state.open_chats[conv] = 1
    assert env.login("hotline").post(f"/api/tickets/{ref}/status", {"status": "in_progress"}).status_code == 200
    [event] = env.rasa.events_for(conv)
    assert _custom(event) == {"kind": "notice", "text": f"您的工单 {ref} 有新进展：工作人员正在处理"}


def test_with_the_widget_closed_the_reply_waits_and_joins_the_history_at_the_next_visit_once(env):
    secret, conv, ref = _chat_ticket(env)
    b = env.login("hotline")
    assert b.post(f"/api/tickets/{ref}/notes", {"body": "请补充单位全称", "public": True}).status_code == 200
    assert env.rasa.appended == []

    def history():
        r = env.browser().post("/widget/history", content=json.dumps({"session": secret}),
                               headers={"Content-Type": "text/plain"})
        assert r.status_code == 200
        return r.json()

    first = history()
    said = [m for m in first["messages"] if m["role"] == "officer"]
    assert len(said) == 1 and "请补充单位全称" in said[0]["text"] and said[0]["name"] == "王热线"
    assert said[0]["reference"] == ref
    assert env.rasa.live == [False]  # into the history only: the open page shows it once
    assert first["handoff"] is None  # waiting for the answer is not a handoff to the widget
    assert len([m for m in history()["messages"] if m["role"] == "officer"]) == 1


def test_when_rasa_is_down_the_reply_waits_for_the_next_message(env):
    secret, conv, ref = _chat_ticket(env)
    env.app.state.open_chats[conv] = 1
    env.rasa.fail.add("append")
    assert env.login("hotline").post(f"/api/tickets/{ref}/notes", {"body": "请补充单位全称", "public": True}).status_code == 200
    assert [n.body for n in conversation.take_pending(conv)] == ["请补充单位全称"]


def test_the_workers_answer_shows_in_the_queue_until_staff_act(env):
    secret, conv, ref = _chat_ticket(env)
    assert conversation.record_answer(ref, conv, "下午都行")
    b = env.login("hotline")
    [item] = [i for i in b.get("/api/queue").json()["items"] if i["reference"] == ref]
    assert item["new_activity"] and item["new_activity_label"] == "职工有新回复"
    b.post(f"/api/tickets/{ref}/notes", {"body": "好的，下午三点给您打电话", "public": True})
    [item] = [i for i in b.get("/api/queue").json()["items"] if i["reference"] == ref]
    assert not item["new_activity"]
