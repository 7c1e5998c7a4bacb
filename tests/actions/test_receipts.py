"""A case stored while the worker got the failure apology is told at their next message, once."""
from __future__ import annotations

import asyncio

from rasa_sdk import Action
from rasa_sdk.executor import ActionExecutor

import actions  # noqa: F401 - installs the receipts check on the action executor
from bot.cases import receipts, tickets
from bot.common import clock

SENDER = "w" + "a" * 32


def apology(ts: float) -> dict:
    return {"event": "bot", "text": receipts.FAILURE_MARKER + "，这句话没能处理好。", "timestamp": ts,
            "metadata": {"kind": "action_failed"}}


def stored(db_url) -> str:
    return tickets.open_ticket(description="老板拖欠三个月工资，一直不给", phone="13812345678",
                               category="wage_arrears", sender_id=SENDER, db_url=db_url).reference


def test_a_case_stored_after_the_apology_moment_is_announced_once(db_url):
    failed_at = clock.now().timestamp()
    ref = stored(db_url)
    tracker = {"sender_id": SENDER, "events": [
        {"event": "user", "text": "确认", "timestamp": failed_at - 1}, apology(failed_at)]}
    notes = receipts.unannounced(tracker, db_url)
    assert len(notes) == 1 and ref in notes[0] and "登记成功" in notes[0] and "工单" in notes[0]
    # once told, never again
    tracker["events"].append({"event": "bot", "text": notes[0], "timestamp": failed_at + 5})
    assert receipts.unannounced(tracker, db_url) == []


def test_nothing_is_said_without_a_failure_or_for_another_conversation_or_an_old_case(db_url):
    ref = stored(db_url)
    now = clock.now().timestamp()
    assert receipts.unannounced({"sender_id": SENDER, "events": [{"event": "bot", "text": "好的", "timestamp": now}]},
                                db_url) == []
    assert receipts.unannounced({"sender_id": "w" + "b" * 32, "events": [apology(now)]}, db_url) == []
    # a ticket from long before the failure is not "just stored"
    clock.travel_to(clock.now() + receipts.LOOKBACK * 3)
    later = clock.now().timestamp()
    assert ref not in " ".join(receipts.unannounced({"sender_id": SENDER, "events": [apology(later)]}, db_url))


class _Hello(Action):
    def name(self):
        return "action_test_hello"

    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(text="您好")
        return []


def test_the_action_server_puts_the_notice_before_the_actions_own_answer(db_url, monkeypatch):
    monkeypatch.setenv("UNION_DATABASE_URL", db_url)
    ref = stored(db_url)
    executor = ActionExecutor()
    executor.register_action(_Hello())
    call = {"next_action": "action_test_hello", "domain": {},
            "tracker": {"sender_id": SENDER, "slots": {}, "latest_message": {}, "events": [apology(clock.now().timestamp())],
                        "paused": False, "latest_event_time": None, "active_loop": {}, "latest_action_name": None}}
    result = asyncio.run(executor.run(call))
    texts = [r["text"] for r in result["responses"]]
    assert ref in texts[0] and texts[-1] == "您好"
    call["tracker"]["events"] = []
    assert [r["text"] for r in asyncio.run(executor.run(call))["responses"]] == ["您好"]


def test_a_failed_submission_with_nothing_stored_is_said_not_saved_once(db_url):
    now = clock.now().timestamp()
    failed = dict(apology(now), metadata={"kind": "action_failed", "action": "action_submit_ticket"})
    tracker = {"sender_id": SENDER, "events": [failed]}
    assert receipts.unannounced(tracker, db_url) == [receipts.NOT_FOUND]
    assert "12351" in receipts.NOT_FOUND
    tracker["events"].append({"event": "bot", "text": receipts.NOT_FOUND, "timestamp": now + 1})
    assert receipts.unannounced(tracker, db_url) == []
    # a failed answer (not a submission) needs no such word
    other = dict(apology(now), metadata={"kind": "action_failed", "action": "action_answer_faq"})
    assert receipts.unannounced({"sender_id": SENDER, "events": [other]}, db_url) == []
