"""Who may call what: login, roles, CSRF, session endings, lockout."""
from __future__ import annotations

import itertools

import pytest

from bot.cases import tickets
from bot.common import ratelimit

from bot.console import console, review, staff

from bot.handoff import handoff

from .conftest import ACCOUNTS, PASSWORD, ticket_state

ALL = {"hotline": 200, "officer": 200, "admin": 200}
ADMIN_ONLY = {"hotline": 403, "officer": 403, "admin": 200}


def handoff_only(officer=200, admin=None):
    return {"hotline": 403, "officer": officer, "admin": officer if admin is None else admin}


INTAKE = {"category": "wage_arrears", "description": "来电：工地欠薪三个月", "contact_phone": "13912345678",
          "priority": "normal"}
# (method, path, body, expected status per role). Resources are fresh for every test, so a
# permitted call has one definite answer.
ROUTES = [
    ("GET", "/api/auth/me", None, ALL),
    ("POST", "/api/auth/password", {"old_password": "not-my-password", "new_password": "another-password-1"},
     {"hotline": 422, "officer": 422, "admin": 422}),
    ("GET", "/api/queue", None, ALL),
    ("GET", "/api/tickets/{ref}", None, ALL),
    ("GET", "/api/tickets/{ref}/transcript", None, ALL),
    ("POST", "/api/tickets/{ref}/reveal", {"reason": "职工来电核实身份"}, ALL),
    ("POST", "/api/tickets/{ref}/assign", {"assignee": None}, ALL),
    ("POST", "/api/tickets/{ref}/status", {"status": "in_progress"}, ALL),
    ("POST", "/api/tickets/{ref}/notes", {"body": "已电话联系职工", "public": False}, ALL),
    ("GET", "/api/staff", None, ALL),
    ("GET", "/api/canned", None, ALL),
    ("POST", "/api/canned", {"title": "欠薪材料", "body": "请准备考勤记录和工资条。", "topic": "wage_arrears"}, ADMIN_ONLY),
    ("PUT", "/api/canned/{cid}", {"title": "改过的标题", "body": "改过的内容", "topic": "general"}, ADMIN_ONLY),
    ("DELETE", "/api/canned/{cid}", None, ADMIN_ONLY),
    ("GET", "/api/handoffs", None, handoff_only()),
    ("GET", "/api/handoffs?status=all", None, handoff_only()),
    ("GET", "/api/handoffs/{hid}", None, handoff_only()),
    ("POST", "/api/handoffs/{hid}/claim", None, handoff_only()),
    ("GET", "/api/handoffs/{hid}/messages", None, handoff_only()),
    ("POST", "/api/handoffs/{hid}/messages", {"text": "您好"}, handoff_only(409)),  # waiting: not live yet
    ("POST", "/api/handoffs/{hid}/release", {"note": ""}, handoff_only()),
    ("GET", "/api/review", None, ALL),
    ("POST", "/api/review/{rid}", {"action": "dismiss"}, ALL),
    ("GET", "/api/review/export", None, ALL),
    ("POST", "/api/intake/analyse", {"text": "老板欠了我三个月工资"}, ALL),
    ("POST", "/api/intake/tickets", INTAKE, ALL),
    ("GET", "/api/analytics?days=7", None, ADMIN_ONLY),
    ("GET", "/api/users", None, ADMIN_ONLY),
    ("POST", "/api/users", {"username": "new.staff{n}", "display_name": "新同事", "role": "hotline",
                            "password": "a-long-password"}, ADMIN_ONLY),
    ("PATCH", "/api/users/{uid}", {"display_name": "改名了"}, ADMIN_ONLY),
    ("GET", "/api/audit", None, ADMIN_ONLY),
    ("POST", "/api/privacy/search", {"reference": "{ref}", "phone": "13812345678"}, ADMIN_ONLY),
    ("POST", "/api/privacy/export", {"reference": "{ref}", "phone": "13812345678"}, ADMIN_ONLY),
    ("POST", "/api/privacy/erase", {"reference": "{ref}", "phone": "13812345678", "reason": "职工来电要求删除", "confirm": False},
     {"hotline": 403, "officer": 403, "admin": 422}),
]


_n = itertools.count(1)


def _resources(e) -> dict:
    n = next(_n)
    sender = f"worker-roles-{n}"
    ref = tickets.open_ticket(description=f"工地欠薪三个月（{n}）", phone="13812345678", category="wage_arrears",
                              sender_id=sender, db_url=e.db_url).reference
    h = handoff.start(sender, reason="request_human", summary="话题：欠薪讨薪\n工地欠薪", db_url=e.db_url)
    rid = review.record("那个钱啥时候给", sender_id=sender, intent="nlu_fallback", confidence=0.2, db_url=e.db_url)
    cid = console.save_canned(None, "问候", "您好，这里是职工服务。", "general", "system", db_url=e.db_url).id
    e.rasa.appended.clear()
    return {"ref": ref, "hid": h.id, "rid": rid, "cid": cid, "uid": e.user_id("officer2"), "n": n}


@pytest.fixture
def res(env):
    return _resources(env)


@pytest.fixture(scope="module")
def logged_in(module_env):
    """One logged-in browser per role (and an anonymous one) for the whole role table."""
    out = {role: module_env.login(role) for role in ("hotline", "officer", "admin")}
    out["anonymous"] = module_env.browser()
    return out


@pytest.fixture
def shared(module_env):
    return _resources(module_env)


def _call(browser, method, path, body, res, **kw):
    if isinstance(body, dict):
        body = {k: v.format(**res) if isinstance(v, str) else v for k, v in body.items()}
    return browser.request(method, path.format(**res), json=body, **kw)


def _id(route):
    return f"{route[0]} {route[1]}"


@pytest.mark.parametrize("route", ROUTES, ids=_id)
def test_anonymous_gets_401_everywhere(module_env, logged_in, shared, route):
    method, path, body, _ = route
    r = _call(logged_in["anonymous"], method, path, body, shared, csrf="whatever")
    assert r.status_code == 401, r.text
    assert r.json()["detail"] == "请先登录"
    assert module_env.rasa.appended == []


@pytest.mark.parametrize("role", ["hotline", "officer", "admin"])
@pytest.mark.parametrize("route", ROUTES, ids=_id)
def test_role_table(module_env, logged_in, shared, route, role):
    method, path, body, expected = route
    r = _call(logged_in[role], method, path, body, shared)
    assert r.status_code == expected[role], r.text
    if expected[role] == 403:
        assert r.json()["detail"] == "您的角色不能做这个操作"
        assert module_env.rasa.appended == []  # nothing reached the worker's conversation


def test_a_forbidden_claim_leaves_the_handoff_waiting(env, res):
    r = env.login("hotline").post(f"/api/handoffs/{res['hid']}/claim")
    assert r.status_code == 403
    assert handoff.get(res["hid"]).status == "waiting"
    assert env.login("officer").post(f"/api/handoffs/{res['hid']}/claim").status_code == 200


def test_a_forbidden_canned_delete_keeps_the_reply(env, res):
    assert env.login("officer").delete(f"/api/canned/{res['cid']}").status_code == 403
    assert [c.id for c in console.canned_replies()] == [res["cid"]]
    assert env.login("admin").delete(f"/api/canned/{res['cid']}").status_code == 200
    assert console.canned_replies() == []


def test_anonymous_logout_is_refused(env):
    """Docs: every POST except login needs the CSRF token (and so a session)."""
    r = env.browser().post("/api/auth/logout")
    assert r.status_code == 401


def test_login_returns_user_and_csrf_token_and_sets_a_secure_httponly_cookie(env):
    b = env.browser()
    r = b.client.post("/api/auth/login", json={"username": "HOT1", "password": PASSWORD})  # any case
    assert r.status_code == 200
    body = r.json()
    assert body["user"]["username"] == "hot1" and body["user"]["role"] == "hotline"
    assert body["user"]["role_label"] == "热线坐席"
    assert len(body["csrf_token"]) >= 32
    cookie = r.headers["set-cookie"].lower()
    assert "union_session=" in cookie and "httponly" in cookie and "secure" in cookie and "samesite=strict" in cookie
    me = b.get("/api/auth/me").json()
    assert me["user"]["username"] == "hot1" and me["csrf_token"] == body["csrf_token"]


def test_post_without_csrf_token_is_refused_and_changes_nothing(env, res):
    b = env.login("hotline")
    r = b.post(f"/api/tickets/{res['ref']}/status", {"status": "in_progress"}, csrf=False)
    assert r.status_code == 403
    assert "安全校验失败" in r.json()["detail"]
    assert tickets.get_ticket(res["ref"]).status == "new"
    # GET needs no token
    assert b.get("/api/queue", csrf=False).status_code == 200


@pytest.mark.parametrize("method,path,body", [
    ("POST", "/api/tickets/{ref}/notes", {"body": "x", "public": True}),
    ("PATCH", "/api/users/{uid}", {"display_name": "x"}),
    ("DELETE", "/api/canned/{cid}", None),
    ("POST", "/api/auth/password", {"old_password": PASSWORD, "new_password": "a-brand-new-password"}),
])
def test_wrong_csrf_token_is_refused(env, res, method, path, body):
    b = env.login("admin")
    events = len(ticket_state(res["ref"]).events)
    r = _call(b, method, path, body, res, csrf=b.csrf[:-2] + "xx")
    assert r.status_code == 403
    assert len(ticket_state(res["ref"]).events) == events
    assert len(console.canned_replies()) == 1
    assert staff.authenticate("adm1", PASSWORD) is not None  # the password did not change


def test_another_sessions_csrf_token_is_refused(env, res):
    a, b = env.login("hotline"), env.login("officer")
    r = b.post(f"/api/tickets/{res['ref']}/status", {"status": "in_progress"}, csrf=a.csrf)
    assert r.status_code == 403


def test_non_ascii_csrf_token_is_refused_not_a_server_error(env, res):
    b = env.login("hotline", raise_server_exceptions=False)
    r = b.client.post(f"/api/tickets/{res['ref']}/notes", json={"body": "x"},
                      headers={"X-CSRF-Token": "t\u00e9st".encode("latin-1")})
    assert r.status_code == 403


def test_logout_ends_the_session(env):
    b = env.login("officer")
    assert b.get("/api/auth/me").status_code == 200
    assert b.post("/api/auth/logout").json() == {"ok": True}
    assert b.get("/api/auth/me").status_code == 401
    assert b.get("/api/handoffs").status_code == 401


def test_logout_requires_the_csrf_token(env):
    b = env.login("officer")
    assert b.post("/api/auth/logout", csrf=False).status_code == 403
    assert b.get("/api/auth/me").status_code == 200


def test_a_cookie_saved_before_logout_no_longer_works(env):
    """Logging out must end the session on the server side: a copy of the cookie (a shared hotline
    PC, a proxy log) must not keep working for the rest of the session's 8 hours."""
    b = env.login("admin")
    saved = b.client.cookies.get("union_session")
    assert b.post("/api/auth/logout").status_code == 200
    thief = env.browser()
    thief.client.cookies.set("union_session", saved)
    assert thief.get("/api/users").status_code == 401


def test_a_disabled_users_session_ends_at_the_next_request(env):
    victim, admin = env.login("hotline"), env.login("admin")
    assert victim.get("/api/queue").status_code == 200
    r = admin.patch(f"/api/users/{env.user_id('hotline')}", {"active": False})
    assert r.status_code == 200 and r.json()["active"] is False
    assert victim.get("/api/queue").status_code == 401
    assert victim.get("/api/auth/me").status_code == 401
    # and the disabled account cannot log in again, with the same answer as a wrong password
    r = env.browser().client.post("/api/auth/login", json={"username": "hot1", "password": PASSWORD})
    assert r.status_code == 401 and r.json()["detail"] == "用户名或密码错误"


def test_a_role_change_ends_existing_sessions(env, res):
    officer, admin = env.login("officer"), env.login("admin")
    assert officer.get("/api/handoffs").status_code == 200
    assert admin.patch(f"/api/users/{env.user_id('officer')}", {"role": "hotline"}).json()["role"] == "hotline"
    assert officer.get("/api/auth/me").status_code == 401
    again = env.login("officer")
    assert again.user["role"] == "hotline"
    assert again.get("/api/handoffs").status_code == 403


def test_a_display_name_change_keeps_the_session(env):
    officer, admin = env.login("officer"), env.login("admin")
    assert admin.patch(f"/api/users/{env.user_id('officer')}", {"display_name": "李援助"}).status_code == 200
    me = officer.get("/api/auth/me")
    assert me.status_code == 200 and me.json()["user"]["display_name"] == "李援助"


def test_four_wrong_passwords_then_the_right_one_logs_in_and_resets_the_count(env):
    b = env.browser()
    for _ in range(4):
        assert b.client.post("/api/auth/login", json={"username": "off1", "password": "nope-nope"}).status_code == 401
    assert b.client.post("/api/auth/login", json={"username": "off1", "password": PASSWORD}).status_code == 200
    for _ in range(4):
        assert b.client.post("/api/auth/login", json={"username": "off1", "password": "nope-nope"}).status_code == 401
    assert b.client.post("/api/auth/login", json={"username": "off1", "password": PASSWORD}).status_code == 200


def _login(b, username, password):
    return b.client.post("/api/auth/login", json={"username": username, "password": password})


def test_failed_logins_throttle_the_attacker_not_the_account(env):
    attacker = env.browser(client=("203.0.113.66", 40000))
    limit = ratelimit.get_limiter().rates("login.user")[0].limit
    for _ in range(limit):
        assert _login(attacker, "adm1", "wrong-password").status_code == 401
    r = _login(attacker, "adm1", PASSWORD)
    assert r.status_code == 429 and r.json()["detail"] == "登录尝试太多，请稍后再试"
    assert r.headers["retry-after"] == "60" and "set-cookie" not in r.headers
    assert attacker.get("/api/auth/me").status_code == 401
    # the admin, from an address that has not failed, logs in while the attack goes on
    admin = env.login("admin", client=("198.51.100.4", 40000))
    assert admin.get("/api/users").status_code == 200
    assert any(a["action"] == "login.throttled" and a["target"] == "adm1" for a in admin.get("/api/audit").json())
    assert not any(a["action"] == "login.locked" for a in admin.get("/api/audit").json())
    # other accounts are not affected, from the same address either
    assert _login(env.browser(client=("203.0.113.66", 40001)), "off2", PASSWORD).status_code == 200


def test_an_unknown_username_and_a_known_one_are_answered_alike_throughout(env):
    limit = ratelimit.get_limiter().rates("login.user")[0].limit
    answers = {}
    for username, address in (("off1", "192.0.2.31"), ("ghost.user", "192.0.2.32")):
        b = env.browser(client=(address, 40000))
        answers[username] = [(r.status_code, r.json(), "set-cookie" in r.headers)
                             for r in (_login(b, username, "wrong-password") for _ in range(limit + 2))]
    assert answers["off1"] == answers["ghost.user"]
    assert [a[0] for a in answers["off1"]] == [401] * limit + [429, 429]


def test_an_address_with_too_many_failures_is_refused_for_every_name(env):
    b = env.browser(client=("192.0.2.77", 40000))
    limit = ratelimit.get_limiter().rates("login.address")[0].limit
    for i in range(limit):
        assert _login(b, f"user{i:03d}", "wrong-password").status_code == 401
    assert _login(b, "hot1", PASSWORD).status_code == 429
    assert _login(env.browser(client=("192.0.2.78", 40000)), "hot1", PASSWORD).status_code == 200


def test_logins_beyond_the_verifications_running_are_refused_at_once(env):
    held = [staff._verifications.acquire(blocking=False) for _ in range(staff.MAX_CONCURRENT_VERIFICATIONS)]
    try:
        assert all(held)
        r = _login(env.browser(), "hot1", PASSWORD)
        assert r.status_code == 429 and r.json()["detail"] == "登录请求太多，请稍后再试"
    finally:
        for _ in held:
            staff._verifications.release()
    assert _login(env.browser(), "hot1", PASSWORD).status_code == 200


def test_wrong_username_and_wrong_password_look_the_same(env):
    b = env.browser()
    unknown = b.client.post("/api/auth/login", json={"username": "nobody", "password": PASSWORD})
    wrong = b.client.post("/api/auth/login", json={"username": "hot1", "password": "wrong-password"})
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json() == {"detail": "用户名或密码错误"}
    assert "set-cookie" not in unknown.headers and "set-cookie" not in wrong.headers


def test_a_failed_login_does_not_keep_an_earlier_session(env):
    b = env.login("admin")
    r = b.client.post("/api/auth/login", json={"username": "hot1", "password": "wrong-password"})
    assert r.status_code == 401
    # still the admin's own session (a failed attempt does not log anyone in or out)
    assert b.get("/api/auth/me").json()["user"]["username"] == "adm1"


def test_api_responses_carry_the_console_security_headers(env):
    r = env.login("hotline").get("/api/queue")
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


def test_every_account_in_the_fixture_has_its_role(env):
    for who, (username, _, role) in ACCOUNTS.items():
        assert env.login(who).user["role"] == role
