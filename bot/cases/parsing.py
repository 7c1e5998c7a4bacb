"""Understand workers' short answers to the intake-form questions.

Workers answer on a phone the way people really type: "八千多", "两万五", "1.2w", "两个多月",
"去年十月到现在", "合同没有，有工资条". Each parser here turns one answer into a value, or None
when it cannot tell (the bot then asks again). No parser raises on any string.

Numbers are read by ``cn_number``'s engine (``_numeral``): Chinese numerals (including the
financial forms and colloquial abbreviations such as 三千五 = 3500), Arabic digits with commas
and decimals, and mixtures such as "1.2万" or "3千5". A range such as 七八个 reads as its upper
end and is marked approximate.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from bot.common.text import normalize
from bot.common.phones import parse_phone
from bot.common import clock

__all__ = [
    "Amount", "Count", "Duration", "EVIDENCE_LABELS",
    "cn_number", "parse_amount", "parse_count", "parse_duration", "parse_date", "parse_yes_no",
    "parse_unknown", "parse_employment", "parse_evidence", "parse_name", "parse_hours",
    "parse_last4", "parse_choice",
]


@dataclass(frozen=True)
class Amount:
    value: Decimal  # yuan, >= 0
    approx: bool  # "八千多", "大概两万左右", ...


@dataclass(frozen=True)
class Count:
    value: int  # >= 1
    approx: bool


@dataclass(frozen=True)
class Duration:
    months: float
    since: date | None  # set when the worker named a starting month
    approx: bool


EVIDENCE_LABELS = {
    "contract": "劳动合同",
    "payslips": "工资条/工资单",
    "attendance": "考勤记录/打卡记录",
    "chat_records": "聊天记录（微信等）",
    "bank_records": "银行流水/转账记录",
    "iou": "欠条/结算单",
    "witnesses": "工友证人",
    "work_id": "工牌/工作证/工服",
}

# ---------------------------------------------------------------------------------------------
# Numerals

_DIGITS = {
    "零": "0", "〇": "0", "一": "1", "壹": "1", "二": "2", "贰": "2", "两": "2", "兩": "2", "俩": "2",
    "三": "3", "叁": "3", "仨": "3", "四": "4", "肆": "4", "五": "5", "伍": "5", "六": "6", "陆": "6",
    "七": "7", "柒": "7", "八": "8", "捌": "8", "九": "9", "玖": "9",
}
_UNITS = {
    "十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000,
    "万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8,
}
_CN = "".join(_DIGITS)
_UN = "".join(_UNITS)
_TO_ARABIC = str.maketrans(_DIGITS)
_MAX = Decimal(10) ** 12  # nothing a worker types is bigger; also keeps Decimal arithmetic exact

# 七八个, 三四十, 十一二, 两三千, 三五个: a range of adjacent digits before a unit (or the end).
_RANGE = re.compile(rf"(?<![{_CN}0-9])([一二两三四五六七八九])([二两三四五六七八九])(?=[{_UN}]|$)")
_COMMA = re.compile(r"(?<=\d),(?=\d{3})")
_CN_POINT = re.compile(r"(?<=\d)点(?=\d)")
_TOKEN = re.compile(rf"\d+(?:\.\d+)?|[{_UN}几]")
_TOKENS = re.compile(rf"(?:\d+(?:\.\d+)?|[{_UN}几])+")
# A number inside free text: starts with a digit, 十 or 几; commas and points only between digits.
_NUM = re.compile(
    rf"[0-9{_CN}十拾几](?:[0-9{_CN}{_UN}几]|(?<=[0-9])[.,](?=[0-9])|(?<=[0-9{_CN}])点(?=[0-9{_CN}]))*"
)


def _evaluate(tokens: list[str]) -> tuple[Decimal, bool] | None:
    """Value of numeral tokens such as ['3', '千', '5'] (3500); 几 is a vague digit (approx)."""
    total = mid = section = Decimal(0)  # parts already multiplied by 亿 / by 万 / below 万
    number: Decimal | None = None
    number_tok = ""
    last_unit, small_unit, approx = 0, 10**4, False
    for i, tok in enumerate(tokens):
        if tok == "几" or tok[0].isdigit():
            if number is not None or (tok == "几" and i == 0) or len(tok.split(".")[0]) > 15:
                return None
            approx = approx or tok == "几"
            number, number_tok = (Decimal(0) if tok == "几" else Decimal(tok)), tok
            continue
        unit = _UNITS[tok]
        if unit < 10**4:
            if number is None and unit != 10:
                return None  # 百/千 need a digit before them; 十 alone is ten
            if unit >= small_unit:
                return None  # 三百四百
            section += (Decimal(1) if number is None else number) * unit
            small_unit = unit
        else:
            if number is None and section == 0:
                return None
            section += number or 0
            if unit == 10**4:
                if mid:
                    return None
                mid = section * unit
            else:
                total, mid = (total + mid + section) * unit, Decimal(0)
            section, small_unit = Decimal(0), 10**4
        last_unit, number, number_tok = unit, None, ""
    if number is not None:
        # 三千五 is 3500, 两万五 is 25000: a lone trailing digit counts in the next smaller unit.
        if last_unit >= 100 and len(number_tok) == 1 and number_tok.isdigit():
            number *= last_unit // 10
        section += number
    return total + mid + section, approx


def _numeral(s: str) -> tuple[Decimal, bool] | None:
    """Value of a compact numeral string and whether it is approximate (十几, 七八)."""
    if not s or len(s) > 40:
        return None
    approx = False
    if (m := _RANGE.search(s)) and (
        int(_DIGITS[m.group(2)]) == int(_DIGITS[m.group(1)]) + 1 or m.group(1, 2) == ("三", "五")
    ):
        s, approx = s[: m.start()] + m.group(2) + s[m.end():], True
    s = _CN_POINT.sub(".", _COMMA.sub("", s).translate(_TO_ARABIC))
    if not _TOKENS.fullmatch(s):
        return None
    result = _evaluate(_TOKEN.findall(s))
    if result is None or result[0] >= _MAX:
        return None
    return result[0], approx or result[1]


def _clean(value: Decimal) -> Decimal:
    """12000.0 -> 12000, 3.50 -> 3.5 (plain notation either way)."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def cn_number(text: str) -> Decimal | None:
    """The whole text read as one number: "三千五" 3500, "1.2万" 12000, "一百零五" 105, "3,000".

    Vague digits read as zero ("十几" 10); approximation words such as 多 are not numbers."""
    result = _numeral(normalize(text).replace(" ", ""))
    return _clean(result[0]) if result else None


@dataclass(frozen=True)
class _Num:
    value: Decimal
    approx: bool
    start: int
    end: int
    raw: str


def _numbers(t: str):
    """Every readable number in the text, in order."""
    for m in _NUM.finditer(t):
        if parsed := _numeral(m.group()):
            yield _Num(parsed[0], parsed[1], m.start(), m.end(), m.group())


_PHONEISH = re.compile(r"\+?\d[\d\s\-‐–—]{6,}\d")
_SKIP_BEFORE = re.compile(r"(?:第|周|星期|礼拜|尾号|工号|编号|号码|电话|手机|[-/:：+])\s*$")
_SKIP_AFTER = re.compile(r"\s*[-/:：]\s*[0-9]")
_STRIP = " 。.,，!！~～?？、"
_APPROX = re.compile("大概|大约|约莫|约|左右|差不多|估计|上下|出头|不到|将近|接近|可能|好像|应该|大致|几乎|至少|起码|少说")
_APPROX_BEFORE = re.compile(r"(?:快|近|小|超过|多于)\s*$")
_APPROX_AFTER = re.compile(r"\s*(?:多|来|余|把)")


def _mask_phones(t: str) -> str:
    """Blank out phone numbers so their digits are not read as quantities."""
    return _PHONEISH.sub(lambda m: " " if parse_phone(m.group()) else m.group(), t)


def _elsewhere(t: str, n: _Num) -> bool:
    """True when the number is part of a date, time, phone, ID or ordinal, or is negative."""
    if _SKIP_BEFORE.search(t, max(0, n.start - 4), n.start) or _SKIP_AFTER.match(t, n.end):
        return True
    return sum(ch.isdigit() for ch in n.raw) >= 9


def _plain_number(t: str, n: _Num) -> bool:
    """Can this number stand alone as a quantity? Arabic digits, a unit (八千) or the whole answer."""
    return any(ch in _UN or ch.isdigit() for ch in n.raw) or t.strip(_STRIP) == n.raw


def _approx_around(t: str, n: _Num) -> bool:
    """Approximation words anywhere ("大概"), just before ("快一万") or just after ("八千多")."""
    return bool(
        n.approx or _APPROX.search(t) or _APPROX_BEFORE.search(t, max(0, n.start - 3), n.start)
        or _APPROX_AFTER.match(t, n.end)
    )


# ---------------------------------------------------------------------------------------------
# Money

_KW = re.compile(r"(?<=[0-9])\s*([kw])(?![a-z])")
_MONEY_AFTER = re.compile(r"\s*(?P<more>多|来|余)?\s*(?P<unit>块钱|块|元|圆|rmb|人民币|毛钱|毛|角)")
_MONEY_BEFORE = re.compile(r"(?:¥|rmb|人民币)\s*$")
_JIAO = re.compile(rf"([0-9{_CN}])(?:毛|角)?(?![0-9{_CN}{_UN}个月天日年人号点])")
_TOGETHER = re.compile("[儿干做去来走住吃上打待在聊玩回]")  # 一块干活 is "together", not one yuan
_NOT_MONEY = re.compile(
    r"\s*(?:多|来|余|半|几)?\s*(?:个|月|天|日|年|人|号|点|小时|钟|岁|周|星期|礼拜|次|家|层|楼|分|名|位"
    r"|期|栋|米|斤|公斤|吨|件|条|张|份|台|辆|倍|届|回|趟|遍|句|%|度|平)"
)


def parse_amount(text: str) -> Amount | None:
    """The first money amount in the answer: "八千多", "1.2万", "5k", "¥3,000", "三块五".

    A number followed by 个月/天/年/人/号/点/小时... is not money, nor are phones and dates."""
    t = _KW.sub(lambda m: "千" if m.group(1) == "k" else "万", _mask_phones(normalize(text)))
    for n in _numbers(t):
        if _elsewhere(t, n):
            continue
        value = n.value
        if money := _MONEY_AFTER.match(t, n.end):
            unit = money.group("unit")
            if unit == "块" and n.raw == "一" and _TOGETHER.match(t, money.end()):
                continue
            if unit in ("毛钱", "毛", "角"):
                value /= 10
            elif unit == "块" and (jiao := _JIAO.match(t, money.end())):
                value += Decimal(jiao.group(1).translate(_TO_ARABIC)) / 10
            approx = bool(money.group("more") or _APPROX_AFTER.match(t, money.end()))
        elif _MONEY_BEFORE.search(t, max(0, n.start - 8), n.start) or (
            not _NOT_MONEY.match(t, n.end) and _plain_number(t, n)
        ):
            approx = False
        else:
            continue
        return Amount(_clean(value), approx or _approx_around(t, n))
    return None


# ---------------------------------------------------------------------------------------------
# Head counts

_PEOPLE = re.compile(
    r"\s*(?:多|来|余)?\s*(?:个|号)?\s*(?:多|来)?\s*(?:人|名|位|口|工友|工人|兄弟|老乡|同事|师傅|员工)"
)
_PEOPLE_END = re.compile(r"\s*(?:多|来|余)?\s*个\s*(?:$|[,，。.!！?？~、]|左右|上下|吧|啊|呀|了|的样子|多)")
_PEOPLE_GE = re.compile(r"\s*(?:多|来|余)?\s*个(?!\s*(?:多|半)?\s*(?:月|星期|礼拜|小时|钟|工作日|季度|年|周|点))")
_NOT_PEOPLE = re.compile(
    r"\s*(?:多|来|余|半|几)?\s*(?:个|[月天日年号点时钟岁周次块元毛角%分楼层]|小时|星期|礼拜)"
)
_SELF = re.compile(r"(?:就|只有|只|仅)\s*(?:我|俺|自己)(?!们)|(?:我|俺)(?!们)\s*(?:自己|自个儿?|一个人|一人)|^(?:我|俺|自己|本人)$")
_WITH = re.compile("和|跟|还有|加上|带着|以及")
_UPPER = re.compile(r"上([百千万])")


def parse_count(text: str) -> Count | None:
    """How many workers: "就我一个" 1, "十几个人" 10~, "200多号人" 200~, "七八个" 8~.

    Vague answers ("好几个", "很多人", "一帮人") and zero give None."""
    t = _mask_phones(normalize(text))
    best = {}
    for n in _numbers(t):
        if _elsewhere(t, n) or n.value < 1 or n.value != n.value.to_integral_value():
            continue
        if _PEOPLE.match(t, n.end):
            best.setdefault("people", n)
            break
        if _PEOPLE_END.match(t, n.end):
            best.setdefault("end", n)
        elif _PEOPLE_GE.match(t, n.end):
            best.setdefault("ge", n)
        elif not _NOT_PEOPLE.match(t, n.end) and _plain_number(t, n):
            best.setdefault("bare", n)
    n = best.get("people") or best.get("end") or best.get("ge") or best.get("bare")
    if _SELF.search(t):
        if n and n.value > 1 and _WITH.search(t):  # 我自己和两个老乡
            return Count(int(n.value) + 1, _approx_around(t, n))
        return Count(1, False)
    if n:
        return Count(int(n.value), _approx_around(t, n))
    if m := _UPPER.search(t):  # 上百人
        return Count(_UNITS[m.group(1)], True)
    return None


# ---------------------------------------------------------------------------------------------
# Dates and durations

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


def _int(s: str) -> int | None:
    """A small whole number written in digits or Chinese ("12", "十二")."""
    n = _numeral(s)
    if n is None or n[1] or n[0] != n[0].to_integral_value():
        return None
    return int(n[0])


def _year(s: str) -> int | None:
    """A year written digit by digit: "2026", "26", "二〇二六" (two digits mean 20xx)."""
    digits = s.translate(_TO_ARABIC)
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
        month = _int(m.group("m"))
    day = _int(m.group("d")) if m.group("d") else 1
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
    return _safe_date(today.year, today.month, _int(m.group("dd")))


_LENGTH = re.compile(
    rf"(?<![第0-9{_CN}十百几.])(?P<q>[0-9{_CN}十百几.]+|半|个(?=把))(?P<more>多|来|余)?(?P<ge>个)?(?P<more2>多|来|把|半)?"
    r"(?P<unit>年|月|天|日|周|星期|礼拜)(?P<tail>多|半)?"
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
    elif parsed := _numeral(q):
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


# ---------------------------------------------------------------------------------------------
# Yes / no / don't know / still working there

_UNKNOWN = re.compile(
    r"不知道|不清楚|不确定|不记得|记不得|记不清|忘了|忘记|说不清|说不好|说不准|不晓得|搞不清|弄不清"
    r"|不了解|没印象|不懂|不知|不造|idk|don'?t know|not sure|dunno"
)
_ECHO = re.compile(r"([^没不])[没不]\1|有无|是否")  # 有没有, 是不是, 签没签: the question echoed back
_YES_DESPITE_NEG = re.compile("没问题|没错|没毛病|不错|不少|差不多")
_NO = re.compile(r"没|不|无|未|否|冇|木有|\bno\b|\bnope\b|\bnot\b|^n$")
_YES = re.compile(
    r"有|是|对|嗯|恩|在|好|行|可以|签|报|交|缴|买|办|参|当然|肯定|确定|必须|ok|\byes\b|\byeah\b|\byep\b"
    r"|\bsure\b|^y$|👍"
)


def parse_unknown(text: str) -> bool:
    """True when the worker says they don't know: "不知道", "不清楚", "不记得了", "忘了", "说不清"."""
    return bool(_UNKNOWN.search(normalize(text)))


def parse_yes_no(text: str) -> bool | None:
    """"有"/"嗯"/"签了"/"是的"/"yes" True; "没有"/"没签"/"不是" False; "不知道" None.

    A negation wins over the word it negates ("没有签" False); an echoed question is ignored
    ("有没有我不知道" None). With a don't-know, only a clear no still counts ("不知道没有" False)."""
    t = _YES_DESPITE_NEG.sub("对", _ECHO.sub(" ", normalize(text)))
    unsure = bool(_UNKNOWN.search(t))
    t = _UNKNOWN.sub(" ", t)
    if _NO.search(t):
        return False
    if _YES.search(t) and not unsure:
        return True
    return None


_STILL_THERE = re.compile(r"(?:没|没有|未|还没有?)\s*(?:离职|走|辞|被开|开除|被炒|被裁|被辞|离开)")
_LEFT = re.compile(
    r"走了|离职|离开|被开|开除|辞了|辞职|不干了|不做了|没干了|没做了|不在职|不在(?:那|厂|这|了)|没在(?:那|厂|这|干|做)"
    r"|辞退|倒闭|跑了|跑路|回老家|回家了|被炒|炒鱿鱼|炒了|解雇|裁员|被裁|解除|干完了|做完了|完工|停工|关门|黄了"
    r"|不让干|赶走|撵走|自离|走人"
)
_STILL_WORKING = re.compile(r"还在|在职|在干|在上班|在做|上着班|干着|做着|继续干|继续做|仍在|还上班|还干|还做")


def parse_employment(text: str) -> str | None:
    """"employed" ("还在干", "在职", "没走", "没离职") or "left" ("离职了", "被开了", "厂子倒闭了",
    "老板跑了"); None when the answer says neither."""
    t = normalize(text)
    if _STILL_THERE.search(t):
        return "employed"
    if _LEFT.search(t):
        return "left"
    if _STILL_WORKING.search(t):
        return "employed"
    return None


# ---------------------------------------------------------------------------------------------
# Evidence

_EVIDENCE_WORDS = {
    "contract": ("劳动合同", "用工合同", "劳务合同", "合同", "劳务协议", "用工协议", "协议", "合约"),
    "payslips": ("工资条", "工资单", "工资表", "工资明细", "工资清单", "薪资单"),
    "attendance": ("考勤记录", "考勤表", "考勤", "打卡记录", "打卡", "指纹", "签到", "出勤", "记工本", "记工", "工时记录", "上班记录"),
    "chat_records": ("微信聊天记录", "聊天记录", "微信聊天", "微信记录", "微信", "聊天", "语音", "截图", "短信", "录音", "qq", "通话记录"),
    "bank_records": ("银行流水", "流水", "转账记录", "转账截图", "转账", "银行卡记录", "银行记录", "银行卡", "打款记录", "工资卡",
                     "到账记录", "微信转账", "支付宝", "收款记录", "交易记录"),
    "iou": ("欠条", "结算单", "白条", "欠据", "对账单", "欠款单", "借条", "欠款证明", "结算"),
    "witnesses": ("工友", "同事", "证人", "作证", "人证", "老乡"),
    "work_id": ("工牌", "厂牌", "工作证", "工服", "工衣", "厂服", "胸牌", "工卡", "门禁卡", "出入证"),
}
_EVIDENCE_KEY = {word: key for key, words in _EVIDENCE_WORDS.items() for word in words}
_EVIDENCE = re.compile("|".join(sorted(map(re.escape, _EVIDENCE_KEY), key=len, reverse=True)))
_EV_MARK = re.compile(
    r"(?P<neg>没有|没得|木有|没|无|未|丢|删|不见|找不到|不给|不发|不签|不在|冇)|(?P<pos>有|签了|给了|留着|保存|保留|存着|拍了|在)"
)
_EV_SEP = re.compile(r"[，,。.;；!！?？\s]+|但是|但|不过|可是|只是")
_EV_OTHERS = re.compile("别的|其他|其它|其余|剩下")
_EV_ALL = re.compile("都|也|全|一样")
_EV_FILLER = re.compile(
    r"[\s\W_]|什么|啥子|啥|都|也|任何|证据|东西|材料|凭证|一样|一个|一点|我|俺|了|啊|呀|的|哦|呢|手上|手里|手头|目前|现在"
    r"|暂时|还|就|好像|应该|可能|真的|确实|全"
)
_EV_NOTHING = re.compile(r"(?:没有?|无|木有|没得|冇)(?:有|留|留下|保存|保留|拿到|签|给)*")


def _split_gap(gap: str) -> tuple[str, str]:
    """The text between two items: (what still belongs to the left one, what leads into the right one)."""
    seps = list(_EV_SEP.finditer(gap))
    return (gap[: seps[0].start()], gap[seps[-1].end():]) if seps else (gap, gap)


def _marks(text: str) -> list[bool]:
    """The yes (True) and no (False) words in the text, in order."""
    return [m.lastgroup == "pos" for m in _EV_MARK.finditer(text)]


def _evidence_groups(t: str, items: list[re.Match]) -> list[list[re.Match]]:
    """Items joined by nothing but 和/、/的... ("工资条和微信聊天记录") share one yes or no."""
    groups = [[items[0]]]
    for prev, cur in zip(items, items[1:]):
        gap = t[prev.end():cur.start()]
        if _EV_SEP.search(gap) or _EV_MARK.search(gap):
            groups.append([cur])
        else:
            groups[-1].append(cur)
    return groups


def _group_context(t: str, groups: list[list[re.Match]]) -> tuple[list[str], list[str]]:
    """The words before and after each group that speak about it."""
    n = len(groups)
    gaps = [t[: groups[0][0].start()]]
    gaps += [t[a[-1].end():b[0].start()] for a, b in zip(groups, groups[1:])]
    gaps.append(_EV_OTHERS.split(t[groups[-1][-1].end():])[0])  # "..., 别的都没有" is about other things
    pre, post = [""] * n, [""] * n
    pre[0], post[-1] = gaps[0], gaps[-1]
    for i in range(1, n):
        left, right = _split_gap(gaps[i])
        if _EV_SEP.search(gaps[i]):
            post[i - 1], pre[i] = left, right
        elif _marks(_split_gap(gaps[i + 1])[0] if i + 1 < n else gaps[-1]):
            post[i - 1] = gaps[i]  # 合同没有工资条也没有: the 没有 is the contract's
        else:
            pre[i] = gaps[i]  # 没合同有工资条: the 有 is the payslips'
    return pre, post


def parse_evidence(text: str) -> list[str] | None:
    """Which kinds of evidence the worker has, as EVIDENCE_LABELS keys in that order.

    Negation is per item: "合同没有，有工资条和微信聊天记录" -> ["payslips", "chat_records"].
    "都没有" / "没有证据" -> []; an answer naming no kind of evidence -> None."""
    t = normalize(text)
    items = list(_EVIDENCE.finditer(t))
    if not items:
        rest = _EV_FILLER.sub("", t)
        return [] if rest and _EV_NOTHING.fullmatch(rest) else None
    groups = _evidence_groups(t, items)
    pre, post = _group_context(t, groups)
    has: list[bool | None] = []
    for before, after in zip(map(_marks, pre), map(_marks, post)):
        has.append(before[-1] if before else after[0] if after else None)  # 没有合同 / 合同没有
    for i in reversed(range(len(groups) - 1)):  # 合同，工资条，都没有: a collective 都/也 reaches back
        if has[i] is None and has[i + 1] is not None and not _marks(pre[i + 1]) and _EV_ALL.search(post[i + 1]):
            has[i] = has[i + 1]
    found = {_EVIDENCE_KEY[m.group()] for group, yes in zip(groups, has) if yes is not False for m in group}
    return [key for key in EVIDENCE_LABELS if key in found]


# ---------------------------------------------------------------------------------------------
# Names, hours, phone digits, menus

_NAME_DECLINE = re.compile(
    r"不想说|不想告诉|不告诉|不方便|不愿意|不说|不留|跳过|不用|保密|匿名|不需要|不要|算了|免了|\bpass\b|\bskip\b"
)
_NAME_BAD = re.compile(r"[0-9?？]|怎么|吗|什么|为什么|多少|哪|谁|啥|咋|工资|老板|欠|投诉|不知道|http|www|你好|您好|在吗|hello|\bhi\b")
_NAME_CLAUSE = re.compile(r"[，,。;；!！\n]+")
_NAME_CALLED = re.compile(r"^\s*(?:我的名字|我名字|名字|姓名|我叫|俺叫|叫)")
_NAME_INTRO = re.compile(
    r"^\s*(?:(?:嗯|哦|好的?)[,，\s]*)?(?:我的名字(?:是|叫)|我名字(?:是|叫)|名字(?:是|叫)?|姓名(?:是|叫)?|我叫|俺叫|叫我|叫"
    r"|我是|俺是|称呼我|本人|免贵姓|我姓|俺姓|姓|my name is|i am|i'm|name)[:：\s]*"
)
_NAME_END = re.compile(r"(?:就行了?|就好了?|就可以了?|就是了|吧|啊|呀|哈|哦|呢|啦|了|的)+$")
_NAME_CHARS = re.compile(r"[\u3400-\u9fffa-zA-Z·•.'\- ]{1,20}")


def parse_name(text: str) -> str | None:
    """The worker's name: "我叫张三" "张三", "姓王" "王", "Zhang Wei". "" when they decline
    ("不想说", "不留了", "跳过", "保密"); None for anything that is not a name."""
    t = normalize(text)
    if _NAME_DECLINE.search(t):
        return ""
    if not t or _NAME_BAD.search(t):
        return None
    clauses = [c for c in _NAME_CLAUSE.split(t) if c.strip()]
    clause = next((c for c in clauses if _NAME_CALLED.match(c)), clauses[0] if clauses else "")
    name = _NAME_END.sub("", _NAME_INTRO.sub("", clause, count=1)).strip(" .'-·")
    if not _NAME_CHARS.fullmatch(name):
        return None
    if name.isascii():  # normalize() lower-cased it: take the worker's own capitals back
        raw = " ".join(unicodedata.normalize("NFKC", text).split())
        if m := re.search(re.escape(name), raw, re.IGNORECASE):
            return m.group()
    return name


_HOUR_UNIT = re.compile(
    r"\s*(?:多|来)?\s*(?P<ge>个)?\s*(?P<half>半)?\s*(?:多)?\s*(?:小时|钟头|钟|hours?|hrs?|h)(?![a-z])"
)
_MINUTES = re.compile(r"\s*(?:零)?\s*(?P<min>[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*分")
_MINUTE_UNIT = re.compile(r"\s*(?:多)?\s*分钟")
_NOT_HOURS = re.compile(r"\s*(?:多|来|余|半|几)?\s*(?:个|[天日月年周号次岁块元毛角%点]|星期|礼拜|分)")
_HALF_HOUR = re.compile(r"半\s*个?\s*(?:小时|钟头|钟)")
_NEGATIVE = re.compile(r"(?:^|[^0-9])-\s*[0-9]|负\s*[0-9一二两三四五六七八九十]")


def parse_hours(text: str) -> float | None:
    """Hours of overtime: "20小时", "二十个小时", "两个半小时" 2.5, "3.5h", "36"; "没有" 0.0.
    Negative numbers give None."""
    t = normalize(text)
    if _NEGATIVE.search(t):
        return None
    bare = None
    for n in _numbers(t):
        if _elsewhere(t, n):
            continue
        if unit := _HOUR_UNIT.match(t, n.end):
            hours = n.value + (Decimal("0.5") if unit.group("half") else 0)
            if minutes := _MINUTES.match(t, unit.end()):
                hours += Decimal(_int(minutes.group("min")) or 0) / 60
            return round(float(hours), 2)
        if _MINUTE_UNIT.match(t, n.end):
            return round(float(n.value / 60), 2)
        if bare is None and not _NOT_HOURS.match(t, n.end) and _plain_number(t, n):
            bare = n
    if bare is not None:
        return float(bare.value)
    if _HALF_HOUR.search(t):
        return 0.5
    return 0.0 if parse_yes_no(t) is False else None


_PHONE_DIGITS = str.maketrans({**_DIGITS, "幺": "1"})
_DIGIT_RUN = re.compile(r"\d+")


def parse_last4(text: str) -> str | None:
    """The last four digits of a phone: "5678", "尾号5678", "后四位是 5678", or a whole number."""
    t = normalize(text).replace(" ", "")
    if phone := parse_phone(t):
        return re.sub(r"\D", "", phone)[-4:]
    fours = [run for run in _DIGIT_RUN.findall(t.translate(_PHONE_DIGITS)) if len(run) == 4]
    return fours[0] if len(fours) == 1 else None


def parse_choice(text: str, options: dict[str, list[str]]) -> str | None:
    """The first option (in dict order) one of whose keywords occurs in the answer."""
    t = normalize(text)
    for key, keywords in options.items():
        if any(k and normalize(k) in t for k in keywords):
            return key
    return None
