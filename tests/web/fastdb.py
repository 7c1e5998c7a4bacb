"""A fresh, migrated SQLite database in milliseconds: the schema is migrated once per test run
into a template, and each test gets a copy (SQLite's backup API) instead of running Alembic again.

Used by tests/web and by the console-related tests in tests/bot as a faster `db_url` fixture
(same contract as tests/conftest.py's: the services' default URL points at the new database)."""
from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
from pathlib import Path

from sqlalchemy import event

from bot.cli import migrate
from bot.db import session as db_session

_template: Path | None = None


def no_fsync(url: str) -> None:
    """Test databases are thrown away: skip the fsync of every commit (engines are cached by URL)."""
    @event.listens_for(db_session._engine(url), "connect")
    def _fast(dbapi_conn, _record):
        dbapi_conn.execute("PRAGMA synchronous=OFF")


def copy_database(src: Path, dst: Path) -> str:
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        a.backup(b)
    finally:
        a.close(), b.close()
    url = f"sqlite:///{dst}"
    no_fsync(url)
    return url


def migrated_template() -> Path:
    global _template
    if _template is None:
        folder = Path(tempfile.mkdtemp(prefix="union-schema-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = folder / "schema.db"
        url = f"sqlite:///{path}"
        no_fsync(url)
        migrate(url)
        db_session._engine(url).dispose()
        _template = path
    return _template


def fresh_db_url(tmp_path: Path, monkeypatch):
    """Generator for a `db_url` fixture: yields the URL, disposes of the engine afterwards."""
    from bot.knowledge import faq

    url = copy_database(migrated_template(), tmp_path / "test.db")
    monkeypatch.setenv("UNION_DATABASE_URL", url)
    faq.index_cache.clear()
    yield url
    faq.index_cache.clear()
    db_session._engine(url).dispose()
