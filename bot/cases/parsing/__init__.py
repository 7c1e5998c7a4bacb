"""Understand workers' short answers to the intake-form questions.

Workers answer on a phone the way people really type: "八千多", "两万五", "1.2w", "两个多月",
"去年十月到现在", "合同没有，有工资条". Each parser here turns one answer into a value, or None
when it cannot tell (the bot then asks again). No parser raises on any string, and none touches
the database: they read text only.

By concern:
- ``numbers``: the numeral engine (``cn_number``), money amounts, head counts;
- ``dates``: dates and durations;
- ``choices``: yes / no / don't know, employment, names, a phone's last four digits, menu choices;
- ``evidence``: which kinds of evidence the worker has;
- ``hours``: hours of overtime;
- ``story``: facts inside a whole story (an amount owed, for how long, an injury's date), each
  found near the words that introduce it, returned as the worker's words for the parsers above.

The public names are re-exported here: ``from bot.cases import parsing; parsing.parse_amount(...)``.
"""
from __future__ import annotations

from bot.cases.parsing.choices import (
    _PHONE_DIGITS,  # noqa: F401  (the PII mask's digits must include every one parse_last4 reads)
    parse_choice,
    parse_employment,
    parse_last4,
    parse_name,
    parse_unknown,
    parse_yes_no,
)
from bot.cases.parsing.dates import Duration, parse_date, parse_duration
from bot.cases.parsing.evidence import EVIDENCE_LABELS, parse_evidence
from bot.cases.parsing.hours import parse_hours
from bot.cases.parsing.numbers import Amount, Count, cn_number, parse_amount, parse_count

__all__ = [
    "Amount", "Count", "Duration", "EVIDENCE_LABELS",
    "cn_number", "parse_amount", "parse_count", "parse_duration", "parse_date", "parse_yes_no",
    "parse_unknown", "parse_employment", "parse_evidence", "parse_name", "parse_hours",
    "parse_last4", "parse_choice",
]
