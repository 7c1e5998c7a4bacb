import threading
from datetime import timedelta

import pytest

from bot.db.models import Handoff, StaffUser, Ticket, utcnow
from bot.db.session import session_scope
from bot.cases import tickets
from bot.handoff import handoff
from tests.web.fastdb import fresh_db_url


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    """tests/conftest.py's fixture, from a copy of a once-migrated schema (much faster)."""
    yield from fresh_db_url(tmp_path, monkeypatch)


def _officers(db_url, n=1):
    with session_scope(db_url) as s:
        users = [StaffUser(username=f"officer{i}", display_name=f"工作人员{i}", role="officer", password_hash="x")
                 for i in range(n)]
        s.add_all(users)
        s.flush()
        return [u.id for u in users]


def _ticket(db_url, sender="w1", **kw):
    kw.setdefault("description", "厂里欠了两个月工资")
    kw.setdefault("phone", "13812345678")
    kw.setdefault("category", "wage_arrears")
    return tickets.open_ticket(sender_id=sender, db_url=db_url, **kw).reference


def _ticket_row(db_url, ref):
    with session_scope(db_url) as s:
        t = s.query(Ticket).filter_by(reference=ref).one()
        return {"priority": t.priority, "needs_human": t.needs_human, "status": t.status,
                "events": [(e.kind, e.body) for e in t.events]}


def test_eight_officers_claim_at_once_and_exactly_one_wins(db_url):
    officers = _officers(db_url, 8)
    h = handoff.start("w1", reason="request_human", summary="话题：欠薪讨薪", db_url=db_url)
    barrier = threading.Barrier(len(officers))
    won, lost, errors = [], [], []

    def claim(officer_id):
        barrier.wait()
        try:
            won.append((officer_id, handoff.claim(h.id, officer_id, db_url=db_url)))
        except handoff.AlreadyClaimed:
            lost.append(officer_id)
        except Exception as exc:  # a database lock error would be a failure too
            errors.append(exc)

    threads = [threading.Thread(target=claim, args=(o,)) for o in officers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert len(won) == 1 and len(lost) == 7
    winner, view = won[0]
    assert view.status == "live" and view.officer_username == f"officer{officers.index(winner)}"
    with session_scope(db_url) as s:
        row = s.get(Handoff, h.id)
        assert row.status == "live" and row.officer_id == winner


def test_claiming_twice_by_the_same_officer_is_harmless(db_url):
    [a] = _officers(db_url)
    h = handoff.start("w1", reason="request_human", summary="", db_url=db_url)
    first = handoff.claim(h.id, a, db_url=db_url)
    again = handoff.claim(h.id, a, db_url=db_url)
    assert first.claimed_at == again.claimed_at and again.status == "live"


def test_a_closed_handoff_cannot_be_claimed(db_url):
    a, b = _officers(db_url, 2)
    h = handoff.start("w1", reason="request_human", summary="", db_url=db_url)
    handoff.claim(h.id, a, db_url=db_url)
    handoff.release(h.id, a, "officer0", db_url=db_url)
    with pytest.raises(handoff.HandoffError) as exc:
        handoff.claim(h.id, b, db_url=db_url)
    assert not isinstance(exc.value, handoff.AlreadyClaimed)


def test_start_twice_returns_the_same_open_handoff(db_url):
    first = handoff.start("w1", reason="request_human", summary="第一次", db_url=db_url)
    second = handoff.start("w1", reason="urgent", summary="第二次", db_url=db_url)
    assert first.created is True and second.created is False
    assert second.id == first.id and second.summary == "第一次"
    assert handoff.start("w2", reason="request_human", summary="", db_url=db_url).id != first.id
    with session_scope(db_url) as s:
        assert s.query(Handoff).count() == 2


def test_after_the_handoff_ends_a_new_one_can_start(db_url):
    first = handoff.start("w1", reason="request_human", summary="", db_url=db_url)
    handoff.end_by_worker("w1", db_url=db_url)
    second = handoff.start("w1", reason="request_human", summary="", db_url=db_url)
    assert second.created and second.id != first.id


def test_start_links_the_senders_recent_open_ticket_and_flags_it(db_url):
    ref = _ticket(db_url, sender="w1")
    _ticket(db_url, sender="someone-else", description="别人的工单")
    h = handoff.start("w1", reason="request_human", summary="", db_url=db_url)
    assert h.ticket_reference == ref and h.reason == "request_human"
    row = _ticket_row(db_url, ref)
    assert row["needs_human"] is True
    assert ("handoff", "转人工：职工要求人工") in row["events"]


def test_start_does_not_link_an_old_or_finished_ticket(db_url):
    old = _ticket(db_url, sender="w1", description="很久以前的工单")
    done = _ticket(db_url, sender="w1", description="已经办结的工单")
    with session_scope(db_url) as s:
        s.query(Ticket).filter_by(reference=old).update({"created_at": utcnow() - timedelta(hours=25)})
        s.query(Ticket).filter_by(reference=done).update({"status": "resolved"})
    h = handoff.start("w1", reason="request_human", summary="", db_url=db_url)
    assert h.ticket_reference is None
    assert _ticket_row(db_url, old)["needs_human"] is False


def test_an_explicit_ticket_reference_wins(db_url):
    _ticket(db_url, sender="w1", description="最近的工单")
    other = _ticket(db_url, sender="hotline:x", description="热线登记的工单")
    h = handoff.start("w1", reason="request_human", summary="", ticket_reference=other, db_url=db_url)
    assert h.ticket_reference == other


def test_a_legal_aid_ticket_makes_the_reason_legal_aid(db_url):
    _ticket(db_url, sender="w1", category="legal_aid", queue="legal_aid", case_type="legal_aid",
            description="申请法律援助")
    h = handoff.start("w1", reason="request_human", summary="", db_url=db_url)
    assert h.reason == "legal_aid"


def test_an_urgent_ticket_makes_the_reason_urgent(db_url):
    _ticket(db_url, sender="w1", priority="urgent", case_type="urgent", description="工友受伤流血")
    assert handoff.start("w1", reason="request_human", summary="", db_url=db_url).reason == "urgent"


def test_worker_ending_a_waiting_handoff_cancels_it(db_url):
    ref = _ticket(db_url)
    h = handoff.start("w1", reason="request_human", summary="", db_url=db_url)
    ended = handoff.end_by_worker("w1", db_url=db_url)
    assert ended.id == h.id and ended.status == "cancelled" and ended.closed_at is not None
    assert handoff.open_for("w1", db_url=db_url) is None
    assert ("handoff", "职工结束了人工对话") in _ticket_row(db_url, ref)["events"]
    assert handoff.end_by_worker("w1", db_url=db_url) is None


def test_worker_ending_a_live_handoff_closes_it(db_url):
    [a] = _officers(db_url)
    h = handoff.start("w1", reason="request_human", summary="", db_url=db_url)
    handoff.claim(h.id, a, db_url=db_url)
    assert handoff.end_by_worker("w1", db_url=db_url).status == "closed"
    with session_scope(db_url) as s:
        assert s.get(Handoff, h.id).closed_by == "worker"


def test_touch_with_urgency_raises_the_ticket_to_urgent(db_url):
    ref = _ticket(db_url)
    handoff.start("w1", reason="request_human", summary="", db_url=db_url)
    plain = handoff.touch("w1", db_url=db_url)
    assert plain.last_worker_message_at is not None and plain.reason == "request_human"
    assert _ticket_row(db_url, ref)["priority"] == "normal"
    urgent = handoff.touch("w1", urgent=True, db_url=db_url)
    assert urgent.reason == "urgent"
    row = _ticket_row(db_url, ref)
    assert row["priority"] == "urgent"
    assert [k for k, _ in row["events"]].count("priority") == 1
    handoff.touch("w1", urgent=True, db_url=db_url)  # already urgent: no second event
    assert [k for k, _ in _ticket_row(db_url, ref)["events"]].count("priority") == 1


def test_touch_without_an_open_handoff_does_nothing(db_url):
    assert handoff.touch("nobody", urgent=True, db_url=db_url) is None


def test_release_by_another_officer_is_refused_and_admin_release_works(db_url):
    a, b = _officers(db_url, 2)
    ref = _ticket(db_url)
    h = handoff.start("w1", reason="request_human", summary="", db_url=db_url)
    handoff.claim(h.id, a, db_url=db_url)
    with pytest.raises(handoff.AlreadyClaimed):
        handoff.release(h.id, b, "officer1", db_url=db_url)
    closed = handoff.release(h.id, None, "admin", note="下班交接", db_url=db_url)
    assert closed.status == "closed"
    row = _ticket_row(db_url, ref)
    assert row["needs_human"] is False and row["events"][-1] == ("handoff", "人工服务结束，交还机器人：下班交接")


def test_unclaim_puts_the_handoff_back_to_waiting_only_for_its_officer(db_url):
    a, b = _officers(db_url, 2)
    h = handoff.start("w1", reason="request_human", summary="", db_url=db_url)
    handoff.claim(h.id, a, db_url=db_url)
    handoff.unclaim(h.id, b, db_url=db_url)  # not b's: no effect
    assert handoff.get(h.id, db_url=db_url).status == "live"
    handoff.unclaim(h.id, a, db_url=db_url)
    v = handoff.get(h.id, db_url=db_url)
    assert v.status == "waiting" and v.officer_username is None and v.claimed_at is None
    assert handoff.claim(h.id, b, db_url=db_url).officer_username == "officer1"
