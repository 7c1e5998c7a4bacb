"""Tickets through the console API: workflow, notes, assignment, the queue."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bot.db.models import Ticket, utcnow
from bot.db.session import session_scope
from bot.cases import status, tickets
from bot.handoff import handoff

from .conftest import ticket_state


def _ticket(description="厂里欠了两个月工资", sender="w1", minutes_ago=0, **kw):
    kw.setdefault("category", "wage_arrears")
    ref = tickets.open_ticket(description=description, phone=kw.pop("phone", "13812345678"), sender_id=sender,
                              **kw).reference
    if minutes_ago:
        with session_scope() as s:
            s.query(Ticket).filter_by(reference=ref).update({"created_at": utcnow() - timedelta(minutes=minutes_ago)})
    return ref


def test_status_change_returns_the_ticket_and_updates_the_workers_lookup(env):
    ref = _ticket()
    b = env.login("hotline")
    r = b.post(f"/api/tickets/{ref}/status", {"status": "in_progress", "note": "已核实单位"})
    assert r.status_code == 200
    d = r.json()
    assert d["status"] == "in_progress" and d["status_label"] == "处理中"
    assert [t["status"] for t in d["transitions"]] == ["waiting", "resolved", "closed"]
    assert d["sla"]["state"] == "met"
    assert any(e["kind"] == "status" and e["public"] and e["body"] == "工作人员正在处理" for e in d["events"])
    assert any(e["body"] == "新工单 → 处理中：已核实单位" and not e["public"] for e in d["events"])
    r = b.post(f"/api/tickets/{ref}/status", {"status": "waiting"})
    assert r.status_code == 200
    assert "需要您补充情况，请留意工作人员来电" in status.lookup(ref, "5678", "w-x").text


def test_forbidden_status_change_is_409_with_a_chinese_explanation(env):
    ref = _ticket()
    r = env.login("hotline").post(f"/api/tickets/{ref}/status", {"status": "resolved"})
    assert r.status_code == 409
    assert r.json()["detail"] == "工单现在是“新工单”，不能改成“已解决”"
    assert ticket_state(ref).status == "new"


def test_only_an_admin_reopens_a_closed_ticket(env):
    ref = _ticket()
    hot, off, admin = env.login("hotline"), env.login("officer"), env.login("admin")
    assert hot.post(f"/api/tickets/{ref}/status", {"status": "closed"}).json()["transitions"] == []
    assert ticket_state(ref).resolved_at is not None
    assert hot.post(f"/api/tickets/{ref}/status", {"status": "in_progress"}).status_code == 409
    assert off.post(f"/api/tickets/{ref}/status", {"status": "in_progress"}).status_code == 409
    assert admin.get(f"/api/tickets/{ref}").json()["transitions"] == [{"status": "in_progress", "label": "处理中"}]
    r = admin.post(f"/api/tickets/{ref}/status", {"status": "in_progress"})
    assert r.status_code == 200 and r.json()["status"] == "in_progress"
    assert ticket_state(ref).resolved_at is None


def test_resolved_sets_resolved_at(env):
    ref = _ticket()
    b = env.login("officer")
    b.post(f"/api/tickets/{ref}/status", {"status": "in_progress"})
    assert ticket_state(ref).resolved_at is None
    b.post(f"/api/tickets/{ref}/status", {"status": "resolved"})
    t = ticket_state(ref)
    assert t.status == "resolved" and t.resolved_at is not None and t.resolved_at >= t.first_response_at
    assert "已办结" in status.lookup(ref, "5678", "w-y").text


def test_internal_note_and_public_reply(env):
    ref = _ticket()
    b = env.login("hotline")
    r = b.post(f"/api/tickets/{ref}/notes", {"body": "内部：老板疑似跑路", "public": False})
    assert r.status_code == 200
    note = r.json()["events"][-1]
    assert note["kind"] == "note" and note["kind_label"] == "内部备注" and note["public"] is False
    assert note["actor"] == "hot1"
    assert ticket_state(ref).first_response_at is None
    assert "跑路" not in status.lookup(ref, "5678", "w-z").text
    r = b.post(f"/api/tickets/{ref}/notes", {"body": "已转劳动监察，三个工作日内联系您", "public": True})
    reply = r.json()["events"][-1]
    assert reply["kind"] == "reply" and reply["public"] is True
    assert r.json()["sla"]["state"] == "met"
    assert ticket_state(ref).first_response_at is not None
    assert "已转劳动监察" in status.lookup(ref, "5678", "w-z2").text


@pytest.mark.parametrize("body,code", [({"body": "   ", "public": False}, 422), ({"body": "x" * 2001}, 422), ({}, 422)])
def test_bad_notes_are_422(env, body, code):
    ref = _ticket()
    assert env.login("hotline").post(f"/api/tickets/{ref}/notes", body).status_code == code
    assert len(ticket_state(ref).events) == 1


def test_assign(env):
    ref = _ticket()
    b = env.login("hotline")
    r = b.post(f"/api/tickets/{ref}/assign", {"assignee": "off1"})
    assert r.status_code == 200 and r.json()["assignee"] == "off1" and r.json()["assignee_name"] == "李法援"
    r = b.post(f"/api/tickets/{ref}/assign", {"assignee": "ghost"})
    assert r.status_code == 422 and "没有这个工作人员" in r.json()["detail"]
    assert ticket_state(ref).assignee == "off1"
    assert b.post(f"/api/tickets/{ref}/assign", {"assignee": None}).json()["assignee"] is None


def test_assign_to_a_disabled_account_is_422_and_it_leaves_the_staff_list(env):
    ref = _ticket()
    admin = env.login("admin")
    admin.patch(f"/api/users/{env.user_id('officer2')}", {"active": False})
    assert admin.post(f"/api/tickets/{ref}/assign", {"assignee": "off2"}).status_code == 422
    names = [u["username"] for u in admin.get("/api/staff").json()]
    assert "off2" not in names and {"hot1", "off1", "adm1"} <= set(names)


def test_unknown_ticket_is_404_everywhere(env):
    b = env.login("admin")
    for method, path, body in [("GET", "/api/tickets/GH-AAAA-AAAA", None),
                               ("GET", "/api/tickets/GH-AAAA-AAAA/transcript", None),
                               ("POST", "/api/tickets/GH-AAAA-AAAA/status", {"status": "closed"}),
                               ("POST", "/api/tickets/GH-AAAA-AAAA/notes", {"body": "x"}),
                               ("POST", "/api/tickets/GH-AAAA-AAAA/assign", {"assignee": None})]:
        r = b.request(method, path, json=body)
        assert r.status_code == 404, path
        assert r.json()["detail"] == "没有这个工单"


def test_queue_order_and_options(env):
    low = _ticket("低优先级", sender="a", priority="low", minutes_ago=500)
    normal_old = _ticket("普通 旧", sender="b", minutes_ago=300)
    normal_new = _ticket("普通 新", sender="c", minutes_ago=30)
    high = _ticket("高优先级", sender="d", priority="high", minutes_ago=10)
    urgent = _ticket("紧急", sender="e", priority="urgent", minutes_ago=1)
    waiting = _ticket("等人工", sender="f", priority="low", minutes_ago=2)
    handoff.start("f", reason="request_human", summary="")
    r = env.login("hotline").get("/api/queue")
    assert r.status_code == 200
    body = r.json()
    assert [i["reference"] for i in body["items"]] == [urgent, waiting, high, normal_old, normal_new, low]
    assert body["items"][1]["handoff"]["status"] == "waiting"
    assert body["server_time"].endswith("Z")
    assert {"name": "wage_arrears", "label": "欠薪讨薪"} in body["topics"]
    assert [s["name"] for s in body["statuses"]] == ["new", "in_progress", "waiting", "resolved", "closed"]
    assert [p["name"] for p in body["priorities"]] == ["urgent", "high", "normal", "low"]
    for item in body["items"]:
        assert item["sla"]["state"] in ("ok", "soon", "overdue", "met") and item["sla"]["label"]


def test_queue_filters_over_the_api(env):
    mine = _ticket("欠薪 甲", sender="a", priority="high")
    other = _ticket("工伤 乙 手指", sender="b", category="work_injury")
    legal = _ticket("法律援助 丙", sender="c", category="legal_aid", queue="legal_aid")
    b = env.login("hotline")
    b.post(f"/api/tickets/{mine}/assign", {"assignee": "hot1"})
    b.post(f"/api/tickets/{legal}/status", {"status": "closed"})

    def refs(query):
        r = b.get(f"/api/queue?{query}")
        assert r.status_code == 200
        return {i["reference"] for i in r.json()["items"]}

    assert refs("") == {mine, other}
    assert refs("status=all") == {mine, other, legal}
    assert refs("status=closed") == {legal}
    assert refs("assignee=me") == {mine}
    assert refs("assignee=none") == {other}
    assert refs("topic=work_injury") == {other}
    assert refs("priority=high") == {mine}
    assert refs("queue=legal_aid&status=all") == {legal}
    assert refs("q=手指") == {other}
    assert refs(f"q={mine[3:].lower()}") == {mine}
    # the officer's "me" is the officer
    assert {i["reference"] for i in env.login("officer").get("/api/queue?assignee=me").json()["items"]} == set()


def test_ticket_detail_shape(env):
    ref = tickets.open_ticket(description="欠薪", phone="13812345678", category="wage_arrears", sender_id="w9",
                              intent="wage_arrears", confidence=0.876, priority="high",
                              priority_reasons=["金额较大"], fields={"wa_city": "深圳"}).reference
    d = env.login("hotline").get(f"/api/tickets/{ref}").json()
    assert d["intent"] == "wage_arrears" and d["intent_label"] == "欠薪讨薪" and d["intent_confidence"] == 0.876
    assert d["priority_reasons"] == ["金额较大"] and d["channel"] == "bot" and d["sender_id"] == "w9"
    assert d["city"] == "深圳" and d["created_at"].endswith("Z")
    assert d["events"][0]["kind"] == "created" and d["events"][0]["kind_label"] == "创建"


def test_canned_replies_over_the_api(env):
    admin = env.login("admin")
    r = admin.post("/api/canned", {"title": "欠薪材料", "body": "请准备考勤和工资条。", "topic": "wage_arrears"})
    assert r.status_code == 200
    cid = r.json()["id"]
    assert r.json() == {"id": cid, "title": "欠薪材料", "body": "请准备考勤和工资条。", "topic": "wage_arrears"}
    hot = env.login("hotline")
    assert [c["id"] for c in hot.get("/api/canned?topic=wage_arrears").json()] == [cid]
    assert hot.get("/api/canned?topic=work_injury").json() == []
    assert admin.put(f"/api/canned/{cid}", {"title": "新标题", "body": "新内容"}).json()["topic"] == "general"
    assert admin.put("/api/canned/9999", {"title": "a", "body": "b"}).status_code == 404
    assert admin.post("/api/canned", {"title": " ", "body": "b"}).status_code == 422
    assert admin.delete(f"/api/canned/{cid}").json() == {"ok": True}
    assert admin.delete(f"/api/canned/{cid}").status_code == 404
