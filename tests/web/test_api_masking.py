"""Personal data is masked everywhere in the console unless revealed (and the reveal is logged)."""
from __future__ import annotations

import json

import pytest

from bot.cases import tickets

from .conftest import bot_event, user_event

PHONE, ID_NUMBER, CARD, OTHER_PHONE = "13812345678", "440106199001011234", "6222021234567890123", "13987654321"
RAW = (PHONE, ID_NUMBER, CARD, OTHER_PHONE)
SENDER = "worker-mask-1"


@pytest.fixture
def ref(env):
    ref = tickets.open_ticket(
        description=f"老板欠我工资。身份证 {ID_NUMBER}，工资卡 {CARD}，工友电话 {OTHER_PHONE}",
        phone=PHONE, category="wage_arrears", sender_id=SENDER, name="陈师傅",
        fields={"wa_employer": "某某建筑公司", "id_card": ID_NUMBER, "bank": f"卡号 {CARD}",
                "witness": {"name": "老李", "phone": OTHER_PHONE}},
    ).reference
    env.rasa.trackers[SENDER] = {"sender_id": SENDER, "slots": {}, "events": [
        user_event(f"我的身份证是{ID_NUMBER}，电话{PHONE}", "wage_arrears"),
        bot_event(f"好的，已记下电话 {PHONE}。"),
        user_event(f"工资卡是 {CARD}", "inform"),
    ]}
    return ref


def assert_no_raw(text: str) -> None:
    for raw in RAW:
        assert raw not in text
    # nor any 11+ digit run that could be one of them re-spaced
    assert "1234567890" not in text


def test_queue_item_masks_phone_and_summary(env, ref):
    r = env.login("hotline").get("/api/queue")
    assert r.status_code == 200
    assert_no_raw(r.text)
    item = next(i for i in r.json()["items"] if i["reference"] == ref)
    assert item["contact_phone"] == "138****5678"
    assert "440***********1234" in item["summary"]
    assert "6222 **** 0123" in item["summary"]


def test_ticket_detail_masks_description_fields_and_events(env, ref):
    r = env.login("officer").get(f"/api/tickets/{ref}")
    assert r.status_code == 200
    assert_no_raw(r.text)
    d = r.json()
    assert d["contact_phone"] == "138****5678"
    assert "440***********1234" in d["description"] and "139****4321" in d["description"]
    fields = {f["name"]: f["value"] for f in d["fields"]}
    assert fields["wa_employer"] == "某某建筑公司"  # ordinary values stay
    assert "440***********1234" in json.dumps(fields, ensure_ascii=False)
    assert d["contact_name"] == "陈师傅"


def test_a_public_reply_with_a_number_is_masked_in_the_event_list(env, ref):
    b = env.login("hotline")
    r = b.post(f"/api/tickets/{ref}/notes", {"body": f"已回拨 {PHONE}，职工说卡号 {CARD}", "public": False})
    assert r.status_code == 200
    assert_no_raw(r.text)
    assert any("138****5678" in e["body"] for e in r.json()["events"])


def test_transcript_masks_worker_and_bot_messages(env, ref):
    r = env.login("hotline").get(f"/api/tickets/{ref}/transcript")
    assert r.status_code == 200
    assert_no_raw(r.text)
    body = r.json()
    assert body["available"] is True
    roles = [m["role"] for m in body["messages"]]
    assert roles == ["worker", "bot", "worker"]
    assert body["messages"][0]["text"] == "我的身份证是440***********1234，电话138****5678"
    assert body["messages"][0]["intent"] == "wage_arrears"


def test_transcript_of_a_phone_intake_ticket_is_not_available(env):
    b = env.login("hotline")
    r = b.post("/api/intake/tickets", {"category": "general", "description": "来电咨询", "contact_phone": PHONE,
                                       "priority": "normal"})
    t = b.get(f"/api/tickets/{r.json()['reference']}/transcript")
    assert t.json() == {"available": False, "messages": []}


def test_transcript_when_rasa_is_down_is_a_502(env, ref):
    env.rasa.fail.add("tracker")
    r = env.login("hotline").get(f"/api/tickets/{ref}/transcript")
    assert r.status_code == 502 and "对话" in r.json()["detail"]


def test_reveal_with_a_reason_returns_raw_values_and_is_audited(env, ref):
    b = env.login("hotline")
    r = b.post(f"/api/tickets/{ref}/reveal", {"reason": "职工来电要求核对银行卡"})
    assert r.status_code == 200
    d = r.json()
    assert d["contact_phone"] == PHONE
    assert ID_NUMBER in d["description"] and CARD in d["description"] and OTHER_PHONE in d["description"]
    fields = {f["name"]: f["value"] for f in d["fields"]}
    assert fields["id_card"] == ID_NUMBER and CARD in fields["bank"]
    assert d["messages"][0]["text"] == f"我的身份证是{ID_NUMBER}，电话{PHONE}"
    assert CARD in d["messages"][2]["text"]

    audit = env.login("admin").get("/api/audit")
    assert audit.status_code == 200
    rows = [a for a in audit.json() if a["action"] == "pii.reveal"]
    assert len(rows) == 1
    assert rows[0]["actor"] == "hot1" and rows[0]["target"] == ref and rows[0]["detail"] == "职工来电要求核对银行卡"
    assert rows[0]["created_at"].endswith("Z")
    # the audit log itself does not carry the revealed data
    assert_no_raw(audit.text)


def test_reveal_does_not_unmask_later_reads(env, ref):
    b = env.login("hotline")
    assert b.post(f"/api/tickets/{ref}/reveal", {"reason": "核对身份"}).status_code == 200
    assert_no_raw(b.get(f"/api/tickets/{ref}").text)
    assert_no_raw(b.get(f"/api/tickets/{ref}/transcript").text)


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "x"}])
def test_reveal_without_a_reason_is_refused_and_not_logged(env, ref, body):
    b = env.login("hotline")
    r = b.post(f"/api/tickets/{ref}/reveal", body)
    assert r.status_code == 422
    assert_no_raw(r.text)
    assert [a for a in env.login("admin").get("/api/audit").json() if a["action"] == "pii.reveal"] == []


def test_reveal_of_an_unknown_ticket_is_404(env):
    r = env.login("hotline").post("/api/tickets/GH-AAAA-AAAA/reveal", {"reason": "核对身份"})
    assert r.status_code == 404


def test_handoff_list_and_messages_are_masked(env, ref):
    from bot.handoff import handoff

    h = handoff.start(SENDER, reason="request_human", summary=f"话题：欠薪讨薪\n电话 {PHONE}，身份证 {ID_NUMBER}")
    b = env.login("officer")
    listing = b.get("/api/handoffs")
    assert listing.status_code == 200
    assert_no_raw(listing.text)
    item = next(i for i in listing.json()["items"] if i["id"] == h.id)
    assert "138****5678" in item["summary"] and item["topic_label"] == "欠薪讨薪"
    assert item["ticket_reference"] == ref
    msgs = b.get(f"/api/handoffs/{h.id}/messages")
    assert msgs.status_code == 200 and len(msgs.json()["messages"]) == 3
    assert_no_raw(msgs.text)


def test_review_queue_masks_texts(env):
    from bot.console import review

    review.record(f"我电话{PHONE}，你们打给我", sender_id="w", intent="nlu_fallback", confidence=0.2)
    r = env.login("hotline").get("/api/review")
    assert r.status_code == 200
    assert_no_raw(r.text)
    assert r.json()["items"][0]["text"] == "我电话138****5678，你们打给我"


def test_widget_history_is_the_workers_own_unmasked_conversation(env, ref):
    import os

    from bot.web import bridge

    secret = bridge.new_secret()
    conversation = bridge.conversation_id(secret, os.environ["UNION_SECRET_KEY"])
    env.rasa.trackers[conversation] = dict(env.rasa.trackers[SENDER], sender_id=conversation)
    r = env.browser().post("/widget/history", content=json.dumps({"session": secret}),
                           headers={"Content-Type": "text/plain"})
    assert r.status_code == 200
    assert PHONE in r.text
    assert all("intent" not in m for m in r.json()["messages"])
    assert env.browser().post("/widget/history", content='{"session": "a b"}').status_code == 422
    assert env.browser().post("/widget/history", content="").status_code == 422


def test_a_conversation_id_seen_by_staff_opens_no_history(env, ref):
    """Staff see the conversation id (in tickets and handoffs); as a widget key it opens nothing, and
    the old way of asking (the id in the query string) is gone."""
    b = env.login("admin")
    sender = b.get(f"/api/tickets/{ref}").json().get("sender_id") or SENDER
    browser = env.browser()
    for key in (sender, SENDER, "w" + "0" * 32):
        r = browser.post("/widget/history", content=json.dumps({"session": key}))
        assert r.status_code in (200, 422)
        assert PHONE not in r.text and "138****5678" not in r.text
    assert browser.get(f"/widget/history?session_id={SENDER}").status_code == 405


# ---- who may reveal, why, and the record of it -------------------------------------------------

def _audit(env, action):
    return [a for a in env.login("admin").get("/api/audit").json() if a["action"] == action]


def test_a_reveal_is_on_the_tickets_timeline_in_plain_chinese(env, ref):
    b = env.login("hotline")
    assert b.post(f"/api/tickets/{ref}/reveal", {"reason": "回电核实"}).status_code == 200
    d = b.get(f"/api/tickets/{ref}").json()
    [ev] = [e for e in d["events"] if e["kind"] == "reveal"]
    assert ev["kind_label"] == "查看个人信息"
    assert ev["body"] == "王热线 查看了完整联系方式和证件信息，理由：回电核实"
    assert ev["actor"] == "hot1" and ev["actor_name"] == "王热线" and ev["public"] is False
    assert [a["detail"] for a in _audit(env, "pii.reveal")] == ["回电核实"]


@pytest.mark.parametrize("reason", ["x", "查看一下", "啊啊啊啊啊啊啊", "check the phone number", "      "])
def test_a_reason_is_a_choice_or_six_chinese_characters(env, ref, reason):
    r = env.login("hotline").post(f"/api/tickets/{ref}/reveal", {"reason": reason})
    assert r.status_code == 422
    assert "至少 6 个汉字" in r.json()["detail"]
    assert _audit(env, "pii.reveal") == []


def test_a_written_reason_with_a_number_in_it_is_recorded_masked(env, ref):
    b = env.login("hotline")
    r = b.post(f"/api/tickets/{ref}/reveal", {"reason": f"职工换了号码 {OTHER_PHONE} 需要核对"})
    assert r.status_code == 200
    assert [a["detail"] for a in _audit(env, "pii.reveal")] == ["职工换了号码 139****4321 需要核对"]


def _ticket_in(env, queue, sender, **kw):
    return tickets.open_ticket(description=f"情况说明，电话 {PHONE}", phone=PHONE, category="legal_aid" if queue == "legal_aid" else "wage_arrears",
                               queue=queue, sender_id=sender, **kw).reference


@pytest.mark.parametrize("queue,who,allowed", [
    ("hotline", "hotline", True),
    ("hardship", "hotline", True),
    ("legal_aid", "hotline", False),
    ("hotline", "officer", False),
    ("hardship", "officer", False),
    ("legal_aid", "officer", True),
    ("hotline", "admin", True),
    ("legal_aid", "admin", True),
])
def test_reveal_is_for_the_roles_that_handle_the_ticket(env, queue, who, allowed):
    ref = _ticket_in(env, queue, f"w-{queue}-{who}")
    b = env.login(who)
    assert b.get(f"/api/tickets/{ref}").json()["reveal"]["allowed"] is allowed
    r = b.post(f"/api/tickets/{ref}/reveal", {"reason": "核对身份"})
    assert r.status_code == (200 if allowed else 403)
    if allowed:
        assert r.json()["contact_phone"] == PHONE
    else:
        assert_no_raw(r.text)
        assert "不能查看完整信息" in r.json()["detail"]
        assert [(a["actor"], a["target"]) for a in _audit(env, "pii.reveal.denied")] == [(b.user["username"], ref)]
        assert not [e for e in b.get(f"/api/tickets/{ref}").json()["events"] if e["kind"] == "reveal"]


def test_an_officer_reveals_a_ticket_with_a_handoff_and_anyone_one_assigned_to_them(env):
    from bot.handoff import handoff

    ref = _ticket_in(env, "hotline", "w-handoff")
    officer = env.login("officer")
    assert officer.post(f"/api/tickets/{ref}/reveal", {"reason": "核对身份"}).status_code == 403
    handoff.start("w-handoff", reason="request_human", summary="话题：欠薪讨薪")
    assert officer.post(f"/api/tickets/{ref}/reveal", {"reason": "核对身份"}).status_code == 200

    legal = _ticket_in(env, "legal_aid", "w-assigned")
    hot = env.login("hotline")
    assert hot.post(f"/api/tickets/{legal}/reveal", {"reason": "核对身份"}).status_code == 403
    env.login("admin").post(f"/api/tickets/{legal}/assign", {"assignee": "hot1"})
    assert hot.post(f"/api/tickets/{legal}/reveal", {"reason": "核对身份"}).status_code == 200


# ---- searching the queue by phone ----------------------------------------------------------------

def test_the_queue_finds_a_phone_only_whole_and_audits_the_lookup(env, ref):
    b = env.login("hotline")

    def refs(q):
        r = b.get("/api/queue", params={"q": q})
        assert r.status_code == 200
        assert_no_raw(r.text)
        return [i["reference"] for i in r.json()["items"]]

    for partial in ("1381234", "138123", "23456", "8123", "44010619"):
        assert refs(partial) == []
    assert _audit(env, "pii.search") == []
    assert refs("138 1234 5678") == [ref]
    [row] = _audit(env, "pii.search")
    assert row["actor"] == "hot1" and row["target"] == "138****5678" and "找到 1 个" in row["detail"]
    assert refs(ref) == [ref]  # a reference search still works, unaudited
    assert len(_audit(env, "pii.search")) == 1
