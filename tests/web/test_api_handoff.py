"""Live handoff through the console API: claim, officer messages, hand back, Rasa failures."""
from __future__ import annotations

import pytest

from bot.cases import tickets

from bot.handoff import handoff

from .conftest import ticket_state, user_event

SENDER = "worker-handoff-1"


@pytest.fixture
def h(env):
    ref = tickets.open_ticket(description="工地欠薪三个月，想找人工", phone="13812345678", category="wage_arrears",
                              sender_id=SENDER).reference
    view = handoff.start(SENDER, reason="request_human", summary="话题：欠薪讨薪\n工地欠薪三个月")
    assert view.ticket_reference == ref
    env.rasa.trackers[SENDER] = {"sender_id": SENDER, "slots": {"handoff": "waiting"},
                                 "events": [user_event("我要找人工", "request_human")]}
    return view


def _custom(event: dict) -> dict:
    return event["data"]["custom"]["data"]


def test_first_claim_wins_and_the_second_gets_409(env, h):
    a, b = env.login("officer"), env.login("officer2")
    r1 = a.post(f"/api/handoffs/{h.id}/claim")
    assert r1.status_code == 200
    assert r1.json()["status"] == "live" and r1.json()["officer"] == "off1" and r1.json()["officer_name"] == "李法援"
    r2 = b.post(f"/api/handoffs/{h.id}/claim")
    assert r2.status_code == 409
    assert r2.json()["detail"] == "已被其他工作人员接入"
    assert handoff.get(h.id).officer_username == "off1"


def test_claim_sets_the_handoff_slot_and_tells_the_worker(env, h):
    assert env.login("officer").post(f"/api/handoffs/{h.id}/claim").status_code == 200
    assert [s for s, _ in env.rasa.appended] == [SENDER]
    slot, notice = env.rasa.appended[0][1]
    assert slot["event"] == "slot" and slot["name"] == "handoff" and slot["value"] == "live"
    assert notice["event"] == "bot" and notice["text"] is None
    data = _custom(notice)
    assert data["kind"] == "notice" and data["handoff"] == "live" and data["name"] == "李法援"
    assert "李法援" in data["text"] and "已接入" in data["text"]


def test_claim_moves_the_linked_ticket_along(env, h):
    assert env.login("officer").post(f"/api/handoffs/{h.id}/claim").status_code == 200
    t = ticket_state(h.ticket_reference)
    assert t.status == "in_progress" and t.assignee == "off1" and t.first_response_at is not None


def test_a_double_click_on_claim_tells_the_worker_only_once(env, h):
    a = env.login("officer")
    assert a.post(f"/api/handoffs/{h.id}/claim").status_code == 200
    assert a.post(f"/api/handoffs/{h.id}/claim").status_code == 200
    notices = [e for e in env.rasa.events_for(SENDER) if e["event"] == "bot"]
    assert len(notices) == 1


def test_only_the_claiming_officer_can_write(env, h):
    a, b = env.login("officer"), env.login("officer2")
    a.post(f"/api/handoffs/{h.id}/claim")
    env.rasa.appended.clear()
    r = b.post(f"/api/handoffs/{h.id}/messages", {"text": "我来帮您"})
    assert r.status_code == 403
    assert env.rasa.appended == []
    admin = env.login("admin")
    assert admin.post(f"/api/handoffs/{h.id}/messages", {"text": "管理员插话"}).status_code == 403
    assert env.rasa.appended == []


def test_officer_message_is_a_bot_event_with_name_and_role_but_not_the_username(env, h):
    a = env.login("officer")
    a.post(f"/api/handoffs/{h.id}/claim")
    env.rasa.appended.clear()
    r = a.post(f"/api/handoffs/{h.id}/messages", {"text": "  您好，我是法律援助中心的李律师。  "})
    assert r.status_code == 200 and r.json() == {"ok": True}
    [(sender, [event])] = env.rasa.appended
    assert sender == SENDER
    assert event["event"] == "bot" and event["text"] is None
    data = _custom(event)
    assert data == {"kind": "officer", "text": "您好，我是法律援助中心的李律师。", "name": "李法援",
                    "role": "法律援助工作人员"}
    assert "off1" not in str(event["data"])


def test_officer_message_shows_up_in_the_message_poll(env, h):
    a = env.login("officer")
    a.post(f"/api/handoffs/{h.id}/claim")
    first = a.get(f"/api/handoffs/{h.id}/messages").json()
    assert first["status"] == "live"
    assert [m["role"] for m in first["messages"]] == ["worker", "notice"]
    a.post(f"/api/handoffs/{h.id}/messages", {"text": "请把欠条拍照发我"})
    nxt = a.get(f"/api/handoffs/{h.id}/messages?after={first['next']}").json()
    assert [(m["role"], m["text"], m["index"]) for m in nxt["messages"]] == [("officer", "请把欠条拍照发我", 2)]
    assert nxt["next"] == 3


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_officer_message_is_refused(env, h, text):
    a = env.login("officer")
    a.post(f"/api/handoffs/{h.id}/claim")
    env.rasa.appended.clear()
    assert a.post(f"/api/handoffs/{h.id}/messages", {"text": text}).status_code == 422
    assert env.rasa.appended == []


def test_writing_to_a_waiting_handoff_is_409(env, h):
    r = env.login("officer").post(f"/api/handoffs/{h.id}/messages", {"text": "在吗"})
    assert r.status_code == 409
    assert env.rasa.appended == []


def test_release_hands_back_to_the_bot(env, h):
    a = env.login("officer")
    a.post(f"/api/handoffs/{h.id}/claim")
    env.rasa.appended.clear()
    r = a.post(f"/api/handoffs/{h.id}/release", {"note": "已约好明天来电"})
    assert r.status_code == 200
    assert r.json()["status"] == "closed" and r.json()["closed_at"].endswith("Z")
    [(sender, [slot, notice])] = env.rasa.appended
    assert sender == SENDER
    assert slot["event"] == "slot" and slot["name"] == "handoff" and slot["value"] is None
    assert _custom(notice)["kind"] == "notice" and _custom(notice)["handoff"] == "ended"
    assert "人工服务已结束" in _custom(notice)["text"]
    t = ticket_state(h.ticket_reference)
    assert t.needs_human is False
    assert "已约好明天来电" in t.events[-1].body
    # closed: no more claims or messages
    assert env.login("officer2").post(f"/api/handoffs/{h.id}/claim").status_code == 409
    assert a.post(f"/api/handoffs/{h.id}/claim").status_code == 409
    assert a.post(f"/api/handoffs/{h.id}/messages", {"text": "还在吗"}).status_code == 409
    assert a.post(f"/api/handoffs/{h.id}/release").status_code == 409


def test_another_officer_cannot_release_a_live_handoff_but_an_admin_can(env, h):
    env.login("officer").post(f"/api/handoffs/{h.id}/claim")
    assert env.login("officer2").post(f"/api/handoffs/{h.id}/release").status_code == 409
    assert handoff.get(h.id).status == "live"
    assert env.login("admin").post(f"/api/handoffs/{h.id}/release").status_code == 200
    assert handoff.get(h.id).status == "closed"


def test_release_still_closes_when_rasa_is_down(env, h):
    a = env.login("officer")
    a.post(f"/api/handoffs/{h.id}/claim")
    env.rasa.fail.add("append")
    r = a.post(f"/api/handoffs/{h.id}/release")
    assert r.status_code == 200 and handoff.get(h.id).status == "closed"


def test_claim_when_rasa_is_down_is_502_and_the_handoff_waits_again(env, h):
    a, b = env.login("officer"), env.login("officer2")
    env.rasa.fail.add("append")
    r = a.post(f"/api/handoffs/{h.id}/claim")
    assert r.status_code == 502
    assert "接入没有成功" in r.json()["detail"]
    view = handoff.get(h.id)
    assert view.status == "waiting" and view.officer_username is None and view.claimed_at is None
    assert b.get(f"/api/handoffs/{h.id}").json()["status"] == "waiting"
    env.rasa.fail.clear()
    r = b.post(f"/api/handoffs/{h.id}/claim")
    assert r.status_code == 200 and r.json()["officer"] == "off2"


def test_a_failed_claim_leaves_no_trace_on_the_ticket(env, h):
    """The worker was never told anyone picked up: the ticket must not look answered or assigned."""
    env.rasa.fail.add("append")
    assert env.login("officer").post(f"/api/handoffs/{h.id}/claim").status_code == 502
    t = ticket_state(h.ticket_reference)
    assert t.first_response_at is None
    assert t.assignee is None
    assert t.status == "new"


def test_handoff_lists(env, h):
    a = env.login("officer")
    waiting = a.get("/api/handoffs?status=waiting").json()["items"]
    assert [i["id"] for i in waiting] == [h.id]
    assert waiting[0]["waiting_minutes"] == 0 and waiting[0]["reason_label"] == "职工要求人工"
    assert a.get("/api/handoffs?status=mine").json()["items"] == []
    a.post(f"/api/handoffs/{h.id}/claim")
    assert [i["id"] for i in a.get("/api/handoffs?status=mine").json()["items"]] == [h.id]
    assert env.login("officer2").get("/api/handoffs?status=mine").json()["items"] == []
    assert a.get("/api/handoffs?status=waiting").json()["items"] == []
    assert [i["id"] for i in a.get("/api/handoffs").json()["items"]] == [h.id]  # open = waiting + live


def test_unknown_handoff_is_404(env):
    a = env.login("officer")
    assert a.get("/api/handoffs/9999").status_code == 404
    assert a.get("/api/handoffs/9999/messages").status_code == 404
    assert a.post("/api/handoffs/9999/messages", {"text": "x"}).status_code == 404


@pytest.mark.parametrize("action", ["claim", "release"])
def test_claim_or_release_of_an_unknown_handoff_is_404(env, action):
    """Docs: 404 = not found, 409 = conflict."""
    r = env.login("officer").post(f"/api/handoffs/9999/{action}")
    assert r.status_code == 404
    assert env.rasa.appended == []


def test_ticket_detail_shows_the_live_handoff(env, h):
    a = env.login("officer")
    a.post(f"/api/handoffs/{h.id}/claim")
    d = a.get(f"/api/tickets/{h.ticket_reference}").json()
    assert d["handoff"] == {"id": h.id, "status": "live", "officer_name": "李法援"}
    assert d["needs_human"] is True
