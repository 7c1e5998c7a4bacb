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


# Words of a worker's own job: within a conversation about work, a message holding them ("物业经理说签的
# 是劳务协议 出事找保险公司去", "车是租赁公司的 每天交租金 平台显示有职业伤害保障") is more of that
# matter, not a landlord's or an insurer's business to refer elsewhere.
_WORK = re.compile(r"老板|老细|(?<!保险)(?<!租赁)(?<!理财)公司|单位|厂里|工厂|车间|工地|上班|干活|打工|做工|经理|主管|HR|人事"
                   r"|平台|骑手|派遣|实习|劳务|劳动|雇主|东家|工伤|受伤|工资|工钱|辞退|开除|社保|合同|入职|离职|岗位|加班")


def about_work(text: str) -> bool:
    """Whether a message speaks of the worker's own job (its employer, work, pay, injury)."""
    return bool(_WORK.search(normalize(text or "")))


def referral_for(text: str) -> Referral | None:
    """Where to send this out-of-scope question, or None for plain chit-chat."""
    t = normalize(text)
    if not t or t.startswith("/"):
        return None
    for pattern, referral in _areas():
        if pattern.search(t):
            return referral
    return None
