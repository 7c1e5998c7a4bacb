from bot.common import pii
from bot.handoff import transcript
from bot.web import rasa as rasa_api

T0 = 1_800_000_000.0  # 2027-01-15T08:00:00Z


def _tracker():
    officer = rasa_api.message("officer", "我是李律师，请说一下电话 13912345678", name="李法援",
                               role="法律援助工作人员", username="off1")
    officer["timestamp"] = T0 + 4
    notice = rasa_api.message("notice", "法律援助工作人员 李法援 已接入，联系电话 13700001111", handoff="live", name="李法援")
    notice["timestamp"] = T0 + 3
    return {"sender_id": "w1", "events": [
        {"event": "action", "name": "action_listen", "timestamp": T0 - 1},
        {"event": "user", "text": "老板欠薪，我电话13812345678", "timestamp": T0,
         "parse_data": {"intent": {"name": "wage_arrears", "confidence": 0.93}}},
        {"event": "bot", "text": "要帮您登记吗？电话是13812345678吗", "timestamp": T0 + 1,
         "data": {"buttons": [{"title": "是", "payload": "/affirm"}, {"title": "不是", "payload": "/deny"}]}},
        {"event": "user", "text": "/affirm", "timestamp": T0 + 2, "parse_data": {"intent": {"name": "affirm", "confidence": 1.0}}},
        {"event": "slot", "name": "handoff", "value": "live", "timestamp": T0 + 3},
        notice,
        officer,
        {"event": "user", "text": '/inform{"city": "广州"}', "timestamp": T0 + 5, "parse_data": {}},
        {"event": "bot", "text": None, "timestamp": T0 + 6, "data": {"custom": {"data": {"kind": "other"}}}},
    ]}


def test_roles_order_indexes_and_timestamps():
    msgs = transcript.messages(_tracker())
    assert [m["role"] for m in msgs] == ["worker", "bot", "worker", "notice", "officer", "worker"]
    assert [m["index"] for m in msgs] == list(range(6))
    assert msgs[0]["ts"] == "2027-01-15T08:00:00Z"
    assert msgs[0]["intent"] == "wage_arrears" and msgs[0]["confidence"] == 0.93


def test_button_presses_are_labelled():
    msgs = transcript.messages(_tracker())
    assert msgs[2]["text"] == "〔按钮〕是" and msgs[2]["button"] is True  # the title the worker pressed
    assert msgs[5]["text"] == "〔按钮〕选择了一个选项" and msgs[5]["intent"] is None  # never the intent's name
    assert "button" not in msgs[0]


def test_in_the_workers_own_widget_a_button_press_reads_as_the_button_did():
    tracker = _tracker()
    tracker["events"].insert(-2, {"event": "bot", "text": "您在哪个城市？", "timestamp": T0 + 4.5,
                                  "data": {"buttons": [{"title": "广州", "payload": '/inform{"city": "广州"}'}]}})
    msgs = transcript.messages(tracker, widget=True)
    assert [m["text"] for m in msgs if m["role"] == "worker"] == ["老板欠薪，我电话13812345678", "是", "广州"]
    assert not any("〔按钮〕" in m["text"] or "inform" in m["text"] for m in msgs)


def test_a_staff_reply_on_a_ticket_reads_as_the_staff_member_but_is_no_handoff():
    reply = rasa_api.message("case_reply", "关于您的工单 GH-AAAA-BBBB：\n什么时候方便接电话？", name="王坐席",
                             role="热线坐席", reference="GH-AAAA-BBBB")
    msgs = transcript.messages({"events": [reply]})
    assert msgs == [{"role": "officer", "text": "关于您的工单 GH-AAAA-BBBB：\n什么时候方便接电话？", "name": "王坐席",
                     "role_label": "热线坐席", "reference": "GH-AAAA-BBBB", "ts": msgs[0]["ts"], "index": 0}]


def test_bot_buttons_officer_name_and_notice():
    msgs = transcript.messages(_tracker())
    assert msgs[1]["buttons"] == [{"title": "是", "payload": "/affirm"}, {"title": "不是", "payload": "/deny"}]
    assert msgs[4]["name"] == "李法援" and msgs[4]["role_label"] == "法律援助工作人员"
    assert "off1" not in str(msgs[4])
    assert msgs[3]["handoff"] == "live"


def test_without_a_mask_the_text_is_as_written():
    msgs = transcript.messages(_tracker())
    assert msgs[0]["text"] == "老板欠薪，我电话13812345678"
    assert msgs[4]["text"] == "我是李律师，请说一下电话 13912345678"


def test_mask_applies_to_worker_bot_and_officer_texts_only():
    seen = []

    def mask(text):
        seen.append(text)
        return pii.mask_text(text)

    msgs = transcript.messages(_tracker(), mask)
    assert msgs[0]["text"] == "老板欠薪，我电话138****5678"
    assert msgs[1]["text"] == "要帮您登记吗？电话是138****5678吗"
    assert msgs[4]["text"] == "我是李律师，请说一下电话 139****5678"
    # notices are the system's own words: not masked
    assert msgs[3]["text"] == "法律援助工作人员 李法援 已接入，联系电话 13700001111"
    # Worker messages (a button press included: "/..." may be typed text), bot and officer texts.
    assert sorted(seen) == sorted(["老板欠薪，我电话13812345678", "要帮您登记吗？电话是13812345678吗",
                                   "我是李律师，请说一下电话 13912345678", "〔按钮〕选择了一个选项", "〔按钮〕是"])


def test_a_typed_message_starting_with_a_slash_is_still_masked():
    """Workers type what they like; Rasa treats "/..." as an intent, but the text is the worker's."""
    tracker = {"events": [{"event": "user", "text": "/我的电话13812345678", "timestamp": T0, "parse_data": {}}]}
    [m] = transcript.messages(tracker, pii.mask_text)
    assert "13812345678" not in m["text"]


def test_empty_or_missing_events():
    assert transcript.messages({}) == []
    assert transcript.messages({"events": None}) == []
    [m] = transcript.messages({"events": [{"event": "user", "text": None}]})
    assert m["text"] == "" and m["ts"] is None
