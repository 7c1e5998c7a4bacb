"""The one place that reads the environment.

Every setting has a default that runs with no environment at all: SQLite and in-process
stores under the git-ignored ``var/`` folder of the project.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bot.common.facts import HOTLINE

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("UNION_VAR_DIR", PROJECT_ROOT / "var"))
DATA_DIR = PROJECT_ROOT / "data"


def _default_db_url() -> str:
    return f"sqlite:///{VAR_DIR / 'union.db'}"


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=lambda: os.environ.get("UNION_DATABASE_URL") or _default_db_url())
    rasa_url: str = field(default_factory=lambda: os.environ.get("UNION_RASA_URL", "http://127.0.0.1:5005"))
    # Rasa's API token: UNION_RASA_TOKEN, else the one scripts/run generated for this var dir.
    rasa_token: str = field(default_factory=lambda: _var_secret("UNION_RASA_TOKEN", "rasa-token", 24))
    hotline: str = HOTLINE
    # Live handoff hours: "schedule" (data/console/office_hours.yml, or UNION_OFFICE_HOURS_FILE),
    # "always" or "never" (demos and tests).
    office_hours: str = field(default_factory=lambda: (os.environ.get("UNION_OFFICE_HOURS") or "schedule").strip().lower())
    office_hours_file: str | None = field(default_factory=lambda: os.environ.get("UNION_OFFICE_HOURS_FILE") or None)
    # Alerts of urgent cases and waiting handoffs to an outside group (企业微信 group robot format):
    # UNION_ALERT_WEBHOOK (unset: none); the console link in them starts with UNION_CONSOLE_URL.
    alert_webhook: str | None = field(default_factory=lambda: os.environ.get("UNION_ALERT_WEBHOOK") or None)
    console_url: str = field(default_factory=lambda: (os.environ.get("UNION_CONSOLE_URL") or "http://localhost:8000/console").rstrip("/"))
    # FAQ match confidence thresholds (normalised BM25), tuned on held-out paraphrases: bench/faq_retrieval.py.
    faq_topic_threshold: float = field(default_factory=lambda: float(os.environ.get("UNION_FAQ_TOPIC_THRESHOLD", "0.10")))
    faq_global_threshold: float = field(default_factory=lambda: float(os.environ.get("UNION_FAQ_GLOBAL_THRESHOLD", "0.22")))
    # A message the classifier calls out of scope is still answered when it is a strong match
    # within the conversation's current topic (a follow-up such as "要准备啥证据").
    # The learned reranker picks among BM25's candidates (bot.knowledge.rerank); 0 turns it off.
    faq_rerank: bool = field(default_factory=lambda: os.environ.get("UNION_FAQ_RERANK", "1") != "0")
    faq_followup_threshold: float = field(default_factory=lambda: float(os.environ.get("UNION_FAQ_FOLLOWUP_THRESHOLD", "0.25")))
    # Rate limits (bot/common/ratelimit.py): counted in Redis when UNION_REDIS_HOST is set (the
    # production profile: every replica shares the counts), else in this process.
    # UNION_RATELIMIT=off turns them off (load benchmarks); UNION_RATELIMIT_<RULE>, e.g.
    # UNION_RATELIMIT_CHAT_SESSION=30/min or =20/min,300/day, changes one rule ("off" disables it).
    redis_url: str | None = field(default_factory=lambda: _redis_url())
    redis_prefix: str = field(default_factory=lambda: os.environ.get("UNION_REDIS_PREFIX") or "union")
    rate_limits: bool = field(default_factory=lambda: (os.environ.get("UNION_RATELIMIT") or "on").strip().lower() not in ("off", "0"))
    rate_overrides: dict = field(default_factory=lambda: {
        k[len("UNION_RATELIMIT_"):].lower(): v for k, v in os.environ.items() if k.startswith("UNION_RATELIMIT_")})


def _redis_url() -> str | None:
    host = os.environ.get("UNION_REDIS_HOST")
    if not host:
        return None
    from urllib.parse import quote

    password = os.environ.get("UNION_REDIS_PASSWORD") or ""
    auth = f":{quote(password, safe='')}@" if password else ""
    return f"redis://{auth}{host}:{os.environ.get('UNION_REDIS_PORT') or '6379'}/{os.environ.get('UNION_REDIS_DB') or '0'}"


def _var_secret(variable: str, file_name: str, nbytes: int) -> str:
    """The environment variable, else a random secret kept in var/<file_name> (created once, mode
    0600; scripts/lib.sh `ensure_secret` keeps the same files)."""
    if os.environ.get(variable):
        return os.environ[variable]
    import secrets

    path = VAR_DIR / file_name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it meanwhile
            return path.read_text().strip()
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(nbytes))
    return path.read_text().strip()


def _secret_key() -> str:
    """UNION_SECRET_KEY, else a random key kept in var/secret_key (created once, mode 0600)."""
    return _var_secret("UNION_SECRET_KEY", "secret_key", 48)


@dataclass(frozen=True)
class WebSettings:
    """The web app (widget, console, API)."""
    host: str = field(default_factory=lambda: os.environ.get("UNION_WEB_HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(os.environ.get("UNION_WEB_PORT", "8000")))
    # Session cookies are Secure by default (browsers accept them on http://localhost); set 0 only
    # behind a trusted plain-HTTP proxy.
    cookie_secure: bool = field(default_factory=lambda: os.environ.get("UNION_COOKIE_SECURE", "1") != "0")
    session_hours: int = field(default_factory=lambda: int(os.environ.get("UNION_SESSION_HOURS", "8")))
    # Where Rasa's events are read for analytics: the SQL event broker's database by default, or
    # in production the SQL tracker store's (both keep a table `events` with sender_id and data).
    events_url: str = field(default_factory=lambda: os.environ.get("UNION_EVENTS_URL") or f"sqlite:///{VAR_DIR / 'conversations.db'}")
    # Widget sockets one client address may hold open at once (a household or a dormitory shares one
    # address; one client opening hundreds would exhaust the proxy's connections).
    sockets_per_address: int = field(default_factory=lambda: int(os.environ.get("UNION_SOCKETS_PER_ADDRESS", "20")))


def get_web_settings() -> WebSettings:
    return WebSettings()


def get_settings() -> Settings:
    """The settings of the environment as it is now. Asked many times a message (every database
    session): the same environment gives the same settings, built once."""
    return _settings(VAR_DIR, _environment())


def _environment() -> tuple:
    """The UNION_* variables as they are now (the settings' cache key). Read from the environment's
    own dictionary where it has one: ``os.environ.items()`` decodes every variable of the process,
    which cost more than the rest of a database session's set-up."""
    data = getattr(os.environ, "_data", None)
    if isinstance(data, dict) and data:
        prefix = b"UNION_" if isinstance(next(iter(data)), bytes) else "UNION_"
        return tuple(sorted((k, v) for k, v in data.items() if k.startswith(prefix)))
    return tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("UNION_")))


@lru_cache(maxsize=16)
def _settings(var_dir: Path, environment: tuple) -> Settings:
    return Settings()
