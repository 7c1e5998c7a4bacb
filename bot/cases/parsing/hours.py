"""Hours of overtime: "20小时", "两个半小时", "3.5h", "没有"."""
from __future__ import annotations

import re
from decimal import Decimal

from bot.common.text import normalize
from bot.cases.parsing.choices import parse_yes_no
from bot.cases.parsing.numbers import is_elsewhere, is_plain_number, numbers_in, whole_number


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
    for n in numbers_in(t):
        if is_elsewhere(t, n):
            continue
        if unit := _HOUR_UNIT.match(t, n.end):
            hours = n.value + (Decimal("0.5") if unit.group("half") else 0)
            if minutes := _MINUTES.match(t, unit.end()):
                hours += Decimal(whole_number(minutes.group("min")) or 0) / 60
            return round(float(hours), 2)
        if _MINUTE_UNIT.match(t, n.end):
            return round(float(n.value / 60), 2)
        if bare is None and not _NOT_HOURS.match(t, n.end) and is_plain_number(t, n):
            bare = n
    if bare is not None:
        return float(bare.value)
    if _HALF_HOUR.search(t):
        return 0.5
    return 0.0 if parse_yes_no(t) is False else None
