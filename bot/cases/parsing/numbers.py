"""Numbers in workers' answers: the numeral engine, money amounts and head counts.

Numbers are read by one engine (``numeral``): Chinese numerals (including the financial forms and
colloquial abbreviations such as 三千五 = 3500), Arabic digits with commas and decimals, and
mixtures such as "1.2万" or "3千5". A range such as 七八个 reads as its upper end and is marked
approximate. The scanning helpers (``numbers_in``, ``is_elsewhere``, ``is_plain_number``,
``whole_number``) are shared with the date and hour parsers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from bot.common.phones import parse_phone
from bot.common.text import normalize


@dataclass(frozen=True)
class Amount:
    value: Decimal  # yuan, >= 0
    approx: bool  # "八千多", "大概两万左右", ...


@dataclass(frozen=True)
class Count:
    value: int  # >= 1
    approx: bool


# ---------------------------------------------------------------------------------------------
# Numerals

DIGITS = {
    "零": "0", "〇": "0", "一": "1", "壹": "1", "二": "2", "贰": "2", "两": "2", "兩": "2", "俩": "2",
    "三": "3", "叁": "3", "仨": "3", "四": "4", "肆": "4", "五": "5", "伍": "5", "六": "6", "陆": "6",
    "七": "7", "柒": "7", "八": "8", "捌": "8", "九": "9", "玖": "9",
}
_UNITS = {
    "十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000,
    "万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8,
}
CN_DIGITS = "".join(DIGITS)
_UN = "".join(_UNITS)
TO_ARABIC = str.maketrans(DIGITS)
_MAX = Decimal(10) ** 12  # nothing a worker types is bigger; also keeps Decimal arithmetic exact

# 七八个, 三四十, 十一二, 两三千, 三五个: a range of adjacent digits before a unit (or the end).
_RANGE = re.compile(rf"(?<![{CN_DIGITS}0-9])([一二两三四五六七八九])([二两三四五六七八九])(?=[{_UN}]|$)")
_COMMA = re.compile(r"(?<=\d),(?=\d{3})")
_CN_POINT = re.compile(r"(?<=\d)点(?=\d)")
_TOKEN = re.compile(rf"\d+(?:\.\d+)?|[{_UN}几]")
_TOKENS = re.compile(rf"(?:\d+(?:\.\d+)?|[{_UN}几])+")
# A number inside free text: starts with a digit, 十 or 几; commas and points only between digits.
_NUM = re.compile(
    rf"[0-9{CN_DIGITS}十拾几](?:[0-9{CN_DIGITS}{_UN}几]|(?<=[0-9])[.,](?=[0-9])|(?<=[0-9{CN_DIGITS}])点(?=[0-9{CN_DIGITS}]))*"
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


def numeral(s: str) -> tuple[Decimal, bool] | None:
    """Value of a compact numeral string and whether it is approximate (十几, 七八)."""
    if not s or len(s) > 40:
        return None
    approx = False
    if (m := _RANGE.search(s)) and (
        int(DIGITS[m.group(2)]) == int(DIGITS[m.group(1)]) + 1 or m.group(1, 2) == ("三", "五")
    ):
        s, approx = s[: m.start()] + m.group(2) + s[m.end():], True
    s = _CN_POINT.sub(".", _COMMA.sub("", s).translate(TO_ARABIC))
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
    result = numeral(normalize(text).replace(" ", ""))
    return _clean(result[0]) if result else None


@dataclass(frozen=True)
class Num:
    value: Decimal
    approx: bool
    start: int
    end: int
    raw: str


def numbers_in(t: str):
    """Every readable number in the text, in order."""
    for m in _NUM.finditer(t):
        if parsed := numeral(m.group()):
            yield Num(parsed[0], parsed[1], m.start(), m.end(), m.group())


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


def is_elsewhere(t: str, n: Num) -> bool:
    """True when the number is part of a date, time, phone, ID or ordinal, or is negative."""
    if _SKIP_BEFORE.search(t, max(0, n.start - 4), n.start) or _SKIP_AFTER.match(t, n.end):
        return True
    return sum(ch.isdigit() for ch in n.raw) >= 9


def is_plain_number(t: str, n: Num) -> bool:
    """Can this number stand alone as a quantity? Arabic digits, a unit (八千) or the whole answer."""
    return any(ch in _UN or ch.isdigit() for ch in n.raw) or t.strip(_STRIP) == n.raw


def _approx_around(t: str, n: Num) -> bool:
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
_JIAO = re.compile(rf"([0-9{CN_DIGITS}])(?:毛|角)?(?![0-9{CN_DIGITS}{_UN}个月天日年人号点])")
_TOGETHER = re.compile("[儿干做去来走住吃上打待在聊玩回]")  # 一块干活 is "together", not one yuan
_NOT_MONEY = re.compile(
    r"\s*(?:多|来|余|半|几)?\s*(?:个|月|天|日|年|人|号|点|小时|钟|岁|周|星期|礼拜|次|家|层|楼|分|名|位"
    r"|期|栋|米|斤|公斤|吨|件|条|张|份|台|辆|倍|届|回|趟|遍|句|%|度|平)"
)


def parse_amount(text: str) -> Amount | None:
    """The first money amount in the answer: "八千多", "1.2万", "5k", "¥3,000", "三块五".

    A number followed by 个月/天/年/人/号/点/小时... is not money, nor are phones and dates."""
    t = _KW.sub(lambda m: "千" if m.group(1) == "k" else "万", _mask_phones(normalize(text)))
    for n in numbers_in(t):
        if is_elsewhere(t, n):
            continue
        value = n.value
        if money := _MONEY_AFTER.match(t, n.end):
            unit = money.group("unit")
            if unit == "块" and n.raw == "一" and _TOGETHER.match(t, money.end()):
                continue
            if unit in ("毛钱", "毛", "角"):
                value /= 10
            elif unit == "块" and (jiao := _JIAO.match(t, money.end())):
                value += Decimal(jiao.group(1).translate(TO_ARABIC)) / 10
            approx = bool(money.group("more") or _APPROX_AFTER.match(t, money.end()))
        elif _MONEY_BEFORE.search(t, max(0, n.start - 8), n.start) or (
            not _NOT_MONEY.match(t, n.end) and is_plain_number(t, n)
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
    for n in numbers_in(t):
        if is_elsewhere(t, n) or n.value < 1 or n.value != n.value.to_integral_value():
            continue
        if _PEOPLE.match(t, n.end):
            best.setdefault("people", n)
            break
        if _PEOPLE_END.match(t, n.end):
            best.setdefault("end", n)
        elif _PEOPLE_GE.match(t, n.end):
            best.setdefault("ge", n)
        elif not _NOT_PEOPLE.match(t, n.end) and is_plain_number(t, n):
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
# Small whole numbers (days, months, minutes)


def whole_number(s: str) -> int | None:
    """A small whole number written in digits or Chinese ("12", "十二")."""
    n = numeral(s)
    if n is None or n[1] or n[0] != n[0].to_integral_value():
        return None
    return int(n[0])
