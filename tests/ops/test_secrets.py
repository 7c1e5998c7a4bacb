"""The secrets between the processes, without starting any: Rasa's token taken from the
environment, the action server's check, the per-var-dir secrets (tests/ops/test_supervision.py
tries them on the running stack)."""
from __future__ import annotations

import pytest

from bot import action_server, config
from bot.rasa_runtime import _token_from_environment


@pytest.mark.parametrize("argv, expected", [
    (["rasa", "run", "--enable-api"], ["rasa", "run", "--enable-api", "--auth-token=-starts-with-dash"]),
    (["rasa", "run", "--enable-api", "--auth-token", "given"], ["rasa", "run", "--enable-api", "--auth-token", "given"]),
    (["rasa", "run", "-t", "given"], ["rasa", "run", "-t", "given"]),
    (["rasa", "run", "actions"], ["rasa", "run", "actions"]),
    (["rasa", "train"], ["rasa", "train"]),
])
def test_rasa_takes_its_token_from_the_environment(monkeypatch, argv, expected):
    monkeypatch.setenv("UNION_RASA_TOKEN", "-starts-with-dash")
    _token_from_environment(argv)
    assert argv == expected


def test_without_the_variable_nothing_is_added(monkeypatch):
    monkeypatch.delenv("UNION_RASA_TOKEN", raising=False)
    argv = ["rasa", "run", "--enable-api"]
    _token_from_environment(argv)
    assert argv == ["rasa", "run", "--enable-api"]


@pytest.mark.parametrize("header, ok", [
    ("Bearer s3cret", True), ("bearer s3cret", True), ("Bearer  s3cret ", True),
    (None, False), ("", False), ("s3cret", False), ("Bearer s3cre", False), ("Bearer s3cretx", False),
    ("Basic s3cret", False), ("Bearer ", False),
])
def test_the_action_server_checks_the_bearer_secret(header, ok):
    assert action_server.authorised(header, "s3cret") is ok


def test_the_action_server_refuses_to_run_open(monkeypatch):
    monkeypatch.delenv(action_server.TOKEN_ENV, raising=False)
    with pytest.raises(SystemExit, match=action_server.TOKEN_ENV):
        action_server.main()
    with pytest.raises(ValueError):
        action_server.protect(object(), "")


def test_a_var_dir_secret_is_random_private_and_kept(monkeypatch, tmp_path):
    monkeypatch.setattr(config, "VAR_DIR", tmp_path / "var")
    monkeypatch.delenv("UNION_RASA_TOKEN", raising=False)
    first = config.Settings().rasa_token
    assert len(first) >= 32 and first != "dev-token-change-me"
    assert (tmp_path / "var" / "rasa-token").stat().st_mode & 0o777 == 0o600
    assert config.Settings().rasa_token == first  # kept across processes and restarts
    monkeypatch.setattr(config, "VAR_DIR", tmp_path / "other")
    assert config.Settings().rasa_token != first  # one per var dir
    monkeypatch.setenv("UNION_RASA_TOKEN", "chosen")
    assert config.Settings().rasa_token == "chosen"


def test_the_protected_action_server_keeps_no_access_log():
    from rasa_sdk.endpoint import create_app

    app = action_server.protect(create_app("actions.urgent"), "s3cret")
    assert app.config.ACCESS_LOG is False
