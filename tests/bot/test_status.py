from datetime import timedelta

from bot.db.models import TicketEvent, utcnow
from bot.db.session import session_scope
from bot.cases import status, tickets
from bot.common.references import new_reference


def _ticket(db_url, phone="13812345678"):
    return tickets.open_ticket(description="厂里欠了两个月工资", phone=phone, category="wage_arrears",
                               sender_id="w1", db_url=db_url).reference


def test_reference_and_last_four_digits_give_the_status_and_last_update(db_url):
    ref = _ticket(db_url)
    r = status.lookup(ref, "5678", "someone", db_url=db_url)
    assert r.found and "排队" in r.text and "最近更新" in r.text and ref in r.text


def test_internal_notes_are_never_shown_but_public_updates_are(db_url):
    ref = _ticket(db_url)
    tickets.add_note(ref, "内部：老板电话打不通，疑似跑路", db_url=db_url)
    assert "内部" not in status.lookup(ref, "5678", "a", db_url=db_url).text
    tickets.add_note(ref, "已联系劳动监察大队，下周一现场处理", public=True, db_url=db_url)
    assert "劳动监察大队" in status.lookup(ref, "5678", "b", db_url=db_url).text


def test_wrong_digits_and_unknown_reference_get_the_same_reply(db_url):
    ref = _ticket(db_url)
    wrong = status.lookup(ref, "0000", "c1", db_url=db_url)
    missing = status.lookup(new_reference(), "5678", "c2", db_url=db_url)
    assert not wrong.found and wrong.text == missing.text == status.NOT_FOUND


def test_three_failures_lock_the_conversation_for_a_while_even_for_the_right_answer(db_url):
    ref = _ticket(db_url)
    now = utcnow()
    for i in range(3):
        assert not status.lookup(new_reference(), "1234", "prober", now=now + timedelta(seconds=i), db_url=db_url).found
    locked = status.lookup(ref, "5678", "prober", now=now + timedelta(minutes=1), db_url=db_url)
    assert locked.locked and not locked.found and "分钟后再试" in locked.text
    later = status.lookup(ref, "5678", "prober", now=now + status.WINDOW + timedelta(minutes=1), db_url=db_url)
    assert later.found


def test_a_reference_probed_from_many_conversations_is_locked_too(db_url):
    ref = _ticket(db_url)
    now = utcnow()
    for i in range(status.MAX_FAILURES_PER_REFERENCE):
        status.lookup(ref, f"{i:04d}", f"bot-{i}", now=now, db_url=db_url)
    assert status.lookup(ref, "5678", "fresh", now=now, db_url=db_url).locked


def test_membership_and_enrolment_references_are_looked_up_too(db_url):
    from bot.cases import courses, membership

    app = membership.apply(name="李小红", phone="13698765432", employment_type="platform", employer="美团",
                           industry="外卖", city="杭州", sender_id="w", db_url=db_url)
    assert "已收到" in status.lookup(app.reference, "5432", "x", db_url=db_url).text
    courses.load_courses(db_url=db_url)
    slug = courses.search("电工", None, db_url=db_url)[0].slug
    e = courses.enrol(slug, name="陈明", phone="13622223333", db_url=db_url)
    assert "报名成功" in status.lookup(e.reference, "3333", "y", db_url=db_url).text


def test_status_words_follow_the_ticket(db_url):
    ref = _ticket(db_url)
    with session_scope(db_url) as s:
        from sqlalchemy import select

        from bot.db.models import Ticket

        t = s.execute(select(Ticket).where(Ticket.reference == ref)).scalar_one()
        t.status = "resolved"
        t.events.append(TicketEvent(kind="status", actor="staff", body="工资已全部追回", public=True))
    r = status.lookup(ref, "5678", "z", db_url=db_url)
    assert "已办结" in r.text and "工资已全部追回" in r.text
