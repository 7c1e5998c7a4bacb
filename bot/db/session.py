"""Engine and session factory, created lazily (never at import time)."""
from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from bot.config import get_settings


def get_engine(url: str | None = None) -> Engine:
    """One engine per database URL; no URL means the configured one (read now, not at import)."""
    return _engine(url or get_settings().database_url)


@lru_cache(maxsize=None)
def _engine(url: str) -> Engine:
    # hide_parameters: an SQL error's message never carries the values (a worker's phone, their story).
    kwargs: dict = {"future": True, "pool_pre_ping": True, "hide_parameters": True}
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            # Connections are kept (SQLAlchemy 1.4 opens a new one per session for a SQLite file,
            # with the pragmas below each time: 0.3 ms of every query in bench/REPORT.md); a file
            # needs no liveness ping.
            kwargs.update(poolclass=QueuePool, pool_size=2, max_overflow=10, pool_pre_ping=False)
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 15}
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.close()
    return engine


@lru_cache(maxsize=None)
def _factory(url: str) -> sessionmaker:
    return sessionmaker(bind=_engine(url), future=True, expire_on_commit=False)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A transaction: commits on success, rolls back and re-raises on error."""
    session = _factory(url or get_settings().database_url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@lru_cache(maxsize=64)
def _compiled(dialect, statement) -> tuple[str, object]:
    compiled = statement.compile(dialect=dialect)
    return str(compiled), compiled


def run_raw(cursor, dialect, statement, params: dict) -> list[tuple]:
    """A small read (a Core ``select`` with bound parameters) on a driver cursor: compiled once per
    dialect and run without SQLAlchemy's statement execution, which cost more than the queries
    that are asked at every message (the conversation store's window, the pending-notice check)."""
    sql, compiled = _compiled(dialect, statement)
    values = compiled.construct_params(params)
    cursor.execute(sql, tuple(values[n] for n in compiled.positiontup) if compiled.positional else values)
    return cursor.fetchall()


def fetch_raw(engine: Engine, statement, params: dict) -> list[tuple]:
    """``run_raw`` on a pooled connection, given back at once (which ends its read transaction)."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        try:
            return run_raw(cursor, engine.dialect, statement, params)
        finally:
            cursor.close()
    finally:
        raw.close()
