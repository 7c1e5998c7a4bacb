from datetime import timedelta

import pytest

from bot.db.models import Ticket, utcnow
from bot.db.session import session_scope
from bot.cases import status, tickets
from bot.console import console
from bot.handoff import handoff
from tests.web.fastdb import fresh_db_url


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    """tests/conftest.py's fixture, from a copy of a once-migrated schema (much faster)."""
    yield from fresh_db_url(tmp_path, monkeypatch)


def _ticket(db_url, description="厂里欠了两个月工资", phone="13812345678", **kw):
    kw.setdefault("category", "wage_arrears")
    kw.setdefault("sender_id", "w1")
    return tickets.open_ticket(description=description, phone=phone, db_url=db_url, **kw).reference


def _set(db_url, ref, **values):
    with session_scope(db_url) as s:
        s.query(Ticket).filter_by(reference=ref).update(values)


def _row(db_url, ref):
    with session_scope(db_url) as s:
        t = s.query(Ticket).filter_by(reference=ref).one()
        return {"status": t.status, "first_response_at": t.first_response_at, "resolved_at": t.resolved_at,
                "needs_human": t.needs_human, "assignee": t.assignee,
                "events": [(e.kind, e.body, e.public) for e in t.events]}


# ---- workflow -------------------------------------------------------------------------------
ALLOWED = [("new", "in_progress"), ("new", "closed"), ("in_progress", "waiting"), ("in_progress", "resolved"),
           ("in_progress", "closed"), ("waiting", "in_progress"), ("waiting", "resolved"), ("waiting", "closed"),
           ("resolved", "closed"), ("resolved", "in_progress")]
FORBIDDEN = [("new", "waiting"), ("new", "resolved"), ("new", "new"), ("in_progress", "new"), ("waiting", "new"),
             ("resolved", "waiting"), ("resolved", "new"), ("closed", "resolved"), ("closed", "waiting"),
             ("closed", "new"), ("in_progress", "bogus")]


@pytest.mark.parametrize("start,target", ALLOWED)
def test_allowed_transitions(db_url, start, target):
    ref = _ticket(db_url)
    _set(db_url, ref, status=start)
    console.change_status(ref, target, "hot1", "hotline", db_url=db_url)
    assert _row(db_url, ref)["status"] == target


@pytest.mark.parametrize("start,target", FORBIDDEN)
def test_forbidden_transitions_are_a_conflict(db_url, start, target):
    ref = _ticket(db_url)
    _set(db_url, ref, status=start)
    with pytest.raises(console.Conflict) as exc:
        console.change_status(ref, target, "adm1", "admin", db_url=db_url)
    assert exc.value.status_code == 409
    assert "不能改成" in str(exc.value) and console.STATUS_LABELS[start] in str(exc.value)
    assert _row(db_url, ref)["status"] == start


def test_reopening_a_closed_ticket_is_for_admins_only(db_url):
    ref = _ticket(db_url)
    console.change_status(ref, "closed", "hot1", "hotline", db_url=db_url)
    assert console.transitions_for("closed", "hotline") == []
    assert console.transitions_for("closed", "officer") == []
    assert console.transitions_for("closed", "admin") == [{"status": "in_progress", "label": "处理中"}]
    with pytest.raises(console.Conflict):
        console.change_status(ref, "in_progress", "off1", "officer", db_url=db_url)
    console.change_status(ref, "in_progress", "adm1", "admin", db_url=db_url)
    row = _row(db_url, ref)
    assert row["status"] == "in_progress" and row["resolved_at"] is None


def test_transitions_listed_in_the_detail_follow_the_workflow(db_url):
    ref = _ticket(db_url)
    d = console.ticket_detail(ref, role="hotline", db_url=db_url)
    assert [t["status"] for t in d["transitions"]] == ["in_progress", "closed"]
    assert d["transitions"][0]["label"] == "处理中"


def test_status_change_is_what_the_worker_sees_in_a_status_lookup(db_url):
    ref = _ticket(db_url)
    before = status.lookup(ref, "5678", "w-a", db_url=db_url).text
    assert "已收到，等待工作人员处理" in before
    console.change_status(ref, "in_progress", "hot1", "hotline", note="内部：先查企业信息", db_url=db_url)
    console.change_status(ref, "waiting", "hot1", "hotline", db_url=db_url)
    text = status.lookup(ref, "5678", "w-b", db_url=db_url).text
    assert "需要您补充情况，请留意工作人员来电" in text
    assert "内部" not in text
    row = _row(db_url, ref)
    assert ("status", "新工单 → 处理中：内部：先查企业信息", False) in row["events"]
    assert ("status", "处理中 → 等待职工回复", False) in row["events"]
    assert ("status", "需要您补充情况，请留意工作人员来电", True) in row["events"]


def test_internal_note_is_not_public_and_does_not_count_as_a_response(db_url):
    ref = _ticket(db_url)
    console.add_note(ref, "老板电话打不通，疑似跑路", "hot1", public=False, db_url=db_url)
    row = _row(db_url, ref)
    assert ("note", "老板电话打不通，疑似跑路", False) in row["events"]
    assert row["first_response_at"] is None
    assert "跑路" not in status.lookup(ref, "5678", "w-c", db_url=db_url).text


def test_public_reply_is_shown_to_the_worker_and_sets_first_response(db_url):
    ref = _ticket(db_url)
    when = utcnow() - timedelta(minutes=5)
    console.add_note(ref, "已联系劳动监察大队，下周一现场处理", "hot1", public=True, now=when, db_url=db_url)
    row = _row(db_url, ref)
    assert row["first_response_at"] == when
    assert ("reply", "已联系劳动监察大队，下周一现场处理", True) in row["events"]
    assert "劳动监察大队" in status.lookup(ref, "5678", "w-d", db_url=db_url).text
    console.add_note(ref, "第二次回复", "hot1", public=True, db_url=db_url)
    assert _row(db_url, ref)["first_response_at"] == when  # the first one counts


@pytest.mark.parametrize("body", ["", "   ", "x" * 2001])
def test_empty_or_too_long_notes_are_refused(db_url, body):
    ref = _ticket(db_url)
    with pytest.raises(console.ConsoleError):
        console.add_note(ref, body, "hot1", public=False, db_url=db_url)


def test_resolving_sets_resolved_at_and_clears_needs_human(db_url):
    ref = _ticket(db_url, needs_human=True)
    console.change_status(ref, "in_progress", "hot1", "hotline", db_url=db_url)
    assert _row(db_url, ref)["resolved_at"] is None
    now = utcnow()
    console.change_status(ref, "resolved", "hot1", "hotline", now=now, db_url=db_url)
    row = _row(db_url, ref)
    assert row["resolved_at"] == now and row["needs_human"] is False and row["first_response_at"] is not None
    console.change_status(ref, "in_progress", "hot1", "hotline", db_url=db_url)  # reopened
    assert _row(db_url, ref)["resolved_at"] is None


def test_unknown_ticket_is_not_found(db_url):
    with pytest.raises(console.NotFound):
        console.ticket_detail("GH-AAAA-AAAA", role="admin", db_url=db_url)
    with pytest.raises(console.NotFound):
        console.change_status("GH-AAAA-AAAA", "closed", "a", "admin", db_url=db_url)


def test_reference_lookup_ignores_case_and_spaces(db_url):
    ref = _ticket(db_url)
    assert console.ticket_detail(f"  {ref.lower()} ", role="admin", db_url=db_url)["reference"] == ref


def test_assign_only_to_known_staff(db_url):
    ref = _ticket(db_url)
    with pytest.raises(console.ConsoleError) as exc:
        console.assign(ref, "ghost", "adm1", {"hot1"}, db_url=db_url)
    assert exc.value.status_code == 422
    console.assign(ref, "hot1", "adm1", {"hot1"}, db_url=db_url)
    assert _row(db_url, ref)["assignee"] == "hot1"
    console.assign(ref, None, "adm1", {"hot1"}, db_url=db_url)
    row = _row(db_url, ref)
    assert row["assignee"] is None and row["events"][-1][:2] == ("assign", "取消分配")


# ---- queue ----------------------------------------------------------------------------------
def _aged(db_url, minutes, **kw):
    ref = _ticket(db_url, description=kw.pop("description", f"工单 {minutes}"), **kw)
    _set(db_url, ref, created_at=utcnow() - timedelta(minutes=minutes))
    return ref


def test_queue_order_urgent_then_waiting_handoff_then_priority_then_age(db_url):
    low_old = _aged(db_url, 600, priority="low", sender_id="a")
    normal_new = _aged(db_url, 10, priority="normal", sender_id="b")
    normal_old = _aged(db_url, 300, priority="normal", sender_id="c")
    high = _aged(db_url, 5, priority="high", sender_id="d")
    urgent_new = _aged(db_url, 1, priority="urgent", sender_id="e")
    urgent_old = _aged(db_url, 20, priority="urgent", sender_id="f")
    waiting = _aged(db_url, 2, priority="low", sender_id="g")
    handoff.start("g", reason="request_human", summary="", db_url=db_url)
    order = [i["reference"] for i in console.queue(db_url=db_url)]
    assert order == [urgent_old, urgent_new, waiting, high, normal_old, normal_new, low_old]


def test_a_live_handoff_does_not_jump_the_queue(db_url):
    with session_scope(db_url) as s:
        from bot.db.models import StaffUser
        u = StaffUser(username="off1", display_name="李", role="officer", password_hash="x")
        s.add(u)
        s.flush()
        officer_id = u.id
    older = _aged(db_url, 60, sender_id="a")
    live = _aged(db_url, 1, sender_id="b")
    h = handoff.start("b", reason="request_human", summary="", db_url=db_url)
    handoff.claim(h.id, officer_id, db_url=db_url)
    items = console.queue(db_url=db_url)
    assert [i["reference"] for i in items] == [older, live]
    assert items[1]["handoff"] == {"id": h.id, "status": "live", "officer_name": "李"}


def test_queue_filters(db_url):
    wage = _ticket(db_url, description="欠薪 A", sender_id="a", priority="high")
    injury = _ticket(db_url, description="工伤 B 手指受伤", category="work_injury", sender_id="b", phone="13900001111")
    legal = _ticket(db_url, description="法律援助 C", category="legal_aid", queue="legal_aid", sender_id="c")
    done = _ticket(db_url, description="已办结 D", sender_id="d")
    _set(db_url, done, status="resolved")
    console.assign(wage, "hot1", "adm1", {"hot1"}, db_url=db_url)

    def refs(**kw):
        return {i["reference"] for i in console.queue(me="hot1", db_url=db_url, **kw)}

    assert refs() == {wage, injury, legal}  # open only by default
    assert refs(status="all") == {wage, injury, legal, done}
    assert refs(status="resolved") == {done}
    assert refs(topic="work_injury") == {injury}
    assert refs(priority="high") == {wage}
    assert refs(assignee="me") == {wage}
    assert refs(assignee="none") == {injury, legal}
    assert refs(assignee="hot1") == {wage}
    assert refs(assignee="someone") == set()
    assert refs(queue_name="legal_aid") == {legal}
    assert refs(queue_name="hotline") == {wage, injury}
    assert refs(q="手指") == {injury}
    assert refs(q=injury.lower()) == {injury}
    # a phone number only whole, never by its digits
    assert refs(q="13900001111") == {injury}
    assert refs(q="139 0000 1111") == {injury}
    assert refs(q="+86 139-0000-1111") == {injury}
    assert refs(q="1390000") == set()
    assert refs(q="0000111") == set()


def test_search_never_matches_digits_the_mask_hides(db_url):
    """A masked number cannot be recovered by searching for guesses of its hidden digits."""
    ref = _ticket(db_url, description="我电话13812345678，身份证440106199001011234，卡号6222 0212 3456 7890 123",
                  sender_id="a", phone="13812345678")

    def found(q):
        return [i["reference"] for i in console.queue(q=q, db_url=db_url)] == [ref]

    for hidden in ("1381234", "8123", "38123456", "4401061990", "19900101", "0212 3456", "02123456", "_", "%"):
        assert not found(hidden), hidden
    # what staff see can be searched
    assert found("5678") and found("身份证") and found(ref[3:7].lower())
    assert found("13812345678")


def test_queue_item_sla(db_url, monkeypatch):
    # Every hour counts here (office time: tests/bot/test_sla_office_time.py); normal is 7 hours.
    monkeypatch.setenv("UNION_OFFICE_HOURS", "always")
    fresh = _ticket(db_url, description="刚来的", sender_id="a")
    overdue = _aged(db_url, 8 * 60, sender_id="b")
    soon = _aged(db_url, 6 * 60, sender_id="c")
    answered = _aged(db_url, 30 * 60, sender_id="d")
    console.add_note(answered, "已回复", "hot1", public=True, db_url=db_url)
    items = {i["reference"]: i for i in console.queue(db_url=db_url)}
    assert items[fresh]["sla"]["state"] == "ok" and items[fresh]["sla"]["label"].startswith("剩 ")
    assert items[fresh]["sla"]["due_at"].endswith("Z")
    assert items[overdue]["sla"]["state"] == "overdue" and items[overdue]["sla"]["label"] == "超时 1 小时"
    assert items[soon]["sla"]["state"] == "soon"
    assert (items[answered]["sla"]["state"], items[answered]["sla"]["label"]) == ("met", "超时后响应")
    assert items[overdue]["age_minutes"] == 8 * 60


def test_queue_item_shape(db_url):
    ref = _ticket(db_url, description="在 广州 的工地\n欠薪" + "很久" * 60, fields={"wa_city": "广州"})
    [item] = console.queue(names={"hot1": "王热线"}, db_url=db_url)
    assert item["reference"] == ref and item["topic_label"] == "欠薪讨薪" and item["city"] == "广州"
    assert item["status_label"] == "新工单" and item["priority_label"] == "普通"
    assert len(item["summary"]) == 80 and "\n" not in item["summary"]
    assert item["contact_phone"] == "138****5678" and item["handoff"] is None


# ---- intake ---------------------------------------------------------------------------------
def test_intake_ticket_from_a_phone_call(db_url):
    ref = console.intake_ticket(category="legal_aid", description="来电：被辞退想申请法律援助", phone="020-87654321",
                                name="刘女士", priority="high", city="广州", employer="某厂", actor="hot1", db_url=db_url)
    d = console.ticket_detail(ref, role="hotline", unmasked=True, db_url=db_url)
    assert d["channel"] == "hotline" and d["queue"] == "legal_aid" and d["priority"] == "high"
    assert d["case_type"] == "hotline" and d["sender_id"] == "hotline:hot1" and d["contact_phone"] == "020-87654321"
    assert {f["name"]: f["value"] for f in d["fields"]} == {"city": "广州", "employer": "某厂"}
    assert d["needs_human"] is False


@pytest.mark.parametrize("kw,message", [
    ({"category": "nonsense"}, "请选择话题"),
    ({"priority": "extreme"}, "请选择优先级"),
    ({"description": "  "}, "请填写来电内容"),
    ({"phone": "12345"}, "请填写正确的联系电话"),
])
def test_intake_ticket_validation(db_url, kw, message):
    args = dict(category="wage_arrears", description="欠薪", phone="13812345678", name=None, priority="normal",
                city=None, employer=None, actor="hot1", db_url=db_url)
    args.update(kw)
    with pytest.raises(console.ConsoleError) as exc:
        console.intake_ticket(**args)
    assert message in str(exc.value)


# ---- canned replies -------------------------------------------------------------------------
def test_canned_replies_crud_and_topic_filter(db_url):
    general = console.save_canned(None, "问候", "您好", "general", "adm1", db_url=db_url)
    wage = console.save_canned(None, "欠薪", "请准备证据", "wage_arrears", "adm1", db_url=db_url)
    odd = console.save_canned(None, "其他", "内容", "not-a-topic", "adm1", db_url=db_url)
    assert odd.topic == "general"
    assert {r.id for r in console.canned_replies("wage_arrears", db_url=db_url)} == {general.id, wage.id, odd.id}
    assert {r.id for r in console.canned_replies("work_injury", db_url=db_url)} == {general.id, odd.id}
    console.save_canned(wage.id, "欠薪材料", "考勤、工资条", "wage_arrears", "adm1", db_url=db_url)
    assert [r.title for r in console.canned_replies("wage_arrears", db_url=db_url) if r.id == wage.id] == ["欠薪材料"]
    console.delete_canned(wage.id, db_url=db_url)
    with pytest.raises(console.NotFound):
        console.delete_canned(wage.id, db_url=db_url)
    with pytest.raises(console.NotFound):
        console.save_canned(wage.id, "t", "b", "general", "adm1", db_url=db_url)
    with pytest.raises(console.ConsoleError):
        console.save_canned(None, " ", "b", "general", "adm1", db_url=db_url)


def test_the_queue_limit_keeps_the_most_pressing_tickets_not_the_newest(db_url):
    """With more open tickets than the limit, the cut must drop the least pressing ones: an old
    urgent ticket (the most overdue of all) must never fall off the console."""
    urgent_old = _aged(db_url, 600, priority="urgent", sender_id="old")
    newer = [_aged(db_url, m, sender_id=f"n{m}") for m in (30, 20, 10)]
    refs = [i["reference"] for i in console.queue(limit=3, db_url=db_url)]
    assert len(refs) == 3
    assert refs[0] == urgent_old
    assert refs[1:] == newer[:2]  # then the oldest of the normal ones
