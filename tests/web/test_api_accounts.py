"""Accounts (admin) and the user's own password."""
from __future__ import annotations

import pytest

from bot.console import staff

from .conftest import PASSWORD


def test_admin_creates_a_user_who_can_log_in(env):
    admin = env.login("admin")
    r = admin.post("/api/users", {"username": "new.officer", "display_name": "  孙法援 ", "role": "officer",
                                  "password": "ten-chars!"})
    assert r.status_code == 200
    u = r.json()
    assert u["username"] == "new.officer" and u["display_name"] == "孙法援" and u["role_label"] == "法律援助工作人员"
    assert u["active"] is True and u["last_login_at"] is None and "password" not in str(u).lower()
    assert "new.officer" in [x["username"] for x in admin.get("/api/users").json()]
    fresh = env.login("new.officer", password="ten-chars!")
    assert fresh.get("/api/handoffs").status_code == 200
    assert any(a["action"] == "user.create" and a["target"] == "new.officer" and a["actor"] == "adm1"
               for a in admin.get("/api/audit").json())
    assert next(x for x in admin.get("/api/users").json() if x["username"] == "new.officer")["last_login_at"]


@pytest.mark.parametrize("body,detail", [
    ({"password": "nine-char"}, "密码至少 10 位"),
    ({"username": "HOT1"}, "这个用户名已经有人用了"),
    ({"username": "Off1"}, "这个用户名已经有人用了"),
    ({"username": "ab"}, "用户名"),
    ({"username": "王五"}, "用户名"),
    ({"role": "superuser"}, "角色"),
    ({"display_name": "  "}, "请填写姓名"),
])
def test_bad_new_users_are_422(env, body, detail):
    admin = env.login("admin")
    before = len(admin.get("/api/users").json())
    full = {"username": "someone", "display_name": "某人", "role": "hotline", "password": "long-enough-1", **body}
    r = admin.post("/api/users", full)
    assert r.status_code == 422
    assert detail in r.json()["detail"]
    assert len(admin.get("/api/users").json()) == before


def test_the_last_admin_cannot_be_disabled_or_demoted(env):
    admin = env.login("admin")
    me = env.user_id("admin")
    for change in ({"active": False}, {"role": "hotline"}, {"role": "officer", "active": False}):
        r = admin.patch(f"/api/users/{me}", change)
        assert r.status_code == 422 and r.json()["detail"] == "至少要保留一个管理员"
    u = staff.get_user(me)
    assert u.role == "admin" and u.active and admin.get("/api/auth/me").status_code == 200


def test_with_a_second_admin_one_can_be_demoted(env):
    admin = env.login("admin")
    r = admin.patch(f"/api/users/{env.user_id('officer')}", {"role": "admin"})
    assert r.status_code == 200 and r.json()["role"] == "admin"
    r = admin.patch(f"/api/users/{env.user_id('admin')}", {"role": "hotline"})
    assert r.status_code == 200
    assert admin.get("/api/users").status_code == 401  # own role changed: own session ended too
    off = env.login("officer")
    # now off1 is the last admin
    assert off.patch(f"/api/users/{env.user_id('officer')}", {"active": False}).status_code == 422


def test_patch_validation(env):
    admin = env.login("admin")
    uid = env.user_id("hotline")
    assert admin.patch(f"/api/users/{uid}", {"role": "boss"}).status_code == 422
    assert admin.patch(f"/api/users/{uid}", {"password": "short"}).status_code == 422
    assert admin.patch("/api/users/9999", {"display_name": "x"}).status_code == 404
    assert staff.get_user(uid).role == "hotline"


def test_password_change_keeps_this_session_and_ends_the_others(env):
    here, there = env.login("hotline"), env.login("hotline")
    r = here.post("/api/auth/password", {"old_password": PASSWORD, "new_password": "a-brand-new-password"})
    assert r.status_code == 200 and r.json() == {"ok": True}
    assert here.get("/api/auth/me").status_code == 200
    assert here.post("/api/tickets/GH-AAAA-AAAA/notes", {"body": "x"}).status_code == 404  # CSRF token still valid
    assert there.get("/api/auth/me").status_code == 401
    b = env.browser()
    assert b.client.post("/api/auth/login", json={"username": "hot1", "password": PASSWORD}).status_code == 401
    assert b.client.post("/api/auth/login", json={"username": "hot1",
                                                  "password": "a-brand-new-password"}).status_code == 200


@pytest.mark.parametrize("old,new,detail", [("wrong-password", "a-brand-new-password", "原密码不对"),
                                            (PASSWORD, "short", "密码至少 10 位")])
def test_bad_password_change_is_422_and_changes_nothing(env, old, new, detail):
    here, there = env.login("officer"), env.login("officer")
    r = here.post("/api/auth/password", {"old_password": old, "new_password": new})
    assert r.status_code == 422 and r.json()["detail"] == detail
    assert there.get("/api/auth/me").status_code == 200
    assert staff.authenticate("off1", PASSWORD) is not None


def test_an_admin_password_reset_ends_the_users_sessions(env):
    victim, admin = env.login("officer"), env.login("admin")
    assert admin.patch(f"/api/users/{env.user_id('officer')}", {"password": "reset-by-admin-1"}).status_code == 200
    assert victim.get("/api/auth/me").status_code == 401
    env.login("officer", password="reset-by-admin-1")


def test_reenabling_a_user_lets_them_log_in_again(env):
    admin = env.login("admin")
    uid = env.user_id("hotline")
    admin.patch(f"/api/users/{uid}", {"active": False})
    b = env.browser()
    assert b.client.post("/api/auth/login", json={"username": "hot1", "password": PASSWORD}).status_code == 401
    assert admin.patch(f"/api/users/{uid}", {"active": True}).json()["active"] is True
    env.login("hotline")
