"""No personal data in logs (bot/common/log_privacy.py): records are masked as they are made, and
SQL errors carry no bound parameters."""
from __future__ import annotations

import io
import logging
import os
import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text

from bot.cases import tickets
from bot.common import log_privacy
from bot.config import PROJECT_ROOT
from bot.db.session import session_scope

PHONE, ID_NUMBER, CARD = "13855556789", "440106199001011234", "6222021234567890123"
STORY = "老板拖欠三个月工资还扣了押金"


@pytest.fixture
def captured():
    """Everything logged through the root logger while the test runs, formatted as a handler would."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)


def assert_no_digits_of(text: str, *numbers: str) -> None:
    for number in numbers:
        assert number not in text
        assert number[3:7] not in text, (number, text)


def test_a_failing_ticket_insert_logs_no_phone_and_no_story(db_url, captured):
    # The insert fails for a reason other than a duplicate (a schema the code does not expect).
    con = sqlite3.connect(db_url.split("///", 1)[1])
    con.execute("ALTER TABLE tickets RENAME COLUMN contact_name TO contact_name_old")
    con.commit()
    con.close()
    log = logging.getLogger("actions.tickets")
    with pytest.raises(tickets.TicketError) as failure:
        try:
            tickets.open_ticket(description=f"{STORY}，身份证{ID_NUMBER}", phone=PHONE, category="wage_arrears",
                                sender_id="w1", db_url=db_url)
        except tickets.TicketError:
            log.exception("ticket not stored for %s", "w1")  # as the action does
            raise
    assert "INSERT INTO tickets" in str(failure.value)  # the statement is kept, its values are not
    out = captured.getvalue()
    assert "ticket not stored for w1" in out and "Traceback" in out and "hidden due to hide_parameters" in out
    assert_no_digits_of(out, PHONE, ID_NUMBER)
    assert STORY not in out


def test_any_engine_of_the_process_hides_parameters():
    """Engines this project does not make (Rasa's SQL tracker store) hide them too."""
    engine = create_engine("sqlite://", future=True)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (phone TEXT NOT NULL, story TEXT NOT NULL)"))
    with pytest.raises(Exception) as failure, engine.begin() as conn:
        conn.execute(text("INSERT INTO t (phone, story) VALUES (:p, :s)"), [{"p": PHONE, "s": STORY}, {"p": None, "s": STORY}])
    assert PHONE not in str(failure.value) and STORY not in str(failure.value)
    engine.dispose()


def test_our_engines_set_hide_parameters(db_url):
    with session_scope(db_url) as s:
        assert s.get_bind().hide_parameters is True


def test_messages_arguments_and_tracebacks_are_masked(captured):
    log = logging.getLogger("bot.test")
    log.info("worker %s gave 138 5555 6789 and card %s", "w1", CARD)
    log.info("split over arguments: %s%s", "138", "55556789")
    log.info("as a number: %d", int(PHONE))
    log.info({"phone": PHONE})
    try:
        raise ValueError(f"bad id {ID_NUMBER}")
    except ValueError:
        log.exception("lookup of 一三八五五五五六七八九 failed")
    log.warning("stack", stack_info=True)
    out = captured.getvalue()
    assert_no_digits_of(out, PHONE, ID_NUMBER, CARD)
    assert "worker w1 gave 138****6789 and card 6222 **** 0123" in out
    assert "bad id 440***********1234" in out and "lookup of 138****6789 failed" in out


def test_formatters_that_read_the_arguments_still_work(captured):
    """uvicorn's access log unpacks record.args: they stay a tuple, each masked."""
    made = []
    handler = logging.Handler()
    handler.emit = made.append
    log = logging.getLogger("uvicorn.access.test")
    log.addHandler(handler)
    try:
        log.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", f"/api/queue?q={PHONE}", "1.1", 200)
    finally:
        log.removeHandler(handler)
    [record] = made
    assert record.args == ("127.0.0.1:5000", "GET", "/api/queue?q=138****6789", "1.1", 200)


def test_the_filter_masks_records_made_elsewhere():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "phone %s", (PHONE,), None)
    record._pii_masked = False
    assert log_privacy.MaskingFilter().filter(record) is True
    assert record.getMessage() == "phone 138****6789"


def test_the_action_server_package_installs_the_masking():
    """`rasa run actions` imports the actions package first: that alone masks the process's logs."""
    code = ("import logging, sys; logging.basicConfig(stream=sys.stdout, format='%(message)s');"
            "import actions; logging.getLogger('rasa_sdk').error('电话 %s', '13812345678')")
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "UNION_WARM_ANSWERS": "0"}
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "电话 138****5678"
