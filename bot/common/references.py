"""Ticket references: short, readable over the phone, hard to guess, with a check character.

Format ``GH-XXXX-XXXX`` (``RH-`` for a membership application, ``PX-`` for a course
enrolment; the worker's status lookup accepts all three): 8 characters from a 31-symbol alphabet without look-alikes
(no 0/O, 1/I/L). Seven are random (31**7 ≈ 2.75e10 possibilities, drawn with ``secrets``);
the eighth is a check character that catches any single mistyped character and any swap of two
neighbours, so a reference misheard over the phone is reported as invalid, not as someone
else's ticket.
"""
from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_N = len(ALPHABET)  # 31, a prime: the check below relies on it
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
PREFIX = "GH"  # tickets
PREFIXES = {"GH": "ticket", "RH": "membership", "PX": "enrolment"}
_PATTERN = re.compile(r"(GH|RH|PX)-?([0-9A-Z]{4})-?([0-9A-Z]{4})", re.IGNORECASE)


def _check_char(body: str) -> str:
    # Weighted sum modulo the prime alphabet size; weights 1..7 are distinct and non-zero mod 31,
    # so one wrong symbol or a swap of two different neighbours always changes the sum.
    return ALPHABET[sum((i + 1) * ALPHABET.index(ch) for i, ch in enumerate(body)) % _N]


def _valid_body(body: str) -> bool:
    return len(body) == 8 and all(c in ALPHABET for c in body) and _check_char(body[:7]) == body[7]


def new_reference(prefix: str = PREFIX) -> str:
    if prefix not in PREFIXES:
        raise ValueError(f"unknown reference prefix {prefix!r}")
    body = "".join(secrets.choice(ALPHABET) for _ in range(7))
    body += _check_char(body)
    return f"{prefix}-{body[:4]}-{body[4:]}"


def parse_reference(text: str) -> str | None:
    """Finds a reference in free text and returns it in canonical form, or None if invalid."""
    m = _PATTERN.search((text or "").upper().replace(" ", ""))
    if not m:
        return None
    body = (m.group(2) + m.group(3)).translate(_LOOKALIKES)
    return f"{m.group(1)}-{body[:4]}-{body[4:]}" if _valid_body(body) else None
