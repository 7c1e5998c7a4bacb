"""The widget's socket bridge: the worker's secret never reaches Rasa or staff, a socket speaks only
in its own conversation, and hostile frames stop here (bot/web/bridge.py)."""
from __future__ import annotations

import asyncio
import json

import pytest

from bot.web import bridge

KEY = "bridge-test-key"


def event(frame: str) -> tuple[str, list]:
    assert frame.startswith("42")
    body = frame[2:]
    ack = ""
    while body and body[0].isdigit():
        ack, body = ack + body[0], body[1:]
    return ack, json.loads(body)


def _w(session, frame):
    return asyncio.run(session.from_worker(frame))


def started(secret: str | None = None, **kw) -> tuple[bridge.WidgetSession, str]:
    s = bridge.WidgetSession(key=KEY, address="10.0.0.1", **kw)
    onward, back = _w(s, "42" + json.dumps(["session_request", {"session_id": secret}]))
    assert back == [] and len(onward) == 1
    _, (name, payload) = event(onward[0])
    assert name == "session_request"
    return s, payload["session_id"]


def test_a_new_worker_gets_a_secret_and_rasa_sees_only_the_derived_id():
    s, conversation = started(None)
    assert bridge.valid_secret(s.secret) and len(s.secret) >= 40
    assert conversation == bridge.conversation_id(s.secret, KEY) != s.secret
    assert s.secret not in conversation
    # Rasa confirms the id; the widget is told the secret
    confirm = s.from_rasa("42" + json.dumps(["session_confirm", conversation]))
    assert event(confirm)[1] == ["session_confirm", s.secret]
    # other frames from Rasa pass untouched
    assert s.from_rasa('42["bot_uttered",{"text":"你好"}]') == '42["bot_uttered",{"text":"你好"}]'
    assert s.from_rasa("2") == "2"


def test_a_returning_worker_keeps_the_conversation_of_their_secret():
    secret = bridge.new_secret()
    _, first = started(secret)
    _, again = started(secret)
    assert first == again == bridge.conversation_id(secret, KEY)
    _, other = started(bridge.new_secret())
    assert other != first
    # a different key (another installation) gives another id
    assert bridge.conversation_id(secret, "other-key") != first


def test_an_id_seen_by_staff_is_not_a_key_to_the_conversation():
    secret = bridge.new_secret()
    _, conversation = started(secret)
    # asking for the staff-visible id as if it were a secret: a short or odd one is replaced by a
    # fresh secret; a well-formed one is treated as a secret and leads elsewhere
    s, other = started(conversation)
    assert other != conversation
    s2, other2 = started(conversation + "x" * 8)
    assert other2 != conversation


def test_a_socket_speaks_only_in_its_own_conversation():
    s, conversation = started(bridge.new_secret())
    onward, back = _w(s, "4212" + json.dumps(["user_uttered", {"message": "老板欠薪", "session_id": "w" + "1" * 32,
                                                                        "metadata": {"x": 1}}]))
    assert back == []
    ack, (name, payload) = event(onward[0])
    assert (ack, name) == ("12", "user_uttered")
    assert payload == {"message": "老板欠薪", "session_id": conversation}


def test_nothing_is_sent_before_a_session_is_asked_for():
    s = bridge.WidgetSession(key=KEY)
    onward, back = _w(s, '423["user_uttered",{"message":"hi","session_id":"w0000"}]')
    assert onward == [] and back == ["433[]"]


def test_an_over_long_message_gets_a_chinese_reply_and_never_reaches_rasa():
    s, _ = started(bridge.new_secret())
    text = "欠" * (bridge.MAX_MESSAGE_CHARS + 1)
    onward, back = _w(s, "427" + json.dumps(["user_uttered", {"message": text}], ensure_ascii=False))
    assert onward == []
    assert event(back[0])[1][0] == "bot_uttered" and "太长" in event(back[0])[1][1]["text"]
    assert back[1] == "437[]"
    # exactly at the limit goes through
    onward, _ = _w(s, "42" + json.dumps(["user_uttered", {"message": "欠" * bridge.MAX_MESSAGE_CHARS}]))
    assert len(onward) == 1
    # a huge frame is answered without being parsed
    huge = '428["user_uttered",{"message":"' + "a" * (bridge.MAX_FRAME_CHARS * 4) + '"}]'
    onward, back = _w(s, huge)
    assert onward == [] and "太长" in back[0] and back[1] == "438[]"


@pytest.mark.parametrize("frame", [
    b"\x00\x01binary", "", "4", "43[]", "42", "42{", "42[]", "42[1,2]", '42["disconnect_all",{}]',
    '42/admin,["user_uttered",{"message":"x"}]', "40/admin,", '42["user_uttered","text"]',
    '42["user_uttered",{"message":123}]', '42["user_uttered",{"message":"   "}]',
    '42["user_uttered",{"message":"\u200b"}]'.replace("\u200b", " "),
    '42["session_confirm","w123"]', "5", "6", "1",
])
def test_malformed_or_foreign_frames_are_dropped(frame):
    s, _ = started(bridge.new_secret())
    onward, back = _w(s, frame)
    assert onward == []
    assert all(f.startswith("43") for f in back)


def test_engine_io_keepalive_and_namespace_connect_pass():
    s = bridge.WidgetSession(key=KEY)
    for frame in ("2", "3", "40", '40{"token":"x"}', "41"):
        assert _w(s, frame) == ([frame], [])


def test_rate_limits_answer_in_chinese_and_hold_the_message():
    calls = []

    async def allow(rule, key):
        calls.append((rule, key))
        return rule != "chat.session"

    s, conversation = started(bridge.new_secret(), allow=allow)
    onward, back = _w(s, '425["user_uttered",{"message":"在吗"}]')
    assert onward == [] and "太快" in back[0] and back[1] == "435[]"
    assert ("chat.session", conversation) in calls
    # a new secret per address is limited too
    async def no_new(rule, key):
        return rule != "session.new.address"

    s2 = bridge.WidgetSession(key=KEY, address="10.0.0.2", allow=no_new)
    onward, back = _w(s2, '42["session_request",{"session_id":null}]')
    assert onward == [] and "太快" in back[0] and s2.conversation is None


def test_the_projects_limiter_throttles_one_conversation_not_its_neighbour():
    from bot.common import ratelimit

    limiter = ratelimit.RateLimiter(rules={"chat.session": "3/min", "chat.address": "100/min",
                                           "session.new.address": "10/min"})
    a, _ = started(bridge.new_secret(), allow=limiter.hit_async)
    b, _ = started(bridge.new_secret(), allow=limiter.hit_async)
    sent = [len(_w(a, '42["user_uttered",{"message":"在吗"}]')[0]) for _ in range(5)]
    assert sent == [1, 1, 1, 0, 0]
    assert len(_w(b, '42["user_uttered",{"message":"在吗"}]')[0]) == 1
