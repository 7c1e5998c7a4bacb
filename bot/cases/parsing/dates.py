"""Dates and durations in workers' answers: "2026年3月5日", "上周三", "去年十月到现在", "两个多月"."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from bot.common import clock
from bot.common.text import normalize
from bot.cases.parsing.numbers import CN_DIGITS, TO_ARABIC, numeral, whole_number


@dataclass(frozen=True)
class Duration:
    months: float
    since: date | None  # set when the worker named a starting month
    approx: bool


_DAY_WORDS = {
    "大前天": -3, "前天": -2, "前日": -2, "昨天": -1, "昨日": -1, "昨晚": -1, "昨儿": -1,
    "今天": 0, "今日": 0, "今儿": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3,
}
_YEAR_WORDS = {"大前年": -3, "前年": -2, "去年": -1, "今年": 0, "明年": 1}
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_DATE = re.compile(
    r"""
    (?P<ymd>
        (?:(?P<y>(?<![0-9])(?:[0-9]{4}|[0-9]{2})|[零〇一二三四五六七八九]{4}|[零〇一二三四五六七八九]{2})\s*年\s*
          |(?P<ry>大前年|前年|去年|今年|明年)\s*)?
        (?:(?<![0-9])(?P<m>[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:份)?
          |(?P<rm>(?:上){1,3}\s*个?\s*月|这\s*个?\s*月|本月|下\s*个?\s*月))
        (?:\s*(?P<d>[0-9]{1,2}|[一二三四五六七八九十]{1,3})(?![0-9])\s*(?:号|日)?)?
    )
    |(?P<iso>(?<![0-9])(?P<iy>[0-9]{4}|[0-9]{2})(?P<sep>[-/.])(?P<im>[0-9]{1,2})(?P=sep)(?P<id>[0-9]{1,2})(?![0-9]))
    |(?P<ym>(?<![0-9.])(?P<yy>[0-9]{4})[-/.](?P<ymm>[0-9]{1,2})(?![0-9./-]))
    |(?P<md>(?<![0-9./-])(?P<mm>[0-9]{1,2})/(?P<mdd>[0-9]{1,2})(?![0-9/]))
    |(?P<rel>大前天|大后天|前天|前日|昨天|昨日|昨晚|昨儿|今天|今日|今儿|明天|明日|后天)
    |(?P<wk>(?P<wp>上上|上|下下|下|这|本)?\s*个?\s*(?:周|星期|礼拜)(?P<wd>[一二三四五六日天1-7]))
    |(?P<day>(?<![0-9])(?P<dd>[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*(?:号|日))
    """,
    re.X,
)
_VAGUE_DAY = re.compile(r"\s*[0-9一二三四五六七八九十]*\s*[几多来]")


def _year(s: str) -> int | None:
    """A year written digit by digit: "2026", "26", "二〇二六" (two digits mean 20xx)."""
    digits = s.translate(TO_ARABIC)
    if not digits.isdigit():
        return None
    year = int(digits) + (2000 if len(digits) == 2 else 0)
    return year if 1900 <= year <= 2100 else None


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) ``delta`` months later (earlier when negative)."""
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def _safe_date(year: int | None, month: int | None, day: int | None) -> date | None:
    """The date, or None when a part is missing or the date does not exist (2月30日)."""
    if year is None or month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _days_from(today: date, days: int) -> date | None:
    """``today`` moved by ``days``; None past the calendar's ends."""
    try:
        return today + timedelta(days=days)
    except OverflowError:
        return None


def _calendar(m: re.Match, today: date, *, past: bool) -> date | None:
    """The date named by a _DATE "ymd"/"iso"/"ym" match. With ``past``, a month named without a
    year that lies after today's month means last year's."""
    if m.group("iso"):
        return _safe_date(_year(m.group("iy")), int(m.group("im")), int(m.group("id")))
    if m.group("ym"):
        return _safe_date(_year(m.group("yy")), int(m.group("ymm")), 1)
    year = _year(m.group("y")) if m.group("y") else today.year + _YEAR_WORDS.get(m.group("ry"), 0)
    if rm := m.group("rm"):
        shift = -rm.count("上") or (1 if rm.startswith("下") else 0)
        year, month = _add_months(today.year, today.month, shift)
    else:
        month = whole_number(m.group("m"))
    day = whole_number(m.group("d")) if m.group("d") else 1
    if past and not (m.group("y") or m.group("ry") or m.group("rm")) and (month or 0) > today.month:
        year -= 1
    return _safe_date(year, month, day)


def parse_date(text: str, *, today: date | None = None) -> date | None:
    """One date: "2026年3月5日", "26年3月5号", "2026-03-05", "三月五号", "昨天", "上周三",
    "上个月10号", "去年10月" (the 1st), "10号" (this month). A month and day without a year are
    this year's even when still to come. Impossible dates ("2月30日") give None."""
    today = today or clock.today()
    t = normalize(text)
    m = _DATE.search(t)
    if m is None or _VAGUE_DAY.match(t, m.end()) and m.group("ymd"):
        return None
    if m.group("ymd") or m.group("iso") or m.group("ym"):
        return _calendar(m, today, past=False)
    if m.group("md"):
        return _safe_date(today.year, int(m.group("mm")), int(m.group("mdd")))
    if m.group("rel"):
        return _days_from(today, _DAY_WORDS[m.group("rel")])
    if m.group("wk"):
        weeks = {"上上": -2, "上": -1, "下": 1, "下下": 2}.get(m.group("wp") or "", 0)
        wd = m.group("wd")
        weekday = int(wd) - 1 if wd.isdigit() else _WEEKDAYS[wd]
        return _days_from(today, weeks * 7 + weekday - today.weekday())
    return _safe_date(today.year, today.month, whole_number(m.group("dd")))


_LENGTH = re.compile(
    rf"(?<![第0-9{CN_DIGITS}十百几.])(?P<q>[0-9{CN_DIGITS}十百几.]+|半|个(?=把))(?P<more>多|来|余)?(?P<ge>个)?(?P<more2>多|来|把|半)?"
    # "两个周六", "三个礼拜天", "两个周末": days of the week counted, not weeks ("三个星期一直没发" is weeks)
    r"(?P<unit>年|月|天|日|(?:周|星期|礼拜)(?![一二三四五六日天末1-7](?![直共起])))(?P<tail>多|半)?"
)
_UNIT_MONTHS = {"年": 12.0, "月": 1.0, "天": 1 / 30, "日": 1 / 30, "周": 7 / 30, "星期": 7 / 30, "礼拜": 7 / 30}
_YEAR_PART = re.compile(r"(?:(?P<ry>大前年|前年|去年|今年)的?年?|年)(?P<part>初|中|底|末)")
_PART_MONTH = {"初": 1, "中": 6, "底": 12, "末": 12}
_DURATION_APPROX = re.compile(r"快|将近|差不多|大概|大约|左右|不到|出头|估计|可能|好像|应该|约")


def _months_between(since: date, today: date) -> int:
    """Whole months from ``since`` to ``today``, at least 1."""
    months = (today.year - since.year) * 12 + today.month - since.month - (today.day < since.day)
    return max(1, months)


def _length(m: re.Match) -> tuple[float, bool] | None:
    """Months in one _LENGTH match ("两个多月" -> (2, approx)), None when it is not a length."""
    q, unit = m.group("q"), m.group("unit")
    if unit == "月" and not m.group("ge") and q not in ("两", "俩", "半", "个") and not m.group("more"):
        return None  # 三月 is March, not three months
    if q == "半":
        n, approx = Decimal("0.5"), False
    elif q == "个":
        n, approx = Decimal(1), True
    elif parsed := numeral(q):
        n, approx = parsed
    else:
        return None
    if unit == "年" and n >= 100:
        return None  # a calendar year
    half = "半" in (m.group("more2"), m.group("tail"))
    approx = approx or bool(m.group("more") or m.group("more2") in ("多", "来", "把") or m.group("tail") == "多")
    return float(n + (Decimal("0.5") if half else 0)) * _UNIT_MONTHS[unit], approx


def _since(t: str, today: date) -> tuple[bool, date | None, bool]:
    """The start a duration answer names: (names one?, the date or None when impossible, rough?)."""
    for m in _DATE.finditer(t):
        if m.group("ymd") or m.group("iso") or m.group("ym"):
            return True, _calendar(m, today, past=True), False
    if m := _YEAR_PART.search(t):  # 去年年底, 年初: roughly
        year = today.year + _YEAR_WORDS.get(m.group("ry") or "今年", 0)
        return True, _safe_date(year, _PART_MONTH[m.group("part")], 1), True
    return False, None, False


def _length_months(t: str) -> tuple[float, bool] | None:
    """Months in the first length the answer names, "一年零三个月" counted whole."""
    matches = list(_LENGTH.finditer(t))
    for i, m in enumerate(matches):
        if (found := _length(m)) is None:
            continue
        nxt = matches[i + 1] if i + 1 < len(matches) else None
        if m.group("unit") == "年" and nxt and t[m.end():nxt.start()] in ("", "零", "又") and (more := _length(nxt)):
            return found[0] + more[0], found[1] or more[1]
        return found
    return None


def parse_duration(text: str, *, today: date | None = None) -> Duration | None:
    """How long wages have been owed, or since when: "三个月了" 3, "两个多月" 2~, "一年半" 18,
    "90天" 3.0, "去年十月到现在" since 2025-10-01 (13 months when today is 2026-11-21),
    "从3月份开始" (a month after today's month means last year's). "过年后" gives None."""
    today = today or clock.today()
    t = normalize(text).replace(" ", "")
    approx = bool(_DURATION_APPROX.search(t))
    named, since, rough = _since(t, today)
    if named:
        if since is None or since > today:
            return None
        return Duration(float(_months_between(since, today)), since, approx or rough)
    if (found := _length_months(t)) is None or not 0 < found[0] <= 1200:
        return None
    return Duration(max(round(found[0], 1), 0.1), None, approx or found[1])
