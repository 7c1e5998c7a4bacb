"""The console API against a temporary SQLite database and a fake Rasa server.

Every test gets its own copy of a migrated template database (copied with SQLite's backup API,
so it costs milliseconds) that already holds one account per role, and a fresh app. Password
hashing uses argon2id with small cost parameters so that logging in takes milliseconds."""
from __future__ import annotations

import copy
from contextlib import ExitStack, contextmanager
from types import SimpleNamespace

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.common import clock
from bot.db.models import Ticket
from bot.db.session import session_scope
from bot.db import session as db_session
from bot.console import staff
from bot.web import rasa as rasa_api

from .fastdb import copy_database, fresh_db_url, migrated_template

PASSWORD = "correct-horse-42"
# role key -> (username, display name, role)
ACCOUNTS = {
    "hotline": ("hot1", "王热线", "hotline"),
    "officer": ("off1", "李法援", "officer"),
    "officer2": ("off2", "赵法援", "officer"),
    "admin": ("adm1", "张管理", "admin"),
}
FAST_HASHER = dict(time_cost=1, memory_cost=1024, parallelism=1)
BASE = "https://testserver"  # https: the session cookie is Secure


def _fast_hasher(mp: pytest.MonkeyPatch) -> None:
    h = PasswordHasher(**FAST_HASHER)
    mp.setattr(staff, "_hasher", h)
    mp.setattr(staff, "_DUMMY_HASH", h.hash("not-a-real-password"))


@pytest.fixture(autouse=True)
def fast_passwords(monkeypatch):
    _fast_hasher(monkeypatch)


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    """tests/conftest.py's fixture, without running the migrations for every test."""
    yield from fresh_db_url(tmp_path, monkeypatch)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory):
    """The migrated schema plus one account per role."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    url = copy_database(migrated_template(), path)
    with pytest.MonkeyPatch.context() as mp:
        _fast_hasher(mp)
        for username, name, role in ACCOUNTS.values():
            staff.create_user(username, name, role, PASSWORD, db_url=url)
    db_session._engine(url).dispose()
    return path


class FakeRasa:
    """Rasa's HTTP API as the web app uses it: records appended events, serves canned trackers."""

    def __init__(self):
        self.appended: list[tuple[str, list[dict]]] = []
        self.live: list[bool] = []  # whether each append was sent to the worker's channel too
        self.trackers: dict[str, dict] = {}
        self.parse_result: dict = {"text": "", "intent": {"name": "nlu_fallback", "confidence": 0.3},
                                   "intent_ranking": [], "entities": []}
        self.fail: set[str] = set()  # names of methods that raise RasaUnavailable
        self.parsed: list[str] = []

    def _check(self, name: str) -> None:
        if name in self.fail:
            raise rasa_api.RasaUnavailable(f"{name}: connection refused")

    async def tracker(self, sender_id: str) -> dict:
        self._check("tracker")
        return copy.deepcopy(self.trackers.get(sender_id, {"sender_id": sender_id, "events": [], "slots": {}}))

    async def append(self, sender_id: str, events: list[dict], live: bool = True) -> None:
        self._check("append")
        self.appended.append((sender_id, copy.deepcopy(events)))
        self.live.append(live)
        t = self.trackers.setdefault(sender_id, {"sender_id": sender_id, "events": [], "slots": {}})
        t["events"].extend(copy.deepcopy(events))

    async def parse(self, text: str) -> dict:
        self._check("parse")
        self.parsed.append(text)
        return {**copy.deepcopy(self.parse_result), "text": text}

    async def status(self) -> dict:
        self._check("status")
        return {"model_file": "fake.tar.gz"}

    async def close(self) -> None:
        pass

    def events_for(self, sender_id: str) -> list[dict]:
        return [e for s, evs in self.appended if s == sender_id for e in evs]


def user_event(text: str, intent: str | None = None, confidence: float = 0.9, ts: float | None = None) -> dict:
    return {"event": "user", "text": text, "timestamp": ts or clock.timestamp(),
            "parse_data": {"intent": {"name": intent, "confidence": confidence}} if intent else {}}


def bot_event(text: str, buttons: list[dict] | None = None, ts: float | None = None) -> dict:
    return {"event": "bot", "text": text, "timestamp": ts or clock.timestamp(), "data": {"buttons": buttons or []}}


class Console:
    """A logged-in (or anonymous) browser: its own cookie jar and CSRF token."""

    def __init__(self, client: TestClient, csrf: str | None = None, user: dict | None = None):
        self.client, self.csrf, self.user = client, csrf, user

    def request(self, method: str, path: str, json=None, csrf: bool | str = True, **kw):
        headers = dict(kw.pop("headers", {}) or {})
        if csrf is True and self.csrf:
            headers["X-CSRF-Token"] = self.csrf
        elif isinstance(csrf, str):
            headers["X-CSRF-Token"] = csrf
        return self.client.request(method, path, json=json, headers=headers, **kw)

    def get(self, path: str, **kw):
        return self.request("GET", path, **kw)

    def post(self, path: str, json=None, **kw):
        return self.request("POST", path, json=json if json is not None else {}, **kw)

    def put(self, path: str, json=None, **kw):
        return self.request("PUT", path, json=json, **kw)

    def patch(self, path: str, json=None, **kw):
        return self.request("PATCH", path, json=json, **kw)

    def delete(self, path: str, **kw):
        return self.request("DELETE", path, **kw)


class Env:
    def __init__(self, app, db_url: str, rasa: FakeRasa, stack: ExitStack, tmp_path):
        self.app, self.db_url, self.rasa, self._stack, self.tmp_path = app, db_url, rasa, stack, tmp_path

    def browser(self, **kw) -> Console:
        client = TestClient(self.app, base_url=BASE, **kw)
        self._stack.enter_context(client)  # one event loop thread per client, not one per request
        return Console(client)

    def login(self, who: str, password: str = PASSWORD, **kw) -> Console:
        username = ACCOUNTS[who][0] if who in ACCOUNTS else who
        b = self.browser(**kw)
        r = b.client.post("/api/auth/login", json={"username": username, "password": password})
        assert r.status_code == 200, r.text
        b.csrf, b.user = r.json()["csrf_token"], r.json()["user"]
        return b

    def user_id(self, who: str) -> int:
        username = ACCOUNTS[who][0] if who in ACCOUNTS else who
        return next(u.id for u in staff.list_users(db_url=self.db_url) if u.username == username)


@contextmanager
def console_env(template, tmp_path, mp: pytest.MonkeyPatch):
    """A started app over a copy of the template database, with the fake Rasa."""
    url = copy_database(template, tmp_path / "console.db")
    mp.setenv("UNION_DATABASE_URL", url)
    mp.setenv("UNION_VAR_DIR", str(tmp_path / "var"))
    mp.setenv("UNION_SECRET_KEY", "test-secret-key-not-for-production-0123456789")
    mp.setenv("UNION_EVENTS_URL", f"sqlite:///{tmp_path / 'conversations.db'}")
    mp.setenv("UNION_RASA_URL", "http://127.0.0.1:9")  # never reached: the fake stands in
    mp.delenv("UNION_COOKIE_SECURE", raising=False)
    # (the cheap password hashing is patched per test by the autouse fixture above)

    from bot.web.app import create_app

    fake = FakeRasa()
    # The app's startup makes its Rasa client: it gets the fake (which also spares building an
    # httpx client and its TLS context for every test).
    mp.setattr(rasa_api, "RasaClient", lambda url, token: fake)
    app = create_app()
    try:
        with ExitStack() as stack:
            e = Env(app, url, fake, stack, tmp_path)
            stack.enter_context(TestClient(app, base_url=BASE))
            assert app.state.rasa is fake
            yield e
    finally:
        db_session._engine(url).dispose()


@pytest.fixture
def env(template_db, tmp_path, monkeypatch):
    with console_env(template_db, tmp_path, monkeypatch) as e:
        yield e


@pytest.fixture(scope="module")
def module_env(template_db, tmp_path_factory):
    """One app and database for a whole module (tests must not depend on each other's data)."""
    with pytest.MonkeyPatch.context() as mp, console_env(template_db, tmp_path_factory.mktemp("env"), mp) as e:
        yield e


def ticket_state(reference: str, db_url: str | None = None) -> SimpleNamespace:
    """A ticket's columns and its events (kind, actor, body, public), read in one session."""
    with session_scope(db_url) as s:
        t = s.execute(select(Ticket).where(Ticket.reference == reference)).scalar_one()
        cols = {c.name: getattr(t, c.name) for c in Ticket.__table__.columns}
        cols["events"] = [SimpleNamespace(kind=e.kind, actor=e.actor, body=e.body, public=e.public) for e in t.events]
        return SimpleNamespace(**cols)
