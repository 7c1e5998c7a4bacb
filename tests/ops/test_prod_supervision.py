"""The production profile as ./scripts/prod starts it (nginx, two action servers, two Rasa replicas
and the web app under supervisord), on a throwaway PostgreSQL database and its own Redis key prefix
(as tests/prod); skipped where PostgreSQL, Redis or nginx is missing. Killed outright, an action
server and nginx itself come back while the rest keeps answering."""
from __future__ import annotations

import secrets
import shutil
import time
from urllib.parse import unquote, urlsplit

import pytest

from devtools.stack import free_port
from tests.ops.supervised import MODEL, Supervised, answers, say, wait_for
from tests.prod.conftest import DB_PREFIX, PG_URL, REDIS_URL, _admin_connection, _drop_database, _unreachable


def _nginx_workers(stack: Supervised) -> list[int]:
    return [pid for pid, line in zip(stack.pids(), stack.command_lines()) if line.startswith("nginx: worker")]


@pytest.fixture(scope="module")
def prod(tmp_path_factory):
    reason = _unreachable()
    if reason:
        pytest.skip(f"PostgreSQL/Redis not reachable: {reason}")
    if not (shutil.which("nginx") or shutil.which("/usr/sbin/nginx")):
        pytest.skip("nginx is not installed (scripts/prod installs it: apt-get install -y nginx)")
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run ./scripts/test (it trains the model first)")
    from sqlalchemy.engine import make_url

    db_name = f"{DB_PREFIX}{int(time.time())}_{secrets.token_hex(3)}"
    db_url = make_url(PG_URL).set(drivername="postgresql+psycopg2", database=db_name).render_as_string(hide_password=False)
    redis = urlsplit(REDIS_URL)
    prefix = f"uniontest{secrets.token_hex(4)}"
    ports = {"UNION_PROD_PORT": free_port(), "UNION_ACTIONS_LB_PORT": free_port(), "UNION_RASA_LB_PORT": free_port()}
    env = {k: str(v) for k, v in ports.items()}
    env.update(UNION_DATABASE_URL=db_url, UNION_REDIS_HOST=redis.hostname or "127.0.0.1",
               UNION_REDIS_PORT=str(redis.port or 6379), UNION_REDIS_DB=redis.path.strip("/") or "0",
               UNION_REDIS_PASSWORD=unquote(redis.password or ""), UNION_REDIS_PREFIX=prefix,
               UNION_SOCKETIO_CHANNEL=f"{prefix}-socketio", UNION_PROD_LISTEN="127.0.0.1",
               UNION_PROD_RASA_PORTS=f"{free_port()} {free_port()}",
               UNION_PROD_ACTIONS_PORTS=f"{free_port()} {free_port()}", UNION_PROD_WEB_PORTS=str(free_port()))
    admin = _admin_connection()
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{db_name}"')
    stack = Supervised("prod", tmp_path_factory.mktemp("prod-supervised"), env, run_dir="prod")
    stack.public = f"http://127.0.0.1:{ports['UNION_PROD_PORT']}"
    stack.rest = f"http://127.0.0.1:{ports['UNION_RASA_LB_PORT']}"  # the REST channel is not public
    stack.actions = [f"http://127.0.0.1:{p}" for p in env["UNION_PROD_ACTIONS_PORTS"].split()]
    try:
        stack.wait_ready("The production topology is running")
        yield stack
    finally:
        stack.stop()
        with admin.cursor() as cur:
            _drop_database(cur, db_name)
        admin.close()


def test_no_secret_on_a_command_line(prod):
    values = [prod.secret(name) for name in ("rasa-token", "actions-token", "secret-key")]
    lines = prod.command_lines()
    assert len(lines) >= 8  # the script, supervisord, 2 action servers, 2 replicas, web, nginx
    assert not any(value in line for value in values for line in lines)


def test_a_killed_action_server_comes_back_while_the_replicas_keep_answering(prod):
    others = {p: prod.pid(p) for p in ("actions2", "rasa1", "rasa2", "web1", "nginx")}
    old = prod.kill("actions1")
    replies = 0
    while not (prod.restarted("actions1", old) and answers(f"{prod.actions[0]}/health")):
        assert say(prod.rest, f"prod-supervision-{replies}", "老板欠了我三个月工资，去哪里投诉")
        replies += 1
        assert replies < 400, f"actions1 did not come back\n{prod.logs()}"
    assert replies >= 1
    assert {p: prod.pid(p) for p in others} == others


def test_a_killed_nginx_comes_back_without_its_old_workers(prod):
    old_workers = set(_nginx_workers(prod))
    assert old_workers
    old = prod.kill("nginx")
    # The dead master's workers held the ports (and answered meanwhile): they are stopped, and the
    # new master serves.
    wait_for(lambda: prod.restarted("nginx", old) and not old_workers & set(_nginx_workers(prod))
             and answers(f"{prod.public}/healthz"), 180, "nginx back without the old workers", prod.logs)
    assert say(prod.rest, "prod-supervision-nginx", "你好")
    wait_for(lambda: "RUNNING" in prod.ctl("status", "nginx"), 120, "nginx stays up", prod.logs)


def test_behind_nginx_each_worker_is_known_by_their_own_address(prod):
    """The web app's limits are per client address, so behind nginx it must see the worker's, not
    nginx's: widgets from many addresses all open, while one address is still held to its limit.
    (A location that set its own headers once hid the address: the 21st widget in all was refused.)"""
    import asyncio

    import websockets

    from bot.config import get_web_settings

    limit = get_web_settings().sockets_per_address
    url = prod.public.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    # an earlier test here kills nginx and its web app's upstream: both serve again first
    wait_for(lambda: answers(f"{prod.public}/healthz"), 120, "the public site answering again", prod.logs)

    async def run():
        opened = []
        try:
            for i in range(limit + 5):  # each from its own address: all accepted
                opened.append(await websockets.connect(url, local_addr=(f"127.3.0.{i + 1}", 0), open_timeout=30))
            for _ in range(limit):  # one address up to its limit
                opened.append(await websockets.connect(url, local_addr=("127.3.1.1", 0), open_timeout=30))
            with pytest.raises(websockets.exceptions.InvalidStatusCode) as refused:
                opened.append(await websockets.connect(url, local_addr=("127.3.1.1", 0), open_timeout=30))
            assert refused.value.status_code == 403
        finally:
            for ws in opened:
                await ws.close()

    asyncio.run(run())


def test_ctrl_c_stops_every_process(prod):
    prod.ctrl_c()
