"""One conversation spread over two Rasa replicas (and two action servers) that share the
PostgreSQL tracker store and the Redis lock store of deploy/endpoints.prod.yml."""
from __future__ import annotations

import os
import re
import threading
import uuid

import pytest

from tests.prod.helpers import burst

pytestmark = pytest.mark.prod

REFERENCE = re.compile(r"GH-[0-9A-Z]{4}-[0-9A-Z]{4}")
# Topic questions with a word their answer must contain (as in tests/e2e).
QUESTIONS = [
    ("老板欠了我三个月工资不给 咋办", "仲裁"),
    ("工会会费一个月交多少", "0.5%"),
    ("想申请法律援助 要啥材料", "法律援助"),
    ("在厂里干活把手弄伤了 咋认定工伤", "工伤"),
    ("怎么加入工会啊", "工会"),
    ("被拖欠工资 过了多久就不能申请仲裁了", "依据："),
]


def sender() -> str:
    return f"prod-{uuid.uuid4().hex[:8]}"


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def user_texts(events: list[dict]) -> list[str]:
    return [e["text"] for e in events if e["event"] == "user"]


def assert_sequential(events: list[dict]) -> None:
    """Each user message is followed by the bot's actions for it, ending in action_listen, before
    the next user message is handled: the next user message was received (timestamped) after every
    event of the turn before it. Two replicas working on one conversation at once break this."""
    turn = None
    latest = 0.0  # newest timestamp of everything stored before this event
    for e in events:
        if e["event"] == "user":
            assert turn is None or turn["listened"], (
                f"{e['text']!r} was stored before the turn of {turn['text']!r} ended")
            assert e["timestamp"] >= latest, f"{e['text']!r} was received while an earlier turn was in progress"
            turn = {"text": e["text"], "listened": False}
        elif turn is not None and e["event"] == "action":
            assert not turn["listened"], f"an action after action_listen in the turn of {turn['text']!r}"
            turn["listened"] = e["name"] == "action_listen"
        latest = max(latest, e["timestamp"])
    assert turn is not None and turn["listened"], "the last turn did not end in action_listen"


def test_one_conversation_alternating_between_replicas_fills_the_form_once(replicas, say, tracker_events, pg):
    a, b = replicas["a"], replicas["b"]
    s = sender()
    steps = [
        (a, "你好", "工会职工服务助手"),
        (b, "老板欠了我三个月工资不给 咋办", "仲裁"),
        (a, "/leave_message", "个人信息"),  # the privacy notice first
        (b, "/affirm", "说说您遇到的情况"),
        (a, "我在东莞长安的厂里上班 老板拖了两个月工资 想请工会帮忙", "手机号"),
        (b, "13812345678", "请核对"),
        (a, "/affirm", "留言已提交"),
    ]
    replies = []
    for base, text, expect in steps:
        out = texts(say(base, s, text))
        assert expect in out, f"{text!r} sent to {base}: {out}"
        replies.append(out)
    # The summary given by replica A holds the description that replica B stored in the form.
    assert "老板拖了两个月工资" in replies[5] and "13812345678" in replies[5]
    reference = REFERENCE.search(replies[6]).group(0)

    tickets = pg("SELECT reference, description, contact_phone, category, fields FROM tickets WHERE sender_id = %s", s)
    assert len(tickets) == 1, tickets
    ref, description, phone, category, fields = tickets[0]
    assert ref == reference and phone == "13812345678" and category == "wage_arrears"
    assert description == "我在东莞长安的厂里上班 老板拖了两个月工资 想请工会帮忙"
    assert fields == {"description": description, "phone": phone}

    sent = [text for _, text, _ in steps]
    for base in (a, b):  # both replicas read the same conversation from PostgreSQL
        events = tracker_events(s, base)
        assert user_texts(events) == sent
        assert_sequential(events)
    stored = pg("SELECT data::json->>'text' FROM events WHERE sender_id = %s AND type_name = 'user' ORDER BY id", s)
    assert [row[0] for row in stored] == sent


def test_concurrent_messages_of_one_conversation_are_handled_one_at_a_time(replicas, say, tracker_events, pg):
    a, b = replicas["a"], replicas["b"]
    s = sender()
    seen_lock = threading.Event()
    stop = threading.Event()

    def watch_lock():  # the conversation's lock is in Redis, where every replica sees it
        while not stop.is_set():
            if replicas["redis"].exists(replicas["lock_key"](s)):
                seen_lock.set()
            stop.wait(0.02)  # a sampler: ends as soon as the burst is over

    watcher = threading.Thread(target=watch_lock, daemon=True)
    watcher.start()
    try:
        # All at once, alternately at both replicas, on a conversation that does not exist yet.
        results = burst(say, [(a if i % 2 == 0 else b, s, q) for i, (q, _) in enumerate(QUESTIONS)])
    finally:
        stop.set()
        watcher.join()
    assert seen_lock.is_set(), "no lock for the conversation appeared in Redis"
    assert not replicas["redis"].exists(replicas["lock_key"](s)), "the lock outlived the burst"
    for (question, expect), (replies, _, _) in zip(QUESTIONS, results):
        assert replies, f"no reply to {question!r}"
        assert expect in texts(replies), f"{question!r}: {texts(replies)}"

    events = tracker_events(s)
    users = user_texts(events)
    assert sorted(users) == sorted(q for q, _ in QUESTIONS), users  # each exactly once
    assert_sequential(events)
    assert [e["event"] for e in events].count("session_started") == 1
    stored = pg("SELECT count(*), count(DISTINCT data) FROM events WHERE sender_id = %s", s)[0]
    assert stored == (len(events), len(events)), "events lost or stored twice"


def test_another_conversation_is_not_blocked_meanwhile(replicas, say):
    a, b = replicas["a"], replicas["b"]
    busy, other = sender(), sender()
    # All start together at burst's barrier: no waiting on time. The busy conversation's six
    # messages are handled one at a time; the other conversation's greeting must not queue behind them.
    results = burst(say, [(a if i % 2 == 0 else b, busy, q) for i, (q, _) in enumerate(QUESTIONS)] + [(b, other, "你好")])
    *busy_results, (greeting, _, done) = results
    assert "工会职工服务助手" in texts(greeting)
    assert all(replies for replies, _, _ in busy_results)
    last_of_burst = max(end for _, _, end in busy_results)
    assert done < last_of_burst, "the other conversation waited for the busy one"


def test_repeated_bursts_on_new_conversations_lose_nothing(replicas, say, tracker_events):
    """Two messages at once, one per replica, on a new conversation: the case in which a lock store
    that is not atomic across replicas most often lets both through (or loses one)."""
    a, b = replicas["a"], replicas["b"]
    pair = [QUESTIONS[1][0], QUESTIONS[4][0]]
    for _ in range(int(os.environ.get("UNION_TEST_BURST_ROUNDS", "6"))):
        s = sender()
        results = burst(say, [(a, s, pair[0]), (b, s, pair[1])])
        assert all(replies for replies, _, _ in results)
        events = tracker_events(s)
        assert sorted(user_texts(events)) == sorted(pair), user_texts(events)
        assert_sequential(events)
