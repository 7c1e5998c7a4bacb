"""The default profile as ./scripts/run starts it (supervisord, scripts/lib.sh), tried as a fault
injector would: a process killed with SIGKILL comes back while the others keep serving; the action
server answers only Rasa; no secret shows on a command line; Ctrl-C stops every process.
scripts/run runs on free ports with its own var dir (tests/ops/supervised.py).
"""
from __future__ import annotations

import pytest
import requests

from devtools.stack import free_port
from tests.ops.supervised import MODEL, Supervised, answers, say, wait_for


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run ./scripts/test (it trains the model first)")
    ports = {name: free_port() for name in ("UNION_RASA_PORT", "UNION_ACTIONS_PORT", "UNION_WEB_PORT")}
    stack = Supervised("run", tmp_path_factory.mktemp("supervised"), {k: str(v) for k, v in ports.items()})
    stack.rasa = f"http://127.0.0.1:{ports['UNION_RASA_PORT']}"
    stack.actions = f"http://127.0.0.1:{ports['UNION_ACTIONS_PORT']}"
    stack.web = f"http://127.0.0.1:{ports['UNION_WEB_PORT']}"
    try:
        stack.wait_ready("The assistant is running.")
        yield stack
    finally:
        stack.stop()


def test_every_process_runs_under_the_supervisor(run):
    status = run.ctl("status")
    for program in ("actions", "rasa", "web"):
        assert run.pid(program) in run.pids(), status
    assert (run.var / "log" / "rasa.log").stat().st_mode & 0o077 == 0  # logs may hold tokens


def test_secrets_are_random_private_and_on_no_command_line(run):
    secrets = {name: run.secret(name) for name in ("rasa-token", "actions-token", "secret_key")}
    for name, value in secrets.items():
        assert len(value) >= 32 and value != "dev-token-change-me", name
        assert (run.var / name).stat().st_mode & 0o777 == 0o600, name
    lines = run.command_lines()
    assert len(lines) >= 5  # scripts/run, supervisord, actions, rasa, web
    for cmdline in lines:
        for name, value in secrets.items():
            assert value not in cmdline, f"{name} on the command line of {cmdline!r}"
    written = (run.var / "supervisord.conf").read_text() + (run.var / "endpoints.yml").read_text()
    assert not any(value in written for value in secrets.values())
    # Rasa took the token from its environment: its API answers with it, and only with it.
    assert requests.get(f"{run.rasa}/status", params={"token": secrets["rasa-token"]}, timeout=30).status_code == 200
    assert requests.get(f"{run.rasa}/status", params={"token": "dev-token-change-me"}, timeout=30).status_code == 401


def test_the_action_server_answers_only_the_secret(run):
    call = {"next_action": "action_listen", "sender_id": "probe", "version": "3.6.21",
            "tracker": {"sender_id": "probe", "slots": {}, "latest_message": {}, "events": []}, "domain": {}}
    secret = run.secret("actions-token")
    assert requests.get(f"{run.actions}/health", timeout=30).status_code == 200
    for headers in ({}, {"Authorization": "Bearer dev-token-change-me"}, {"Authorization": secret},
                    {"Authorization": f"Bearer {secret}x"}):
        r = requests.post(f"{run.actions}/webhook", json=call, headers=headers, timeout=30)
        assert r.status_code == 401, headers
    assert requests.get(f"{run.actions}/actions", timeout=30).status_code == 401
    # With the secret the call reaches rasa_sdk (which knows no action of that name).
    r = requests.post(f"{run.actions}/webhook", json=call, headers={"Authorization": f"Bearer {secret}"}, timeout=30)
    assert r.status_code == 404 and r.json()["action_name"] == "action_listen"


def test_a_killed_action_server_comes_back_while_rasa_keeps_answering(run):
    others = {p: run.pid(p) for p in ("rasa", "web")}
    old = run.kill("actions")
    replies = 0
    # Rasa keeps answering the REST channel all the while (its reply may lack the action's part).
    while not (run.restarted("actions", old) and answers(f"{run.actions}/health")):
        say(run.rasa, "supervision-meanwhile", "你好")
        replies += 1
        assert replies < 400, f"the action server did not come back\n{run.logs()}"
    assert replies >= 1
    assert {p: run.pid(p) for p in ("rasa", "web")} == others  # nothing else was restarted
    assert answers(f"{run.web}/healthz")
    # Rasa reaches the new action server, with the secret: the FAQ answer comes from an action.
    text = " ".join(m.get("text", "") for m in say(run.rasa, "supervision-after", "老板欠了我三个月工资，去哪里投诉"))
    assert "12351" in text or "仲裁" in text or "监察" in text, text


def test_a_killed_web_app_comes_back_while_rasa_keeps_answering(run):
    rasa = run.pid("rasa")
    old = run.kill("web")
    assert say(run.rasa, "supervision-web", "你好")
    wait_for(lambda: run.restarted("web", old) and answers(f"{run.web}/healthz"), 180, "web app back", run.logs)
    assert run.pid("rasa") == rasa


def test_a_killed_rasa_comes_back_while_the_others_keep_serving(run):
    actions, web = run.pid("actions"), run.pid("web")
    old = run.kill("rasa")
    assert answers(f"{run.actions}/health")
    token = run.secret("rasa-token")
    wait_for(lambda: run.restarted("rasa", old) and answers(f"{run.rasa}/status?token={token}"), 300,
             "Rasa back", run.logs)
    assert (run.pid("actions"), run.pid("web")) == (actions, web)
    assert say(run.rasa, "supervision-rasa", "你好")


def test_ctrl_c_stops_every_process(run):
    assert len(run.pids()) >= 5
    run.ctrl_c()  # fails unless every process of the session has stopped
