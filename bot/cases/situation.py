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
from bot.common.text import normalize
from bot.common.phones import parse_phone

# Where an amount owed is stated: right after these words ("欠我八千多", "一共差一万二").
_OWED_BEFORE = re.compile(r"欠了?|拖欠|没发|没给|少发|少给|克扣|扣了|一共|总共|共计|还差|差了?|工钱|工资")
_WAGE_RATE = re.compile(r"月薪|底薪|时薪|日薪|一个月|每个月|每月|一天|每天|一小时|每小时|工价|单价")
# Words next to which a length of time is how long wages are owed.
_ARREARS = re.compile(r"欠|没发|没给|不发|不给|没结|不结|拖|压|没拿到|拿不到|没到账|没开")
# How long someone has worked somewhere is not how long wages are owed ("干了两年").
_WORKED = re.compile(r"干了|做了|上班|工作了|入职|干活|进厂|在这干|在那干")
_PEOPLE_CUE = re.compile(r"人|工友|兄弟|伙计|同事|师傅")
_INJURY = re.compile(r"伤|摔|砸|夹|轧|烫|割|断|骨折|事故|出事|掉下|碰到|扎到|卷进")
_EMPLOYER = re.compile(
    r"(?:在|给|帮)\s*([\u4e00-\u9fffA-Za-z0-9]{2,16}?(?:厂|公司|项目部|工地|集团|酒店|餐厅|饭店|超市|商场|医院|学校|物业|车队|站点|门店|店))"
)
_NOT_A_NAME = re.compile(r"一个|一家|那边|这边|那个|这个|那家|这家|我们|俺们|他们")
_WITNESS = re.compile(r"作证|证人|证明|愿意出面")
_PLATFORM = re.compile(r"外卖|骑手|快递|网约车|滴滴|美团|饿了么|货拉拉|跑腿|代驾|闪送|主播")
_CLAUSE = re.compile(r"(?:[，,。!！?？;；、\n]|\.(?!\d))+")  # "1.2万" keeps its point
WINDOW = 12
STORY_MIN_CHARS = 20  # characters of words (not punctuation) that make a message a situation told
_NOISE = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class Message:
    """One worker message: its text and the entities the NLU found in it."""

    text: str
    entities: Mapping[str, list[str]] | None = None


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in _CLAUSE.split(text) if c.strip()]


def _windows(t: str, cue: re.Pattern, before: int = WINDOW, after: int = WINDOW) -> list[str]:
    return [t[max(0, m.start() - before): m.end() + after] for m in cue.finditer(t)]


def _amount_owed(t: str) -> str | None:
    for clause in _clauses(t):
        for m in _OWED_BEFORE.finditer(clause):
            window = clause[m.start(): m.end() + WINDOW]
            if _WAGE_RATE.search(clause[max(0, m.start() - 4): m.end() + WINDOW]):
                continue  # "一个月工资五千": a wage, not what is owed
            amount = parsing.parse_amount(window)
            if amount is not None and amount.value > 0:
                return window
    return None


def _arrears_length(t: str, today: date) -> str | None:
    """"三个月没发", "欠了半年", or a length right after the arrears ("欠我1.2万，已经三个月了")."""
    clauses = _clauses(t)
    for i, clause in enumerate(clauses):
        if _ARREARS.search(clause):
            windows = _windows(clause, _ARREARS, before=10, after=8)
        elif i > 0 and _ARREARS.search(clauses[i - 1]) and not _WAGE_RATE.search(clause) and not _WORKED.search(clause):
            windows = [clause]
        else:
            continue
        for window in windows:
            d = parsing.parse_duration(window, today=today)
            if d is not None and d.months > 0:
                return window
    return None


def _workers(t: str) -> str | None:
    """"十几个人", "二十几个工友", "就我一个人": the words just before a word for people."""
    for clause in _clauses(t):
        for m in _PEOPLE_CUE.finditer(clause):
            window = clause[max(0, m.start() - 8): m.end()]
            count = parsing.parse_count(window)
            if count is not None and count.value > 0:
                return window
    return None


def _injury_date(t: str, today: date) -> str | None:
    for clause in _clauses(t):
        if not _INJURY.search(clause):
            continue
        if parsing.parse_date(clause, today=today) is not None:
            return clause
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
            "amount": _amount_owed(t),
            "since": _arrears_length(t, today),
            "workers": _workers(t),
            "employment": t if parsing.parse_employment(t) else None,
            "evidence": t if _evidence_stated(t) else None,
            "phone": parse_phone(t),
            "city": "".join(ents.get("city") or []) or None,
            "employer": _employer(t, ents.get("employer") or [], ents.get("city") or []),
            "injury_date": _injury_date(t, today),
            "work_type": (m.group(0) if (m := _PLATFORM.search(t)) else None),
            "story": raw.strip() if len(_NOISE.sub("", t)) >= STORY_MIN_CHARS else None,
        }
        found.update({k: v for k, v in candidates.items() if v})
    return found
