import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot import rasa_runtime

ORIGINAL = RemoteAction._validate_action_result
ENDPOINT_SESSION = __import__("rasa.utils.endpoints", fromlist=["x"]).EndpointConfig.session
STATES = __import__("rasa.shared.core.domain", fromlist=["x"]).Domain.states_for_tracker_history
LOAD_AGENT = __import__("rasa.core.run", fromlist=["x"]).load_agent_on_start
TRACKER_COPY = __import__("rasa.shared.core.trackers", fromlist=["x"]).DialogueStateTracker.copy
IS_EMPTY = __import__("rasa.shared.core.domain", fromlist=["x"]).Domain.is_empty
RULE_POLICY = __import__("rasa.core.policies.rule_policy", fromlist=["x"]).RulePolicy
FIND_RULES, POSSIBLE_KEYS = RULE_POLICY._find_action_from_rules, RULE_POLICY._get_possible_keys
RUN_ACTION = __import__("rasa.core.processor", fromlist=["x"]).MessageProcessor._run_action
CALL_FORMAT = RemoteAction._action_call_format
SAMPLES = [
    {"events": [{"event": "slot", "name": "topic", "value": "wage_arrears"}],
     "responses": [{"text": "答案", "buttons": [{"title": "留言", "payload": "/leave_message"}]}]},
    {"events": [{"event": "active_loop", "name": None}], "responses": []},
    {"events": [{"name": "topic"}]},              # an event without its type
    {"events": [{"event": 5}]},                   # a type that is not a string
    {"events": "not a list"},
    {"events": [{"event": "slot", "timestamp": "yesterday"}]},
    # every kind of event the actions return, valid and not
    {"events": [{"event": "followup", "name": "overtime_form", "timestamp": None},
                {"event": "active_loop", "name": "wage_arrears_form"}, {"event": "reset_slots"},
                {"event": "bot", "text": "您好", "data": {"buttons": []}, "metadata": {}},
                {"event": "user", "text": "/affirm", "parse_data": {"intent": {"name": "affirm", "confidence": 1.0}}},
                {"event": "action", "name": "action_listen", "policy": None, "confidence": None}],
     "responses": [{"text": "好的"}]},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"event": "slot", "name": "topic", "value": "x", "metadata": "not an object"}]},
    {"events": [{"event": "user", "text": 5}]},
    {"events": [{"event": "slot", "name": "topic", "value": "x"}], "responses": "not a list"},
    {"events": [{"event": "slot", "name": "topic", "value": "x"}], "responses": ["not an object"]},
    ["not", "an", "object"],
]


def outcome(validate, sample):
    try:
        return validate(RemoteAction("action_answer_faq", None), sample)
    except ValidationError as e:
        return ("rejected", e.message)


@pytest.mark.parametrize("sample", SAMPLES)
def test_cached_validator_decides_exactly_as_rasas(sample):
    assert outcome(rasa_runtime._validate_action_result, sample) == outcome(ORIGINAL, sample)


def test_some_samples_are_rejected():
    # guards the test above against a schema that accepts everything
    assert sum(outcome(rasa_runtime._validate_action_result, s) != True for s in SAMPLES) == 10  # noqa: E712


def test_event_alternatives_differ_by_their_event_name():
    # the quick check (one alternative per event) decides as the oneOf only if no two alternatives
    # can match the same event: each names its own constant event type
    from rasa.shared.utils.schemas.events import EVENT_SCHEMA

    names = [a["properties"]["event"]["const"] for a in EVENT_SCHEMA["oneOf"]]
    assert len(names) == len(set(names)) == len(EVENT_SCHEMA["oneOf"])
    assert rasa_runtime._event_validator("slot") is not None and rasa_runtime._event_validator("nonsense") is None
    assert rasa_runtime._passes_quickly(SAMPLES[0]) and rasa_runtime._passes_quickly(SAMPLES[6])  # the quick path is taken


def _toy_runner(calls: list):
    """A DaskGraphRunner over a small diamond-shaped graph whose nodes record their inputs."""
    from rasa.engine.graph import GraphSchema, SchemaNode
    from rasa.engine.runner.dask import DaskGraphRunner

    class Node:
        def __init__(self, name):
            self.name = name

        def __call__(self, *inputs):
            calls.append((self.name, inputs))
            return self.name, [self.name] + [v for _, v in inputs]

    needs = {"tokens": {"message": "__message__"}, "features": {"tokens": "tokens"},
             "entities": {"tokens": "tokens"}, "intent": {"features": "features", "entities": "entities"},
             "unused": {"tokens": "tokens"}}
    schema = GraphSchema({name: SchemaNode(needs=n, uses=object, constructor_name="create", fn="run", config={})
                          for name, n in needs.items()})
    runner = object.__new__(DaskGraphRunner)
    runner._graph_schema, runner._execution_context = schema, None
    runner._instantiated_nodes = {name: Node(name) for name in needs}
    return runner


def test_graph_runs_in_order_with_the_inputs_dask_gives(clean_rasa):
    from rasa.engine.exceptions import GraphRunError
    from rasa.engine.runner.dask import DaskGraphRunner

    with_dask, sequential = [], []
    expected = DaskGraphRunner.run(_toy_runner(with_dask), {"__message__": "hi"}, ["intent"])
    rasa_runtime.apply()
    runner = _toy_runner(sequential)
    assert DaskGraphRunner.run(runner, {"__message__": "hi"}, ["intent"]) == expected
    assert DaskGraphRunner.run(runner, {"__message__": "hi"}, ["intent"]) == expected  # the kept order
    assert sorted(sequential[:len(with_dask)], key=repr) == sorted(with_dask, key=repr)  # same nodes, same inputs
    done = [name for name, _ in sequential[:len(with_dask)]]
    assert "unused" not in done and done.index("tokens") < done.index("features") < done.index("intent")
    with pytest.raises(GraphRunError):
        DaskGraphRunner.run(runner, {"__message__": "tokens"}, ["intent"])  # an input named like a node


@pytest.fixture
def clean_rasa(monkeypatch):
    """Rasa's own methods before apply(), restored after the test."""
    from rasa.shared.core.events import Event

    monkeypatch.setattr(RemoteAction, "_validate_action_result", ORIGINAL)
    from rasa.engine.runner.dask import DaskGraphRunner

    monkeypatch.setattr(DaskGraphRunner, "run", DaskGraphRunner.run)
    raw = Event.__dict__["resolve_by_type"]  # the staticmethod object itself
    monkeypatch.setattr(Event, "resolve_by_type", raw)
    monkeypatch.setattr(rasa_runtime, "_ORIGINAL_RESOLVE", None)
    monkeypatch.setattr(rasa_runtime, "_event_types", {})
    from rasa.shared.core.slots import Slot

    if "__copy__" in Slot.__dict__:
        monkeypatch.delattr(Slot, "__copy__")
    from rasa.utils.endpoints import EndpointConfig

    monkeypatch.setattr(EndpointConfig, "session", ENDPOINT_SESSION)
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    monkeypatch.setattr(Domain, "states_for_tracker_history", STATES)
    monkeypatch.setattr(rasa_runtime, "_ORIGINAL_STATES", None)
    monkeypatch.setattr(DialogueStateTracker, "copy", TRACKER_COPY)
    monkeypatch.setattr(rasa_runtime, "_ORIGINAL_COPY", None)
    import rasa.core.run

    monkeypatch.setattr(rasa.core.run, "load_agent_on_start", LOAD_AGENT)
    monkeypatch.setattr(rasa_runtime, "_ORIGINAL_LOAD_AGENT", None)
    monkeypatch.setattr(Domain, "is_empty", IS_EMPTY)
    monkeypatch.setattr(rasa_runtime, "_ORIGINAL_IS_EMPTY", None)
    monkeypatch.setattr(RULE_POLICY, "_find_action_from_rules", FIND_RULES)
    monkeypatch.setattr(rasa_runtime, "_ORIGINAL_FIND_RULES", None)
    monkeypatch.setattr(RULE_POLICY, "_get_possible_keys", POSSIBLE_KEYS)
    monkeypatch.setattr(rasa_runtime, "_ORIGINAL_POSSIBLE_KEYS", None)
    from rasa.core.processor import MessageProcessor

    monkeypatch.setattr(MessageProcessor, "_run_action", RUN_ACTION)
    monkeypatch.setattr(rasa_runtime, "_ORIGINAL_RUN_ACTION", None)
    monkeypatch.setattr(RemoteAction, "_action_call_format", CALL_FORMAT)
    monkeypatch.setattr(rasa_runtime, "_ORIGINAL_CALL_FORMAT", None)
    import copy
    import importlib

    for name in rasa_runtime.LOG_ONLY_DEEPCOPY:
        monkeypatch.setattr(importlib.import_module(name), "copy", copy)
    return raw.__func__


def test_apply_installs_the_fixes(clean_rasa):
    from rasa.shared.core.events import Event

    rasa_runtime.apply()
    assert RemoteAction._validate_action_result is rasa_runtime._validate_action_result
    from rasa.engine.runner.dask import DaskGraphRunner

    assert DaskGraphRunner.run is rasa_runtime._run_graph
    assert Event.resolve_by_type is rasa_runtime._resolve_event_type
    from rasa.core.agent import Agent
    from rasa.core.channels.rest import RestInput
    from rasa.core.processor import MessageProcessor

    assert Agent.handle_message is rasa_runtime._handle_message
    assert MessageProcessor._run_action is rasa_runtime._run_action
    assert RestInput._extract_sender is rasa_runtime._rest_sender
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    assert Domain.states_for_tracker_history is rasa_runtime._states_for_tracker_history
    assert DialogueStateTracker.copy is rasa_runtime._copy_tracker
    assert Domain.is_empty is rasa_runtime._domain_is_empty
    assert RULE_POLICY._find_action_from_rules is rasa_runtime._find_action_from_rules
    import rasa.core.processor

    assert isinstance(rasa.core.processor.copy, rasa_runtime._LogCopy)
    rasa_runtime.apply()  # twice (a test's second start): Rasa's own methods are still the ones kept
    assert rasa_runtime._ORIGINAL_COPY is TRACKER_COPY and rasa_runtime._ORIGINAL_STATES is STATES
    assert rasa_runtime._ORIGINAL_POSSIBLE_KEYS is POSSIBLE_KEYS and rasa_runtime._ORIGINAL_IS_EMPTY is IS_EMPTY
    assert rasa.core.processor.copy.copy is __import__("copy").copy  # one stand-in, never one for another


def test_event_types_resolve_as_in_rasa(clean_rasa):
    from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered

    original = clean_rasa
    rasa_runtime.apply()
    for name, cls in [("user", UserUttered), ("slot", SlotSet), ("action", ActionExecuted)]:
        assert Event.resolve_by_type(name) is cls and Event.resolve_by_type(name) is original(name)
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError):
        Event.resolve_by_type("no_such_event")
    assert Event.from_parameters({"event": "slot", "name": "topic", "value": "x"}) == SlotSet("topic", "x")


def test_slots_copy_as_with_rasas_generic_copy(clean_rasa):
    import copy

    from rasa.shared.core.domain import Domain

    from bot.config import PROJECT_ROOT

    slots = Domain.load(str(PROJECT_ROOT / "domain.yml")).slots
    for slot in slots:
        slot.value = {"name": "x"} if slot.type_name == "any" else slot.value
    generic = [copy.copy(s) for s in slots]
    rasa_runtime.apply()
    fast = [copy.copy(s) for s in slots]
    assert len({type(s) for s in slots}) >= 4  # text, bool, categorical, any
    for original, g, f in zip(slots, generic, fast):
        assert type(f) is type(g) and f is not original
        assert f.__dict__ == g.__dict__
        f.value = "changed"
        assert original.value != "changed"  # the copy is independent
        if original.type_name == "any":
            assert f.__dict__.keys() == original.__dict__.keys()


def _calls_and_connections(n: int):
    """n POSTs through an EndpointConfig to a local server: the answers and the client ports seen."""
    import asyncio

    from aiohttp import web
    from rasa.utils.endpoints import EndpointConfig

    from devtools.stack import free_port

    async def run():
        ports = []

        async def handler(request):
            ports.append(request.transport.get_extra_info("peername")[1])
            body = await request.json()
            return web.json_response({"echo": body, "auth": request.headers.get("X-Token")})

        app = web.Application()
        app.router.add_post("/webhook", handler)
        runner = web.AppRunner(app)
        await runner.setup()
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook", headers={"X-Token": "t"})
        answers = [await endpoint.request(json={"i": i}) for i in range(n)]
        await runner.cleanup()
        return answers, ports

    return asyncio.run(run())


def test_action_calls_reuse_one_connection(clean_rasa):
    before, before_ports = _calls_and_connections(4)
    assert len(set(before_ports)) == 4  # Rasa's own: a connection per call
    rasa_runtime.apply()
    after, ports = _calls_and_connections(4)
    assert after == before == [{"echo": {"i": i}, "auth": "t"} for i in range(4)]
    assert len(set(ports)) == 1


# ------------------------------------------------------------------ input limits and failed actions
class _Channel:
    def __init__(self):
        self.sent = []

    async def send_text_message(self, recipient_id, text, **kw):
        self.sent.append((recipient_id, text))


def test_an_over_long_message_is_answered_without_being_handled(monkeypatch):
    import asyncio

    from rasa.core.channels.channel import UserMessage

    handled = []

    async def original(self, message):
        handled.append(message.text)
        return "handled"

    monkeypatch.setattr(rasa_runtime, "_ORIGINAL_HANDLE", original)
    channel = _Channel()
    long = UserMessage("欠" * (rasa_runtime.MAX_MESSAGE_CHARS + 1), channel, "w1")
    assert asyncio.run(rasa_runtime._handle_message(None, long)) is None
    assert handled == [] and channel.sent == [("w1", rasa_runtime.TOO_LONG)]
    at_limit = UserMessage("欠" * rasa_runtime.MAX_MESSAGE_CHARS, channel, "w1")
    assert asyncio.run(rasa_runtime._handle_message(None, at_limit)) == "handled"
    assert len(handled) == 1


class _Req:
    def __init__(self, body):
        self._body = body

    @property
    def json(self):
        if isinstance(self._body, Exception):
            raise self._body
        return self._body


@pytest.mark.parametrize("body", [None, [], "text", {"message": "hi"}, {"sender": "", "message": "hi"},
                                  {"sender": "x" * 65, "message": "hi"}, {"sender": "a\nb", "message": "hi"},
                                  {"sender": 5, "message": "hi"}, ValueError("bad json")])
def test_rest_bodies_that_are_not_a_message_get_400(body):
    import asyncio

    from sanic.exceptions import SanicException

    with pytest.raises(SanicException) as err:
        asyncio.run(rasa_runtime._rest_sender(None, _Req(body)))
    assert err.value.status_code == 400
    assert "sender" in str(err.value) or "JSON" in str(err.value)


def test_rest_message_must_be_text():
    import asyncio

    from sanic.exceptions import SanicException

    assert asyncio.run(rasa_runtime._rest_sender(None, _Req({"sender": "w-1", "message": "hi"}))) == "w-1"
    assert rasa_runtime._rest_message(None, _Req({"sender": "w-1", "message": "你好"})) == "你好"
    for bad in ({"sender": "w-1"}, {"sender": "w-1", "message": ["x"]}):
        with pytest.raises(SanicException):
            rasa_runtime._rest_message(None, _Req(bad))


class _Action:
    def __init__(self, behaviour):
        self.behaviour = behaviour

    def name(self):
        return "action_submit_ticket"

    async def run(self, output_channel, nlg, tracker, domain):
        return await self.behaviour()


def _run_guarded(behaviour, timeout=5.0):
    import asyncio

    return asyncio.run(rasa_runtime._Guarded(_Action(behaviour), timeout).run(None, None, None, None))


def test_a_failing_action_gives_the_apology_with_the_hotline():
    from rasa.shared.exceptions import RasaException

    async def down():
        raise RasaException("Couldn't connect to the server")

    events = _run_guarded(down)
    assert len(events) == 1 and events[0].text == rasa_runtime.ACTION_FAILED
    assert "12351" in events[0].text and events[0].metadata["kind"] == "action_failed"
    assert events[0].data["buttons"][0]["payload"] == "/request_human"


def test_a_stalled_action_gives_the_apology_after_the_timeout():
    import asyncio

    async def stalled():
        await asyncio.Event().wait()  # never answers

    events = _run_guarded(stalled, timeout=0.05)
    assert events[0].text == rasa_runtime.ACTION_FAILED


def test_a_forms_rejection_and_a_normal_result_pass_unchanged():
    from rasa.core.actions.action import ActionExecutionRejection
    from rasa.shared.core.events import SlotSet

    async def rejected():
        raise ActionExecutionRejection("validate_ticket_form")

    with pytest.raises(ActionExecutionRejection):
        _run_guarded(rejected)

    async def fine():
        return [SlotSet("topic", "wage_arrears")]

    assert _run_guarded(fine) == [SlotSet("topic", "wage_arrears")]
    assert rasa_runtime._Guarded(_Action(fine), 1).name() == "action_submit_ticket"


def _conversation_events():
    """A conversation with rule-only turns, a form (whose later runs fold its earlier turns away), an
    undone message and slots."""
    from rasa.shared.core.events import (ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered,
                                         UserUtteranceReverted)

    def user(intent, text, entities=()):
        return UserUttered(text, {"name": intent, "confidence": 0.9}, list(entities))

    return [
        ActionExecuted("action_session_start"), ActionExecuted("action_listen"),
        user("ask_wage_arrears", "老板拖欠工资三个月了"),
        ActionExecuted("action_answer_faq", hide_rule_turn=True), BotUttered("答复"),
        SlotSet("topic", "wage_arrears"), ActionExecuted("action_listen", hide_rule_turn=True),
        user("report_wage_arrears", "我要登记"),
        ActionExecuted("wage_arrears_form"), ActiveLoop("wage_arrears_form"),
        SlotSet("requested_slot", "wa_employer"), ActionExecuted("action_listen"),
        user("inform", "某某建筑公司"), ActionExecuted("wage_arrears_form"),
        SlotSet("wa_employer", "某某建筑公司"), SlotSet("requested_slot", "wa_city"),
        ActionExecuted("action_listen"), user("chitchat", "你是机器人吗"),
        UserUtteranceReverted(), ActionExecuted("action_listen"), user("inform", "深圳"),
        ActionExecuted("wage_arrears_form"), SlotSet("wa_city", "深圳"), ActiveLoop(None),
        SlotSet("requested_slot", None), ActionExecuted("action_listen"),
        user("thanks", "谢谢"), ActionExecuted("utter_welcome", hide_rule_turn=True), ActionExecuted("action_listen"),
    ]


def test_past_states_are_rasas_at_every_step_of_a_growing_tracker(clean_rasa, monkeypatch):
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.config import PROJECT_ROOT

    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    events = _conversation_events()
    rule_only = {"rule_only_slots": ["topic"], "rule_only_loops": ["wage_arrears_form"]}
    options = [dict(), dict(ignore_rule_only_turns=True, rule_only_data=rule_only),
               dict(omit_unset_slots=True), dict(ignore_rule_only_turns=True, rule_only_data=None)]
    rasas = Domain.states_for_tracker_history
    expected = []
    for n in range(1, len(events) + 1):
        tracker = DialogueStateTracker.from_events("s", events[:n], domain.slots)
        expected.append([rasas(domain, tracker, **o) for o in options])
    rasa_runtime.apply()
    assert Domain.states_for_tracker_history is rasa_runtime._states_for_tracker_history
    grown = DialogueStateTracker("s", domain.slots)
    for n, event in enumerate(events):
        grown.update(event)
        for _ in range(2):  # asked again (the next policy), then after the tracker grew
            got = [domain.states_for_tracker_history(grown, **o) for o in options]
            assert got == expected[n], f"after event {n}: {event}"
            for states in got:  # what a caller does to its states does not reach the kept ones
                for state in states:
                    state.get("slots", {}).clear()
                    state.pop("prev_action", None)
    hidden, shown = expected[-1][1], expected[-1][0]
    assert len(hidden) < len(shown)  # the rule-only turns were left out: the options differ
    assert any(s.get("active_loop") for step in expected for s in step[0])  # the form's turns were featurised
    assert len(grown.__dict__["_union_past_states"]) == 2  # kept per slot option


def test_past_states_after_an_undo_of_kept_events_are_replayed_in_full(clean_rasa, monkeypatch):
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionReverted
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.config import PROJECT_ROOT

    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    events = _conversation_events()[:8]
    rasas = Domain.states_for_tracker_history
    expected = rasas(domain, DialogueStateTracker.from_events("s", events + [ActionReverted()], domain.slots))
    rasa_runtime.apply()
    tracker = DialogueStateTracker.from_events("s", events, domain.slots)
    before = domain.states_for_tracker_history(tracker)
    tracker.update(ActionReverted())  # the last action is undone: the kept states no longer apply
    after = domain.states_for_tracker_history(tracker)
    assert after == expected and after != before


def _tracker_state(tracker) -> dict:
    """Everything a tracker holds, comparable: slots by their attributes, events as a list."""
    state = {k: v for k, v in vars(tracker).items() if k not in ("slots", "events")}
    state["slots"] = {name: vars(slot) for name, slot in tracker.slots.items()}
    state["events"] = list(tracker.events)
    state["events_max"] = tracker.events.maxlen
    return state


def test_tracker_copies_are_what_rasas_replay_makes(clean_rasa, monkeypatch):
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecutionRejected
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.config import PROJECT_ROOT

    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    events = _conversation_events()
    events = events[:12] + [ActionExecutionRejected("wage_arrears_form")] + events[12:]  # a rejected loop
    trackers = []
    for n in range(1, len(events) + 1):
        t = DialogueStateTracker.from_events("s", events[:n], domain.slots, sender_source="widget")
        t.model_id, t.assistant_id = "m1", "a1"
        t._union_stored = n  # the store's bookkeeping is not part of a copy
        trackers.append(t)
    rasas = [_tracker_state(t.copy()) for t in trackers]
    rasa_runtime.apply()
    assert DialogueStateTracker.copy is rasa_runtime._copy_tracker
    loops = 0
    for tracker, expected in zip(trackers, rasas):
        fast = tracker.copy()
        assert _tracker_state(fast) == expected
        assert not hasattr(fast, "_union_stored")
        assert all(a is not b for a, b in zip(fast.slots.values(), tracker.slots.values()))
        if tracker.active_loop is not None:  # the copy's loop is its own
            loops += 1
            fast.active_loop.rejected = not tracker.active_loop.rejected
            assert fast.active_loop != tracker.active_loop
        fast.update(events[0])
        assert len(fast.events) == len(tracker.events) + 1  # the copy's events are its own
    assert loops >= 3
    anyslots = DialogueStateTracker.from_events("s", events[:8], None)  # no domain: Rasa's own way
    assert _tracker_state(anyslots.copy())["events"] == events[:8]


def test_objects_alive_when_the_model_is_loaded_are_left_out_of_collections(clean_rasa, monkeypatch):
    import asyncio
    import gc

    import rasa.core.run

    loaded = []

    async def load(*args, **kwargs):
        loaded.append([object() for _ in range(1000)])  # the model
        return "agent"

    monkeypatch.setattr(rasa.core.run, "load_agent_on_start", load)
    rasa_runtime.apply()
    assert rasa.core.run.load_agent_on_start is rasa_runtime._load_agent_on_start
    gc.unfreeze()
    try:
        assert asyncio.run(rasa.core.run.load_agent_on_start("model", None, None)) == "agent"
        assert loaded and gc.get_freeze_count() >= 1000
    finally:
        gc.unfreeze()


def test_a_domains_emptiness_is_rasas_and_asked_once(clean_rasa, monkeypatch):
    from rasa.shared.core.domain import Domain

    from bot.config import PROJECT_ROOT

    ours, empty = Domain.load(str(PROJECT_ROOT / "domain.yml")), Domain.empty()
    expected = (IS_EMPTY(ours), IS_EMPTY(empty))
    rasa_runtime.apply()
    assert Domain.is_empty is rasa_runtime._domain_is_empty
    calls = []
    monkeypatch.setattr(rasa_runtime, "_ORIGINAL_IS_EMPTY", lambda d: calls.append(d) or IS_EMPTY(d))
    assert (ours.is_empty(), empty.is_empty()) == expected == (False, True)
    assert (ours.is_empty(), empty.is_empty()) == expected
    assert len(calls) == 2  # once per domain


def _rule_policy(tmp_path):
    """Rasa's RulePolicy with the rules of the trained model (models/union.tar.gz)."""
    import json
    import tarfile

    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    from bot.config import PROJECT_ROOT

    model = PROJECT_ROOT / "models" / "union.tar.gz"
    assert model.exists(), "./scripts/test trains the model before pytest"
    with tarfile.open(model) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("RulePolicy1/rule_policy.json")
                      or (m.name.endswith("/rule_policy.json") and "RulePolicy" in m.name))
        lookup = json.load(tar.extractfile(member))["lookup"]
    policy = RULE_POLICY.create(RULE_POLICY.get_default_config(), LocalModelStorage(tmp_path),
                                Resource("rules"), ExecutionContext(GraphSchema({}), "m"))
    policy.lookup = lookup
    return policy


def _rule_trackers(domain):
    """Trackers the rules answer: every intent of the domain after a greeting, in a form and out
    of it, and every step of a conversation with a form and an undo."""
    from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    start = [ActionExecuted("action_session_start"), ActionExecuted("action_listen")]
    trackers = []
    for intent in domain.intents:
        said = UserUttered("文字", {"name": intent, "confidence": 0.9})
        trackers.append(DialogueStateTracker.from_events("s", start + [said], domain.slots))
        trackers.append(DialogueStateTracker.from_events("s", start + [said, ActionExecuted("action_answer_faq")],
                                                         domain.slots))
        in_form = [UserUttered("登记", {"name": "report_wage_arrears", "confidence": 0.9}),
                   ActionExecuted("wage_arrears_form"), ActiveLoop("wage_arrears_form"),
                   SlotSet("requested_slot", "wa_employer"), ActionExecuted("action_listen"), said]
        trackers.append(DialogueStateTracker.from_events("s", start + in_form, domain.slots))
    events = _conversation_events()
    trackers += [DialogueStateTracker.from_events("s", events[:n], domain.slots) for n in range(1, len(events) + 1)]
    return trackers


def test_rule_predictions_are_rasas(clean_rasa, tmp_path):
    from rasa.shared.core.domain import Domain

    from bot.config import PROJECT_ROOT

    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    trackers = _rule_trackers(domain)

    def predictions():
        policy = _rule_policy(tmp_path)
        out = []
        for t in trackers:
            p = policy.predict_action_probabilities(t, domain)
            out.append((p.probabilities, p.policy_name, p.events, p.optional_events, p.is_end_to_end_prediction,
                        p.is_no_user_prediction, p.action_metadata))
        return out

    expected = predictions()
    assert sum(max(p[0]) == 1.0 for p in expected) > len(trackers) // 2  # most trackers do meet a rule
    rasa_runtime.apply()
    assert RULE_POLICY._get_possible_keys is rasa_runtime._get_possible_keys
    assert predictions() == expected


def test_the_text_pass_runs_only_when_a_rule_could_read_text(clean_rasa, tmp_path):
    import json

    policy = _rule_policy(tmp_path)
    assert rasa_runtime._text_rules(policy) is False  # our rules all name intents
    listen = {"prev_action": {"action_name": "action_listen"}}
    text_rule = json.dumps([{**listen, "user": {"text": "人工"}}])
    policy.lookup = {**policy.lookup, "rules": {**policy.lookup["rules"], text_rule: "utter_greet"}}
    assert rasa_runtime._text_rules(policy) is True  # a changed lookup is looked at again
    no_user = json.dumps([listen])
    policy.lookup["rules"] = {no_user: "utter_greet"}
    assert rasa_runtime._text_rules(policy) is True  # a rule that reads no input matches a text state too


def test_rule_key_buckets_keep_every_key_that_can_apply(clean_rasa, tmp_path):
    import json

    policy = _rule_policy(tmp_path)
    listen = {"prev_action": {"action_name": "action_listen"}}
    lookup = {json.dumps([]): "a", json.dumps([{"user": {"intent": "greet"}}]): "b",
              json.dumps([{**listen, "user": {"intent": "greet"}}]): "c",
              json.dumps([{"prev_action": {"action_text": "hi"}}]): "d",
              json.dumps([{"prev_action": {"action_name": "utter_greet"}}]): "e"}
    states = [[{"user": {"intent": "greet"}}], [{**listen, "user": {"intent": "greet"}}],
              [{"prev_action": {"action_text": "hi"}}], [{"prev_action": {"action_name": "utter_greet"}}], []]
    expected = [POSSIBLE_KEYS(policy, lookup, s) for s in states]
    rasa_runtime.apply()
    got = [policy._get_possible_keys(lookup, s) for s in states]
    assert got == expected
    assert [sorted(lookup[k] for k in keys) for keys in got][:4] == [["a", "b"], ["a", "c"], ["a", "d"], ["a", "e"]]


class _Processor:
    """What MessageProcessor._run_action calls on its processor, recorded."""

    def __init__(self, domain=None):
        self.logged, self.domain = [], domain

    def _log_action_on_tracker(self, tracker, action, events, prediction):
        self.logged.append(events)
        tracker.update_with_events(events or [], None)

    def _log_slots(self, tracker):
        pass

    async def execute_side_effects(self, events, tracker, output_channel):
        pass

    def should_predict_another_action(self, name):
        return name != "action_listen"


def test_an_action_that_only_reads_is_given_the_tracker_itself(clean_rasa, monkeypatch):
    import asyncio

    from rasa.core.actions.action import ActionBotResponse, RemoteAction
    from rasa.core.policies.policy import PolicyPrediction
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import EndpointConfig

    from bot.config import PROJECT_ROOT

    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    rasa_runtime.apply()
    given = []

    async def run(self, output_channel, nlg, tracker, domain_):
        given.append(tracker)
        return [SlotSet("topic", "training")]

    monkeypatch.setattr(RemoteAction, "run", run)
    monkeypatch.setattr(ActionBotResponse, "run", run)
    tracker = DialogueStateTracker.from_events("s", _conversation_events()[:8], domain.slots)
    remote = RemoteAction("action_answer_faq", EndpointConfig("http://127.0.0.1:1"))
    plain = PolicyPrediction([1.0], "RulePolicy")
    with_events = PolicyPrediction([1.0], "RulePolicy", events=[SlotSet("topic", "legal_aid")])
    processor = _Processor(domain)
    for action, prediction, shared in [(remote, plain, True), (ActionBotResponse("utter_greet"), plain, True),
                                       (remote, with_events, False)]:
        asyncio.run(rasa_runtime._run_action(processor, action, tracker, None, None, prediction))
        assert (given[-1] is tracker) is shared
        assert rasa_runtime.SHARE_ONCE not in vars(tracker)
        assert tracker.get_slot("topic") == "training"  # the action's events reached the tracker
    assert given[-1].get_slot("topic") == "legal_aid"  # the copy had the prediction's events, the tracker not
    assert tracker.copy() is not tracker  # a later copy is a copy


def test_debug_copies_are_made_only_when_debug_lines_are_written(clean_rasa):
    import importlib
    import logging

    rasa_runtime.apply()
    module = importlib.import_module("rasa.core.policies.memoization")
    value = {"states": [{"slots": {"topic": (1.0,)}}]}
    logger = logging.getLogger("rasa.core.policies.memoization")
    level = logger.level
    try:
        logger.setLevel(logging.INFO)
        assert module.copy.deepcopy(value) is value
        logger.setLevel(logging.DEBUG)
        copied = module.copy.deepcopy(value)
        assert copied == value and copied is not value and copied["states"] is not value["states"]
    finally:
        logger.setLevel(level)
    assert module.copy.copy(value) == value and module.copy.copy(value) is not value


def test_requests_to_the_action_server_leave_out_earlier_rankings_only(clean_rasa):
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import EndpointConfig

    from bot.config import PROJECT_ROOT

    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    ranking = [{"name": "wage_arrears", "confidence": 0.9}, {"name": "legal_aid", "confidence": 0.1}]
    events = _conversation_events()
    for n, e in enumerate(events):
        if isinstance(e, UserUttered):
            e.parse_data["intent_ranking"] = list(ranking)
            e.parse_data["text_tokens"] = [[0, 2]]
    tracker = DialogueStateTracker.from_events("s", events, domain.slots)
    action = RemoteAction("action_answer_faq", EndpointConfig("http://127.0.0.1:1"))
    expected = action._action_call_format(tracker, domain)
    rasa_runtime.apply()
    got = action._action_call_format(tracker, domain)
    users = [e for e in got["tracker"]["events"] if e["event"] == "user"]
    assert len(users) >= 4
    assert all("intent_ranking" not in u["parse_data"] and "text_tokens" not in u["parse_data"] for u in users[:-1])
    assert users[-1]["parse_data"]["intent_ranking"] == ranking
    assert got["tracker"]["latest_message"]["intent_ranking"] == ranking
    # everything else as Rasa sends it; the tracker's own events keep their rankings
    strip = lambda e: {**e, "parse_data": {k: v for k, v in e["parse_data"].items() if k not in rasa_runtime.SLIMMED}} \
        if e["event"] == "user" else e  # noqa: E731
    assert [strip(e) for e in got["tracker"]["events"]] == [strip(e) for e in expected["tracker"]["events"]]
    assert {k: v for k, v in got.items() if k != "tracker"} == {k: v for k, v in expected.items() if k != "tracker"}
    assert all(e.parse_data["intent_ranking"] == ranking for e in tracker.events if isinstance(e, UserUttered))


def test_request_bodies_are_the_same_json_without_escaped_chinese():
    import json
    import math

    value = {"text": "老板欠薪", "n": [0.1, 1796650025.4959874, None, True], "k": {"嵌套": [1, 2]}}
    body = rasa_runtime._json_dumps(value)
    assert json.loads(body) == value and "老板欠薪" in body
    assert json.loads(rasa_runtime._json_dumps({"x": float("nan")}), parse_constant=lambda c: c) == {"x": "NaN"}
    assert math.isnan(json.loads(rasa_runtime._json_dumps([float("nan")]))[0])


def test_messages_are_admitted_first_come_first_served():
    import asyncio

    async def scenario():
        admission = rasa_runtime.Admission(limit=2, wait=60)
        order, release = [], asyncio.Event()

        async def message(n):
            admitted = await admission.enter()
            order.append(n)
            await release.wait()
            admission.leave()
            return admitted

        tasks = []
        for n in range(5):
            tasks.append(asyncio.create_task(message(n)))
            await asyncio.sleep(0)  # each arrives before the next
        for _ in range(3):
            await asyncio.sleep(0)
        assert order == [0, 1] and admission.free == 0 and len(admission.waiting) == 3
        release.set()
        assert await asyncio.gather(*tasks) == [True] * 5
        assert order == [0, 1, 2, 3, 4] and admission.free == 2 and not admission.waiting

    asyncio.run(scenario())


def test_a_message_goes_ahead_after_the_wait_and_a_caller_that_leaves_gives_up_its_place():
    import asyncio

    async def scenario():
        admission = rasa_runtime.Admission(limit=1, wait=0.01)
        assert await admission.enter() is True  # holds the only place and never leaves in time
        assert await admission.enter() is False  # went ahead after the wait
        assert not admission.waiting
        admission.wait = 60
        waiter = asyncio.create_task(admission.enter())
        await asyncio.sleep(0)
        assert len(admission.waiting) == 1
        waiter.cancel()
        try:
            await waiter
        except asyncio.CancelledError:
            pass
        assert not admission.waiting
        admission.leave()
        assert admission.free == 1  # the place went back, not to the one that left

    asyncio.run(scenario())


def test_handling_a_message_takes_a_place_and_gives_it_back_even_on_failure(clean_rasa, monkeypatch):
    import asyncio
    import types

    monkeypatch.setenv("UNION_RASA_CONCURRENCY", "2")
    monkeypatch.setattr(rasa_runtime, "_ADMISSIONS", {})
    seen = []

    async def handle(agent, message):
        seen.append(rasa_runtime._admission().free)
        if message.text == "坏":
            raise RuntimeError("boom")
        return ["好"]

    monkeypatch.setattr(rasa_runtime, "_ORIGINAL_HANDLE", handle)

    async def scenario():
        ok = await rasa_runtime._handle_message(None, types.SimpleNamespace(text="你好", output_channel=None))
        try:
            await rasa_runtime._handle_message(None, types.SimpleNamespace(text="坏", output_channel=None))
        except RuntimeError:
            pass
        return ok, rasa_runtime._admission().free

    assert asyncio.run(scenario()) == (["好"], 2)
    assert seen == [1, 1]  # each held one of the two places while handled
    monkeypatch.setenv("UNION_RASA_CONCURRENCY", "0")
    assert rasa_runtime._admission() is None  # no limit
