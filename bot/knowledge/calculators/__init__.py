"""Labour-law calculators shown to workers in the chat, one calculator a module.

- ``overtime``: overtime pay; ``compensation``: economic compensation on leaving a job;
  ``double_wages``: the double wage for working without a written contract; ``limitation``: the
  one-year arbitration limitation period; ``disability``: the work-injury disability grant;
  ``annual_leave``: pay for untaken annual leave; ``retirement``: the retirement age after the
  2025 reform;
- ``common``: what they share (CalcResult, CalcError, limits on input, reading numbers and dates,
  formatting money and dates; how time is counted is written there).

Each returns a CalcResult: the headline amount, the formula in words with the numbers filled in,
the legal basis and short caveats, all in plain Chinese. Wrong input raises CalcError whose
message can be shown to the worker as it is. The public API is re-exported here:
``from bot.knowledge import calculators as calc; calc.overtime_pay(...)``.
"""
from __future__ import annotations

from bot.knowledge.calculators.annual_leave import annual_leave_pay
from bot.knowledge.calculators.common import (
    CENT,
    HOTLINE,
    HOURS_PER_DAY,
    LCL,
    LCL_IN_FORCE,
    LCL_RULES,
    MAX_HOURS,
    MAX_MONTHLY_WAGE,
    MONTHLY_PAID_DAYS,
    CalcError,
    CalcResult,
)
from bot.knowledge.calculators.compensation import CAP_HINT_FROM, CAP_YEARS, REASONS, economic_compensation
from bot.knowledge.calculators.disability import DISABILITY_MONTHS, disability_lump_sum
from bot.knowledge.calculators.double_wages import double_wages
from bot.knowledge.calculators.limitation import CLAIMS, LimitationResult, limitation
from bot.knowledge.calculators.overtime import OVERTIME_RATES, overtime_pay
from bot.knowledge.calculators.retirement import RETIREMENT_RULES, min_contribution_years, retirement_age, retirement_date

__all__ = [
    "CENT", "HOTLINE", "HOURS_PER_DAY", "LCL", "LCL_IN_FORCE", "LCL_RULES", "MAX_HOURS", "MAX_MONTHLY_WAGE",
    "MONTHLY_PAID_DAYS", "CalcError", "CalcResult",
    "OVERTIME_RATES", "overtime_pay",
    "CAP_HINT_FROM", "CAP_YEARS", "REASONS", "economic_compensation",
    "double_wages",
    "CLAIMS", "LimitationResult", "limitation",
    "DISABILITY_MONTHS", "disability_lump_sum",
    "annual_leave_pay",
    "RETIREMENT_RULES", "min_contribution_years", "retirement_age", "retirement_date",
]
