"""Environment and one-off set-up of the production profile (scripts/prod, docker-compose.yml).

    python deploy/prodenv.py exports        shell `export` lines for every variable that
                                            deploy/endpoints.prod.yml reads (Rasa has no ${VAR:-default})
    python deploy/prodenv.py check          PostgreSQL and Redis reachable? (exit 1 with the reason)
    python deploy/prodenv.py tracker-table  create Rasa's tracker table (`events`) with Rasa's own DDL
    python deploy/prodenv.py render IN OUT  write IN with each ${UNION_...} replaced from the
                                            environment (an unset one is an error), others untouched

One source of truth for the database: UNION_DATABASE_URL (the URL the bot's services and the
Alembic migrations use). When it is unset and UNION_PG_HOST is set (docker-compose), the URL is
built from UNION_PG_*; otherwise it defaults to this machine's PostgreSQL. The UNION_PG_* variables
that Rasa's SQL tracker store reads are always derived from the URL, so the two cannot disagree.
"""
from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project (bot.tracker_store)

# Rasa's tracker store models are SQLAlchemy 1.x style; the warning says nothing to an operator.
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

DEFAULT_DATABASE_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
REDIS_DEFAULTS = {
    "UNION_REDIS_HOST": "127.0.0.1",
    "UNION_REDIS_PORT": "6379",
    "UNION_REDIS_DB": "1",  # Rasa's default lock-store database
    "UNION_REDIS_PASSWORD": "",
    "UNION_REDIS_PREFIX": "union",  # alphanumeric only (Rasa ignores any other prefix)
}


class ConfigError(Exception):
    pass


def database_url(env: dict[str, str]) -> str:
    from urllib.parse import quote

    if env.get("UNION_DATABASE_URL"):
        return env["UNION_DATABASE_URL"]
    if env.get("UNION_PG_HOST"):
        user = quote(env.get("UNION_PG_USER") or "postgres", safe="")
        password = env.get("UNION_PG_PASSWORD") or ""
        auth = f"{user}:{quote(password, safe='')}" if password else user
        return (f"postgresql+psycopg2://{auth}@{env['UNION_PG_HOST']}:{env.get('UNION_PG_PORT') or '5432'}"
                f"/{env.get('UNION_PG_DB') or 'union'}")
    return DEFAULT_DATABASE_URL


def derive(env: dict[str, str]) -> dict[str, str]:
    """Every variable the production processes need, from what is set (the rest defaulted)."""
    from urllib.parse import quote

    from sqlalchemy.engine import make_url

    url = database_url(env)
    u = make_url(url)
    if u.get_backend_name() != "postgresql":
        raise ConfigError(f"the production profile keeps tickets and trackers in PostgreSQL; UNION_DATABASE_URL is {u!r}")
    out = {
        "UNION_DATABASE_URL": url,
        "UNION_PG_HOST": u.host or "127.0.0.1",
        "UNION_PG_PORT": str(u.port or 5432),
        "UNION_PG_DB": u.database or "",
        "UNION_PG_USER": u.username or "postgres",
        "UNION_PG_PASSWORD": u.password or "",
    }
    if not out["UNION_PG_DB"]:
        raise ConfigError(f"UNION_DATABASE_URL names no database: {u!r}")
    for key, default in REDIS_DEFAULTS.items():
        out[key] = env.get(key, default)
    if out["UNION_REDIS_PREFIX"] and not out["UNION_REDIS_PREFIX"].isalnum():
        raise ConfigError(f"UNION_REDIS_PREFIX must be letters and digits only, not {out['UNION_REDIS_PREFIX']!r}")
    # The replicas' socket.io servers share one Redis channel, so a message for a worker's socket is
    # delivered by whichever replica holds it (bot/rasa_runtime.py).
    if "UNION_SOCKETIO_REDIS_URL" in env:
        out["UNION_SOCKETIO_REDIS_URL"] = env["UNION_SOCKETIO_REDIS_URL"]
    else:
        auth = f":{quote(out['UNION_REDIS_PASSWORD'], safe='')}@" if out["UNION_REDIS_PASSWORD"] else ""
        out["UNION_SOCKETIO_REDIS_URL"] = f"redis://{auth}{out['UNION_REDIS_HOST']}:{out['UNION_REDIS_PORT']}/{out['UNION_REDIS_DB']}"
    return out


def check(env: dict[str, str], timeout: float = 5.0) -> list[str]:
    """Problems reaching PostgreSQL and Redis (empty when both answer)."""
    import psycopg2
    import redis

    problems = []
    try:
        conn = psycopg2.connect(host=env["UNION_PG_HOST"], port=int(env["UNION_PG_PORT"]), dbname=env["UNION_PG_DB"],
                                user=env["UNION_PG_USER"], password=env["UNION_PG_PASSWORD"] or None,
                                connect_timeout=int(timeout))
        conn.close()
    except Exception as exc:  # noqa: BLE001 - the reason is what the operator needs
        problems.append(f"PostgreSQL at {env['UNION_PG_HOST']}:{env['UNION_PG_PORT']} database "
                        f"{env['UNION_PG_DB']!r} user {env['UNION_PG_USER']!r}: {str(exc).strip()}")
    try:
        redis.Redis(host=env["UNION_REDIS_HOST"], port=int(env["UNION_REDIS_PORT"]), db=int(env["UNION_REDIS_DB"]),
                    password=env["UNION_REDIS_PASSWORD"] or None, socket_timeout=timeout,
                    socket_connect_timeout=timeout).ping()
    except Exception as exc:  # noqa: BLE001
        problems.append(f"Redis at {env['UNION_REDIS_HOST']}:{env['UNION_REDIS_PORT']} db {env['UNION_REDIS_DB']}: {exc}")
    return problems


def create_tracker_table(db_url: str) -> None:
    """Rasa's SQL tracker store creates its tables when a replica starts; two replicas starting at
    once race on that CREATE TABLE (Rasa logs it and retries after 5 s). The one-shot set-up job
    creates them first (Rasa's own `events` definition, plus `tracker_windows` and an index of
    bot/tracker_store.py), so replicas find them. Idempotent."""
    from sqlalchemy import create_engine

    from bot.tracker_store import create_tables

    engine = create_engine(db_url)
    try:
        create_tables(engine)
    finally:
        engine.dispose()


def render(template: str, env: dict[str, str]) -> str:
    import re

    missing = sorted({m for m in re.findall(r"\$\{(UNION_[A-Z0-9_]+)\}", template) if m not in env})
    if missing:
        raise ConfigError(f"unset: {', '.join(missing)}")
    return re.sub(r"\$\{(UNION_[A-Z0-9_]+)\}", lambda m: env[m.group(1)], template)


def main(argv: list[str]) -> int:
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "render" and len(argv) == 4:
        from pathlib import Path

        try:
            Path(argv[3]).write_text(render(Path(argv[2]).read_text(), dict(os.environ)))
        except ConfigError as exc:
            print(f"{argv[2]}: {exc}", file=sys.stderr)
            return 2
        return 0
    try:
        env = derive(dict(os.environ))
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    if cmd == "exports":
        for key, value in env.items():
            print(f"export {key}={shlex.quote(value)}")
        return 0
    if cmd == "check":
        problems = check(env)
        for p in problems:
            print(f"not reachable: {p}", file=sys.stderr)
        return 1 if problems else 0
    if cmd == "tracker-table":
        create_tracker_table(env["UNION_DATABASE_URL"])
        print("Rasa tracker table (events) present")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
