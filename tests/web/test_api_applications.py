"""Membership applications (RH-) and course enrolments (PX-) in the console API: review, the
worker told the outcome, confirm/cancel and the waiting list, search, a worker's earlier items."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.cases import courses, membership, status, tickets
from bot.common import clock
from bot.db.models import AuditLog, Course
from bot.db.session import session_scope

PHONE = "13912345678"


def _apply(sender="w-rh", phone=PHONE, name="刘小红"):
    return membership.apply(name=name, phone=phone, employment_type="platform", employer=None, industry="外卖配送",
                            city="广州", sender_id=sender).reference


def _course(seats=1, slug="test-diangong"):
    start = clock.today() + timedelta(days=20)
    with session_scope() as s:
        s.add(Course(slug=slug, title="低压电工上岗证培训班", skill="电工", keywords=[], city="广州", mode="offline",
                     venue="广州市工人文化宫", organiser="市总工会", start_date=start, end_date=start + timedelta(days=10),
                     schedule="周末", hours=40, cost=0, subsidy="全额补贴", certificate="低压电工作业证", seats=seats,
                     enrolled_elsewhere=0, requirements="18岁以上", summary="考证班", source="test"))
    return slug


def _audit(action):
    with session_scope() as s:
        return list(s.execute(select(AuditLog).where(AuditLog.action == action)).scalars())


def test_applications_list_newest_first_with_chinese_labels_and_masked_phone(env):
    first, second = _apply(sender="a"), _apply(sender="b", phone="13700001111", name="陈大")
    items = env.login("hotline").get("/api/applications").json()["items"]
    assert [i["reference"] for i in items] == [second, first]
    assert items[0]["status_label"] == "待审核" and items[0]["employment_label"] == "平台从业"
    assert items[0]["phone"] == "137****1111"


def test_approving_tells_the_worker_in_the_conversation_and_the_status_lookup(env):
    ref = _apply()
    b = env.login("hotline")
    d = b.get(f"/api/applications/{ref}").json()
    assert [a["action"] for a in d["actions"]] == ["approve", "reject", "more_info"]
    r = b.post(f"/api/applications/{ref}/review", {"action": "approve"})
    assert r.status_code == 200 and r.json()["status_label"] == "已批准" and r.json()["delivered"] is True
    assert r.json()["actions"] == []
    [event] = env.rasa.events_for("w-rh")
    assert event["event"] == "bot" and "已批准" in event["data"]["custom"]["data"]["text"] and ref in event["data"]["custom"]["data"]["text"]
    assert "已批准入会" in status.lookup(ref, "5678", "w-x").text
    [row] = _audit("application.approve")
    assert row.actor == "hot1" and row.target == ref
    assert b.post(f"/api/applications/{ref}/review", {"action": "reject", "note": "重复"}).status_code == 409


def test_rejecting_needs_a_reason_and_the_worker_reads_it(env):
    ref = _apply()
    b = env.login("officer")
    r = b.post(f"/api/applications/{ref}/review", {"action": "reject", "note": " "})
    assert r.status_code == 422 and r.json()["detail"] == "请写明原因"
    assert env.rasa.appended == []
    r = b.post(f"/api/applications/{ref}/review", {"action": "reject", "note": "所在单位已有工会，请向单位工会申请"})
    assert r.status_code == 200 and r.json()["status_label"] == "未通过"
    text = status.lookup(ref, "5678", "w-x").text
    assert "没有通过" in text and "所在单位已有工会" in text
    assert [e["kind_label"] for e in r.json()["events"]] == ["不予通过"]


def test_asking_for_more_keeps_the_application_open(env):
    ref = _apply()
    r = env.login("hotline").post(f"/api/applications/{ref}/review", {"action": "more_info", "note": "请说明在哪个平台接单"})
    assert r.json()["status"] == "more_info" and r.json()["status_label"] == "待补充信息"
    assert ref in [i["reference"] for i in env.login("hotline").get("/api/applications").json()["items"]]
    assert "请说明在哪个平台接单" in status.lookup(ref, "5678", "w-x").text


def test_rasa_down_still_records_the_outcome_and_says_it_was_not_delivered(env):
    ref = _apply()
    env.rasa.fail.add("append")
    r = env.login("hotline").post(f"/api/applications/{ref}/review", {"action": "approve"})
    assert r.status_code == 200 and r.json()["delivered"] is False and r.json()["status"] == "approved"
    assert any("没能把结果发到职工的对话里" in e["body"] for e in r.json()["events"])


def test_full_course_waitlist_cancel_admits_the_first_and_tells_both(env):
    slug = _course(seats=1)
    a = courses.enrol(slug, name="甲", phone="13600000001", sender_id="w-a", waitlist=True)
    b = courses.enrol(slug, name="乙", phone="13600000002", sender_id="w-b", waitlist=True)
    c = courses.enrol(slug, name="丙", phone="13600000003", sender_id="w-c", waitlist=True)
    assert (a.outcome, b.outcome, c.outcome) == ("enrolled", "waitlisted", "waitlisted")
    assert courses.enrol(slug, name="丁", phone="13600000004").outcome == "full"  # without the waiting list
    hot = env.login("hotline")
    [course] = hot.get("/api/courses").json()["items"]
    assert course["counts"]["waitlisted"] == 2 and course["seats_left"] == 0
    listing = hot.get(f"/api/courses/{slug}/enrolments").json()["items"]
    assert [(i["reference"], i["waitlist_position"]) for i in listing] == [(a.reference, None), (b.reference, 1), (c.reference, 2)]
    assert hot.post(f"/api/enrolments/{b.reference}/action", {"action": "admit"}).status_code == 409  # no seat
    r = hot.post(f"/api/enrolments/{a.reference}/action", {"action": "cancel", "note": "本人来电取消"})
    assert r.status_code == 200 and r.json()["status_label"] == "已取消"
    assert "已取消" in env.rasa.events_for("w-a")[0]["data"]["custom"]["data"]["text"]
    assert "递补" in env.rasa.events_for("w-b")[0]["data"]["custom"]["data"]["text"]
    assert env.rasa.events_for("w-c") == []
    assert hot.get(f"/api/enrolments/{b.reference}").json()["status"] == "enrolled"
    assert hot.get(f"/api/enrolments/{c.reference}").json()["waitlist_position"] == 1
    assert "从候补递补为正式报名" in status.lookup(b.reference, "0002", "w-x").text
    r = hot.post(f"/api/enrolments/{b.reference}/action", {"action": "confirm"})
    assert r.json()["status_label"] == "已确认" and [x["action"] for x in r.json()["actions"]] == ["cancel"]
    assert [x.target for x in _audit("enrolment.admit")] == [b.reference]


def test_search_finds_rh_and_px_references_and_a_whole_phone_across_everything(env):
    ref = _apply()
    slug = _course(seats=5)
    px = courses.enrol(slug, name="刘小红", phone=PHONE, sender_id="w-rh").reference
    gh = tickets.open_ticket(description="工资拖了两个月", phone=PHONE, category="wage_arrears", sender_id="w-rh").reference
    b = env.login("hotline")
    d = b.get("/api/queue", params={"q": ref.lower()}).json()
    assert [a["reference"] for a in d["applications"]] == [ref] and d["enrolments"] == []
    assert [e["reference"] for e in b.get("/api/queue", params={"q": px}).json()["enrolments"]] == [px]
    d = b.get("/api/queue", params={"q": "139 1234 5678"}).json()
    assert ([i["reference"] for i in d["items"]], [a["reference"] for a in d["applications"]],
            [e["reference"] for e in d["enrolments"]]) == ([gh], [ref], [px])
    [row] = _audit("pii.search")
    assert "1 个工单、1 个入会申请、1 个培训报名" in row.detail and PHONE not in row.detail
    partial = b.get("/api/queue", params={"q": "12345678"}).json()  # part of a number finds nothing
    assert partial["applications"] == [] and partial["enrolments"] == []


def test_each_item_shows_the_workers_earlier_items_masked_and_linked(env):
    ref = _apply()
    gh = tickets.open_ticket(description="老板欠薪，电话13912345678", phone=PHONE, category="wage_arrears").reference
    other = tickets.open_ticket(description="别人的事", phone="13800009999", category="wage_arrears").reference
    b = env.login("hotline")
    ticket = b.get(f"/api/tickets/{gh}").json()
    assert [(e["reference"], e["kind_label"], e["href"]) for e in ticket["earlier"]] == [(ref, "入会申请", f"#/applications/{ref}")]
    app = b.get(f"/api/applications/{ref}").json()
    [item] = app["earlier"]
    assert item["reference"] == gh and item["href"] == f"#/tickets/{gh}" and PHONE not in item["summary"]
    assert other not in str(app["earlier"])


def test_ticket_fields_events_and_audit_read_in_chinese_not_codes(env):
    ref = tickets.open_ticket(description="不想活了", phone=PHONE, category="wage_arrears", sender_id="w-u",
                              case_type="urgent", priority="urgent",
                              fields={"urgency": "self_harm", "life_at_risk": True, "priority_score": 7,
                                      "eligibility": "likely", "form": "wage_arrears_form",
                                      "form_values": {"wa_city": "长沙"}}).reference
    admin = env.login("admin")
    d = admin.get(f"/api/tickets/{ref}").json()
    shown = {f["label"]: f["value"] for f in d["fields"]}
    assert shown["紧急类别"] == "自伤自杀风险" and shown["危及生命"] == "是" and "priority_score" not in shown
    assert shown["预审结论"] == "很可能符合法律援助条件" and "wage_arrears_form" not in str(shown) and "wa_city" not in str(shown)
    assert all(e["actor_name"] in ("机器人", "张管理") for e in d["events"]), d["events"]
    rows = admin.get("/api/audit").json()
    assert {r["action_label"] for r in rows if r["action"] == "login"} == {"登录"}
    assert not any(r["action_label"].isascii() for r in rows)
