"""A start script (scripts/run, scripts/prod) run as a user runs it, in its own session, for the
fault tests: its supervisor's processes by name, their pids, their logs, Ctrl-C."""
from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
import requests

from bot.config import PROJECT_ROOT
from devtools import stack
from devtools.shipped import NOT_INHERITED  # settings of the calling environment that would point it elsewhere

MODEL = PROJECT_ROOT / "models" / "union.tar.gz"
SUPERVISORCTL = PROJECT_ROOT / ".venv" / "bin" / "supervisorctl"


def session_pids(sid: int) -> list[int]:
    """Every live process of the session (the script, supervisord and what it started)."""
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
    try:
        return stack.wait_for(condition, seconds, what, log)
    except TimeoutError as exc:
        pytest.fail(str(exc))


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=10).status_code == 200
    except requests.RequestException:
        return False


def say(base: str, sender: str, text: str) -> list[dict]:
    r = requests.post(f"{base}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=120)
    assert r.status_code == 200, r.text
    return r.json()


class Supervised:
    """`script` started with `env` (UNION_RUN_SETUP=0: the venv, bundle and model of this checkout,
    which ./scripts/test builds first); `var` is its UNION_VAR_DIR, `run_dir` where its
    supervisord.conf, logs and secrets are."""

    def __init__(self, script: str, root: Path, env: dict[str, str], run_dir: str = ""):
        self.var = root / "var"
        self.run_dir = self.var / run_dir if run_dir else self.var
        self.out = root / "script.out"
        full = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
        full.update(env, UNION_VAR_DIR=str(self.var), UNION_RUN_SETUP="0", RASA_TELEMETRY_ENABLED="false")
        # Its own session: every process it starts is found by session id; a signal to the process
        # group is what Ctrl-C in a terminal sends.
        self.proc = subprocess.Popen(["bash", str(PROJECT_ROOT / "scripts" / script)], cwd=PROJECT_ROOT, env=full,
                                     stdin=subprocess.DEVNULL, stdout=self.out.open("w"),
                                     stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, marker: str, seconds: float = 600) -> None:
        wait_for(lambda: marker in self.output() or self.proc.poll() is not None, seconds,
                 f"the script did not print {marker!r}", self.logs)
        if self.proc.poll() is not None:
            pytest.fail(f"the script exited ({self.proc.returncode}) during start-up:\n{self.logs()}")

    def output(self) -> str:
        return self.out.read_text(errors="replace")

    def logs(self) -> str:
        parts = [self.output()[-3000:]]
        for log in sorted((self.run_dir / "log").glob("*.log")):
            parts.append(f"--- {log.name}\n{log.read_text(errors='replace')[-2000:]}")
        return "\n".join(parts)

    def ctl(self, *args: str) -> str:
        return subprocess.run([str(SUPERVISORCTL), "-c", str(self.run_dir / "supervisord.conf"), *args],
                              capture_output=True, text=True, timeout=60).stdout.strip()

    def pid(self, program: str) -> int:
        out = self.ctl("pid", program)
        return int(out) if out.isdigit() else 0

    def secret(self, name: str) -> str:
        return (self.run_dir / name).read_text().strip()

    def pids(self) -> list[int]:
        return session_pids(self.proc.pid)

    def command_lines(self) -> list[str]:
        lines = []
        for pid in self.pids():
            try:
                lines.append(Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"))
            except OSError:
                pass
        return lines

    def kill(self, program: str) -> int:
        """SIGKILL to the program's process; returns its old pid."""
        old = self.pid(program)
        assert old, self.ctl("status")
        os.kill(old, signal.SIGKILL)
        return old

    def restarted(self, program: str, old: int) -> bool:
        return self.pid(program) not in (0, old)

    def ctrl_c(self) -> None:
        os.killpg(self.proc.pid, signal.SIGINT)
        self.proc.wait(timeout=120)
        wait_for(lambda: not self.pids(), 60, "every process stopped", self.logs)

    def stop(self) -> None:
        """Teardown: the script's own exit first, then whatever a failed test left."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                pass
        for pid in self.pids():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
