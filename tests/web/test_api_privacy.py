"""A worker's request to see, export or delete their data, handled by an admin in the console:
found by reference + phone (or conversation), shown whole, exported as JSON, deleted with a
reason and a confirmation; every step audited without the phone."""
from __future__ import annotations

import json

from sqlalchemy import create_engine, select, text

from bot.cases import membership, tickets
from bot.common.references import new_reference
from bot.console import staff
from bot.db.models import AuditLog, MembershipApplication, Ticket
from bot.db.session import session_scope

PHONE = "13912345678"
CONSENT = {"version": "2026-12-v1", "agreed": True, "at": "2026-11-20T10:00:00+08:00", "form": "wage_arrears_form",
           "sensitive": {}}


def _worker(e):
    ref = tickets.open_ticket(description="东莞某厂欠我三个月工资", phone=PHONE, name="王师傅", category="wage_arrears",
                              sender_id="conv-wang", consent=CONSENT, db_url=e.db_url).reference
    # the same conversation later applied to join; same person, same phone
    app = membership.apply(name="王大力", phone=PHONE, employment_type="employee", employer="某厂", industry="制造",
                           city="东莞", sender_id="conv-wang", db_url=e.db_url).reference
    other = tickets.open_ticket(description="别人的事：被辞退", phone="13700001111", category="labour_contract",
                                sender_id="conv-other", db_url=e.db_url).reference
    return ref, app, other


def _audit(e):
    with session_scope(e.db_url) as s:
        return [(a.action, a.target, a.detail) for a in s.execute(select(AuditLog).order_by(AuditLog.id)).scalars()
                if a.action.startswith("privacy_")]


def test_search_shows_everything_about_the_person_and_nothing_else(env):
    ref, app, other = _worker(env)
    admin = env.login("admin")
    r = admin.post("/api/privacy/search", {"reference": ref.lower(), "phone": "139 1234 5678"})
    assert r.status_code == 200, r.text
    data = r.json()
    assert [t["reference"] for t in data["tickets"]] == [ref]
    assert data["tickets"][0]["contact_phone"] == PHONE and data["tickets"][0]["consent"]["agreed"] is True
    assert "同意个人信息告知" in data["tickets"][0]["consent_text"]
    assert [a["reference"] for a in data["membership_applications"]] == [app]
    assert "无记录" in data["membership_applications"][0]["consent_text"]
    assert other not in r.text and "13700001111" not in r.text
    assert _audit(env) == [("privacy_search", ref, "查看个人信息：工单1、入会申请1、报名0")]
    assert PHONE not in json.dumps(_audit(env), ensure_ascii=False)


def test_a_wrong_phone_finds_nothing_and_says_the_same_as_a_wrong_reference(env):
    ref, _app, _other = _worker(env)
    admin = env.login("admin")
    wrong_phone = admin.post("/api/privacy/search", {"reference": ref, "phone": "13700001111"})
    wrong_ref = admin.post("/api/privacy/search", {"reference": new_reference(), "phone": PHONE})
    assert wrong_phone.status_code == wrong_ref.status_code == 404
    assert wrong_phone.json() == wrong_ref.json()
    assert [a[0] for a in _audit(env)] == ["privacy_search", "privacy_search"]  # attempts are audited too


def test_search_by_conversation(env):
    ref, app, _other = _worker(env)
    data = env.login("admin").post("/api/privacy/search", {"conversation": "conv-wang"}).json()
    assert [t["reference"] for t in data["tickets"]] == [ref] and data["membership_applications"][0]["reference"] == app


def test_export_is_a_json_download(env):
    ref, _app, _other = _worker(env)
    r = env.login("admin").post("/api/privacy/export", {"reference": ref, "phone": PHONE})
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert r.headers["cache-control"] == "no-store"
    assert json.loads(r.content)["tickets"][0]["description"] == "东莞某厂欠我三个月工资"
    assert _audit(env)[-1][:2] == ("privacy_export", ref)


def test_erase_needs_confirmation_and_a_reason_then_removes_the_data(env):
    ref, app, other = _worker(env)
    events = create_engine(env.app.state.web.events_url)
    with events.begin() as conn:
        conn.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, timestamp REAL, data TEXT)"))
        conn.execute(text("INSERT INTO events (sender_id, timestamp, data) VALUES "
                          "('conv-wang', 1, '{\"text\": \"我电话13912345678\"}'), ('conv-other', 1, '{}')"))
    admin = env.login("admin")
    who = {"reference": ref, "phone": PHONE}
    assert admin.post("/api/privacy/erase", {**who, "reason": "职工来电要求删除，已回拨核实"}).status_code == 422
    assert admin.post("/api/privacy/erase", {**who, "reason": "删", "confirm": True}).status_code == 422
    r = admin.post("/api/privacy/erase", {**who, "reason": "职工来电要求删除，已回拨核实", "confirm": True})
    assert r.status_code == 200, r.text
    assert r.json()["erased"]["tickets"] == 1 and r.json()["erased"]["membership"] == 1
    assert r.json()["erased"]["conversations"] == 1
    with session_scope(env.db_url) as s:
        t = s.execute(select(Ticket).where(Ticket.reference == ref)).scalar_one()
        assert (t.contact_phone, t.sender_id, t.status) == ("", None, "closed") and "欠我" not in t.description
        assert t.category == "wage_arrears"  # the statistics keep the case
        a = s.execute(select(MembershipApplication).where(MembershipApplication.reference == app)).scalar_one()
        assert a.phone == "" and "王" not in a.name
        kept = s.execute(select(Ticket).where(Ticket.reference == other)).scalar_one()
        assert kept.contact_phone == "13700001111"
    with events.connect() as conn:
        assert [r[0] for r in conn.execute(text("SELECT sender_id FROM events"))] == ["conv-other"]
    action, target, detail = _audit(env)[-1]
    assert (action, target) == ("privacy_erase", ref) and "已回拨核实" in detail and PHONE not in detail
    # afterwards nothing is found: the reference no longer has that phone
    assert admin.post("/api/privacy/search", who).status_code == 404


def test_staff_other_than_admins_cannot_see_or_delete(env):
    ref, _app, _other = _worker(env)
    for role in ("hotline", "officer"):
        b = env.login(role)
        assert b.post("/api/privacy/search", {"reference": ref, "phone": PHONE}).status_code == 403
        assert b.post("/api/privacy/erase", {"reference": ref, "phone": PHONE, "reason": "职工来电要求删除",
                                             "confirm": True}).status_code == 403
    with session_scope(env.db_url) as s:
        assert s.execute(select(Ticket).where(Ticket.reference == ref)).scalar_one().contact_phone == PHONE
