"""Hostile input on every entry point of the web app: malformed, over-long, empty, control and
zero-width characters, injection strings. Each is refused with a 4xx and a Chinese or field-level
message, never a 500, and nothing over-long is stored."""
from __future__ import annotations

import json

import pytest

from bot.cases import tickets
from bot.handoff import handoff

MEGA = "欠" * 1_000_000
ODD = ["\u200b\u200b", "\x00\x01\x02", "<script>alert(1)</script>", "'; DROP TABLE tickets; --", "${jndi:ldap://x}",
       "老闆\u202e欠薪", "🙏" * 50]


@pytest.fixture
def targets(env):
    ref = tickets.open_ticket(description="老板拖欠工资三个月", phone="13812345678", category="wage_arrears",
                              sender_id="w-hostile", db_url=env.db_url).reference
    h = handoff.start("w-hostile", reason="request_human", summary="话题：欠薪讨薪", db_url=env.db_url)
    return {"ref": ref, "handoff": h.id, "user": env.user_id("hotline")}


ROUTES = [
    ("POST", "/api/tickets/{ref}/notes"), ("POST", "/api/tickets/{ref}/status"), ("POST", "/api/tickets/{ref}/assign"),
    ("POST", "/api/tickets/{ref}/reveal"), ("POST", "/api/canned"), ("POST", "/api/intake/analyse"),
    ("POST", "/api/intake/tickets"), ("POST", "/api/handoffs/{handoff}/messages"), ("POST", "/api/users"),
    ("PATCH", "/api/users/{user}"), ("POST", "/api/auth/password"), ("POST", "/api/review/1"),
]


@pytest.mark.parametrize("method,path", ROUTES)
def test_malformed_bodies_get_a_4xx_not_a_500(env, targets, method, path):
    admin = env.login("admin")
    url = path.format(**targets)
    for body in (b"", b"{not json", b'"text"', b"[" * 5000, json.dumps({"x": MEGA}).encode()):
        r = admin.request(method, url, content=body, headers={"Content-Type": "application/json"})
        assert 400 <= r.status_code < 500, (url, body[:20], r.status_code, r.text[:200])
        if len(body) > 1_000_000:
            assert r.status_code == 413 and "太大" in r.text
    # pydantic 1 reads [] as an empty object: fine where every field is optional, never a 500
    for body in (b"[]", b"null"):
        assert admin.request(method, url, content=body, headers={"Content-Type": "application/json"}).status_code < 500


@pytest.mark.parametrize("field,route", [("body", "/api/tickets/{ref}/notes"), ("text", "/api/handoffs/{handoff}/messages"),
                                         ("text", "/api/intake/analyse")])
def test_over_long_text_is_refused_and_not_stored(env, targets, field, route):
    admin = env.login("admin")
    r = admin.post(route.format(**targets), json={field: MEGA, "public": False})
    assert 400 <= r.status_code < 500
    detail = admin.get(f"/api/tickets/{targets['ref']}").text
    assert MEGA[:5000] not in detail


@pytest.mark.parametrize("text", ODD)
def test_odd_characters_in_a_note_are_stored_as_text_and_shown_escaped_by_the_console(env, targets, text):
    admin = env.login("admin")
    r = admin.post(f"/api/tickets/{targets['ref']}/notes", json={"body": "备注：" + text, "public": False})
    assert r.status_code in (200, 201, 422), r.text
    assert admin.get(f"/api/tickets/{targets['ref']}").status_code == 200


@pytest.mark.parametrize("ref", ["GH-0000-0000", "../../etc/passwd", "GH-%00", "' OR 1=1 --", "x" * 5000])
def test_odd_references_find_nothing(env, ref):
    admin = env.login("admin")
    r = admin.get(f"/api/tickets/{ref}")
    assert r.status_code in (404, 422)
    queue = admin.get("/api/queue", params={"q": ref})
    assert queue.status_code in (200, 422) and (queue.status_code == 422 or queue.json()["items"] == [])


@pytest.mark.parametrize("path", ["/static/%00", "/static/dist/%00widget.js", "/console/%00", "/api/%00",
                                  "/static/..%2f..%2fetc/passwd"])
def test_odd_paths_are_not_found(env, path):
    r = env.browser().get(path)
    assert r.status_code == 404 and "root:" not in r.text


@pytest.mark.parametrize("body", [b"", b"\xff\xfe", b"{}", b'{"session": null}', b'{"session": "' + b"a" * 5000 + b'"}',
                                  b'{"session": "../../x"}', b"[" * 10000])
def test_widget_history_refuses_what_is_not_a_secret(env, body):
    r = env.browser().post("/widget/history", content=body)
    assert r.status_code == 422 and "会话编号不对" in r.text


def test_login_with_hostile_fields_is_refused_alike(env):
    b = env.browser()
    for body in ({"username": "a" * 100000, "password": "b"}, {"username": "admin\x00", "password": "x"},
                 {"username": "' OR 1=1 --", "password": "x"}, {"username": "admin", "password": "p" * 100000}):
        r = b.client.post("/api/auth/login", json=body)
        assert r.status_code in (401, 422, 429), r.text


def test_a_chunked_body_without_length_is_refused(env):
    admin = env.login("admin")

    def chunks():
        yield b'{"body": "'
        yield b"x" * 1000
        yield b'"}'

    r = admin.request("POST", "/api/canned", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413
