"""Phone numbers as workers type them: pure text, no database (parsers, forms and tickets share it)."""
from __future__ import annotations

import re

from bot.common.text import normalize

_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})-?(\d{7,8})(?!\d)")


def parse_phone(text: str) -> str | None:
    """A mainland mobile (11 digits) or a landline with area code, from free text."""
    t = normalize(text).replace(" ", "").replace("+86", "")
    # Mobiles are often grouped with dashes (186-2345-7890); landlines keep theirs (020-87654321).
    if m := _MOBILE.search(re.sub(r"(?<=\d)[-‐–—](?=\d)", "", t)):
        return m.group(1)
    if m := _LANDLINE.search(t):
        return f"{m.group(1)}-{m.group(2)}"
    return None
