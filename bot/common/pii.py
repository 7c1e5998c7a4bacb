"""Masking personal data (phone numbers, ID numbers, bank cards) shown to staff.

``find_pii(text)`` returns ``(kind, start, end)`` spans in the original string; ``mask_text``
replaces them. Matching runs on a copy of the text where full-width digits, letters, spaces and
dashes are mapped one-to-one to ASCII, so positions stay those of the original.

Kinds and their masked forms:

- ``id_number``: 18-character resident ID (6-digit region, birth date 19xx/20xx, 3 digits, check
  digit or X; the checksum is not required, but 18 characters with a valid check character or
  ending in X count even with a mistyped date) or a 15-digit old ID with a valid date; masked as
  ``440***********123X`` (length kept).
- ``mobile``: ``1[3-9]`` + 9 digits, optionally ``+86``/``86`` and grouped 3-4-4; ``138****5678``.
- ``landline``: area code (``010``, ``02x`` or ``0xxx``) and a 7–8 digit number; ``020-****4321``.
- ``bank_card``: 13–19 digits, contiguous or in groups of four (the Luhn check is not required,
  since workers mistype); ``6222 **** 0123``.

Numbers that are not personal data stay: ticket references (``GH-7K3M-Q9XW``), amounts, dates,
hotlines (12351, 12333, 110), years and counts are all too short or shaped differently.
Masked text contains no run of digits long enough to match again, so masking is idempotent.
"""
from __future__ import annotations

import re
from typing import Any

# One-to-one character mapping: positions in the normalised text equal those in the original.
_FOLD = {0xFF10 + i: ord("0") + i for i in range(10)}
_FOLD.update({
    0xFF38: "X", 0xFF58: "x",  # Ｘ ｘ
    0x3000: " ", 0x00A0: " ",  # ideographic and no-break space
    0xFF0B: "+", 0xFF08: "(", 0xFF09: ")",
    0xFF0D: "-", 0x2010: "-", 0x2011: "-", 0x2012: "-", 0x2013: "-", 0x2014: "-", 0x2212: "-",
})

# Not preceded by a digit (or a decimal number such as "1."); not followed by a digit or a decimal part.
_L = r"(?<!\d)(?<!\d\.)"
_R = r"(?!\.?\d)"
_SEP = r"[ \-]?"
_DATE8 = r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_DATE6 = r"\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # Listed by priority: on the same span, the first kind wins.
    ("id_number", re.compile(rf"{_L}[1-9]\d{{5}}{_SEP}{_DATE8}{_SEP}\d{{3}}[\dXx](?![\dA-Za-z])")),
    ("id_number", re.compile(rf"{_L}[1-8]\d{{5}}{_DATE6}\d{{3}}{_R}")),
    ("id_number", re.compile(rf"{_L}[1-9]\d{{16}}[Xx](?![\dA-Za-z])")),  # a mistyped date, but the X
    # 3-4-4 or 4-3-4 groups, optionally after +86 / 0086 / 86 / (+86)
    ("mobile", re.compile(
        rf"(?:(?<![\d+])\(?(?:\+|00)?86\)?{_SEP}|{_L})1[3-9]\d(?:{_SEP}\d{{4}}|\d[ \-]\d{{3}}){_SEP}\d{{4}}{_R}")),
    # 010 and 02x have 8-digit numbers; other area codes have four digits and 7-8-digit numbers
    ("landline", re.compile(rf"{_L}(?:\(0[12]\d\) ?|0[12]\d{_SEP})[1-9]\d{{3}}{_SEP}\d{{4}}{_R}")),
    ("landline", re.compile(rf"{_L}(?:\(0[3-9]\d\d\) ?|0[3-9]\d\d{_SEP})[1-9]\d{{2,3}}{_SEP}\d{{4}}{_R}")),
    ("bank_card", re.compile(rf"{_L}\d{{13,19}}{_R}")),
    ("bank_card", re.compile(rf"{_L}\d{{4}}(?:[ \-]\d{{4}}){{2,4}}(?:[ \-]\d{{1,3}})?{_R}")),
]
_PRIORITY = {"id_number": 0, "mobile": 1, "landline": 2, "bank_card": 3}


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_checksum_ok(id_number: str) -> bool:
    """True when an 18-character resident ID has the right check character (GB 11643)."""
    s = _fold(id_number or "").upper()
    if not re.fullmatch(r"\d{17}[\dX]", s):
        return False
    check = "10X98765432"[sum(int(c) * w for c, w in zip(s, _ID_WEIGHTS)) % 11]
    return s[-1] == check


def _fold(text: str) -> str:
    return text.translate(_FOLD)


def find_pii(text: str) -> list[tuple[str, int, int]]:
    """Personal-data spans ``(kind, start, end)`` in ``text``, in order, never overlapping."""
    if not text:
        return []
    folded = _fold(text)
    found: list[tuple[str, int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(folded):
            if kind == "bank_card":
                if not 13 <= sum(c.isdigit() for c in m.group()) <= 19:
                    continue
                if id_checksum_ok(m.group()):  # 18 digits with a valid ID check digit
                    found.append(("id_number", m.start(), m.end()))
                    continue
            found.append((kind, m.start(), m.end()))
    # The longest span wins; on equal spans, the kind with the higher priority.
    found.sort(key=lambda s: (-(s[2] - s[1]), _PRIORITY[s[0]], s[1]))
    chosen: list[tuple[str, int, int]] = []
    for span in found:
        if all(span[2] <= c[1] or span[1] >= c[2] for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s[1])


def _mask_span(kind: str, raw: str) -> str:
    digits = re.sub(r"[^\dXx]", "", raw)
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
