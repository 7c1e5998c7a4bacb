"""Starts the action server and the Rasa server (trained model) on free ports, against a
temporary SQLite database with the real FAQ content."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from bot.cli import migrate
from bot.config import PROJECT_ROOT
from bot.services.content import load_faq

MODEL = PROJECT_ROOT / "models" / "union.tar.gz"
RASA = Path(sys.executable).with_name("rasa")
TOKEN = "e2e-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, proc: subprocess.Popen, log: Path, seconds: int = 180, needle: str | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited during start-up:\n{log.read_text()[-3000:]}")
        try:
            r = requests.get(url, timeout=2)
            if r.ok and (needle is None or needle in r.text):
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} not ready after {seconds}s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run ./scripts/test (it trains the model first)")
    tmp = tmp_path_factory.mktemp("stack")
    db_url = f"sqlite:///{tmp / 'e2e.db'}"
    migrate(db_url)
    load_faq(db_url=db_url)
    actions_port, rasa_port = _free_port(), _free_port()
    (tmp / "endpoints.yml").write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n')
    env = {**os.environ, "UNION_DATABASE_URL": db_url, "PYTHONPATH": str(PROJECT_ROOT), "TF_CPP_MIN_LOG_LEVEL": "2",
           "SANIC_HOST": "127.0.0.1"}
    procs = []
    try:
        alog = tmp / "actions.log"
        procs.append(subprocess.Popen(
            [str(RASA), "run", "actions", "--port", str(actions_port), "--actions", "actions"],
            cwd=PROJECT_ROOT, env=env, stdout=alog.open("w"), stderr=subprocess.STDOUT))
        rlog = tmp / "rasa.log"
        procs.append(subprocess.Popen(
            [str(RASA), "run", "--enable-api", "--auth-token", TOKEN, "-i", "127.0.0.1", "--port", str(rasa_port),
             "-m", str(MODEL), "--endpoints", str(tmp / "endpoints.yml"), "--credentials", "credentials.yml"],
            cwd=PROJECT_ROOT, env=env, stdout=rlog.open("w"), stderr=subprocess.STDOUT))
        _wait(f"http://127.0.0.1:{actions_port}/health", procs[0], alog)
        _wait(f"http://127.0.0.1:{rasa_port}/status?token={TOKEN}", procs[1], rlog, needle="model_file")
        yield {"rasa": f"http://127.0.0.1:{rasa_port}", "db_url": db_url, "token": TOKEN}
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


@pytest.fixture
def say(stack):
    def _say(sender: str, text: str) -> list[dict]:
        r = requests.post(f"{stack['rasa']}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60)
        r.raise_for_status()
        return r.json()
    return _say
