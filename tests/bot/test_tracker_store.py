"""bot/tracker_store.py: a window must look to Rasa exactly like the whole conversation (slots,
form, latest message, the states the policies read), stay bounded, and lose or repeat no event."""
from __future__ import annotations

import asyncio
import itertools

import pytest
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted, ActionExecutionRejected, ActiveLoop, BotUttered, ConversationPaused, ConversationResumed, SessionStarted, SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.config import PROJECT_ROOT
from bot.tracker_store import WindowedInMemoryTrackerStore, WindowedSQLTrackerStore

DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))
TURNS = 3  # small windows, so the scripts below move them many times


def _turn(i: int) -> list:
    """The events of worker turn i: FAQ turns, a form that runs over several turns, slot changes,
    a pause and a resume, so windows must start at different states."""
    user = UserUttered(f"第{i}句", {"name": "wage_arrears" if i % 5 else "greet", "confidence": 0.9})
    evts = [user]
    phase = i % 11
    if phase == 2:
        evts += [ActionExecuted("leave_message_form"), ActiveLoop("leave_message_form"),
                 SlotSet("requested_slot", "ticket_description")]
    elif phase in (3, 4):
        if i % 3 == 0:  # the form rejected its turn (the worker asked something else)
            evts += [ActionExecutionRejected("leave_message_form"), ActionExecuted("action_faq")]
        evts += [SlotSet("ticket_description" if phase == 3 else "ticket_phone", f"值{i}"),
                 ActionExecuted("leave_message_form")]
        if phase == 4:
            evts += [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("topic", f"话题{i}")]
    elif phase == 6:
        evts += [ActionExecuted("action_faq"), SlotSet("last_faq", f"faq{i}"), SlotSet("case_type", "wage_arrears")]
    elif phase == 7:
        evts += [ConversationPaused()]
    elif phase == 8:
        evts += [ConversationResumed(), SlotSet("handoff", None if i % 2 else "waiting")]
    evts += [BotUttered(f"回答{i}"), ActionExecuted("action_listen")]
    return evts


def _session_start() -> list:
    return [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]


def _same_state(window: DialogueStateTracker, full: DialogueStateTracker) -> None:
    assert window.current_slot_values() == full.current_slot_values()
    assert window.active_loop_name == full.active_loop_name
    assert window.is_paused() == full.is_paused()
    assert window.latest_message.text == full.latest_message.text
    assert window.latest_action_name == full.latest_action_name
    # What the memoization and rule policies read: every state in the window after its first (the
    # start, which has no previous action) is the whole conversation's state at that point.
    states = window.past_states(DOMAIN)[1:]
    assert states == full.past_states(DOMAIN)[-len(states):]


async def _converse(store, sender: str, turns: int, session_every: int = 0):
    reference = DialogueStateTracker(sender, DOMAIN.slots)
    sizes = []
    for i in range(turns):
        tracker = await store.get_or_create_tracker(sender)
        if i == 0 or (session_every and i % session_every == 0):
            new = _session_start()
            if i == 0:  # what create_tracker already stored
                for e in tracker.events:
                    reference.update(e)
        else:
            new = []
        new += _turn(i)
        for e in new:
            tracker.update(e)
            reference.update(e)
        await store.save(tracker)
        window = await store.retrieve(sender)
        sizes.append(len(window.events))
        if not (session_every and i % session_every == 0):  # Rasa shows only the current session
            _same_state(window, reference)
    return reference, sizes


def _stores(tmp_path):
    return [WindowedInMemoryTrackerStore(DOMAIN, window_turns=TURNS),
            WindowedSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"), window_turns=TURNS)]


@pytest.mark.parametrize("kind", [0, 1], ids=["memory", "sql"])
def test_window_has_the_whole_state_and_stays_bounded(tmp_path, kind):
    store = _stores(tmp_path)[kind]
    reference, sizes = asyncio.run(_converse(store, "w1", 60))
    # Bounded: 2 × TURNS turns plus the prefix and the turn just added, never the conversation.
    longest_turn = max(len(_turn(i)) for i in range(60))
    assert max(sizes[30:]) <= (2 * TURNS + 2) * longest_turn + len(DOMAIN.slots) + 2
    assert sizes[-1] < len(reference.events) / 3
    # The window moved (smaller than the whole conversation) at least several times.
    assert sum(1 for a, b in zip(sizes, sizes[1:]) if b < a) >= 5
    # Nothing lost or repeated: the full tracker is the conversation, event for event.
    full = asyncio.run(store.retrieve_full_tracker("w1"))
    assert [e.as_dict() for e in full.events] == [e.as_dict() for e in reference.events]


@pytest.mark.parametrize("kind", [0, 1], ids=["memory", "sql"])
def test_new_sessions_start_a_new_window(tmp_path, kind):
    store = _stores(tmp_path)[kind]
    reference, _ = asyncio.run(_converse(store, "w2", 40, session_every=13))
    window = asyncio.run(store.retrieve("w2"))
    # The window never reaches back before the latest session start (39 → session at 39 - 39 % 13).
    names = [getattr(e, "action_name", None) for e in window.events]
    assert names.count("action_session_start") <= 1
    full = asyncio.run(store.retrieve_full_tracker("w2"))
    assert [e.as_dict() for e in full.events] == [e.as_dict() for e in reference.events]
    assert [getattr(e, "action_name", None) for e in full.events].count("action_session_start") == 4


def test_same_answers_as_rasas_store_for_a_tracker_rasa_builds(tmp_path):
    """A tracker not handed out by the store (e.g. built by Rasa's API) is saved by comparing with
    what is stored, the way Rasa's own stores do: nothing is stored twice."""
    for store in _stores(tmp_path):
        rasa_store = InMemoryTrackerStore(DOMAIN)
        tracker = DialogueStateTracker.from_events("w3", _session_start() + _turn(1), DOMAIN.slots)
        for s in (store, rasa_store):
            asyncio.run(s.save(tracker))
            asyncio.run(s.save(tracker))  # saving again adds nothing
        ours = asyncio.run(store.retrieve_full_tracker("w3"))
        theirs = asyncio.run(rasa_store.retrieve_full_tracker("w3"))
        assert [e.as_dict() for e in ours.events] == [e.as_dict() for e in theirs.events]


@pytest.mark.parametrize("kind", [0, 1], ids=["memory", "sql"])
def test_a_tracker_saved_twice_stores_each_event_once(tmp_path, kind):
    store = _stores(tmp_path)[kind]
    reference, _ = asyncio.run(_converse(store, "w4", 20))
    tracker = asyncio.run(store.retrieve("w4"))
    extra = list(itertools.chain(_turn(100), _turn(101)))
    for e in extra[:4]:
        tracker.update(e)
        reference.update(e)
    asyncio.run(store.save(tracker))
    for e in extra[4:]:
        tracker.update(e)
        reference.update(e)
    asyncio.run(store.save(tracker))
    full = asyncio.run(store.retrieve_full_tracker("w4"))
    assert [e.as_dict() for e in full.events] == [e.as_dict() for e in reference.events]
    _same_state(asyncio.run(store.retrieve("w4")), reference)


def test_sql_store_reads_conversations_stored_by_rasas_sql_store(tmp_path):
    """Conversations stored before the window table existed are read the way Rasa reads them, and
    continue in a window from then on."""
    from rasa.core.tracker_store import SQLTrackerStore

    db = str(tmp_path / "old.db")
    old = SQLTrackerStore(DOMAIN, dialect="sqlite", db=db)
    reference = DialogueStateTracker("w5", DOMAIN.slots)
    tracker = DialogueStateTracker("w5", DOMAIN.slots)
    for e in _session_start() + [e for i in range(8) for e in _turn(i)]:
        tracker.update(e)
        reference.update(e)
    asyncio.run(old.save(tracker))
    store = WindowedSQLTrackerStore(DOMAIN, dialect="sqlite", db=db, window_turns=TURNS)
    for i in range(8, 30):
        t = asyncio.run(store.retrieve("w5"))
        _same_state(t, reference)
        for e in _turn(i):
            t.update(e)
            reference.update(e)
        asyncio.run(store.save(t))
    assert len(asyncio.run(store.retrieve("w5")).events) < len(reference.events) / 2
    full = asyncio.run(store.retrieve_full_tracker("w5"))
    assert [e.as_dict() for e in full.events] == [e.as_dict() for e in reference.events]


def test_sql_store_on_a_sqlite_file_writes_ahead_and_knows_new_conversations(tmp_path):
    """The default profile's file: write-ahead log (readers such as the console do not block Rasa),
    a new conversation is found absent and then stored whole, and interleaved conversations keep
    their own events in order (the ids an insert reports are the rows' own)."""
    import sqlite3

    from rasa.core.tracker_store import TrackerStore

    db = tmp_path / "conversations.db"
    store = WindowedSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db), window_turns=TURNS)
    assert asyncio.run(store.retrieve("new")) is None
    # Rasa's own way in for a new conversation: create (and save) it, then add to it
    created = asyncio.run(TrackerStore.get_or_create_tracker(store, "new"))
    refs = {"new": DialogueStateTracker("new", DOMAIN.slots), "other": DialogueStateTracker("other", DOMAIN.slots)}
    for e in created.events:
        refs["new"].update(e)
    trackers = {"new": created, "other": DialogueStateTracker("other", DOMAIN.slots)}
    for i in range(12):
        for sender in ("new", "other"):
            t = trackers[sender] if i == 0 else asyncio.run(store.retrieve(sender))
            for e in _turn(i):
                t.update(e)
                refs[sender].update(e)
            asyncio.run(store.save(t))
    for sender, ref in refs.items():
        full = asyncio.run(store.retrieve_full_tracker(sender))
        assert [e.as_dict() for e in full.events] == [e.as_dict() for e in ref.events]
        _same_state(asyncio.run(store.retrieve(sender)), ref)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
