"""Questions about other law or other services get a referral, not a labour answer.

A worker who asks about a divorce, a landlord's deposit, a weekend car scrape or a friend's unpaid
loan is not helped by labour law; a union hotline operator would say where to go. The classifier
already calls such messages out of scope; this module says where the person can get help
(data/referrals/referrals.yml: 12348 for legal consultation, and the office for the matter).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from bot.config import DATA_DIR
from bot.common.text import normalize

REFERRALS_FILE = DATA_DIR / "referrals" / "referrals.yml"


@dataclass(frozen=True)
class Referral:
    key: str
    label: str
    reply: str


@lru_cache(maxsize=1)
def _areas() -> tuple[tuple[re.Pattern, Referral], ...]:
    data = yaml.safe_load(REFERRALS_FILE.read_text(encoding="utf-8")) or {}
    return tuple((re.compile(a["pattern"]), Referral(a["key"], a["label"], a["reply"].strip()))
                 for a in data.get("areas") or [])


def referral_for(text: str) -> Referral | None:
    """Where to send this out-of-scope question, or None for plain chit-chat."""
    t = normalize(text)
    if not t or t.startswith("/"):
        return None
    for pattern, referral in _areas():
        if pattern.search(t):
            return referral
    return None
