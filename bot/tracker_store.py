"""Tracker stores whose cost per message does not grow with the conversation.

Rasa's own stores rebuild the whole conversation for every message: they deserialise and replay
every event, the policies re-featurise every past turn, the action server is sent every event, and
saving re-reads the conversation to find what is new (the SQL store counts the stored rows, the
event broker diff retrieves the tracker a second time). With Rasa's in-memory store the 200-turn
benchmark conversation took 653 ms per message by its end, against 18 ms at its start
(bench/REPORT.md); with these stores it stays at about 22 ms.

These stores hand Rasa a *window*: the conversation's state where the window starts, written as
`SlotSet`/`ActiveLoop`/`ConversationPaused` events (the "prefix"), followed by the events of the
last `UNION_TRACKER_WINDOW_TURNS` (default 12) worker turns or more. Everything Rasa and the actions
read from a tracker is the same as with the whole conversation: the slots, the active form, the
latest message, and far more turns than the policies look back (memoization 5 states; our rules
are shorter). The window is advanced on save, at a moment when no form is active, once it holds
twice the configured turns, so a message costs the same at turn 10 and at turn 1000.

Nothing is thrown away: every event is stored, once, in order. `retrieve_full_tracker` (Rasa's
`GET /conversations/<id>/tracker`, which the console's transcript and the analytics read) returns
the whole conversation, as before. New events are known by position: every tracker handed out
remembers how many of its events are already stored (`_union_stored`); a tracker Rasa built by
itself is compared with what is stored, as Rasa's SQL store does.

- `WindowedSQLTrackerStore`: both profiles (a SQLite file in the default one, `var/conversations.db`;
  PostgreSQL in production); Rasa's `events` table, unchanged, plus `tracker_windows` (one row per
  conversation: where its window starts, and the prefix).
- `WindowedInMemoryTrackerStore`: the same windows in memory (tests, benchmarks).
"""
from __future__ import annotations

import itertools
import json
import logging
import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Dict, Iterable, List, Optional, Text

import ujson
from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.events import ActionExecutionRejected, ActiveLoop, ConversationPaused, Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.db.session import fetch_raw, run_raw

logger = logging.getLogger(__name__)

STORED = "_union_stored"  # attribute on handed-out trackers: how many of their events are stored


def configured_window_turns() -> int:
    try:
        return max(2, int(os.environ.get("UNION_TRACKER_WINDOW_TURNS", "12")))
    except ValueError:
        return 12


def state_prefix(tracker: DialogueStateTracker, timestamp: float) -> List[Dict[str, Any]]:
    """The tracker's state as events that recreate it on a fresh tracker."""
    events: List[Event] = [
        SlotSet(name, slot.value, timestamp=timestamp)
        for name, slot in tracker.slots.items()
        if slot.value != slot.initial_value
    ]
    if tracker.active_loop_name:
        # The loop's flags: `is_interrupted` is reset by the window's first event (an action_listen);
        # `rejected` is not, so it is carried over. Nothing reads the loop's `trigger_message`.
        events.append(ActiveLoop(tracker.active_loop_name, timestamp=timestamp))
        if tracker.is_active_loop_rejected:
            events.append(ActionExecutionRejected(tracker.active_loop_name, timestamp=timestamp))
    if tracker.is_paused():
        events.append(ConversationPaused(timestamp=timestamp))
    return [e.as_dict() for e in events]


def next_window_start(tracker: DialogueStateTracker, first_stored: int, stored: int, turns: int):
    """Where the window should start now, or None to keep it.

    Looks at the tracker's already-stored events from position `first_stored` (after the prefix)
    to `stored`. Once they hold at least 2 × `turns` worker messages, returns (position, prefix):
    the `action_listen` just before the `turns`-th last worker message, and the state there as
    prefix events.
    """
    events = list(itertools.islice(tracker.events, 0, stored))
    users = [i for i in range(first_stored, stored) if events[i].type_name == "user"]
    if len(users) < 2 * turns:
        return None
    candidates = [i for i in range(first_stored + 1, users[-turns]) if events[i].type_name == "action"
                  and getattr(events[i], "action_name", None) == ACTION_LISTEN_NAME]
    if not candidates:
        return None
    position = candidates[-1]
    replay = DialogueStateTracker.from_events(tracker.sender_id, events[:position], tracker.slots.values())
    if replay.followup_action is not None:  # never seen at a listen point; keep the window rather than lose it
        return None
    return position, state_prefix(replay, events[position].timestamp)


def _loads(text: str) -> Any:
    """A stored event read back: ujson's reading (the same values, floats included, in about 60% of
    the standard library's time; a window is read at every message), the standard library's for
    anything ujson refuses."""
    try:
        return ujson.loads(text)
    except ValueError:
        return json.loads(text)


def _window(tracker: DialogueStateTracker, prefix_len: int, stored: int) -> DialogueStateTracker:
    """Marks a handed-out window: its first `prefix_len` events are the prefix, `stored` are stored."""
    setattr(tracker, STORED, stored)
    tracker._union_prefix = prefix_len  # type: ignore[attr-defined]
    return tracker


def _whole(tracker: Optional[DialogueStateTracker]) -> Optional[DialogueStateTracker]:
    """Marks a handed-out tracker holding a whole conversation (session): no prefix, all stored."""
    if tracker is not None:
        setattr(tracker, STORED, len(tracker.events))
        tracker._union_prefix = None  # type: ignore[attr-defined]
    return tracker


@dataclass
class _Conversation:
    events: List[str] = field(default_factory=list)  # every event, JSON, in order
    start: int = 0  # index in `events` where the window starts
    prefix: List[Dict[str, Any]] = field(default_factory=list)  # the state at `start`


class WindowedInMemoryTrackerStore(InMemoryTrackerStore):
    """The default (in-process) store, with bounded windows."""

    def __init__(self, domain=None, event_broker=None, host=None, **kwargs: Any) -> None:
        super().__init__(domain, event_broker, **kwargs)
        self.conversations: Dict[Text, _Conversation] = {}
        self.turns = int(kwargs.get("window_turns") or configured_window_turns())

    async def keys(self) -> Iterable[Text]:
        return list(self.conversations.keys())

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        conv = self.conversations.get(sender_id)
        if conv is None:
            return None
        tail = [json.loads(e) for e in conv.events[conv.start:]]
        tracker = DialogueStateTracker.from_dict(sender_id, conv.prefix + tail, self.domain.slots)
        return _window(tracker, len(conv.prefix), len(conv.prefix) + len(tail))

    async def retrieve_full_tracker(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        conv = self.conversations.get(sender_id)
        if conv is None:
            return None
        return _whole(DialogueStateTracker.from_dict(sender_id, [json.loads(e) for e in conv.events], self.domain.slots))

    async def save(self, tracker: DialogueStateTracker) -> None:
        conv = self.conversations.setdefault(tracker.sender_id, _Conversation())
        stored = getattr(tracker, STORED, None)
        prefix_len = getattr(tracker, "_union_prefix", None)
        if stored is None:  # built by Rasa, not handed out by us: compare with what is stored
            stored = len(conv.events)
        new = list(itertools.islice(tracker.events, stored, None))
        if self.event_broker is not None:
            await self._stream_new_events(self.event_broker, new, tracker.sender_id)
        base = len(conv.events)
        conv.events.extend(json.dumps(e.as_dict()) for e in new)
        for i, e in enumerate(new):
            if e.type_name == "action" and getattr(e, "action_name", None) == ACTION_SESSION_START_NAME:
                conv.start, conv.prefix = base + i, []  # a new session: the window starts with it
        # The tracker's stored events after its prefix are conv.events[tail_start:base]; the window
        # may move only if this tracker was handed out from the current window.
        tail_start = base - (stored - prefix_len) if prefix_len is not None else None
        if tail_start is not None and conv.start == tail_start:
            moved = next_window_start(tracker, prefix_len, stored, self.turns)
            if moved is not None:
                position, conv.prefix = moved
                conv.start = tail_start + (position - prefix_len)
        setattr(tracker, STORED, len(tracker.events))


def _event_row(sender_id: Text, event: Event) -> Dict[str, Any]:
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": (data.get("parse_data") or {}).get("intent", {}).get("name"),
        "action_name": data.get("name"),
        "data": _dumps(data),
    }


def _dumps(data: Dict[str, Any]) -> str:
    """An event as stored: ujson without escaping Chinese (the readers parse JSON: Rasa's store, the
    console's transcript and analytics); the standard library for anything ujson cannot write."""
    try:
        return ujson.dumps(data, ensure_ascii=False)
    except (TypeError, OverflowError, ValueError):
        return json.dumps(data)


EVENT_COLUMNS = ("sender_id", "type_name", "timestamp", "intent_name", "action_name", "data")  # _event_row's
_SQLITE_INSERT = f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({', '.join('?' * len(EVENT_COLUMNS))})"


def create_tables(engine) -> None:
    """Rasa's `events` table, `tracker_windows`, an index for reading one conversation's events
    from a given id on and one for reading the worker messages of a period. Idempotent; run by the set-up job (deploy/prodenv.py) and by each store."""
    import sqlalchemy as sa

    SQLTrackerStore.Base.metadata.create_all(engine)
    WINDOWS.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_events_sender_id_id ON events (sender_id, id)"))
        # the console's analytics read the worker messages of a period (bot/console/analytics.py)
        conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_events_type_name_timestamp ON events (type_name, timestamp)"))


def _windows_table():
    import sqlalchemy as sa

    return sa.Table(
        "tracker_windows", sa.MetaData(),
        sa.Column("sender_id", sa.String(255), primary_key=True),
        sa.Column("start_id", sa.Integer, nullable=False),  # events.id where the window starts
        sa.Column("prefix", sa.Text, nullable=False),  # JSON: the state there, as events
    )


WINDOWS = _windows_table()


@lru_cache(maxsize=None)
def _reads():
    """The statements read for every message, built once (building one cost more than running it)."""
    import sqlalchemy as sa

    ev = SQLTrackerStore.SQLEvent.__table__
    sender = sa.bindparam("sender")
    return {
        "window": sa.select(WINDOWS.c.start_id, WINDOWS.c.prefix).where(WINDOWS.c.sender_id == sender),
        "tail": sa.select(ev.c.id, ev.c.data).where(ev.c.sender_id == sender, ev.c.id >= sa.bindparam("start"))
                  .order_by(ev.c.id),
        "any": sa.select(ev.c.id).where(ev.c.sender_id == sender).limit(1),
    }


class WindowedSQLTrackerStore(SQLTrackerStore):
    """Rasa's SQL store (same `events` table and configuration keys), with bounded windows."""

    def __init__(self, domain=None, *args: Any, window_turns: Optional[int] = None, **kwargs: Any) -> None:
        super().__init__(domain, *args, **kwargs)
        import sqlalchemy.exc

        if self.engine.dialect.name == "sqlite" and self.engine.url.database not in (None, "", ":memory:"):
            self._open_sqlite_file()

        try:
            create_tables(self.engine)
        except (sqlalchemy.exc.OperationalError, sqlalchemy.exc.ProgrammingError, sqlalchemy.exc.IntegrityError) as e:
            logger.warning(f"Could not create the tracker window table (another replica may be creating it): {e}")
        self.turns = int(window_turns or configured_window_turns())
        self.events_table = SQLTrackerStore.SQLEvent.__table__

    def _open_sqlite_file(self) -> None:
        """The default profile's SQLite file, opened for a server's write rate (bench/REPORT.md):
        Rasa opens a new connection per query (SQLAlchemy 1.4's pool for SQLite files) in the
        file's default rollback-journal mode, which creates, syncs and deletes a journal on every
        commit. Here connections are kept, and the file is in write-ahead-log mode with
        ``synchronous=NORMAL``: a commit appends to the log without waiting for the disk, so a
        crash of Rasa (or of anything else but the machine) loses nothing; a power cut may lose the
        last moments of conversations, never a case (cases are in the application database, which
        syncs every commit). Readers (the console's transcript and analytics) no longer block Rasa's
        writes."""
        import sqlalchemy as sa
        from sqlalchemy.orm import sessionmaker

        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, poolclass=sa.pool.QueuePool, pool_size=2, max_overflow=8,
                                       connect_args={"check_same_thread": False, "timeout": 15})

        @sa.event.listens_for(self.engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        self.sessionmaker = sessionmaker(bind=self.engine)

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        reads, dialect = _reads(), self.engine.dialect
        raw = self.engine.raw_connection()  # both reads on one connection, on its driver's cursor
        try:
            cur = raw.cursor()
            window = run_raw(cur, dialect, reads["window"], {"sender": sender_id})
            rows = run_raw(cur, dialect, reads["tail"], {"sender": sender_id, "start": window[0][0]}) if window else []
            cur.close()
        finally:
            raw.close()  # back to the pool, which ends the read transaction
        if not window:
            if not self._has_events(sender_id):  # a new conversation
                return None
            # a conversation stored before windows existed: Rasa's way
            return _whole(await super().retrieve(sender_id))
        start_id, prefix = window[0][0], _loads(window[0][1])
        tracker = DialogueStateTracker.from_dict(sender_id, prefix + [_loads(data) for _, data in rows], self.domain.slots)
        _window(tracker, len(prefix), len(prefix) + len(rows))
        tracker._union_ids = [i for i, _ in rows]  # type: ignore[attr-defined]
        tracker._union_start = start_id  # type: ignore[attr-defined]
        return tracker

    def _has_events(self, sender_id: Text) -> bool:
        """Whether anything of the conversation is stored: one probe of the (sender_id, id) index.
        Rasa's own queries for this (the events of the latest session) find the latest
        `session_started` event with a subquery that SQLite answers from the analytics' index on
        (type_name, timestamp), reading every conversation's session start: a new conversation's
        first message cost more the more conversations were stored."""
        return bool(fetch_raw(self.engine, _reads()["any"], {"sender": sender_id}))

    async def retrieve_full_tracker(self, conversation_id: Text) -> Optional[DialogueStateTracker]:
        return _whole(await super().retrieve_full_tracker(conversation_id))

    def _insert(self, conn, rows: List[Dict[str, Any]]) -> List[int]:
        """Inserts the events in order; returns their ids."""
        if not rows:
            return []
        ev = self.events_table
        if conn.dialect.name == "postgresql":
            return [r[0] for r in conn.execute(ev.insert().values(rows).returning(ev.c.id)).all()]
        if conn.dialect.name == "sqlite":
            # One statement for all rows, on the driver's cursor (SQLAlchemy's executemany cost
            # more than the inserts). The transaction holds SQLite's write lock from its first
            # insert, and `id` is the rowid: each row takes the largest id so far plus one, so the
            # rows' ids are the consecutive ones ending at the last inserted.
            cur = conn.connection.cursor()
            try:
                cur.executemany(_SQLITE_INSERT, [tuple(r[c] for c in EVENT_COLUMNS) for r in rows])
                cur.execute("SELECT last_insert_rowid()")
                last = cur.fetchone()[0]
            finally:
                cur.close()
            return list(range(last - len(rows) + 1, last + 1))
        return [conn.execute(ev.insert().values(**r)).inserted_primary_key[0] for r in rows]

    async def save(self, tracker: DialogueStateTracker) -> None:
        import sqlalchemy as sa

        stored = getattr(tracker, STORED, None)
        if stored is None and not self._has_events(tracker.sender_id):
            stored = 0  # a new conversation (Rasa's create_tracker saves it at once)
        if stored is None:  # built by Rasa, not handed out by us: compare with what is stored
            with self.session_scope() as session:
                stored = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count()
        new = list(itertools.islice(tracker.events, stored, None))
        if self.event_broker is not None:
            await self._stream_new_events(self.event_broker, new, tracker.sender_id)
        sender = tracker.sender_id
        prefix_len = getattr(tracker, "_union_prefix", None)
        with self.engine.begin() as conn:
            ids = self._insert(conn, [_event_row(sender, e) for e in new])
            session_starts = [i for e, i in zip(new, ids)
                              if e.type_name == "action" and getattr(e, "action_name", None) == ACTION_SESSION_START_NAME]
            start = getattr(tracker, "_union_start", None)
            if session_starts:
                self._set_window(conn, sender, session_starts[-1], [])
            elif start is None:  # first save of a conversation: its window starts at its session
                ev = self.events_table
                last_session = conn.execute(sa.select(sa.func.max(ev.c.id)).where(
                    ev.c.sender_id == sender, ev.c.action_name == ACTION_SESSION_START_NAME)).scalar()
                first = conn.execute(sa.select(sa.func.min(ev.c.id)).where(
                    ev.c.sender_id == sender, ev.c.id >= (last_session or 0))).scalar()
                if first is not None:
                    self._set_window(conn, sender, first, [])
            elif prefix_len is not None:
                moved = next_window_start(tracker, prefix_len, stored, self.turns)
                if moved is not None:
                    position, prefix = moved
                    new_start = tracker._union_ids[position - prefix_len]  # type: ignore[attr-defined]
                    # Only if the window is still the one this tracker was read from.
                    conn.execute(WINDOWS.update().where(WINDOWS.c.sender_id == sender, WINDOWS.c.start_id == start)
                                 .values(start_id=new_start, prefix=json.dumps(prefix)))
        setattr(tracker, STORED, len(tracker.events))
        # A second save of this same tracker only appends; its window bookkeeping no longer holds.
        tracker._union_prefix = None  # type: ignore[attr-defined]
        tracker._union_start = -1  # type: ignore[attr-defined]

    @staticmethod
    def _set_window(conn, sender: Text, start_id: int, prefix: List[Dict[str, Any]]) -> None:
        values = {"start_id": start_id, "prefix": json.dumps(prefix)}
        if conn.execute(WINDOWS.update().where(WINDOWS.c.sender_id == sender).values(**values)).rowcount == 0:
            conn.execute(WINDOWS.insert().values(sender_id=sender, **values))
