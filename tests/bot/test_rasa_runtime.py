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


def test_apply_installs_the_fix(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", ORIGINAL)
    rasa_runtime.apply()
    assert RemoteAction._validate_action_result is rasa_runtime._validate_action_result
