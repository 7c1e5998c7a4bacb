"""What the labour-law calculators share: the result and error types, the limits on input, reading
numbers and dates, and formatting money, dates and lengths of time.

Money is Decimal throughout; only a final amount is rounded to 0.01 yuan (ROUND_HALF_UP). Wrong
input raises CalcError whose message can be shown to the worker as it is.

How time is counted:
- A length of service runs from the first day worked to the last day worked, both days
  included: 2023-01-01 to 2023-06-30 is six months, 2025-03-01 to 2026-02-28 one year. A month
  is complete on the day before the same day number of a later month (or on the day before the
  month's end when it has no such day). The end date the calculators take is the last day
  worked; the double wage likewise counts the last day.
- "One year" from a date ends on the same date a year later, or on 28 February when there is
  no 29th (《民法典》第二百零一条、第二百零二条).
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from bot.common import clock, facts


HOTLINE = f"拿不准的，可以拨打{facts.HOTLINE_NAME}，或找当地工会咨询。"
CENT = Decimal("0.01")
MAX_MONTHLY_WAGE = Decimal("1000000")
MAX_HOURS = Decimal("744")  # 31 days × 24 hours: no month has more
MONTHLY_PAID_DAYS = Decimal("21.75")  # 劳社部发〔2008〕3号: (365 − 104 rest days) ÷ 12
HOURS_PER_DAY = Decimal("8")
LCL = "《劳动合同法》"  # 中华人民共和国劳动合同法
LCL_RULES = "《劳动合同法实施条例》"
LCL_IN_FORCE = date(2008, 1, 1)


class CalcError(ValueError):
    """Input the calculators cannot use; .message is plain Chinese for the worker."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CalcResult:
    amount: Decimal | None  # the headline figure in yuan, rounded to 0.01 (None: not money)
    lines: tuple[str, ...]  # the formula in words with the numbers filled in, one step a line
    basis: tuple[str, ...]  # laws and documents relied on
    notes: tuple[str, ...]  # caveats in plain Chinese

    def text(self) -> str:
        """What the bot sends."""
        parts = list(self.lines)
        if self.basis:
            parts.append("依据：" + "；".join(self.basis))
        if self.notes:
            parts.append("提醒：")
            parts.extend(f"· {note}" for note in self.notes)
        return "\n".join(parts)


# ---------------------------------------------------------------- input helpers


def read_number(value, what: str) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise CalcError(f"请填写{what}，只写数字就行")
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text):  # 5,000 or 12,500.50
        text = text.replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CalcError(f"{what}请只写数字，比如 5000") from None
    if not number.is_finite():
        raise CalcError(f"{what}请只写数字，比如 5000")
    return number


def read_wage(value, what: str = "工资") -> Decimal:
    wage = read_number(value, what)
    if wage <= 0:
        raise CalcError(f"{what}要大于0")
    if wage > MAX_MONTHLY_WAGE:
        raise CalcError(f"{what}超过每月100万元，请再核对一下")
    return wage


def read_hours(value, what: str) -> Decimal:
    hours = read_number(value, what)
    if hours < 0:
        raise CalcError(f"{what}不能是负数")
    if hours > MAX_HOURS:
        raise CalcError(f"{what}超过了744小时（一个月最多31天×24小时），请再核对一下")
    return hours


def read_date(value, what: str) -> date:
    if value is None:
        raise CalcError(f"请告诉我{what}")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    raise CalcError(f"{what}的格式不对，请按“2024年3月1日”这样写")


def read_past_date(value, what: str, today: date) -> date:
    d = read_date(value, what)
    if d > today:
        raise CalcError(f"{what}（{cn_date(d)}）这个日期还没到，请再核对一下")
    return d


def today_or(today) -> date:
    return clock.today() if today is None else read_date(today, "今天的日期")


# ---------------------------------------------------------------- dates and formatting


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def num(x: Decimal) -> str:
    """An input number as typed: 5000, 5000.5, 2.5."""
    text = format(x, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def yuan(x: Decimal) -> str:
    return format(x.quantize(CENT, rounding=ROUND_HALF_UP), "f")


def round_cent(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def add_months(d: date, months: int) -> date:
    """The same day `months` later, or that month's last day when it has no such day."""
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def span(start: date, end: date) -> tuple[int, int, int]:
    """(years, months, days) from start to end, by the calendar."""
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and add_months(start, months) > end:
        months -= 1
    days = (end - add_months(start, months)).days
    return months // 12, months % 12, days


def span_words(years: int, months: int, days: int) -> str:
    return f"{years}年{months}个月" + (f"{days}天" if days else "")
