"""Facts inside a worker's whole story, each looked for near the words that introduce it.

A story runs on ("在鑫达五金厂干了两年 老板三个月没发工资 欠我八千多"), so a number means what
its neighbours say: an amount after 欠 is what is owed, a length next to 没发 is how long, and
"干了两年" is how long someone worked, not how long wages are owed. These helpers return the
worker's words that state a fact (a snippet), for the short-answer parsers to read; they are
shared by the intake forms' story reader (``bot.cases.situation``) and the profile
(``bot.cases.profile``).
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from bot.cases.parsing.dates import parse_date, parse_duration
from bot.cases.parsing.numbers import parse_amount

# Where an amount owed is stated: right after these words ("欠我八千多", "一共差一万二").
OWED_BEFORE = re.compile(r"欠了?|拖欠|没发|没给|少发|少给|克扣|扣了|一共|总共|共计|还差|差了?|工钱|工资")
WAGE_RATE = re.compile(r"月薪|底薪|时薪|日薪|一个月|每个月|每月|一天|每天|一小时|每小时|工价|单价")
# Words next to which a length of time is how long wages are owed.
ARREARS = re.compile(r"欠|没发(?!退休金|养老金|退休工资)|没给(?!交|缴|买|签|办|上保险|上社保)|不发(?!退休金|养老金|退休工资)"
                     r"|不给(?!交|缴|买|签|办|上保险|上社保)|没结|不结"
                     r"|拖(?![^，。,；;]{0,8}签)|没拿到"  # 拖着没签合同 puts off a contract, not wages
                     # 压着两个月工资, not 压断 (an injury)
                     r"|压(?:了|着)?(?:我|我们)?(?:的)?(?:工资|工钱|钱|薪|[一两三四五六七八九十0-9]+个?(?:多)?月)"
                     r"|拿不到|没到账|没开")  # 没给交社保 is not wages owed
# How long someone has worked somewhere is not how long wages are owed ("干了两年").
WORKED = re.compile(r"干了|做了|上班|工作了|入职|干活|进厂|在这干|在那干")
INJURY = re.compile(r"伤|摔|砸|夹|轧|烫|割|断|骨折|事故|出事|掉下|碰到|扎到|卷进")
_CLAUSE = re.compile(r"(?:[，,。!！?？;；、\n]|\.(?!\d))+")  # "1.2万" keeps its point
WINDOW = 12
_NUMERAL = re.compile(r"[0-9零〇一二两三四五六七八九十百千万半几俩仨]|去年|前年|今年")


def clauses(text: str) -> list[str]:
    """The text cut at punctuation, empty pieces dropped."""
    return list(_cut(text))


@lru_cache(maxsize=64)
def _cut(text: str) -> tuple[str, ...]:  # a story is cut once, however many facts are read in it
    return tuple(c.strip() for c in _CLAUSE.split(text) if c.strip())


def windows(t: str, cue: re.Pattern, before: int = WINDOW, after: int = WINDOW) -> list[str]:
    """The words around each place ``cue`` is found."""
    return [t[max(0, m.start() - before): m.end() + after] for m in cue.finditer(t)]


def amount_owed(t: str) -> str | None:
    """The words stating an amount owed ("欠我八千多块"); a wage rate nearby is not one."""
    for clause in clauses(t):
        for m in OWED_BEFORE.finditer(clause):
            window = clause[m.start(): m.end() + WINDOW]
            if not _NUMERAL.search(window):
                continue
            if WAGE_RATE.search(clause[max(0, m.start() - 4): m.end() + WINDOW]):
                continue  # "一个月工资五千": a wage, not what is owed
            amount = parse_amount(window)
            # a bare small number is a month or a count ("到现在8 9 10三个月了"), not money owed;
            # an amount under 100 is taken only with its unit ("欠我80块")
            if amount is not None and amount.value > 0 and (amount.value >= 100 or _MONEY_UNIT.search(window)):
                return window
    return None


_MONEY_UNIT = re.compile(r"[元块万]|块钱")


_MONTH_COUNT = re.compile(r"(?:[0-9.]+|[一二两俩三四五六七八九十半]+)\s*(?:个\s*多?\s*月|多?\s*年)|半年|俩月")
_MONTH_RANGE = re.compile(r"(?<![0-9])(1[0-2]|[1-9])\s*月?份?\s*(?:到|至|-|~|—)\s*(?:今年|明年|次年|第二年)?\s*(1[0-2]|[1-9])\s*月")
_CALENDAR_MONTH = re.compile(r"(?<![0-9年个])(1[0-2]|[1-9])\s*(?:月份|月)(?![0-9号日])|上个?月|这个?月|本月")


def counted_length(window: str) -> str:
    """The words that count the months owed ("5、6、7三个月" → 三个月), or the window itself."""
    m = _MONTH_COUNT.search(window)
    return m.group(0) if m else window


def calendar_months(window: str) -> int | None:
    """Months of wages owed named by the calendar rather than counted: "6月和7月的钱" 2, "8月到10月"
    3, "老板6月的工资没发" 1; None when the words count the months themselves ("三个月", "5、6、7三个月")
    or name none."""
    if _MONTH_COUNT.search(window) or _FROM_MONTH.search(window):  # "从9月开始": since then, counted by date
        return None
    if (m := _MONTH_RANGE.search(window)) is not None:
        a, b = int(m.group(1)), int(m.group(2))
        return (b - a) % 12 + 1
    named = {m.group(0) if m.group(1) is None else int(m.group(1)) for m in _CALENDAR_MONTH.finditer(window)}
    return len(named) or None


def arrears_length(t: str, today: date) -> str | None:
    """"三个月没发", "欠了半年", or a length right after the arrears ("欠我1.2万，已经三个月了")."""
    pieces = clauses(t)
    for i, clause in enumerate(pieces):
        if ARREARS.search(clause):
            found = _beside(clause, ARREARS, before=10, after=8)
        elif i > 0 and ARREARS.search(pieces[i - 1]) and not WAGE_RATE.search(clause) and not WORKED.search(clause):
            found = [clause]
        else:
            continue
        for window in found:
            rate = WAGE_RATE.search(window)
            if rate is not None and rate.start() > 0:  # "没发工资了 一个月六千五": a rate, not the length owed
                window = window[:rate.start()]
            if not _NUMERAL.search(window):
                continue  # no number, no length (and the date reader is not cheap)
            if _FROM_MONTH.search(window):  # "从8月开始就没发 到现在8 9 10三个月了": the count told after it
                at = t.find(window) + len(window)
                if count := _MONTH_COUNT.search(t, at, at + 30):
                    return count.group(0)
            d = parse_duration(window, today=today)
            if d is not None and d.months > 0:
                return window
    return None


_FROM_MONTH = re.compile(r"从\s*(?:今年|去年)?\s*(?:1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])\s*月份?\s*(?:开始|起|以来|到现在)")


def _beside(clause: str, cue: re.Pattern, before: int, after: int) -> list[str]:
    """The words just after each cue, then just before it (from the last space, when words stand
    between it and the cue), each stopping at words of working: "欠了三个月 干了两年" and
    "干了两年 三个月没发" both read 三个月."""
    found = []
    for m in cue.finditer(clause):
        following = clause[m.start(): m.end() + after]
        preceding = clause[max(0, m.start() - before): m.start()]
        preceding = (preceding.rsplit(" ", 1)[-1] or preceding) + m.group()
        found.append(WORKED.split(following)[0])
        found.append(WORKED.split(preceding)[-1])
    return found


def injury_date(t: str, today: date) -> str | None:
    """The clause that tells an injury together with its date ("上个月12号在车间摔伤了")."""
    for clause in clauses(t):
        if not INJURY.search(clause):
            continue
        if parse_date(clause, today=today) is not None:
            return clause
    return None
