"""The assistant exactly as a union starts it: ``./scripts/run`` (the default profile) or
``./scripts/prod`` (the production topology), run by the benchmarks with their own var directory
and, for scripts/run, free ports.

    with Shipped("run", workdir) as app:
        app.rasa_url, app.web_url   # Rasa's REST channel, the web app (widget socket, console)
        app.pid("rasa")             # a supervised process, for its CPU time and memory

Nothing is configured differently from what the script does for a user: the same supervisord
programs, endpoints (the windowed SQL conversation store on ``<var>/conversations.db``), secrets
and limits. The only settings passed are the var directory, the ports and ``UNION_RUN_SETUP=0``
(the venv, the front-end bundle and the model of this checkout are current: the caller checks).
"""
from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

from bot.config import PROJECT_ROOT
from devtools.stack import free_port, wait_for

SUPERVISORCTL = PROJECT_ROOT / ".venv" / "bin" / "supervisorctl"
READY = {"run": "The assistant is running.", "prod": "production topology is running"}
# Settings of the calling environment that would point the script elsewhere.
NOT_INHERITED = ("UNION_RASA_TOKEN", "UNION_ACTIONS_TOKEN", "UNION_SECRET_KEY", "UNION_DATABASE_URL",
                 "UNION_EVENTS_URL", "UNION_RASA_URL", "UNION_WEB_HOST", "UNION_WEB_PORT", "UNION_ACTIONS_HOST",
                 "UNION_RASA_PORT", "UNION_ACTIONS_PORT")


class Shipped:
    def __init__(self, script: str, workdir: Path, env: dict[str, str] | None = None):
        self.script, self.workdir = script, Path(workdir)
        self.var = self.workdir / "var"
        self.env = dict(env or {})
        if script == "run":
            ports = {"UNION_RASA_PORT": free_port(), "UNION_ACTIONS_PORT": free_port(), "UNION_WEB_PORT": free_port()}
            self.env = {**{k: str(v) for k, v in ports.items()}, **self.env}
            self.rasa_url = f"http://127.0.0.1:{self.env['UNION_RASA_PORT']}"
            self.web_url = f"http://127.0.0.1:{self.env['UNION_WEB_PORT']}"
            self.run_dir = self.var
        else:  # scripts/prod on its default ports: the replicas behind nginx (private REST), the public site
            self.rasa_url = f"http://127.0.0.1:{self.env.get('UNION_RASA_LB_PORT', '8082')}"
            self.web_url = f"http://127.0.0.1:{self.env.get('UNION_PROD_PORT', '8080')}"
            self.run_dir = self.var / "prod"
        self.proc: subprocess.Popen | None = None
        self.out = self.workdir / f"{script}.out"

    def output(self) -> str:
        return self.out.read_text(errors="replace") if self.out.exists() else ""

    def start(self) -> "Shipped":
        self.workdir.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
        env.update(self.env, UNION_VAR_DIR=str(self.var), UNION_RUN_SETUP="0", RASA_TELEMETRY_ENABLED="false")
        # Its own session: stopping it is what Ctrl-C in a terminal does.
        self.proc = subprocess.Popen(["bash", str(PROJECT_ROOT / "scripts" / self.script)], cwd=PROJECT_ROOT, env=env,
                                     stdin=subprocess.DEVNULL, stdout=self.out.open("w"), stderr=subprocess.STDOUT,
                                     start_new_session=True)
        marker = READY[self.script]
        wait_for(lambda: marker in self.output() or self.proc.poll() is not None, 600,
                 f"scripts/{self.script} did not print {marker!r}", lambda: self.output()[-3000:])
        if self.proc.poll() is not None:
            raise RuntimeError(f"scripts/{self.script} exited ({self.proc.returncode}) during start-up:\n"
                               f"{self.output()[-3000:]}")
        return self

    def pid(self, program: str) -> int | None:
        """The pid of a supervised program (actions, rasa, web; in production rasa1, nginx, …)."""
        r = subprocess.run([str(SUPERVISORCTL), "-c", str(self.run_dir / "supervisord.conf"), "pid", program],
                           capture_output=True, text=True)
        return int(r.stdout) if r.stdout.strip().isdigit() and int(r.stdout) > 0 else None

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)  # as a service manager stops it
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def __enter__(self) -> "Shipped":
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()
