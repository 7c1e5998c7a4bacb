"""The facts a worker has already told, found in their own words.

A worker tells the situation in one message ("在东莞长安镇鑫达五金厂干了两年 老板三个月没发工资
欠我八千多 车间十几个人都没拿到 我上个月辞职了 有工资条") and expects not to be asked it all again.
``facts`` finds each fact in the messages and returns the words that state it (a snippet), so that
a form reads the snippet with the same reader, the same checks and the same read-back as a direct
answer. Each fact is looked for near the words that introduce it (an amount after 欠, a length of
time next to 没发, a count next to 人), so that "干了两年" is not taken for how long wages are
owed and a monthly wage is not taken for the amount owed. What is not clearly stated is left out,
and the form asks for it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Mapping

from bot.common import clock
from bot.cases import parsing
from bot.cases.parsing.story import amount_owed, arrears_length, clauses, injury_date
from bot.common.text import normalize
from bot.common.phones import parse_phone

_PEOPLE_CUE = re.compile(r"人|工友|兄弟|伙计|同事|师傅")
_EMPLOYER = re.compile(
    r"(?:在|给|帮)\s*([\u4e00-\u9fffA-Za-z0-9]{2,16}?(?:厂|公司|项目部|工地|集团|酒店|餐厅|饭店|超市|商场|医院|学校|物业|车队|站点|门店|店))"
)
_NOT_A_NAME = re.compile(r"一个|一家|那边|这边|那个|这个|那家|这家|我们|俺们|他们")
_WITNESS = re.compile(r"作证|证人|证明|愿意出面")
_PLATFORM = re.compile(r"外卖|骑手|快递|网约车|滴滴|美团|饿了么|货拉拉|跑腿|代驾|闪送|主播")
STORY_MIN_CHARS = 20  # characters of words (not punctuation) that make a message a situation told
_NOISE = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class Message:
    """One worker message: its text and the entities the NLU found in it."""

    text: str
    entities: Mapping[str, list[str]] | None = None


def _workers(t: str) -> str | None:
    """"十几个人", "二十几个工友", "就我一个人": the words just before a word for people."""
    for clause in clauses(t):
        for m in _PEOPLE_CUE.finditer(clause):
            window = clause[max(0, m.start() - 8): m.end()]
            count = parsing.parse_count(window)
            if count is not None and count.value > 0:
                return window
    return None


def _evidence_stated(t: str) -> bool:
    """Evidence named as such: co-workers mentioned in a story are not yet witnesses."""
    found = parsing.parse_evidence(t) or []
    return bool([e for e in found if e != "witnesses"]) or ("witnesses" in found and bool(_WITNESS.search(t)))


def _employer(t: str, entities: Iterable[str], cities: Iterable[str]) -> str | None:
    for name in entities:
        if name and len(name) >= 2:
            return name
    m = _EMPLOYER.search(t)
    if not m:
        return None
    name = m.group(1)
    for city in cities:  # "东莞长安镇鑫达五金厂": the place is its own field
        if city and name.startswith(city) and len(name) > len(city) + 1:
            name = name[len(city):]
    return None if _NOT_A_NAME.search(name) else name  # "一个电子厂" describes, it does not name


def facts(messages: Iterable[Message], today: date | None = None) -> dict[str, str]:
    """fact name -> the worker's words stating it, from the latest message that states it.

    Facts: amount (owed), since (how long owed), workers (how many owed), employment (still
    there or left), evidence, phone, city, employer, injury_date, work_type (a platform job), and
    story: the latest message long enough to tell a situation (its own words, for a message to staff)."""
    today = today or clock.today()
    found: dict[str, str] = {}
    for message in messages:
        raw = message.text or ""
        if not raw.strip() or raw.lstrip().startswith("/"):
            continue
        t = normalize(raw)
        ents = message.entities or {}
        candidates = {
            "amount": amount_owed(t),
            "since": arrears_length(t, today),
            "workers": _workers(t),
            "employment": t if parsing.parse_employment(t) else None,
            "evidence": t if _evidence_stated(t) else None,
            "phone": parse_phone(t),
            "city": "".join(ents.get("city") or []) or None,
            "employer": _employer(t, ents.get("employer") or [], ents.get("city") or []),
            "injury_date": injury_date(t, today),
            "work_type": (m.group(0) if (m := _PLATFORM.search(t)) else None),
            "story": raw.strip() if len(_NOISE.sub("", t)) >= STORY_MIN_CHARS else None,
        }
        found.update({k: v for k, v in candidates.items() if v})
    return found
