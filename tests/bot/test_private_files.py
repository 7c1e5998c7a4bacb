"""Files the service makes are private: the default profile's database, logs and var/ files are
readable by the user running it only (bot.cli sets the umask and fixes files made before)."""
from __future__ import annotations

import os
import stat
import subprocess
import sys

from bot.config import PROJECT_ROOT


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_migrate_on_a_fresh_var_dir_makes_private_files_and_fixes_old_ones(tmp_path):
    var = tmp_path / "var"
    (var / "log").mkdir(parents=True)
    old_log = var / "log" / "assistant.log"
    old_log.write_text("made before, world-readable\n")
    old_log.chmod(0o644)
    (var / "log").chmod(0o755)
    var.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("UNION_DATABASE_URL", "UNION_EVENTS_URL")}
    env.update(UNION_VAR_DIR=str(var), PYTHONPATH=str(PROJECT_ROOT))
    done = subprocess.run([sys.executable, "-m", "bot.cli", "migrate"], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=300, preexec_fn=lambda: os.umask(0o022))
    assert done.returncode == 0, done.stderr
    made = sorted(p for p in var.rglob("*"))
    assert var / "union.db" in made
    for path in [var, *made]:
        assert _mode(path) & 0o077 == 0, (path, oct(_mode(path)))
    assert _mode(var / "union.db") == 0o600 and _mode(old_log) == 0o600 and _mode(var) == 0o700


def test_the_scripts_set_a_private_umask():
    lib = (PROJECT_ROOT / "scripts" / "lib.sh").read_text()
    assert "\numask 077\n" in lib
    done = subprocess.run(["bash", "-c", f"source {PROJECT_ROOT / 'scripts' / 'lib.sh'} && umask"],
                          capture_output=True, text=True, timeout=60, env={**os.environ, "UNION_VAR_DIR": "/nonexistent"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0077"
