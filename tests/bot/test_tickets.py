import threading

import pytest
from sqlalchemy import func, select

from bot.common.phones import parse_phone
from bot.db.models import Ticket, TicketEvent
from bot.db.session import session_scope
from bot.cases import tickets


def count(url, model=Ticket):
    with session_scope(url) as s:
        return s.execute(select(func.count(model.id))).scalar_one()


def test_open_ticket_is_committed_with_its_fields(db_url):
    r = tickets.open_ticket(description="老板欠了三个月工资", phone="13812345678", category="wage_arrears",
                            sender_id="u1", intent="wage_arrears", confidence=0.91, db_url=db_url)
    assert r.created
    t = tickets.get_ticket(r.reference, db_url=db_url)
    assert (t.category, t.status, t.contact_phone, t.description) == ("wage_arrears", "new", "13812345678", "老板欠了三个月工资")
    assert t.intent_confidence == "0.910"
    assert count(db_url, TicketEvent) == 1


def test_same_submission_twice_gives_the_same_ticket(db_url):
    a = tickets.open_ticket(description="老板跑路了 工钱没给", phone="13812345678", sender_id="u1", db_url=db_url)
    b = tickets.open_ticket(description="老板跑路了  工钱没给 ", phone="13812345678", sender_id="u1", db_url=db_url)
    assert a.reference == b.reference and a.created and not b.created
    assert count(db_url) == 1
    c = tickets.open_ticket(description="老板跑路了 工钱没给", phone="13812345678", sender_id="u2", db_url=db_url)
    assert c.reference != a.reference and count(db_url) == 2


def test_concurrent_identical_submissions_store_one_ticket(db_url):
    refs, errors = [], []

    def submit():
        try:
            refs.append(tickets.open_ticket(description="同时提交两次", phone="13900001111", sender_id="u9", db_url=db_url).reference)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=submit) for _ in range(4)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert not errors and len(set(refs)) == 1 and count(db_url) == 1


def test_database_failure_raises_ticket_error(tmp_path):
    bad = f"sqlite:///{tmp_path / 'missing-dir' / 'x' / 'no.db'}"
    (tmp_path / "missing-dir").write_text("a file where a folder should be")
    with pytest.raises(tickets.TicketError):
        tickets.open_ticket(description="测试失败路径", phone="13812345678", db_url=bad)


def test_unknown_category_becomes_general(db_url):
    r = tickets.open_ticket(description="问个事情麻烦回电", phone="13812345678", category="nonsense", db_url=db_url)
    assert tickets.get_ticket(r.reference, db_url=db_url).category == "general"


@pytest.mark.parametrize("text,expected", [
    ("13812345678", "13812345678"),
    ("我的电话是 138 1234 5678", "13812345678"),
    ("手机１３９００００１１１１", "13900001111"),
    ("+86 15902345678", "15902345678"),
    ("座机020-87654321", "020-87654321"),
    ("186-2345-7890", "18623457890"),
    ("手机号：158—0011—2233", "15800112233"),
    ("1381234567", None),
    ("12812345678", None),
    ("没有电话", None),
])
def test_parse_phone(text, expected):
    assert parse_phone(text) == expected
