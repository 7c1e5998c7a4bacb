import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot import rasa_runtime

ORIGINAL = RemoteAction._validate_action_result
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
