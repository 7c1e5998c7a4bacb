"""Over REST against the running Rasa and action server: staff resolve a case → the satisfaction
question is in the worker's conversation → the worker taps 没解决 and 不满意 and adds a comment →
a 回访 task falls due after the configured days (the clock moved)."""
from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.cases import tickets
from bot.common import clock
from bot.console import console, satisfaction
from bot.web.rasa import RasaClient
from bot.web.routes.tickets import ask_satisfaction
from tests.e2e.talk import payloads, sender, texts


def _tracker_and_ask(stack, reference: str, worker: str):
    async def go():
        client = RasaClient(stack["rasa"], stack["token"])
        try:
            delivered = await ask_satisfaction(client, reference, db_url=stack["db_url"])
            return delivered, await client.tracker(worker)
        finally:
            await client.close()
    return asyncio.run(go())


def test_resolved_case_asks_the_worker_and_an_unhappy_answer_leads_to_a_followup(stack, say):
    worker = sender()
    assert say(worker, "你好")  # the conversation exists, as a worker's would
    ref = tickets.open_ticket(description="厂里欠了两个月工资，老板一直拖着", phone="13812345678",
                              category="wage_arrears", sender_id=worker, db_url=stack["db_url"]).reference
    console.change_status(ref, "in_progress", "hot1", "hotline", db_url=stack["db_url"])
    console.change_status(ref, "resolved", "hot1", "hotline", db_url=stack["db_url"])

    delivered, tracker = _tracker_and_ask(stack, ref, worker)
    assert delivered
    question = [e for e in tracker["events"] if e.get("event") == "bot" and ref in (e.get("text") or "")]
    assert len(question) == 1
    buttons = {b["title"]: b["payload"] for b in question[0]["data"]["buttons"]}
    assert set(buttons) == {"解决了", "没解决"}

    replies = say(worker, buttons["没解决"])
    rating = {b["title"]: b["payload"] for r in replies for b in r.get("buttons") or []}
    assert "满意吗" in texts(replies) and set(rating) == {"满意", "一般", "不满意"}
    replies = say(worker, rating["不满意"])
    assert "回访" in texts(replies)
    comment = next(p for p in payloads(replies) if "csat_comment" in p)
    assert "写下来" in texts(say(worker, comment))
    assert "意见已经记下" in texts(say(worker, "等了好久也没人跟我说怎么回事"))
    # the next message is an ordinary question again
    assert "意见已经记下" not in texts(say(worker, "怎么加入工会"))

    assert satisfaction.tasks(db_url=stack["db_url"]) == []  # not due yet
    clock.travel_to(clock.now() + timedelta(days=satisfaction.followup_days(), minutes=1))
    [task] = [t for t in satisfaction.tasks(db_url=stack["db_url"]) if t["reference"] == ref]
    assert task["reason"] == "unsolved" and task["rating_label"] == "不满意"
    assert task["comment"] == "等了好久也没人跟我说怎么回事"

    # asked once: resolving again does not ask again
    console.change_status(ref, "in_progress", "hot1", "hotline", db_url=stack["db_url"])
    console.change_status(ref, "resolved", "hot1", "hotline", db_url=stack["db_url"])
    assert _tracker_and_ask(stack, ref, worker)[0] is False


def test_another_conversation_cannot_answer_a_workers_question(stack, say):
    worker, intruder = sender(), sender()
    assert say(worker, "你好")
    ref = tickets.open_ticket(description="工伤申请一直没有消息", phone="13912345678", category="work_injury",
                              sender_id=worker, db_url=stack["db_url"]).reference
    console.change_status(ref, "in_progress", "hot1", "hotline", db_url=stack["db_url"])
    console.change_status(ref, "resolved", "hot1", "hotline", db_url=stack["db_url"])
    _tracker_and_ask(stack, ref, worker)
    replies = say(intruder, '/inform{"choice": "csat_solved", "ticket_ref": "%s"}' % ref)
    assert "不能再填" in texts(replies)
    [task] = [t for t in satisfaction.tasks(which="open", db_url=stack["db_url"]) if t["reference"] == ref]
    assert task["solved"] is None
