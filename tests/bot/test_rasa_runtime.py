import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot import rasa_runtime

ORIGINAL = RemoteAction._validate_action_result
ENDPOINT_SESSION = __import__("rasa.utils.endpoints", fromlist=["x"]).EndpointConfig.session
SAMPLES = [
    {"events": [{"event": "slot", "name": "topic", "value": "wage_arrears"}],
     "responses": [{"text": "答案", "buttons": [{"title": "留言", "payload": "/leave_message"}]}]},
    {"events": [{"event": "active_loop", "name": None}], "responses": []},
    {"events": [{"name": "topic"}]},              # an event without its type
    {"events": [{"event": 5}]},                   # a type that is not a string
    {"events": "not a list"},
    {"events": [{"event": "slot", "timestamp": "yesterday"}]},
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
    assert sum(outcome(rasa_runtime._validate_action_result, s) != True for s in SAMPLES) == 4  # noqa: E712


@pytest.fixture
def clean_rasa(monkeypatch):
    """Rasa's own methods before apply(), restored after the test."""
    from rasa.shared.core.events import Event

    monkeypatch.setattr(RemoteAction, "_validate_action_result", ORIGINAL)
    raw = Event.__dict__["resolve_by_type"]  # the staticmethod object itself
    monkeypatch.setattr(Event, "resolve_by_type", raw)
    monkeypatch.setattr(rasa_runtime, "_ORIGINAL_RESOLVE", None)
    monkeypatch.setattr(rasa_runtime, "_event_types", {})
    from rasa.shared.core.slots import Slot

    if "__copy__" in Slot.__dict__:
        monkeypatch.delattr(Slot, "__copy__")
    from rasa.utils.endpoints import EndpointConfig

    monkeypatch.setattr(EndpointConfig, "session", ENDPOINT_SESSION)
    return raw.__func__


def test_apply_installs_the_fixes(clean_rasa):
    from rasa.shared.core.events import Event

    rasa_runtime.apply()
    assert RemoteAction._validate_action_result is rasa_runtime._validate_action_result
    assert Event.resolve_by_type is rasa_runtime._resolve_event_type


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
