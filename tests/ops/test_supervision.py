"""The default profile as ./scripts/run starts it (supervisord, scripts/lib.sh), tried as a fault
injector would: a process killed with SIGKILL comes back while the others keep serving; the action
server answers only Rasa; no secret shows on a command line; Ctrl-C stops every process.

scripts/run runs with UNION_RUN_SETUP=0 (the venv, the widget bundle and the model are those of this
checkout: ./scripts/test builds them first) on free ports and its own var dir.
"""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests

from bot.config import PROJECT_ROOT
from devtools.stack import free_port

MODEL = PROJECT_ROOT / "models" / "union.tar.gz"
SUPERVISORCTL = PROJECT_ROOT / ".venv" / "bin" / "supervisorctl"
READY = "The assistant is running."
# Settings of the calling environment that would point the stack elsewhere.
NOT_INHERITED = ("UNION_RASA_TOKEN", "UNION_ACTIONS_TOKEN", "UNION_SECRET_KEY", "UNION_DATABASE_URL",
                 "UNION_EVENTS_URL", "UNION_RASA_URL", "UNION_WEB_HOST", "UNION_ACTIONS_HOST")


def session_pids(sid: int) -> list[int]:
    """Every live process of the session (scripts/run, supervisord and what it started)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) "
        if int(fields[3]) == sid and fields[0] != "Z":
            pids.append(int(entry.name))
    return pids


def wait_for(condition, seconds: float, what: str, log=lambda: ""):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"{what}: not within {seconds} s\n{log()}")


class Run:
    def __init__(self, root: Path):
        self.var = root / "var"
        self.out = root / "run.out"
        self.ports = {name: free_port() for name in ("UNION_RASA_PORT", "UNION_ACTIONS_PORT", "UNION_WEB_PORT")}
        self.rasa = f"http://127.0.0.1:{self.ports['UNION_RASA_PORT']}"
        self.actions = f"http://127.0.0.1:{self.ports['UNION_ACTIONS_PORT']}"
        self.web = f"http://127.0.0.1:{self.ports['UNION_WEB_PORT']}"
        env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
        env.update({k: str(v) for k, v in self.ports.items()})
        env.update(UNION_VAR_DIR=str(self.var), UNION_RUN_SETUP="0", RASA_TELEMETRY_ENABLED="false")
        # Its own session: the script, supervisord and every process it starts are found by session
        # id; a signal to the process group is what Ctrl-C in a terminal sends.
        self.proc = subprocess.Popen(["bash", str(PROJECT_ROOT / "scripts" / "run")], cwd=PROJECT_ROOT, env=env,
                                     stdin=subprocess.DEVNULL, stdout=self.out.open("w"),
                                     stderr=subprocess.STDOUT, start_new_session=True)

    def output(self) -> str:
        return self.out.read_text(errors="replace")

    def logs(self) -> str:
        parts = [self.output()[-3000:]]
        for log in sorted((self.var / "log").glob("*.log")):
            parts.append(f"--- {log.name}\n{log.read_text(errors='replace')[-2000:]}")
        return "\n".join(parts)

    def ctl(self, *args: str) -> str:
        return subprocess.run([str(SUPERVISORCTL), "-c", str(self.var / "supervisord.conf"), *args],
                              capture_output=True, text=True, timeout=60).stdout.strip()

    def pid(self, program: str) -> int:
        out = self.ctl("pid", program)
        return int(out) if out.isdigit() else 0

    def say(self, sender: str, text: str) -> list[dict]:
        r = requests.post(f"{self.rasa}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=120)
        assert r.status_code == 200, r.text
        return r.json()

    def secret(self, name: str) -> str:
        return (self.var / name).read_text().strip()


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run ./scripts/test (it trains the model first)")
    stack = Run(tmp_path_factory.mktemp("supervised"))
    try:
        wait_for(lambda: READY in stack.output() or stack.proc.poll() is not None, 600,
                 "scripts/run did not report the assistant running", stack.logs)
        if stack.proc.poll() is not None:
            pytest.fail(f"scripts/run exited ({stack.proc.returncode}) during start-up:\n{stack.logs()}")
        yield stack
    finally:
        if stack.proc.poll() is None:
            stack.proc.terminate()
            try:
                stack.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                pass
        for pid in session_pids(stack.proc.pid):  # whatever a failed test left
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def test_every_process_runs_under_the_supervisor(run):
    status = run.ctl("status")
    for program in ("actions", "rasa", "web"):
        assert run.pid(program) in session_pids(run.proc.pid), status
    assert (run.var / "log" / "rasa.log").stat().st_mode & 0o077 == 0  # logs may hold tokens


def test_secrets_are_random_private_and_on_no_command_line(run):
    secrets = {name: run.secret(name) for name in ("rasa-token", "actions-token", "secret_key")}
    for name, value in secrets.items():
        assert len(value) >= 32 and value != "dev-token-change-me", name
        assert (run.var / name).stat().st_mode & 0o777 == 0o600, name
    pids = session_pids(run.proc.pid)
    assert len(pids) >= 5  # scripts/run, supervisord, actions, rasa, web
    for pid in pids:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
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


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=10).status_code == 200
    except requests.RequestException:
        return False


def test_a_killed_action_server_comes_back_while_rasa_keeps_answering(run):
    others = {p: run.pid(p) for p in ("rasa", "web")}
    old = run.pid("actions")
    os.kill(old, signal.SIGKILL)
    replies = 0
    # Rasa keeps answering the REST channel all the while (its reply may lack the action's part).
    while not (run.pid("actions") not in (0, old) and _answers(f"{run.actions}/health")):
        run.say("supervision-meanwhile", "你好")
        replies += 1
        assert replies < 400, f"the action server did not come back\n{run.logs()}"
    assert replies >= 1
    assert {p: run.pid(p) for p in ("rasa", "web")} == others  # nothing else was restarted
    assert _answers(f"{run.web}/healthz")
    # Rasa reaches the new action server, with the secret: the FAQ answer comes from an action.
    text = " ".join(m.get("text", "") for m in run.say("supervision-after", "老板欠了我三个月工资，去哪里投诉"))
    assert "12351" in text or "仲裁" in text or "监察" in text, text


def test_a_killed_web_app_comes_back_while_rasa_keeps_answering(run):
    rasa = run.pid("rasa")
    old = run.pid("web")
    os.kill(old, signal.SIGKILL)
    assert run.say("supervision-web", "你好")
    wait_for(lambda: run.pid("web") not in (0, old) and _answers(f"{run.web}/healthz"), 180, "web app back", run.logs)
    assert run.pid("rasa") == rasa


def test_a_killed_rasa_comes_back_while_the_others_keep_serving(run):
    actions, web = run.pid("actions"), run.pid("web")
    old = run.pid("rasa")
    os.kill(old, signal.SIGKILL)
    assert _answers(f"{run.actions}/health")
    token = run.secret("rasa-token")
    wait_for(lambda: run.pid("rasa") not in (0, old) and _answers(f"{run.rasa}/status?token={token}"), 300,
             "Rasa back", run.logs)
    assert (run.pid("actions"), run.pid("web")) == (actions, web)
    assert run.say("supervision-rasa", "你好")


def test_ctrl_c_stops_every_process(run):
    pids = session_pids(run.proc.pid)
    assert len(pids) >= 5
    os.killpg(run.proc.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends
    run.proc.wait(timeout=120)
    wait_for(lambda: not session_pids(run.proc.pid), 60, "every process stopped", run.logs)
