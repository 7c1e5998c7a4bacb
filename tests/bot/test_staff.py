import threading
from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from bot.db.models import StaffUser
from bot.db.session import session_scope
from bot.common import ratelimit
from bot.console import staff
from tests.web.fastdb import fresh_db_url


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    """tests/conftest.py's fixture, from a copy of a once-migrated schema (much faster)."""
    yield from fresh_db_url(tmp_path, monkeypatch)


PW = "correct-horse-42"


@pytest.fixture
def fast(monkeypatch):
    """Cheap argon2id parameters: these tests log in many times."""
    h = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(staff, "_hasher", h)
    monkeypatch.setattr(staff, "_DUMMY_HASH", h.hash("dummy-password"))
    return h


def _hash_of(db_url, username):
    with session_scope(db_url) as s:
        return s.query(StaffUser).filter_by(username=username).one().password_hash


def test_passwords_are_stored_as_argon2id_hashes(db_url):
    u = staff.create_user("hot1", "王热线", "hotline", PW, db_url=db_url)
    stored = _hash_of(db_url, "hot1")
    assert stored.startswith("$argon2id$") and PW not in stored
    assert u.role_label == "热线坐席" and u.active and u.session_version == 1
    entry = staff.audit_entries(db_url=db_url)[0]
    assert (entry.actor, entry.action, entry.target) == ("system", "user.create", "hot1")


@pytest.mark.parametrize("username,name,role,password,message", [
    ("ab", "名", "hotline", PW, "用户名"),
    ("has space", "名", "hotline", PW, "用户名"),
    ("x" * 41, "名", "hotline", PW, "用户名"),
    ("okname", "名", "root", PW, "角色"),
    ("okname", " ", "hotline", PW, "姓名"),
    ("okname", "名", "hotline", "123456789", "密码至少 10 位"),
])
def test_create_user_validation(db_url, fast, username, name, role, password, message):
    with pytest.raises(staff.StaffError, match=message):
        staff.create_user(username, name, role, password, db_url=db_url)
    assert staff.list_users(db_url=db_url) == []


def test_usernames_are_unique_ignoring_case(db_url, fast):
    staff.create_user("Hot1", "王", "hotline", PW, db_url=db_url)
    with pytest.raises(staff.StaffError, match="已经有人用了"):
        staff.create_user("hOT1", "李", "officer", PW, db_url=db_url)


def test_authenticate(db_url, fast):
    staff.create_user("Hot1", "王", "hotline", PW, db_url=db_url)
    u = staff.authenticate("  hot1 ", PW, db_url=db_url)
    assert u is not None and u.username == "Hot1" and u.last_login_at is not None
    assert staff.authenticate("hot1", "wrong-password", db_url=db_url) is None
    assert staff.authenticate("nobody", PW, db_url=db_url) is None
    assert staff.authenticate("hot1", "", db_url=db_url) is None
    assert staff.authenticate("", "", db_url=db_url) is None


def test_a_disabled_account_cannot_log_in(db_url, fast):
    u = staff.create_user("hot1", "王", "hotline", PW, db_url=db_url)
    staff.create_user("adm1", "张", "admin", PW, db_url=db_url)
    staff.update_user(u.id, actor="adm1", active=False, db_url=db_url)
    assert staff.authenticate("hot1", PW, db_url=db_url) is None


@pytest.fixture
def limits():
    """This process's limiter with small login limits: 3 failures per username, 5 per address."""
    lim = ratelimit.RateLimiter(overrides={"login_user": "3/15min", "login_address": "5/15min"})
    ratelimit.reset_limiter(lim)
    return lim


class SpyHasher:
    """The test's hasher, with a hook run before each verification."""

    def __init__(self, inner, hook):
        self.inner, self.hook = inner, hook

    def verify(self, h, p):
        self.hook(h)
        return self.inner.verify(h, p)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def _tries(username, password, address, db_url, n=1):
    out = []
    for _ in range(n):
        try:
            out.append("ok" if staff.authenticate(username, password, address=address, db_url=db_url) else "wrong")
        except staff.LoginBusy:
            out.append("busy")
        except staff.LoginThrottled as exc:
            assert str(exc) == staff.THROTTLED
            out.append("throttled")
    return out


def test_failures_throttle_a_username_only_for_addresses_that_failed(db_url, fast, limits, union_clock):
    staff.create_user("adm1", "张", "admin", PW, db_url=db_url)
    assert _tries("adm1", "guess-guess", "203.0.113.9", db_url, 4) == ["wrong"] * 3 + ["throttled"]
    assert _tries("ADM1 ", PW, "203.0.113.9", db_url) == ["throttled"]  # not even the right password
    # the account is not locked: its owner logs in from an address that has not failed
    assert _tries("adm1", PW, "198.51.100.20", db_url) == ["ok"]
    # an address that fails joins the throttled ones
    assert _tries("adm1", "typo-typo", "198.51.100.21", db_url, 2) == ["wrong", "throttled"]
    union_clock.travel_to(union_clock.now() + timedelta(minutes=16))
    assert _tries("adm1", PW, "203.0.113.9", db_url) == ["ok"]
    actions = [e.action for e in staff.audit_entries(db_url=db_url)]
    assert actions.count("login.throttled") == 1 and actions.count("login") == 2
    assert "login.locked" not in actions


def test_an_unknown_username_is_answered_exactly_like_a_known_one(db_url, fast, limits, monkeypatch):
    staff.create_user("hot1", "王", "hotline", PW, db_url=db_url)
    verified = []
    monkeypatch.setattr(staff, "_hasher", SpyHasher(fast, verified.append))
    known = _tries("hot1", "wrong-password", "192.0.2.1", db_url, 5)
    known_verifications = len(verified)
    unknown = _tries("nobody", "wrong-password", "192.0.2.2", db_url, 5)
    assert known == unknown == ["wrong"] * 3 + ["throttled"] * 2
    assert len(verified) - known_verifications == known_verifications == 3  # argon2 ran for the unknown name too
    assert verified[-1] == staff._DUMMY_HASH


def test_an_address_that_fails_too_often_is_refused_for_every_name(db_url, fast, limits):
    staff.create_user("hot1", "王", "hotline", PW, db_url=db_url)
    for name in ("a1x", "b2y", "c3z", "d4w", "e5v"):
        assert _tries(name, "whatever-1", "192.0.2.50", db_url) == ["wrong"]
    assert _tries("hot1", PW, "192.0.2.50", db_url) == ["throttled"]
    assert _tries("hot1", PW, "192.0.2.51", db_url) == ["ok"]


def test_successful_logins_count_nothing(db_url, fast, limits):
    staff.create_user("hot1", "王", "hotline", PW, db_url=db_url)
    assert _tries("hot1", PW, "192.0.2.7", db_url, 20) == ["ok"] * 20
    assert _tries("hot1", "wrong-password", "192.0.2.7", db_url, 2) + _tries("hot1", PW, "192.0.2.7", db_url) \
        == ["wrong", "wrong", "ok"]


def test_verifications_beyond_the_limit_are_refused_at_once(db_url, fast, limits):
    u = staff.create_user("hot1", "王", "hotline", PW, db_url=db_url)
    held = [staff._verifications.acquire(blocking=False) for _ in range(staff.MAX_CONCURRENT_VERIFICATIONS)]
    assert all(held)
    try:
        assert _tries("hot1", PW, "192.0.2.8", db_url) == ["busy"]
        assert _tries("nobody", PW, "192.0.2.8", db_url) == ["busy"]
        with pytest.raises(staff.LoginBusy):
            staff.change_password(u.id, PW, "another-password-1", db_url=db_url)
    finally:
        for _ in held:
            staff._verifications.release()
    assert limits.counts("login.address", "192.0.2.8") == [0]  # a refusal is not a failure
    assert _tries("hot1", "wrong-password", "192.0.2.8", db_url) + _tries("hot1", PW, "192.0.2.8", db_url) \
        == ["wrong", "ok"]
    with pytest.raises(Exception):
        staff.authenticate("hot1", PW, address="192.0.2.8", db_url="sqlite:////nonexistent/dir/x.db")
    # every slot was given back, after successes, failures and errors alike
    assert [staff._verifications.acquire(blocking=False) for _ in range(3)] == [True, True, False]
    staff._verifications.release()
    staff._verifications.release()


def test_at_most_two_verifications_run_at_once(db_url, fast, limits, monkeypatch):
    """Two logins held inside argon2; a third is refused while they run, and allowed after."""
    staff.create_user("hot1", "王", "hotline", PW, db_url=db_url)
    inside, release = threading.Semaphore(0), threading.Event()

    def held_inside(_hash):
        inside.release()
        assert release.wait(30)

    monkeypatch.setattr(staff, "_hasher", SpyHasher(fast, held_inside))
    results = []
    threads = [threading.Thread(target=lambda: results.append(_tries("hot1", PW, "192.0.2.9", db_url)[0]))
               for _ in range(2)]
    for t in threads:
        t.start()
    for _ in threads:
        assert inside.acquire(timeout=30)
    assert _tries("hot1", PW, "192.0.2.10", db_url) == ["busy"]
    release.set()
    for t in threads:
        t.join(30)
    monkeypatch.setattr(staff, "_hasher", fast)
    assert results == ["ok", "ok"]
    assert _tries("hot1", PW, "192.0.2.10", db_url) == ["ok"]


def test_an_old_hash_is_upgraded_on_login(db_url, fast, monkeypatch):
    staff.create_user("hot1", "王", "hotline", PW, db_url=db_url)
    old = _hash_of(db_url, "hot1")
    stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    monkeypatch.setattr(staff, "_hasher", stronger)
    assert staff.authenticate("hot1", PW, db_url=db_url)
    new = _hash_of(db_url, "hot1")
    assert new != old and not stronger.check_needs_rehash(new)
    assert staff.authenticate("hot1", PW, db_url=db_url)


def test_session_version_changes_on_role_active_and_password_but_not_the_name(db_url, fast):
    staff.create_user("adm1", "张", "admin", PW, db_url=db_url)
    u = staff.create_user("off1", "李", "officer", PW, db_url=db_url)
    v = u.session_version
    assert staff.update_user(u.id, actor="adm1", display_name="李律师", db_url=db_url).session_version == v
    assert staff.update_user(u.id, actor="adm1", role="officer", db_url=db_url).session_version == v  # no change
    v2 = staff.update_user(u.id, actor="adm1", role="hotline", db_url=db_url).session_version
    v3 = staff.update_user(u.id, actor="adm1", active=False, db_url=db_url).session_version
    v4 = staff.update_user(u.id, actor="adm1", active=True, password="new-password-1", db_url=db_url).session_version
    assert v < v2 < v3 < v4
    assert staff.authenticate("off1", "new-password-1", db_url=db_url).display_name == "李律师"
    details = [e.detail for e in staff.audit_entries(db_url=db_url) if e.action == "user.update"]
    assert "角色→热线坐席" in details and "停用" in details


def test_last_admin_is_protected(db_url, fast):
    a = staff.create_user("adm1", "张", "admin", PW, db_url=db_url)
    with pytest.raises(staff.StaffError, match="至少要保留一个管理员"):
        staff.update_user(a.id, actor="adm1", active=False, db_url=db_url)
    with pytest.raises(staff.StaffError, match="至少要保留一个管理员"):
        staff.update_user(a.id, actor="adm1", role="officer", db_url=db_url)
    b = staff.create_user("adm2", "赵", "admin", PW, db_url=db_url)
    assert staff.update_user(a.id, actor="adm2", role="officer", db_url=db_url).role == "officer"
    with pytest.raises(staff.StaffError):
        staff.update_user(b.id, actor="adm2", active=False, db_url=db_url)
    with pytest.raises(staff.StaffError, match="没有这个账号"):
        staff.update_user(9999, actor="adm2", display_name="x", db_url=db_url)


def test_change_password(db_url, fast):
    u = staff.create_user("hot1", "王", "hotline", PW, db_url=db_url)
    with pytest.raises(staff.StaffError, match="原密码不对"):
        staff.change_password(u.id, "wrong", "new-password-1", db_url=db_url)
    with pytest.raises(staff.StaffError, match="密码至少"):
        staff.change_password(u.id, PW, "short", db_url=db_url)
    assert staff.authenticate("hot1", PW, db_url=db_url)
    changed = staff.change_password(u.id, PW, "new-password-1", db_url=db_url)
    assert changed.session_version == u.session_version + 1
    assert staff.authenticate("hot1", PW, db_url=db_url) is None
    assert staff.authenticate("hot1", "new-password-1", db_url=db_url)


@pytest.mark.parametrize("role,allowed,denied", [
    ("hotline", {"tickets", "review", "intake", "reveal"}, {"handoff", "admin", "analytics"}),
    ("officer", {"tickets", "review", "intake", "reveal", "handoff"}, {"admin", "analytics"}),
    ("admin", {"tickets", "review", "intake", "reveal", "handoff", "admin", "analytics"}, set()),
])
def test_permissions(role, allowed, denied):
    s = staff.Staff(1, "u", "名", role, True, 1, None)
    assert {p for p in allowed | denied if s.can(p)} == allowed
    inactive = staff.Staff(1, "u", "名", role, False, 1, None)
    assert not any(inactive.can(p) for p in allowed)
    assert not staff.Staff(1, "u", "名", "visitor", True, 1, None).can("tickets")


def test_list_users_names_and_audit(db_url, fast):
    a = staff.create_user("adm1", "张", "admin", PW, db_url=db_url)
    h = staff.create_user("hot1", "王", "hotline", PW, db_url=db_url)
    staff.update_user(h.id, actor="adm1", active=False, db_url=db_url)
    assert [u.username for u in staff.list_users(db_url=db_url)] == ["adm1", "hot1"]
    assert [u.username for u in staff.list_users(active_only=True, db_url=db_url)] == ["adm1"]
    assert staff.names(db_url=db_url) == {"adm1": "张", "hot1": "王"}
    staff.audit("adm1", "pii.reveal", "GH-X", "理由" * 1500, db_url=db_url)
    latest = staff.audit_entries(limit=1, db_url=db_url)
    assert len(latest) == 1 and latest[0].action == "pii.reveal" and len(latest[0].detail) == 2000
    assert a.id != h.id
