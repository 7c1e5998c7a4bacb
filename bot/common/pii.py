"""Masking personal data (phone numbers, ID numbers, bank cards) shown to staff and written to logs.

``find_pii(text)`` returns ``(kind, start, end)`` spans in the original string; ``mask_text``
replaces them. Matching runs on a *folded* copy of the text of the same length (one character
for one), so positions stay those of the original. Folding reads a number however it is typed,
at least every way the bot's own parsers read one (``bot.common.phones.parse_phone``,
``bot.cases.parsing``):

- digits of any script and form: ASCII, full-width ``１３８``, circled or superscript forms,
  other scripts' decimal digits, and Chinese numerals as a phone number is read out
  (``一三八``, ``幺三八``, ``两``, ``〇``/``零``, the financial forms ``壹贰叁``);
- invisible characters (zero-width spaces and joiners, soft hyphens, format and combining marks)
  are transparent: ``138\u200b1234\u200b5678`` is one number;
- whitespace of any kind and length, dashes of every width, dots (``.``, ``．``, ``。``, ``·``)
  and brackets between digits separate groups: ``138 1234 5678``, ``138-1234-5678``,
  ``6222.0212.3456.7890``, ``(020)87654321``;
- a lower-case ``x`` closes an ID number like an upper-case one.

Digits joined by such separators form a *run*; every sequence of whole groups of a run is
classified by its digits:

- ``id_number``: 18 characters (6-digit region, birth date 19xx/20xx, 3 digits, check digit or
  X; with a mistyped date, an X or a right check digit still counts) or a 15-digit old ID with a
  valid date, in any grouping; masked as ``440***********123X`` (length kept).
- ``mobile``: ``1[3-9]`` + 9 digits in any grouping, optionally after ``+86``/``86``/``0086``;
  ``138****5678``.
- ``landline``: area code (``010``, ``02x`` or ``0xxx``) and a 7–8 digit number; ``020-****4321``.
- ``bank_card``: 13–19 digits, contiguous or in groups of four (the last group 1–4); the Luhn
  check is not required, since workers mistype; ``6222 **** 0123``.

Candidates that overlap are masked as one span. Numbers that are not personal data stay: ticket
references (``GH-7K3M-Q9XW``), amounts, dates, hotlines (12351, 12333, 110), years and counts are
too short or shaped differently. Masked text holds no run of digits long enough to match again,
so masking is idempotent.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

# Chinese numerals as digits are read out in a phone number (every one bot.cases.parsing reads,
# and 幺 for one); units such as 十/百/千 are not digits, so amounts like 三千五 never form a run.
CHINESE_DIGITS = {
    "零": "0", "〇": "0", "一": "1", "壹": "1", "幺": "1", "二": "2", "贰": "2", "貳": "2", "两": "2", "兩": "2",
    "俩": "2", "倆": "2", "三": "3", "叁": "3", "參": "3", "仨": "3", "四": "4", "肆": "4", "五": "5", "伍": "5",
    "六": "6", "陆": "6", "陸": "6", "七": "7", "柒": "7", "八": "8", "捌": "8", "九": "9", "玖": "9",
}
_DASHES = set("-‐‑‒–—―−﹘﹣－")
_DOTS = set(".．。｡·・•‧﹒")
_INVISIBLE = "\x00"  # what an invisible character folds to: transparent between digits


def _fold_char(cp: int) -> str:
    c = chr(cp)
    if c in CHINESE_DIGITS:
        return CHINESE_DIGITS[c]
    if c in _DASHES:
        return "-"
    if c in _DOTS:
        return "."
    if c.isspace():
        return " "
    if unicodedata.category(c) in ("Cf", "Mn", "Me"):
        return _INVISIBLE
    n = unicodedata.normalize("NFKC", c)
    if len(n) != 1:
        return c
    if n.isdecimal():
        return str(unicodedata.decimal(n))
    if n in "xX":
        return "X"
    if n in _DASHES:
        return "-"
    if n in _DOTS:
        return "."
    return n if n in "+()" else c


class _FoldTable(dict):
    """str.translate table filled on first sight of each character (one character for one)."""

    def __missing__(self, cp: int) -> str:
        self[cp] = value = _fold_char(cp)
        return value


_TABLE = _FoldTable()


def _fold(text: str) -> str:
    return text.translate(_TABLE)


_DATE8 = r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_DATE6 = r"\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_ID18 = re.compile(rf"[1-9]\d{{5}}{_DATE8}\d{{3}}[\dX]")
_ID18_X = re.compile(r"[1-9]\d{16}X")  # a mistyped date, but the X
_ID15 = re.compile(rf"[1-8]\d{{5}}{_DATE6}\d{{3}}")
_MOBILE = re.compile(r"(?:0086|86)?1[3-9]\d{9}")
# An area code and a 7-8 digit number: 0 and 9-11 more digits (as loose as parse_phone).
_LANDLINE = re.compile(r"0\d{9,11}")
# Digits joined by whitespace and invisible characters, and at most three of - . ( ) + between two
# digits; an X only at a group's end.
_SPACE = " " + _INVISIBLE
_SEPARATORS = _SPACE + "-.()+"
_RUN = re.compile(rf"\d(?:[{_SPACE}]*(?:[\-.()+][{_SPACE}]*){{0,3}}\d|{_INVISIBLE}*X(?![0-9A-Za-z]))*")
_GROUP = re.compile(r"[\dX]+")
_NOT_DIGIT = re.compile(r"[^\dX]")
_PRIORITY = {"id_number": 0, "mobile": 1, "landline": 2, "bank_card": 3}
_MAX_DIGITS = 19

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_checksum_ok(id_number: str) -> bool:
    """True when an 18-character resident ID has the right check character (GB 11643)."""
    s = _fold(id_number or "").upper()
    if not re.fullmatch(r"\d{17}[\dX]", s):
        return False
    check = "10X98765432"[sum(int(c) * w for c, w in zip(s, _ID_WEIGHTS)) % 11]
    return s[-1] == check


def _kind(digits: str, card_sizes) -> str | None:
    """What a sequence of whole groups is, from its digits (and, for bank cards, its grouping:
    ``card_sizes()`` gives the groups' lengths)."""
    n = len(digits)
    if "X" in digits:
        if n == 18 and (_ID18.fullmatch(digits) or _ID18_X.fullmatch(digits)):
            return "id_number"
        # an x after a number is only a letter to parse_phone: "13812345678x"
        return _kind(digits[:-1], lambda: card_sizes()[:-1] + [card_sizes()[-1] - 1]) if digits.index("X") == n - 1 else None
    if n == 18 and (_ID18.fullmatch(digits) or id_checksum_ok(digits)):
        return "id_number"
    if n == 15 and _ID15.fullmatch(digits):
        return "id_number"
    if _MOBILE.fullmatch(digits):
        return "mobile"
    if _LANDLINE.fullmatch(digits):
        return "landline"
    if 13 <= n <= _MAX_DIGITS and ((sizes := card_sizes()) == [n] or (all(s == 4 for s in sizes[:-1]) and 0 < sizes[-1] <= 4)):
        return "bank_card"
    return None


def _groups(text: str, folded: str, run: re.Match) -> list[tuple[int, int, str, bool]]:
    """The run's groups ``(start, end, digits, glued)``: digits between separators. Invisible
    characters and a change between Chinese numerals and digits ("1三0086…") also end a group,
    as parse_phone reads neither, but such groups stay *glued* to the one before (one group to
    the bank-card grouping rule)."""
    groups: list[tuple[int, int, str, bool]] = []
    prev_end = None
    for m in _GROUP.finditer(run.group()):
        start, end = m.start() + run.start(), m.end() + run.start()
        cuts = [start] + [k for k in range(start + 1, end) if (text[k] in CHINESE_DIGITS) != (text[k - 1] in CHINESE_DIGITS)]
        for a, b in zip(cuts, cuts[1:] + [end]):
            digits = _NOT_DIGIT.sub("", folded[a:b])
            if a and folded[a - 1] == "+" and digits.startswith("86"):  # +86, wherever it is (parse_phone drops it)
                digits = digits[2:]
            glued = prev_end is not None and not folded[prev_end:a].strip(_INVISIBLE)
            groups.append((a, b, digits, glued))
            prev_end = b
    return groups


def _card_sizes(groups) -> list[int]:
    sizes: list[int] = []
    for _, _, digits, glued in groups:
        if glued and sizes:
            sizes[-1] += len(digits)
        else:
            sizes.append(len(digits))
    return sizes


def _run_spans(text: str, folded: str, run: re.Match) -> list[tuple[str, int, int]]:
    groups = _groups(text, folded, run)
    found = []
    for i in range(len(groups)):
        digits = ""
        for j in range(i, len(groups)):
            digits += groups[j][2]
            if len(digits) > _MAX_DIGITS + 1:
                break
            if kind := _kind(digits, lambda: _card_sizes(groups[i:j + 1])):
                start, end = groups[i][0], groups[j][1]
                if kind == "mobile" and start and folded[start - 1] == "+":  # +86
                    start -= 1
                if start and folded[start - 1] == "(" and ")" in folded[start:end]:  # (+86) (020)
                    start -= 1
                found.append((kind, start, end))
    return found


def find_pii(text: str) -> list[tuple[str, int, int]]:
    """Personal-data spans ``(kind, start, end)`` in ``text``, in order, never overlapping.

    Candidates that overlap are masked together: the span is their union, of the kind of the
    longest (on equal lengths, the kind with the higher priority)."""
    if not text:
        return []
    folded = _fold(text)
    found = sorted((span for run in _RUN.finditer(folded) for span in _run_spans(text, folded, run)),
                   key=lambda s: (s[1], s[2]))
    clusters: list[list[tuple[str, int, int]]] = []
    for span in found:
        if clusters and span[1] < max(c[2] for c in clusters[-1]):
            clusters[-1].append(span)
        else:
            clusters.append([span])
    chosen = []
    for cluster in clusters:
        kind = min(cluster, key=lambda s: (-(s[2] - s[1]), _PRIORITY[s[0]]))[0]
        chosen.append((kind, cluster[0][1], max(c[2] for c in cluster)))
    return chosen


def _mask_span(kind: str, folded: str) -> str:
    digits = _NOT_DIGIT.sub("", folded)
    if kind != "id_number":
        digits = digits.replace("X", "")
    if kind == "mobile":
        core = digits[-11:]
        return f"{core[:3]}****{core[-4:]}"
    if kind == "landline":
        area_len = 3 if digits[1] in "12" else 4
        return f"{digits[:area_len]}-****{digits[-4:]}"
    if kind == "id_number":
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    return f"{digits[:4]} **** {digits[-4:]}"  # bank_card


def mask_text(text: str) -> str:
    """``text`` with every personal-data span replaced by its masked form."""
    if not text:
        return text
    spans = find_pii(text)
    if not spans:
        return text
    folded = _fold(text)
    out: list[str] = []
    pos = 0
    for kind, start, end in spans:
        out.append(text[pos:start])
        out.append(_mask_span(kind, folded[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def phone_number(text: str | None) -> str | None:
    """The digits of the phone number that ``text`` is, and nothing else ("138 1234 5678",
    "+86 138-1234-5678" -> "13812345678", "020-8765 4321" -> "02087654321"); None for anything
    else, partial numbers included."""
    text = (text or "").strip()
    spans = find_pii(text)
    if len(spans) != 1 or spans[0][0] not in ("mobile", "landline"):
        return None
    kind, start, end = spans[0]
    if _fold(text[:start] + text[end:]).strip(_SEPARATORS + "+"):
        return None
    digits = _NOT_DIGIT.sub("", _fold(text[start:end]))
    return digits[-11:] if kind == "mobile" else digits


def mask_phone(phone: str | None) -> str:
    """A contact phone field for display: masked like in text; other numbers of 7+ digits keep the last 4."""
    if not phone:
        return ""
    phone = str(phone).strip()
    masked = mask_text(phone)
    if masked != phone or "*" in phone:
        return masked
    digits = re.sub(r"\D", "", _fold(phone))
    if len(digits) >= 7:
        return "****" + digits[-4:]
    return phone


def mask_value(value: Any) -> Any:
    """Masks strings, recursing into lists, tuples and dict values; other values are returned as they are."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {k: mask_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_value(v) for v in value]
    if isinstance(value, tuple):
        return tuple(mask_value(v) for v in value)
    return value
