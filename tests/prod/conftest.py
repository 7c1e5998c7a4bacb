"""The production topology without the load balancer: two action servers and two Rasa replicas
sharing one PostgreSQL tracker store and one Redis lock store (deploy/endpoints.prod.yml).

It never touches the shared database's tables: it creates a throwaway database
(union_prod_test_<time>_<random>) next to the one named by UNION_TEST_PG_URL, migrates it, and drops
it at the end; Rasa's locks go to their own Redis database and key prefix (UNION_TEST_REDIS_URL).
Where PostgreSQL or Redis does not answer, every test here is skipped, with the reason.

    UNION_TEST_PG_URL     default postgresql://postgres@127.0.0.1:5432/test  (needs CREATEDB)
    UNION_TEST_REDIS_URL  default redis://127.0.0.1:6379/14
    UNION_TEST_ENDPOINTS  default deploy/endpoints.prod.yml (e.g. a copy with Rasa's stock
                          `type: redis` lock store, to see what bot/lock_store.py fixes)
    UNION_TEST_BURST_ROUNDS  rounds of test_repeated_bursts (default 6)
"""
from __future__ import annotations

import importlib.util
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import requests

from bot.config import PROJECT_ROOT
from devtools.stack import free_port, wait_until_ready

MODEL = PROJECT_ROOT / "models" / "union.tar.gz"
ENDPOINTS = Path(os.environ.get("UNION_TEST_ENDPOINTS", PROJECT_ROOT / "deploy" / "endpoints.prod.yml"))
CREDENTIALS = PROJECT_ROOT / "deploy" / "credentials.prod.yml"
TOKEN = "prod-test-token"
PG_URL = os.environ.get("UNION_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("UNION_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
DB_PREFIX = "union_prod_test_"
STALE_AFTER_S = 6 * 3600  # a throwaway database left by a killed run is dropped by a later run


def _prodenv():
    """deploy/prodenv.py, the same code scripts/prod and the containers use."""
    spec = importlib.util.spec_from_file_location("union_prodenv", PROJECT_ROOT / "deploy" / "prodenv.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _admin_connection():
    import psycopg2

    conn = psycopg2.connect(PG_URL, connect_timeout=3)
    conn.autocommit = True
    return conn


def _unreachable() -> str | None:
    """Why PostgreSQL or Redis cannot be used, or None."""
    import redis

    reasons = []
    try:
        _admin_connection().close()
    except Exception as exc:  # noqa: BLE001
        reasons.append(f"PostgreSQL {_safe(PG_URL)}: {str(exc).strip().splitlines()[0]}")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3, socket_timeout=3).ping()
    except Exception as exc:  # noqa: BLE001
        reasons.append(f"Redis {REDIS_URL}: {exc}")
    return "; ".join(reasons) or None


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return repr(make_url(url))  # password masked


def _drop_database(cur, name: str) -> None:
    cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _drop_stale_databases(cur) -> None:
    cur.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", (DB_PREFIX + "%",))
    for (name,) in cur.fetchall():
        try:
            created = int(name[len(DB_PREFIX):].split("_")[0])
        except ValueError:
            continue
        if time.time() - created > STALE_AFTER_S:
            _drop_database(cur, name)


@pytest.fixture(scope="module")
def replicas(tmp_path_factory):
    reason = _unreachable()
    if reason:
        pytest.skip(f"PostgreSQL/Redis not reachable: {reason}")
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run ./scripts/test (it trains the model first)")

    import redis
    from sqlalchemy.engine import make_url

    from bot.cli import migrate
    from bot.db.session import get_engine
    from bot.knowledge.content import load_faq

    prodenv = _prodenv()
    tmp = tmp_path_factory.mktemp("prod")
    db_name = f"{DB_PREFIX}{int(time.time())}_{secrets.token_hex(3)}"
    db_url = make_url(PG_URL).set(drivername="postgresql+psycopg2", database=db_name).render_as_string(hide_password=False)
    redis_url = urlsplit(REDIS_URL)
    key_prefix = f"uniontest{secrets.token_hex(4)}"
    red = redis.Redis.from_url(REDIS_URL)

    admin = _admin_connection()
    procs: list[subprocess.Popen] = []
    try:
        with admin.cursor() as cur:
            _drop_stale_databases(cur)
            cur.execute(f'CREATE DATABASE "{db_name}"')
        migrate(db_url)
        load_faq(db_url=db_url)
        get_engine(db_url).dispose()
        # As scripts/prod and the migrate container do it.
        subprocess.run([sys.executable, str(PROJECT_ROOT / "deploy" / "prodenv.py"), "tracker-table"], check=True,
                       env={**os.environ, "UNION_DATABASE_URL": db_url}, stdout=subprocess.DEVNULL)

        env = {**os.environ, **prodenv.derive({
            "UNION_DATABASE_URL": db_url,
            "UNION_REDIS_HOST": redis_url.hostname or "127.0.0.1",
            "UNION_REDIS_PORT": str(redis_url.port or 6379),
            "UNION_REDIS_DB": redis_url.path.strip("/") or "0",
            "UNION_REDIS_PASSWORD": unquote(redis_url.password or ""),
            "UNION_REDIS_PREFIX": key_prefix,
        }), "PYTHONPATH": str(PROJECT_ROOT), "TF_CPP_MIN_LOG_LEVEL": "2", "SANIC_HOST": "127.0.0.1",
            "RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "SQL_POOL_SIZE": "5", "SQL_MAX_OVERFLOW": "5",  # as scripts/prod
            "UNION_RASA_TOKEN": TOKEN, "UNION_ACTIONS_TOKEN": secrets.token_urlsafe(24),
            # Redis pub/sub channels are server-wide (not per database): one of our own.
            "UNION_SOCKETIO_CHANNEL": f"{key_prefix}-socketio"}

        actions_ports = [free_port(), free_port()]
        rasa_ports = [free_port(), free_port()]
        waits = []
        for i, port in enumerate(actions_ports):
            log = tmp / f"actions-{i + 1}.log"
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "bot.action_server", "--port", str(port), "--actions", "actions"],
                cwd=PROJECT_ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT))
            waits.append((f"http://127.0.0.1:{port}/health", procs[-1], log, None))
        for i, port in enumerate(rasa_ports):
            # Started as in production (bot.rasa_runtime: the rasa CLI with a measured fix). Each
            # replica calls its own action server: any replica with any action server must work.
            log = tmp / f"rasa-{i + 1}.log"
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "bot.rasa_runtime", "run", "--enable-api", "-i", "127.0.0.1", "--port", str(port),
                 "-m", str(MODEL), "--endpoints", str(ENDPOINTS), "--credentials", str(CREDENTIALS)],
                cwd=PROJECT_ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT,
                env={**env, "UNION_ACTION_ENDPOINT": f"http://127.0.0.1:{actions_ports[i]}/webhook"}))
            waits.append((f"http://127.0.0.1:{port}/status?token={TOKEN}", procs[-1], log, "model_file"))
        started = time.monotonic()
        deadline = started + 240
        for url, proc, log, needle in waits:
            wait_until_ready(url, proc, log, deadline, needle)
        yield {
            "a": f"http://127.0.0.1:{rasa_ports[0]}",
            "b": f"http://127.0.0.1:{rasa_ports[1]}",
            "token": TOKEN,
            "db_url": db_url,
            "startup_s": time.monotonic() - started,
            "logs": tmp,
            "redis": red,
            "lock_key": lambda conversation_id: f"{key_prefix}:lock:{conversation_id}",
        }
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        try:
            get_engine(db_url).dispose()
        except Exception:  # noqa: BLE001
            pass
        with admin.cursor() as cur:
            _drop_database(cur, db_name)
        admin.close()
        for key in red.scan_iter(f"{key_prefix}:*"):
            red.delete(key)


@pytest.fixture
def say():
    def _say(base: str, sender: str, text: str) -> list[dict]:
        r = requests.post(f"{base}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=120)
        r.raise_for_status()
        return r.json()
    return _say


@pytest.fixture
def tracker_events(replicas):
    def _events(sender: str, base: str | None = None) -> list[dict]:
        r = requests.get(f"{base or replicas['a']}/conversations/{sender}/tracker",
                         params={"token": replicas["token"]}, timeout=30)
        r.raise_for_status()
        return r.json()["events"]
    return _events


@pytest.fixture
def pg(replicas):
    """Runs one query on the throwaway database."""
    import psycopg2

    def _query(sql: str, *args):
        conn = psycopg2.connect(replicas["db_url"].replace("postgresql+psycopg2", "postgresql"))
        try:
            with conn.cursor() as cur:
                cur.execute(sql, args)
                return cur.fetchall()
        finally:
            conn.close()
    return _query
