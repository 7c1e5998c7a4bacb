from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from bot.db.models import StaffUser, utcnow
from bot.db.session import session_scope
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


def test_five_failures_lock_the_account_for_fifteen_minutes(db_url, fast):
    staff.create_user("hot1", "王", "hotline", PW, db_url=db_url)
    now = utcnow()
    for i in range(5):
        assert staff.authenticate("hot1", "wrong-password", now=now + timedelta(seconds=i), db_url=db_url) is None
    for pw in (PW, "wrong-password"):
        with pytest.raises(staff.LoginLocked):
            staff.authenticate("hot1", pw, now=now + timedelta(minutes=14), db_url=db_url)
    assert staff.authenticate("hot1", PW, now=now + timedelta(minutes=16), db_url=db_url) is not None
    assert [e.action for e in staff.audit_entries(db_url=db_url)][:2] == ["login", "login.locked"]


def test_a_successful_login_resets_the_failure_count(db_url, fast):
    staff.create_user("hot1", "王", "hotline", PW, db_url=db_url)
    for _ in range(4):
        staff.authenticate("hot1", "wrong-password", db_url=db_url)
    assert staff.authenticate("hot1", PW, db_url=db_url)
    for _ in range(4):
        staff.authenticate("hot1", "wrong-password", db_url=db_url)
    assert staff.authenticate("hot1", PW, db_url=db_url)


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
