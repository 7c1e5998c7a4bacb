"""Regions through the console API: accounts' regions, the queue's default filter, transfer (转办)
with its audit trail, the call-back list and the alerts staff poll."""
from __future__ import annotations

from sqlalchemy import select

from bot.cases import tickets
from bot.console import routing
from bot.db.models import AuditLog, Ticket
from bot.db.session import session_scope
from bot.handoff import handoff


def _ticket(city=None, sender="w1", **kw):
    fields = {"wa_city": city} if city else {}
    return tickets.open_ticket(description=kw.pop("description", "厂里欠了两个月工资"), phone="13812345678",
                               sender_id=sender, category="wage_arrears", fields=fields, **kw).reference


def _set_regions(env, who, codes):
    admin = env.login("admin")
    r = admin.patch(f"/api/users/{env.user_id(who)}", {"regions": codes})
    assert r.status_code == 200, r.text
    return r.json()


def refs(resp):
    assert resp.status_code == 200, resp.text
    return {i["reference"] for i in resp.json()["items"]}


def test_admin_sets_an_accounts_regions_in_the_audit_log(env):
    d = _set_regions(env, "hotline", ["shenzhen", "guangzhou"])
    assert d["regions"] == ["guangzhou", "shenzhen"]
    assert d["region_labels"] == ["广州市总工会", "深圳市总工会"]
    with session_scope() as s:
        entry = s.execute(select(AuditLog).where(AuditLog.action == "user.update")).scalars().all()[-1]
    assert "所属地区→广州市总工会、深圳市总工会" in entry.detail
    admin = env.login("admin")
    assert admin.patch(f"/api/users/{env.user_id('hotline')}", {"regions": ["mars"]}).status_code == 422
    me = env.login("hotline").get("/api/auth/me").json()["user"]
    assert me["regions"] == ["guangzhou", "shenzhen"]
    # only admins change accounts
    assert env.login("hotline").patch(f"/api/users/{env.user_id('hotline')}", {"regions": []}).status_code == 403


def test_the_queue_shows_a_staff_member_their_regions_by_default(env):
    sz = _ticket("深圳宝安区", sender="a")
    gz = _ticket("广州天河", sender="b")
    central = _ticket(None, sender="c")
    _set_regions(env, "hotline", ["shenzhen"])
    hot = env.login("hotline")
    r = hot.get("/api/queue")
    assert refs(r) == {sz}
    body = r.json()
    assert body["my_regions"] == ["shenzhen"] and body["my_regions_label"] == "深圳市总工会"
    assert {"name": "central", "label": "省总工会职工服务中心（未分地区）"} in body["regions"]
    item = body["items"][0]
    assert (item["region"], item["region_label"]) == ("shenzhen", "深圳市总工会")
    assert refs(hot.get("/api/queue", params={"region": "all"})) == {sz, gz, central}
    assert refs(hot.get("/api/queue", params={"region": "central"})) == {central}
    assert hot.get("/api/queue", params={"region": "mars"}).status_code == 422
    # admins, and accounts without regions yet, see every region by default
    assert refs(env.login("admin").get("/api/queue")) == {sz, gz, central}
    assert refs(env.login("officer").get("/api/queue")) == {sz, gz, central}


def test_transfer_moves_the_case_with_a_note_on_the_ticket_and_in_the_audit_log(env):
    ref = _ticket("广州天河", sender="a")
    _set_regions(env, "hotline", ["guangzhou"])
    _set_regions(env, "officer", ["shenzhen"])
    hot = env.login("hotline")
    assert hot.post(f"/api/tickets/{ref}/assign", {"assignee": "hot1"}).status_code == 200
    assert hot.post(f"/api/tickets/{ref}/transfer", {"region": "shenzhen", "note": ""}).status_code == 422
    assert hot.post(f"/api/tickets/{ref}/transfer", {"region": "mars", "note": "职工在深圳"}).status_code == 422
    assert hot.post(f"/api/tickets/{ref}/transfer", {"region": "guangzhou", "note": "同一地区"}).status_code == 409
    r = hot.post(f"/api/tickets/{ref}/transfer", {"region": "shenzhen", "note": "职工实际在深圳宝安区工作"})
    assert r.status_code == 200, r.text
    d = r.json()
    assert (d["region"], d["region_label"], d["assignee"]) == ("shenzhen", "深圳市总工会", None)
    ev = [e for e in d["events"] if e["kind"] == "transfer"]
    assert len(ev) == 1 and ev[0]["kind_label"] == "转办" and not ev[0]["public"]
    assert ev[0]["body"] == "广州市总工会 → 深圳市总工会：职工实际在深圳宝安区工作"
    with session_scope() as s:
        audit = s.execute(select(AuditLog).where(AuditLog.action == "ticket.transfer")).scalar_one()
    assert (audit.actor, audit.target) == ("hot1", ref) and "深圳市总工会" in audit.detail
    # now in Shenzhen's queue, gone from Guangzhou's; Guangzhou staff can no longer move it
    assert ref in refs(env.login("officer").get("/api/queue"))
    assert ref not in refs(hot.get("/api/queue"))
    assert hot.post(f"/api/tickets/{ref}/transfer", {"region": "central", "note": "再转一次"}).status_code == 403


def test_callback_list_of_out_of_hours_requests(env):
    ref = _ticket("广州天河", sender="night")
    assert routing.request_callback("night", "明天（周六）上午9:00") == ref
    routing.request_callback("night", "明天（周六）上午9:00")  # asked twice: one mark, one event
    assert routing.request_callback("nobody", "明天") is None
    b = env.login("hotline")
    items = b.get("/api/callbacks").json()["items"]
    assert [i["reference"] for i in items] == [ref] and items[0]["callback_requested_at"]
    d = b.get(f"/api/tickets/{ref}").json()
    marks = [e for e in d["events"] if e["kind"] == "callback"]
    assert len(marks) == 1 and marks[0]["kind_label"] == "待回电" and "上午9:00" in marks[0]["body"]
    # answered: off the list
    assert b.post(f"/api/tickets/{ref}/status", {"status": "in_progress"}).status_code == 200
    assert b.get("/api/callbacks").json()["items"] == []


def test_alerts_list_urgent_cases_and_waiting_handoffs_of_the_users_regions(env):
    urgent = _ticket("深圳龙岗", sender="u", priority="urgent", description="我不想活了")
    normal = _ticket("深圳龙岗", sender="n")
    gz_urgent = _ticket("广州", sender="g", priority="urgent", description="被打了")
    view = handoff.start("h1", reason="request_human", summary="话题：欠薪")
    _set_regions(env, "hotline", ["shenzhen"])
    items = env.login("hotline").get("/api/alerts").json()["items"]
    keys = {i["key"] for i in items}
    assert f"urgent:{urgent}" in keys and f"urgent:{gz_urgent}" not in keys and f"urgent:{normal}" not in keys
    assert f"handoff:{view.id}" in keys  # a handoff without a ticket yet alerts everyone
    text = next(i["text"] for i in items if i["key"] == f"urgent:{urgent}")
    assert text == f"紧急工单 {urgent}（欠薪讨薪，深圳市总工会）"
    assert "不想活" not in str(items)  # no dispute details in alerts
    all_keys = {i["key"] for i in env.login("admin").get("/api/alerts").json()["items"]}
    assert f"urgent:{gz_urgent}" in all_keys
    # answered: no longer alerting
    env.login("admin").post(f"/api/tickets/{urgent}/status", {"status": "in_progress"})
    assert f"urgent:{urgent}" not in {i["key"] for i in env.login("admin").get("/api/alerts").json()["items"]}
    with session_scope() as s:
        assert s.execute(select(Ticket.region).where(Ticket.reference == urgent)).scalar_one() == "shenzhen"
