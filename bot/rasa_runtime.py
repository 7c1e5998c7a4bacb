"""The Rasa server's entry point: the `rasa` CLI with measured fixes applied
(tests/bot/test_rasa_runtime.py).

    python -m bot.rasa_runtime run --enable-api ...     (same arguments as `rasa`)

1. Action-response validation (performance): Rasa validates every action server response with
   `jsonschema.validate(result, schema)`, which with the jsonschema Rasa 3.6 pins (< 4.18) first
   re-validates the constant schema itself against the JSON Schema metaschema. Under load that was 52%
   of the Rasa process's CPU (bench/REPORT.md). Here the schema is checked once and its validator
   reused; responses are validated exactly as before, with the same error message on failure.

2. Event classes (performance): every message deserialises its whole conversation, and for each
   event Rasa looks up the event class by walking every subclass of `Event`
   (`Event.resolve_by_type`). In a long conversation that walk was a quarter of the Rasa process's
   time. Here each type name is resolved once and remembered; unknown names still go to Rasa's own
   lookup (and its errors).

3. socket.io rooms (correctness): Rasa 3.6's socket.io channel calls `sio.enter_room(...)` without
   `await`, but in the python-socketio it resolves to (5.x, >= 5.10) `AsyncServer.enter_room` is a
   coroutine, so with session persistence the socket never joined its session's room and no reply
   (nor an officer's message) ever reached the widget. Here the join happens at once and an already-
   finished awaitable is returned, so the call works awaited or not.

4. Slot copies (performance): Rasa copies every slot of the domain with `copy.copy` each time it
   creates a tracker, and it creates several per message (one per prior state the policies
   featurise, one per tracker copy). With the forms' 77 slots that generic copy was 15% of the Rasa
   process's time. Here a slot copies itself directly: the same shallow copy (a new object of the
   same class with the same attributes), without the generic `__reduce_ex__` round trip.

5. Action-server connections (performance): for every call to the action server Rasa opens a new
   HTTP client session, hence a new TCP connection (both ends then set up and tear down a connection
   per action: 7% of the Rasa process). Here each endpoint keeps one client session per event loop,
   with keep-alive connections that the client drops after 2 s idle, before Sanic's server side
   would (5 s), so a request never lands on a connection the server is closing. Headers,
   authentication and timeout are Rasa's.

6. socket.io across replicas: with `UNION_SOCKETIO_REDIS_URL` set (the production profile sets it),
   Rasa's socket.io server gets python-socketio's Redis client manager, so a message for a worker's
   socket (an officer's reply appended through any replica's HTTP API with `output_channel=latest`)
   is published on Redis and sent by the replica that holds the socket. Without it (the default
   profile, one process) nothing changes.

7. Typed button titles (understanding): a message that is the title of a button the bot offered in
   its latest turn is parsed as that button's payload (bot/dialogue/buttons.py), so typing
   "登记欠薪情况" does what tapping it does. The worker's words stay the message's text in the
   conversation; the parse records them under ``typed_title``.

8. Input limits (robustness): a message longer than ``MAX_MESSAGE_CHARS`` (the widget's own limit,
   also enforced by the web app's socket bridge) gets a short Chinese reply and is never parsed:
   one 1M-character message used to hold Rasa's event loop for 88 s, stalling every conversation.
   The REST channel answers 400 with a Chinese message to a body that is not a JSON object, to a
   sender id that is missing, longer than ``MAX_SENDER_CHARS`` or has control characters, and to a
   message that is not a string (it used to answer 500, or fall back to a per-replica store).

9. Failed actions (graceful failure): a custom action that fails (the action server down, an
   error, no answer within ``UNION_ACTION_TIMEOUT`` seconds, 20 by default; Rasa's own wait is five
   minutes) used to leave the worker in silence. Now the worker gets the apology with the 12351
   hotline, and the failure is recorded in the conversation (the apology is the action's event), so
   the action server can tell the worker at their next message about a case stored meanwhile
   (actions/__init__.py). A form's rejection (ActionExecutionRejection) is not a failure and goes on
   as before.

10. Event validation by type (performance): each event of an action's response was validated
   against a `oneOf` of Rasa's 23 event schemas, so every event built 22 failing sub-validations,
   each with a deep-copied error: 10% of the Rasa process's busy CPU at one conversation. The
   alternatives differ by the constant `event` name, so an event can only ever match its own; here
   each event is checked against the schema with its own alternative only. A response that does not
   pass that quick check goes through the full validation above, for Rasa's exact error.

11. Graph runs (performance): Rasa runs the NLU pipeline and the policies for every message through
   `dask.get`, whose scheduler costs more than the small graphs it runs (9% of the busy CPU at one
   conversation). Here the graph's nodes run in a topological order kept per set of targets, each
   given its parents' outputs exactly as dask passes them.

12. Past states (performance): to predict each action, the memoization and rule policies each turn
   the tracker into its list of past states by replaying every event of the window on a fresh copy
   of the tracker and featurising all 77 slots at every past action: 13% of the busy CPU at one
   conversation, repeated for each policy and each action of a turn. Here the states of a tracker's
   past actions are kept on the tracker, per domain and slot option, while its events only grow;
   each call replays only the events added since, then applies Rasa's own rule-only filtering over
   copies of the kept states. A tracker whose applied events are no longer an extension of the
   kept ones (an undo, a restart) is replayed in full, as before.

13. Tracker copies (performance): before every action Rasa copies the tracker by replaying all its
   events on a fresh one (`DialogueStateTracker.copy`): 4% of the busy CPU. A tracker's state is by
   design what its events make of a fresh tracker, so here the copy takes that state directly: the
   events, each slot copied as fix 4 does, the loop and the latest action copied, and the rest as
   the replay leaves it (no model or assistant id, no sender source). A tracker whose slots are
   not the domain's (Rasa's any-slot dictionary) is copied Rasa's way.

14. Garbage collection (performance): the loaded model, TensorFlow and Rasa hold millions of
   objects that live as long as the process, and each full collection of Python's garbage
   collector walked them all (4% of the CPU, in pauses of a few hundred milliseconds that land on
   some worker's message). Once the model is loaded, before the server takes requests, those
   objects are moved out of the collector's generations (`gc.freeze`); what messages create is
   collected as before.

15. Tracker copies for actions that only read (performance): before every action Rasa copies the
   tracker, so that the prediction's events can be discarded if the action is rejected. When the
   prediction has no events and the action only reads the tracker (listening, a response template,
   a call to the action server, which is sent the tracker's state), that copy equals the tracker:
   such an action is given the tracker itself.

16. Domain emptiness (performance): every parsed message was checked against the domain, after
   asking whether the domain is empty by building the whole domain's dictionary and an empty
   domain's and comparing them (1% of the busy CPU). The answer is kept per domain.

17. The rule policy's text pass (performance): for every prediction after a message the rule
   policy first looks for a rule on the message's text, then on its intent; each pass featurises
   the conversation and filters every rule. When no rule could apply to a text (every rule after a
   message names an intent), the text pass finds nothing, and it is skipped.

18. Rule lookups (performance): the rule policy filters all its rules against each past state. A
   rule whose last state names a previous action other than the conversation's latest fails that
   filter at once; here the filter starts from the rules whose last state can match, kept by
   previous action per lookup. Rasa's own filter then decides, over those rules.

19. Debug copies (performance): Rasa deep-copies the states, events and slots it passes to debug
   log lines whether or not those lines are written (1.4% of the busy CPU). In the modules where
   that is the only use of `copy`, the deep copy is made only when the module's debug lines are.

20. Requests to the action server (performance): each custom action is sent the conversation's
   window (up to 24 messages, 60-90 KB of JSON with Chinese escaped), encoded with the standard
   library's JSON (3% of the busy CPU). Earlier messages' intent rankings and token offsets are
   left out (no action reads them; the latest message keeps its own), and the body is encoded
   with ujson, without escaping Chinese.

21. Messages first come, first served (latency): every message in flight took turns on the event
   loop between its awaits (each call to the action server), so under load a message with several
   actions was stretched by all the others and the slowest twentieth waited twice the median. At
   most ``UNION_RASA_CONCURRENCY`` messages (default 3; 0 for no limit) are handled at once, the
   next wait in arrival order; one that waited ``UNION_RASA_ADMISSION_WAIT`` seconds (default 10)
   goes ahead anyway, so a stalled action server cannot hold up everyone. At 20 conversations
   this took the 95th percentile from 1.8x the median to 1.3x, at the same throughput.
"""
from __future__ import annotations

import asyncio
import logging
import os
import sys
from functools import lru_cache

from bot.common import facts

log = logging.getLogger(__name__)
MAX_MESSAGE_CHARS = 1000
MAX_SENDER_CHARS = 64
TOO_LONG = (f"您这条消息太长了（超过{MAX_MESSAGE_CHARS}字），没有处理。请分成几段来说，"
            f"或者直接拨打{facts.HOTLINE_NAME}。")
# The first words are the marker the action server looks for (actions/__init__.py).
ACTION_FAILED = ("非常抱歉，系统刚才出了点问题，这句话没能处理好。请稍后再发一次；着急的话请直接拨打"
                 + facts.HOTLINE_NAME + "。如果您刚才是在提交登记，请先不要重复提交，您发下一条消息时我会告诉您有没有登记成功。")


@lru_cache(maxsize=1)
def _response_validator():
    from jsonschema import validators
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@lru_cache(maxsize=None)
def _event_validator(event_type: str):
    """The validator of one event type: Rasa's event schema with its ``oneOf`` reduced to the one
    alternative whose constant ``event`` name is ``event_type`` (None for a name no alternative has)."""
    from jsonschema import validators
    from rasa.shared.utils.schemas.events import EVENT_SCHEMA

    own = [a for a in EVENT_SCHEMA["oneOf"] if a.get("properties", {}).get("event", {}).get("const") == event_type]
    if len(own) != 1:
        return None
    schema = {**{k: v for k, v in EVENT_SCHEMA.items() if k != "oneOf"}, "allOf": own}
    return validators.validator_for(schema)(schema)


def _passes_quickly(result) -> bool:
    """True only for a response the full validation would accept (see 10. above)."""
    if not isinstance(result, dict):
        return False
    responses = result.get("responses", [])
    if not isinstance(responses, list) or not all(isinstance(r, dict) for r in responses):
        return False
    events = result.get("events", [])
    if not isinstance(events, list):
        return False
    for event in events:
        name = event.get("event") if isinstance(event, dict) else None
        validator = _event_validator(name) if isinstance(name, str) else None
        if validator is None or not validator.is_valid(event):
            return False
    return True


def _validate_action_result(self, result) -> bool:  # replaces RemoteAction._validate_action_result
    from jsonschema import exceptions
    from rasa.shared.constants import DOCS_BASE_URL

    if _passes_quickly(result):
        return True
    error = exceptions.best_match(_response_validator().iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


_event_types: dict = {}
_ORIGINAL_RESOLVE = None  # Rasa's Event.resolve_by_type, kept by apply()


def _resolve_event_type(type_name, default=None):  # replaces Event.resolve_by_type (a staticmethod)
    cls = _event_types.get(type_name)
    if cls is None:
        cls = _ORIGINAL_RESOLVE(type_name, default)
        if cls is not None and cls is not default:
            _event_types[type_name] = cls
    return cls


class _Done:
    def __await__(self):
        return iter(())


def _enter_room(self, sid, room, namespace=None):  # replaces socketio.AsyncServer.enter_room
    self.manager.basic_enter_room(sid, namespace or "/", room)
    return _Done()


def _copy_slot(self):  # becomes rasa's Slot.__copy__: what copy.copy does for it, directly
    new = object.__new__(type(self))
    new.__dict__.update(self.__dict__)
    return new


class _KeptSession:
    """`async with endpoint.session()` yielding the endpoint's long-lived client session."""

    def __init__(self, endpoint):
        self.endpoint = endpoint

    async def __aenter__(self):
        import asyncio

        loop = asyncio.get_running_loop()
        sessions = self.endpoint.__dict__.setdefault("_union_sessions", {})
        session = sessions.get(loop)
        if session is None or session.closed:
            session = sessions[loop] = _new_session(self.endpoint)
        return session

    async def __aexit__(self, *exc):
        return False


def _session(self):  # replaces EndpointConfig.session
    return _KeptSession(self)


def _new_session(endpoint):
    """What Rasa's EndpointConfig.session creates, with a keep-alive connector."""
    import aiohttp
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT

    auth = (aiohttp.BasicAuth(endpoint.basic_auth["username"], endpoint.basic_auth["password"])
            if endpoint.basic_auth else None)
    return aiohttp.ClientSession(headers=endpoint.headers, auth=auth,
                                 connector=aiohttp.TCPConnector(keepalive_timeout=2),
                                 timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
                                 json_serialize=_json_dumps)


def _json_dumps(value) -> str:
    """The request bodies Rasa sends (the tracker's state, to the action server) as JSON (20.):
    ujson (which the action server's Sanic already reads and writes with) without escaping
    Chinese; whatever ujson cannot write (NaN, an unknown type) the standard library writes as
    before."""
    import json

    import ujson

    try:
        return ujson.dumps(value, ensure_ascii=False)
    except (TypeError, OverflowError, ValueError):
        return json.dumps(value)


_ORIGINAL_CALL_FORMAT = None  # RemoteAction._action_call_format, kept by apply()
SLIMMED = ("intent_ranking", "text_tokens")  # not sent for earlier messages (20.)


def _action_call_format(self, tracker, domain):  # wraps RemoteAction._action_call_format (20.)
    """Rasa's request to the action server, without each earlier message's intent ranking and
    token offsets (two thirds of a message's size; no action reads them: the latest message, sent
    whole as ``latest_message``, keeps its own)."""
    result = _ORIGINAL_CALL_FORMAT(self, tracker, domain)
    events = (result.get("tracker") or {}).get("events") or []
    last = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=None)
    for i, event in enumerate(events):
        parsed = event.get("parse_data") if event.get("event") == "user" and i != last else None
        if isinstance(parsed, dict) and any(k in parsed for k in SLIMMED):
            event["parse_data"] = {k: v for k, v in parsed.items() if k not in SLIMMED}  # a copy: the tracker's is its own
    return result


_ORIGINAL_SIO_INIT = None  # socketio.AsyncServer.__init__, kept by apply()


def _sio_init(self, client_manager=None, *args, **kwargs):  # wraps socketio.AsyncServer.__init__
    import os

    url = os.environ.get("UNION_SOCKETIO_REDIS_URL")
    if client_manager is None and url:
        import socketio

        client_manager = socketio.AsyncRedisManager(url, channel=os.environ.get("UNION_SOCKETIO_CHANNEL", "union-socketio"))
    _ORIGINAL_SIO_INIT(self, client_manager, *args, **kwargs)


_ORIGINAL_PARSE = None


async def _parse_message(self, message, tracker=None, only_output_properties=True):  # wraps MessageProcessor.parse_message
    from bot.dialogue.buttons import latest_buttons, payload_for_title

    payload = payload_for_title(message.text, latest_buttons(tracker.events)) if tracker is not None else None
    if payload is None:
        return await _ORIGINAL_PARSE(self, message, tracker, only_output_properties)
    import copy

    pressed = copy.copy(message)
    pressed.text = payload
    parse_data = await _ORIGINAL_PARSE(self, pressed, tracker, only_output_properties)
    parse_data["typed_title"] = message.text
    return parse_data


_ORIGINAL_HANDLE = None
_ORIGINAL_RUN_ACTION = None


async def _handle_message(self, message):  # wraps Agent.handle_message: every channel's way in
    if isinstance(message.text, str) and len(message.text) > MAX_MESSAGE_CHARS:
        if message.output_channel is not None:
            await message.output_channel.send_text_message(message.sender_id, TOO_LONG)
        return None
    admission = _admission()
    if admission is None:
        return await _ORIGINAL_HANDLE(self, message)
    admitted = await admission.enter()
    try:
        return await _ORIGINAL_HANDLE(self, message)
    finally:
        if admitted:
            admission.leave()


class Admission:
    """First come, first served for messages (21.): at most ``limit`` are handled at once, the next
    wait in arrival order. Without it every message in flight took turns on the event loop between
    its awaits (the action server's answers), so a message with several actions was stretched by
    all the others. A message that waited ``wait`` seconds goes ahead anyway (a stalled action
    server must not hold up everyone)."""

    def __init__(self, limit: int, wait: float):
        import collections

        self.free, self.wait = limit, wait
        self.waiting: "collections.deque[asyncio.Future]" = collections.deque()

    async def enter(self) -> bool:
        """True when admitted (then ``leave`` once done); False when it went ahead after the wait."""
        if self.free > 0 and not self.waiting:
            self.free -= 1
            return True
        turn = asyncio.get_running_loop().create_future()
        self.waiting.append(turn)
        try:
            await asyncio.wait_for(asyncio.shield(turn), self.wait)
            return True
        except asyncio.TimeoutError:
            if turn.done() and not turn.cancelled():
                return True  # given its turn as the wait ended: it holds it
            self._drop(turn)
            return False
        except asyncio.CancelledError:  # the caller went away while waiting
            if turn.done() and not turn.cancelled():
                self.leave()
            else:
                self._drop(turn)
            raise

    def _drop(self, turn) -> None:
        try:
            self.waiting.remove(turn)
        except ValueError:
            pass
        turn.cancel()

    def leave(self) -> None:
        while self.waiting:  # the turn passes to the longest-waiting message
            turn = self.waiting.popleft()
            if not turn.done():
                turn.set_result(None)
                return
        self.free += 1


_ADMISSIONS: dict = {}  # per event loop


def _admission() -> "Admission | None":
    """The admission for this event loop; None when UNION_RASA_CONCURRENCY is 0 (no limit)."""
    try:
        limit = int(os.environ.get("UNION_RASA_CONCURRENCY", "3"))
    except ValueError:
        limit = 3
    if limit <= 0:
        return None
    loop = asyncio.get_running_loop()
    admission = _ADMISSIONS.get(loop)
    if admission is None:
        admission = _ADMISSIONS[loop] = Admission(limit, float(os.environ.get("UNION_RASA_ADMISSION_WAIT", "10")))
    return admission


def _bad_request(text: str):
    from sanic.exceptions import SanicException

    return SanicException(text, status_code=400)


def _body(req) -> dict:
    try:
        body = req.json
    except Exception:  # noqa: BLE001 - Sanic's BadRequest on malformed JSON
        body = None
    if not isinstance(body, dict):
        raise _bad_request("请求格式不对：需要一个 JSON 对象，含 sender 和 message。")
    return body


async def _rest_sender(self, req):  # replaces RestInput._extract_sender
    sender = _body(req).get("sender")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS \
            or any(ord(c) < 32 or c == "\x7f" for c in sender):
        raise _bad_request(f"sender 不对：需要 1 到 {MAX_SENDER_CHARS} 个字符的会话编号。")
    return sender


def _rest_message(self, req):  # replaces RestInput._extract_message
    text = _body(req).get("message")
    if not isinstance(text, str):
        raise _bad_request("message 不对：需要一段文字。")
    return text


class _Guarded:
    """An action whose failure reaches the worker as the apology instead of silence."""

    def __init__(self, action, timeout: float):
        self._action, self._timeout = action, timeout

    def __getattr__(self, name):
        return getattr(self._action, name)

    async def run(self, output_channel, nlg, tracker, domain):
        from rasa.core.actions.action import ActionExecutionRejection
        from rasa.shared.core.events import BotUttered

        try:
            return await asyncio.wait_for(self._action.run(output_channel, nlg, tracker, domain), self._timeout)
        except ActionExecutionRejection:
            raise
        except Exception as exc:  # noqa: BLE001 - any failure: the worker must not be left in silence
            log.error("action %s failed (%s): the worker gets the apology", self._action.name(), type(exc).__name__)
            return [BotUttered(ACTION_FAILED, {"buttons": [{"title": "找人工", "payload": "/request_human"}]},
                               metadata={"kind": "action_failed", "action": self._action.name()})]


async def _run_action(self, action, tracker, output_channel, nlg, prediction):  # wraps MessageProcessor._run_action
    from rasa.core.actions.action import RemoteAction
    from rasa.core.actions.forms import FormAction

    if isinstance(action, (RemoteAction, FormAction)):
        action = _Guarded(action, float(os.environ.get("UNION_ACTION_TIMEOUT", "20")))
    # Rasa copies the tracker for the action in case the prediction's events must be discarded (15.):
    # with no such events and an action that only reads it, the copy would equal the tracker.
    share = not prediction.events and _reads_only(action)
    if share:
        tracker.__dict__[SHARE_ONCE] = True
    try:
        return await _ORIGINAL_RUN_ACTION(self, action, tracker, output_channel, nlg, prediction)
    finally:
        if share:
            tracker.__dict__.pop(SHARE_ONCE, None)


def _run_order(runner, targets: tuple) -> list[tuple[str, tuple]]:
    """The nodes the targets need, parents first, each with the names of its inputs (kept on the runner)."""
    orders = runner.__dict__.setdefault("_union_run_orders", {})
    order = orders.get(targets)
    if order is None:
        nodes, order, seen = runner._graph_schema.minimal_graph_schema(list(targets)).nodes, [], set()

        def visit(name: str) -> None:
            if name in seen or name not in nodes:  # an input placeholder is no node
                return
            seen.add(name)
            for parent in nodes[name].needs.values():
                visit(parent)
            order.append((name, tuple(nodes[name].needs.values())))

        for target in targets:
            visit(target)
        orders[targets] = order
    return order


def _run_graph(self, inputs=None, targets=None):  # replaces DaskGraphRunner.run (see 11. above)
    from rasa.engine.exceptions import GraphRunError

    run_targets = tuple(targets if targets else self._graph_schema.target_names)
    order = _run_order(self, run_targets)
    names = {name for name, _ in order}
    values = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, str) and value in names:
            raise GraphRunError(f"Input value '{value}' clashes with a node name. Make sure that none of the "
                                "input names passed to the `run` method are the same as node names in the graph schema.")
        values[name] = (name, value)  # what dask hands a node for an input: the literal pair
    try:
        for name, needs in order:
            values[name] = self._instantiated_nodes[name](*(values[n] for n in needs))
        return dict(values[t] for t in run_targets)
    except RuntimeError as e:
        raise GraphRunError("Error running runner.") from e


_ORIGINAL_STATES = None  # Domain.states_for_tracker_history, kept by apply()


class _PastStates:
    """A tracker's states at each of its past actions, for one domain and slot option (fix 12)."""

    __slots__ = ("events", "replay", "records")

    def __init__(self, tracker):
        self.events: list = []  # the applied events replayed so far (the objects themselves)
        self.replay = tracker.init_copy()  # a copy of the tracker after those events
        self.records: list = []  # per past action: (state, hide_rule_turn, followup, action, loop, previous action)

    def extend(self, domain, applied: list, omit_unset_slots: bool) -> bool:
        seen = self.events
        if len(applied) < len(seen) or any(a is not b for a, b in zip(applied, seen)):
            return False
        from rasa.shared.core.events import ActionExecuted

        replay = self.replay
        for event in applied[len(seen):]:
            if isinstance(event, ActionExecuted):  # the state before an action is a past state
                self.records.append((domain.get_active_state(replay, omit_unset_slots=omit_unset_slots),
                                     event.hide_rule_turn, replay.followup_action, replay.latest_action_name,
                                     replay.active_loop_name, replay.latest_action))
            replay.update(event)
            seen.append(event)
        return True


def _fresh(state: dict) -> dict:
    """A state as Rasa builds it anew: the callers change sub-states in place, never their values."""
    return {key: dict(sub) for key, sub in state.items()}


def _states_for_tracker_history(self, tracker, omit_unset_slots=False, ignore_rule_only_turns=False,
                                rule_only_data=None):  # replaces Domain.states_for_tracker_history (12.)
    from rasa.shared.core.constants import PREVIOUS_ACTION

    kept = tracker.__dict__.setdefault("_union_past_states", {})
    key = (id(self), bool(omit_unset_slots))
    applied = tracker.applied_events()
    past = kept.get(key)
    if past is None or not past.extend(self, applied, omit_unset_slots):
        past = kept[key] = _PastStates(tracker)
        past.extend(self, applied, omit_unset_slots)
    replay = past.replay
    records = past.records + [(self.get_active_state(replay, omit_unset_slots=omit_unset_slots), False,
                               replay.followup_action, replay.latest_action_name, replay.active_loop_name,
                               replay.latest_action)]
    states: list = []
    last_ml_action_sub_state = None
    turn_was_hidden = False
    for state, hide_rule_turn, followup, action_name, loop_name, previous_action in records:
        if ignore_rule_only_turns:
            if not turn_was_hidden:
                last_ml_action_sub_state = previous_action
            if not followup and not action_name == loop_name:
                turn_was_hidden = hide_rule_turn
            if turn_was_hidden:
                continue
        state = _fresh(state)
        if ignore_rule_only_turns:
            self._remove_rule_only_features(state, rule_only_data)
            if states:
                self._substitute_rule_only_user_input(state, states[-1])
            if last_ml_action_sub_state:
                state[PREVIOUS_ACTION] = last_ml_action_sub_state
        states.append(self._clean_state(state))
    return states


_ORIGINAL_COPY = None  # DialogueStateTracker.copy, kept by apply()


def _copy_tracker(self):  # replaces DialogueStateTracker.copy (13.)
    import copy as copying

    from rasa.shared.constants import DEFAULT_SENDER_ID

    if self.__dict__.pop(SHARE_ONCE, False):
        return self  # (15.) the copy Rasa makes for an action that only reads it
    if type(self.slots) is not dict:
        return _ORIGINAL_COPY(self)
    new = object.__new__(type(self))
    new.__dict__.update((k, v) for k, v in self.__dict__.items() if not k.startswith("_union_"))
    new.events = self._create_events(list(self.events))
    new.sender_id = self.sender_id or DEFAULT_SENDER_ID
    new.sender_source = None
    new.model_id = new.assistant_id = None
    new.slots = {name: copying.copy(slot) for name, slot in self.slots.items()}  # Slot.__copy__ is fix 4
    new.latest_action = dict(self.latest_action) if self.latest_action is not None else None
    new.active_loop = copying.copy(self.active_loop)
    return new


_ORIGINAL_LOAD_AGENT = None  # rasa.core.run.load_agent_on_start, kept by apply()


async def _load_agent_on_start(*args, **kwargs):  # wraps rasa.core.run.load_agent_on_start (14.)
    import gc

    agent = await _ORIGINAL_LOAD_AGENT(*args, **kwargs)
    gc.collect()
    gc.freeze()
    return agent


SHARE_ONCE = "_union_share_once"  # on a tracker: its next copy() may be the tracker itself (15.)


def _reads_only(action) -> bool:
    """Actions that only read the tracker they are given: listening, a response template, a call to
    the action server (it is sent the tracker's state and answers with events)."""
    from rasa.core.actions.action import ActionBotResponse, ActionListen, RemoteAction

    if isinstance(action, _Guarded):  # how _run_action passes calls to the action server
        action = action._action
    return type(action) in (ActionListen, ActionBotResponse, RemoteAction)


_ORIGINAL_IS_EMPTY = None  # Domain.is_empty, kept by apply()


def _domain_is_empty(self) -> bool:  # replaces Domain.is_empty (16.)
    known = self.__dict__.get("_union_is_empty")
    if known is None:
        known = self.__dict__["_union_is_empty"] = _ORIGINAL_IS_EMPTY(self)
    return known


_ORIGINAL_FIND_RULES = None  # RulePolicy._find_action_from_rules, kept by apply()


def _text_rules(policy) -> bool:
    """Whether any rule of the policy could apply to a state whose latest user input is its text:
    a rule whose last state follows `action_listen` (or names no previous action by name) and does
    not require an intent. Kept on the policy per lookup."""
    from rasa.shared.core.constants import ACTION_LISTEN_NAME, PREVIOUS_ACTION, SHOULD_NOT_BE_SET, USER
    from rasa.shared.nlu.constants import ACTION_NAME, INTENT

    rules = policy.lookup.get("rules", {})
    kept = policy.__dict__.get("_union_text_rules")
    if kept is not None and kept[0] is rules and kept[1] == len(rules):
        return kept[2]
    found = False
    for key in rules:
        states = policy._rule_key_to_state(key)
        if not states:
            found = True
            break
        last = states[-1]
        prev = (last.get(PREVIOUS_ACTION) or {}).get(ACTION_NAME)
        intent = (last.get(USER) or {}).get(INTENT)
        if prev in (ACTION_LISTEN_NAME, None) and (not intent or intent == SHOULD_NOT_BE_SET):
            found = True
            break
    policy.__dict__["_union_text_rules"] = (rules, len(rules), found)
    return found


def _find_action_from_rules(self, tracker, domain, use_text_for_last_user_input):  # wraps RulePolicy's (17.)
    if use_text_for_last_user_input and not _text_rules(self):
        return None, None, False  # what Rasa's pass finds with no rule that reads text
    return _ORIGINAL_FIND_RULES(self, tracker, domain, use_text_for_last_user_input)


_ORIGINAL_POSSIBLE_KEYS = None  # RulePolicy._get_possible_keys, kept by apply()


def _key_buckets(policy, lookup: dict) -> dict:
    """The lookup's rule keys by the previous action their last state names: None for a last state
    without a previous action (a conversation start), "" for one not naming it by name (by text, or
    as not to be set), "*" for a key without states."""
    from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET
    from rasa.shared.nlu.constants import ACTION_NAME

    kept = policy.__dict__.setdefault("_union_key_buckets", {})
    entry = kept.get(id(lookup))
    if entry is not None and entry[0] is lookup and entry[1] == len(lookup):
        return entry[2]
    buckets: dict = {}
    for key in lookup:
        states = policy._rule_key_to_state(key)
        if not states:
            name = "*"
        else:
            prev = states[-1].get(PREVIOUS_ACTION)
            name = None if not prev else prev.get(ACTION_NAME) or ""
            if name == SHOULD_NOT_BE_SET:
                name = ""
        buckets.setdefault(name, []).append(key)
    kept[id(lookup)] = (lookup, len(lookup), buckets)
    return buckets


def _get_possible_keys(self, lookup, states):  # replaces RulePolicy._get_possible_keys (18.)
    """Rasa's filter, started from the keys whose last state can match the current one: a rule
    whose last state names another previous action, or has one where the conversation has none
    (or the reverse), fails Rasa's check at the latest turn (RulePolicy._is_rule_applicable)."""
    from rasa.shared.core.constants import PREVIOUS_ACTION
    from rasa.shared.nlu.constants import ACTION_NAME

    if not states:
        return set(lookup.keys())
    buckets = _key_buckets(self, lookup)
    prev = states[-1].get(PREVIOUS_ACTION)
    if not prev:
        keys = buckets.get(None, [])
    else:
        keys = buckets.get(prev.get(ACTION_NAME) or "", []) + (buckets.get("", []) if prev.get(ACTION_NAME) else [])
    keys = keys + buckets.get("*", [])
    return _ORIGINAL_POSSIBLE_KEYS(self, dict.fromkeys(keys), states)


class _LogCopy:
    """Stands for the `copy` module in Rasa modules whose only use of it is `copy.deepcopy(...)` of
    values passed to a debug log line: the copy is made only when that module's debug lines are
    written (19.)."""

    def __init__(self, module_name: str):
        self._logger = logging.getLogger(module_name)

    def deepcopy(self, value, *args):
        import copy

        return copy.deepcopy(value, *args) if self._logger.isEnabledFor(logging.DEBUG) else value

    def __getattr__(self, name):
        import copy

        return getattr(copy, name)


LOG_ONLY_DEEPCOPY = ("rasa.core.processor", "rasa.core.policies.memoization", "rasa.core.policies.rule_policy")


def _install(owner, name: str, replacement, kept):
    """Puts ``replacement`` in place of ``owner.name`` once and returns Rasa's original (``kept``, on
    a later call: applying twice never keeps our own wrapper as the original)."""
    if kept is None:
        kept = getattr(owner, name)
        setattr(owner, name, replacement)
    return kept


def apply() -> None:
    global _ORIGINAL_RESOLVE, _ORIGINAL_SIO_INIT, _ORIGINAL_PARSE, _ORIGINAL_HANDLE, _ORIGINAL_RUN_ACTION, _ORIGINAL_STATES, \
        _ORIGINAL_COPY, _ORIGINAL_LOAD_AGENT, _ORIGINAL_IS_EMPTY, _ORIGINAL_FIND_RULES, _ORIGINAL_POSSIBLE_KEYS, \
        _ORIGINAL_CALL_FORMAT
    import importlib

    import rasa.core.run
    import socketio
    from rasa.core.actions.action import RemoteAction
    from rasa.core.agent import Agent
    from rasa.core.channels.rest import RestInput
    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.core.processor import MessageProcessor
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import Event
    from rasa.shared.core.slots import Slot
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import EndpointConfig

    RemoteAction._validate_action_result = _validate_action_result
    DaskGraphRunner.run = _run_graph
    socketio.AsyncServer.enter_room = _enter_room
    Slot.__copy__ = _copy_slot
    EndpointConfig.session = _session
    RestInput._extract_sender = _rest_sender
    RestInput._extract_message = _rest_message
    _ORIGINAL_SIO_INIT = _install(socketio.AsyncServer, "__init__", _sio_init, _ORIGINAL_SIO_INIT)
    _ORIGINAL_RESOLVE = _install(Event, "resolve_by_type", staticmethod(_resolve_event_type), _ORIGINAL_RESOLVE)
    _ORIGINAL_PARSE = _install(MessageProcessor, "parse_message", _parse_message, _ORIGINAL_PARSE)
    _ORIGINAL_RUN_ACTION = _install(MessageProcessor, "_run_action", _run_action, _ORIGINAL_RUN_ACTION)
    _ORIGINAL_HANDLE = _install(Agent, "handle_message", _handle_message, _ORIGINAL_HANDLE)
    _ORIGINAL_STATES = _install(Domain, "states_for_tracker_history", _states_for_tracker_history, _ORIGINAL_STATES)
    _ORIGINAL_COPY = _install(DialogueStateTracker, "copy", _copy_tracker, _ORIGINAL_COPY)
    _ORIGINAL_LOAD_AGENT = _install(rasa.core.run, "load_agent_on_start", _load_agent_on_start, _ORIGINAL_LOAD_AGENT)
    _ORIGINAL_IS_EMPTY = _install(Domain, "is_empty", _domain_is_empty, _ORIGINAL_IS_EMPTY)
    _ORIGINAL_FIND_RULES = _install(RulePolicy, "_find_action_from_rules", _find_action_from_rules, _ORIGINAL_FIND_RULES)
    _ORIGINAL_POSSIBLE_KEYS = _install(RulePolicy, "_get_possible_keys", _get_possible_keys, _ORIGINAL_POSSIBLE_KEYS)
    _ORIGINAL_CALL_FORMAT = _install(RemoteAction, "_action_call_format", _action_call_format, _ORIGINAL_CALL_FORMAT)
    for name in LOG_ONLY_DEEPCOPY:
        module = importlib.import_module(name)
        if not isinstance(module.copy, _LogCopy):
            module.copy = _LogCopy(name)


def _token_from_environment(argv: list[str]) -> None:
    """`run` takes the API token from UNION_RASA_TOKEN, not from the command line (which `ps` shows
    to every user): it is added to the arguments inside this process (/proc/<pid>/cmdline keeps
    the original ones). A --auth-token given explicitly still wins."""
    import os

    token = os.environ.get("UNION_RASA_TOKEN")
    given = any(a in ("-t", "--auth-token") or a.startswith("--auth-token=") for a in argv)
    if token and argv[1:2] == ["run"] and argv[2:3] != ["actions"] and not given:
        argv.append(f"--auth-token={token}")  # one argument: a token may start with "-"


def main() -> None:
    os.umask(0o077)  # what Rasa writes (a SQLite conversations file, logs) is the service user's only
    apply()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    _token_from_environment(sys.argv)
    rasa_main()


if __name__ == "__main__":
    main()
