"""The one place that reads the environment.

Every setting has a default that runs with no environment at all: SQLite and in-process
stores under the git-ignored ``var/`` folder of the project.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("UNION_VAR_DIR", PROJECT_ROOT / "var"))
DATA_DIR = PROJECT_ROOT / "data"


def _default_db_url() -> str:
    return f"sqlite:///{VAR_DIR / 'union.db'}"


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=lambda: os.environ.get("UNION_DATABASE_URL") or _default_db_url())
    rasa_url: str = field(default_factory=lambda: os.environ.get("UNION_RASA_URL", "http://127.0.0.1:5005"))
    rasa_token: str = field(default_factory=lambda: os.environ.get("UNION_RASA_TOKEN", "dev-token-change-me"))
    hotline: str = "12351"
    # FAQ match confidence thresholds (normalised BM25), tuned on held-out paraphrases: bench/faq_retrieval.py.
    faq_topic_threshold: float = field(default_factory=lambda: float(os.environ.get("UNION_FAQ_TOPIC_THRESHOLD", "0.10")))
    faq_global_threshold: float = field(default_factory=lambda: float(os.environ.get("UNION_FAQ_GLOBAL_THRESHOLD", "0.22")))
    # A message the classifier calls out of scope is still answered when it is a strong match
    # within the conversation's current topic (a follow-up such as "要准备啥证据").
    faq_followup_threshold: float = field(default_factory=lambda: float(os.environ.get("UNION_FAQ_FOLLOWUP_THRESHOLD", "0.25")))


def get_settings() -> Settings:
    return Settings()
