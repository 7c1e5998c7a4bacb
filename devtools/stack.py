"""Starts the assistant's processes on free local ports: for end-to-end tests and benchmarks.

    with Stack(db_url, model) as stack:
        stack.rasa_url  # Rasa server (REST channel + token-protected HTTP API)
"""
from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from bot.config import PROJECT_ROOT

RASA = Path(sys.executable).with_name("rasa")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


POLL_SECONDS = 0.25  # how often a wait looks again at what it waits for


def wait_for(condition, seconds: float, what: str, log=lambda: ""):
    """Waits until ``condition()`` is true (returning its value), looking again every
    POLL_SECONDS, for at most ``seconds``; then raises TimeoutError naming ``what``, with
    ``log()``. The one polling loop of the tests and benchmarks: a condition may raise to stop
    the wait at once."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{what}: not within {seconds} s\n{log()}")
        time.sleep(POLL_SECONDS)


def wait_until_ready(url: str, proc: subprocess.Popen, log: Path, deadline: float, needle: str | None = None) -> None:
    """Polls `url` until it answers (containing `needle`) or the monotonic `deadline` passes;
    fails at once, with the log's tail, if the process exits."""
    def tail() -> str:
        return log.read_text(errors="replace")[-3000:]

    def answered() -> bool:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[:3]} exited during start-up:\n{tail()}")
        try:
            r = requests.get(url, timeout=2)
            return r.ok and (needle is None or needle in r.text)
        except requests.RequestException:
            return False

    try:
        wait_for(answered, max(0.0, deadline - time.monotonic()), f"{url} ready", tail)
    except TimeoutError as exc:
        raise RuntimeError(str(exc)) from None


class Stack:
    def __init__(self, db_url: str, model: Path, token: str = "stack-token", workdir: Path | None = None,
                 project: Path = PROJECT_ROOT, with_actions: bool = True, with_web: bool = False,
                 extra_env: dict | None = None, tracker_store: str | None = "bot.tracker_store.WindowedInMemoryTrackerStore",
                 tracker_db: Path | None = None):
        self.db_url, self.model, self.token, self.project = db_url, Path(model), token, project
        # Ours by default; None: Rasa's own in-memory store (the starter bot, a benchmark comparison).
        self.tracker_store = tracker_store if project == PROJECT_ROOT else None
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="union-stack-"))
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.with_actions, self.with_web, self.extra_env = with_actions, with_web, extra_env or {}
        self.actions_port, self.rasa_port, self.web_port = free_port(), free_port(), free_port()
        self.rasa_url = f"http://127.0.0.1:{self.rasa_port}"
        self.web_url = f"http://localhost:{self.web_port}"
        self.events_url = f"sqlite:///{self.workdir / 'rasa_events.db'}"
        # A SQLite file for the conversations (the default profile's store, scripts/lib.sh): they
        # survive a restart of Rasa (restart("rasa")).
        self.tracker_db = tracker_db
        self.procs: dict[str, subprocess.Popen] = {}
        self._commands: dict[str, tuple[list[str], dict]] = {}
        self.actions_token = secrets.token_urlsafe(24)  # Rasa's calls to the action server carry it

    def _spawn(self, name: str, command: list[str], env: dict) -> subprocess.Popen:
        log = (self.workdir / f"{name}.log").open("a")
        self._commands[name] = (command, env)
        self.procs[name] = subprocess.Popen(command, cwd=self.project, env=env, stdout=log, stderr=subprocess.STDOUT)
        return self.procs[name]

    def _wait(self, name: str, url: str, needle: str | None = None, seconds: int = 180) -> None:
        wait_until_ready(url, self.procs[name], self.workdir / f"{name}.log", time.monotonic() + seconds, needle)

    def log(self, name: str) -> str:
        return (self.workdir / f"{name}.log").read_text(errors="replace")

    def start(self) -> "Stack":
        env = {**os.environ, "UNION_DATABASE_URL": self.db_url, "PYTHONPATH": str(PROJECT_ROOT),
               "TF_CPP_MIN_LOG_LEVEL": "2", "SANIC_HOST": "127.0.0.1", "UNION_VAR_DIR": str(self.workdir),
               "UNION_RASA_URL": self.rasa_url, "UNION_RASA_TOKEN": self.token, "UNION_WEB_PORT": str(self.web_port),
               "UNION_WEB_HOST": "127.0.0.1", "UNION_EVENTS_URL": self.events_url,
               "UNION_ACTIONS_TOKEN": self.actions_token, **self.extra_env}
        endpoints = self.workdir / "endpoints.yml"
        # As scripts/lib.sh write_endpoints: the secret comes from Rasa's environment.
        text = (f'action_endpoint:\n  url: "http://127.0.0.1:{self.actions_port}/webhook"\n'
                "  enable_selective_domain: true\n"
                "  headers:\n    Authorization: Bearer ${UNION_ACTIONS_TOKEN}\n") if self.with_actions else ""
        if self.tracker_db:
            text += f'tracker_store:\n  type: bot.tracker_store.WindowedSQLTrackerStore\n  dialect: sqlite\n  db: "{self.tracker_db}"\n'
        elif self.tracker_store:
            text += f"tracker_store:\n  type: {self.tracker_store}\n"
        if self.with_web:  # the console's analytics read Rasa's events
            text += f'event_broker:\n  type: SQL\n  dialect: sqlite\n  db: "{self.workdir / "rasa_events.db"}"\n'
        endpoints.write_text(text)
        if self.with_actions:
            self._spawn("actions", [sys.executable, "-m", "bot.action_server", "--port", str(self.actions_port), "--actions", "actions"], env)
        self.started_at = time.monotonic()
        # The Rasa server runs through bot.rasa_runtime (the rasa CLI plus measured fixes); it takes
        # its token from UNION_RASA_TOKEN.
        self._spawn("rasa", [sys.executable, "-m", "bot.rasa_runtime", "run", "--enable-api", "-i", "127.0.0.1",
                             "--port", str(self.rasa_port), "-m", str(self.model), "--endpoints", str(endpoints),
                             "--credentials", str(self.project / "credentials.yml")], env)
        if self.with_web:
            self._spawn("web", [sys.executable, "-m", "bot.web"], env)
        if self.with_actions:
            self._wait("actions", f"http://127.0.0.1:{self.actions_port}/health")
        self._wait("rasa", f"{self.rasa_url}/status?token={self.token}", needle="model_file")
        if self.with_web:
            self._wait("web", f"{self.web_url}/healthz")
        self.ready_seconds = time.monotonic() - self.started_at
        return self

    def restart(self, name: str) -> None:
        """Stops one process (as a crash or an upgrade would) and starts it again, ready."""
        proc = self.procs[name]
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        command, env = self._commands[name]
        self._spawn(name, command, env)
        url = {"actions": f"http://127.0.0.1:{self.actions_port}/health", "web": f"{self.web_url}/healthz",
               "rasa": f"{self.rasa_url}/status?token={self.token}"}[name]
        self._wait(name, url, needle="model_file" if name == "rasa" else None)

    def stop(self) -> None:
        for p in self.procs.values():
            p.terminate()
        for p in self.procs.values():
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()

    def __enter__(self) -> "Stack":
        try:
            return self.start()
        except BaseException:  # one process failed to start: the others must not outlive the run
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()
