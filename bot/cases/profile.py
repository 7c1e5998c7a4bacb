"""The worker's situation as data: what the conversation has told about them.

A hotline operator does not read out a rule: they note who the caller is (employed or hired by a
household, a student on placement, already drawing a pension), how old, how long in the job,
pregnant or nursing, injured or ill, dismissed and why, what is owed, and apply the law to that.
``read`` builds that note from the worker's own messages, the latest last (a later message
corrects an earlier one). Every field is None while the conversation has not told it: nothing is
guessed, and the rules (``bot/knowledge/applied.py``) ask for the one missing fact that changes
their answer. The profile is derived from the conversation each turn and never stored on its own.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal
from typing import Iterable

# Kinds of work relationship, each with the words an operator would use.
RELATIONSHIPS = {
    "employee": "单位职工",
    "dispatched": "劳务派遣工",
    "part_time": "非全日制（小时工）",
    "platform": "平台从业人员（外卖、网约车、快递等）",
    "household": "家庭直接雇用的家政人员（保姆、育儿嫂、护工等）",
    "household_agency": "家政公司的员工制家政人员",
    "intern": "在校学生实习",
    "retired_rehire": "已领养老金后再就业",
}
PREGNANCY = {"pregnant": "怀孕期间", "maternity": "产假期间", "breastfeeding": "哺乳期", "miscarriage": "流产后休假期间"}
DISMISSAL_REASONS = {
    "incompetent": "不能胜任工作",
    "probation": "试用期不符合录用条件",
    "restructure": "经营困难、裁员或调整岗位",
    "pregnancy": "怀孕生育",
    "illness": "生病或受伤",
    "misconduct": "违反规章制度",
    "age": "年龄大",
    "contract_end": "合同到期不续签",
    "none_given": "没有说明理由",
}


@dataclass(frozen=True)
class Profile:
    relationship: str | None = None      # a key of RELATIONSHIPS
    sex: str | None = None               # "female" | "male"
    post: str | None = None              # a woman's original retirement group: "worker" (50) | "staff" (55)
    birth: date | None = None            # day 1 when only the month is told
    age: int | None = None               # when told as an age (or computed from birth)
    pension: bool | None = None          # already draws a basic pension
    student: bool | None = None          # still enrolled at a school (no graduation certificate yet)
    service_years: float | None = None   # with the present employer
    total_years: float | None = None     # all working years (medical period), when told apart
    start: date | None = None            # started with the present employer
    contract: str | None = None          # "written" | "none" | "fixed" | "open_ended"
    contract_end: date | None = None
    probation: bool | None = None        # still within the probation period
    pregnancy: str | None = None         # a key of PREGNANCY
    injured_at_work: bool | None = None
    injury_date: date | None = None
    injury_reported: bool | None = None  # recognition applied for / recognised as work injury
    occupational_disease: bool | None = None
    ill: bool | None = None              # illness or injury not at work (medical period)
    dismissed: bool | None = None        # the employer ended (or is ending) the job
    dismissal_reason: str | None = None  # a key of DISMISSAL_REASONS
    pushed_to_resign: bool | None = None  # asked or pressed to resign / sign a resignation
    resigned: bool | None = None
    wage: Decimal | None = None          # monthly wage
    owed_months: int | None = None       # months of wages unpaid
    owed_amount: Decimal | None = None
    no_contract_months: int | None = None  # months worked without a written contract
    hours_per_day: float | None = None
    family_death: bool | None = None     # the worker's spouse or family member died
    death_at_work: bool | None = None    # ... of a work accident or in the course of work
    city: str | None = None

    def known(self) -> dict:
        """The fields the conversation has told, by name."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}

    def merge(self, later: "Profile") -> "Profile":
        """This profile with what ``later`` told on top (a later message corrects an earlier one)."""
        return replace(self, **later.known())


def read(messages: Iterable[str], today: date) -> Profile:
    """The profile told by the worker's messages, oldest first."""
    profile = Profile()
    for text in messages:
        profile = profile.merge(read_one(text, today))
    return profile


def read_one(text: str, today: date) -> Profile:
    """The facts one message states, in its own words; nothing it does not state clearly."""
    return Profile()
