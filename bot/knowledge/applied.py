"""What the law means for this worker: the rules of ``data/applied/rules.yml`` applied to the case
profile (``bot/cases/profile.py``).

A hotline operator asks one question and then says "按您说的情况，公司在您怀孕期间以不胜任为由辞退您
是违法的". ``apply`` does the same: it matches every rule against the profile and the worker's latest
message, and returns the findings by priority (at most one verdict, caution or gate, then at most one
note) with the figures the rule's computation gives, and the one missing fact that would change the
answer (never a fact already asked).

The rules are data; this module is the matcher, the table of computations and the formatter. The
data is checked when first loaded (cached): an unknown profile field, value, placeholder, concern or
computation, a law the catalogue does not know, or an over-long conclusion raises RuleError naming
the rule.

How a rule matches (``when``: every condition holds; a list of mappings: any one of them holds):
- ``field: value`` the field equals the value; ``field: [a, b, null]`` one of them (null: the field
  may still be unknown); ``field: {min: , max: , below: , above: }`` a number in range;
  ``field: known`` / ``unknown``;
- ``unless`` any condition holds → the rule does not apply; ``about`` (optional) the latest message
  asks about one of these concerns.
Besides the profile's fields a rule may test ``years_to_retirement`` (years until the statutory
retirement month, negative once past it) and ``past_retirement``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import yaml

from bot.cases.profile import DISMISSAL_REASONS, PREGNANCY, RELATIONSHIPS, Profile
from bot.common.facts import TOPICS
from bot.common.text import standard
from bot.config import DATA_DIR
from bot.knowledge import laws, quick_calc
from bot.knowledge.calculators import CalcError, retirement_age, retirement_date
from bot.knowledge.calculators.common import LCL_IN_FORCE, add_months, cn_date, num, span, yuan
from bot.knowledge.calculators.compensation import CAP_HINT_FROM, CAP_YEARS, months_of_pay, months_words
from bot.knowledge.calculators.disability import DISABILITY_MONTHS
from bot.knowledge.calculators.double_wages import double_wages
from bot.knowledge.calculators.retirement import RETIREMENT_RULES, min_contribution_years

RULES = DATA_DIR / "applied" / "rules.yml"


def _yuan(x: Decimal) -> str:
    """An amount as a worker reads it: "13000", "4137.93" (no ".00" on whole yuan)."""
    text = yuan(x)
    return text[:-3] if text.endswith(".00") else text
KINDS = ("verdict", "caution", "note", "gate")
CONCLUSION_MAX, STEP_MAX = 120, 60


class RuleError(ValueError):
    """The rules file is wrong; the message names the rule and what is wrong."""


@dataclass(frozen=True)
class Finding:
    rule: str
    kind: str
    conclusion: str
    steps: tuple[str, ...]
    basis: tuple[str, ...]
    figure: tuple[str, ...]
    case_topic: str | None
    replaces_answer: bool


@dataclass(frozen=True)
class Ask:
    field: str
    question: str


@dataclass(frozen=True)
class Applied:
    findings: tuple[Finding, ...]
    ask: Ask | None


# ---------------------------------------------------------------- the facts a rule can test

ENUMS = {
    "relationship": {**RELATIONSHIPS, "domestic_unclear": "家政人员（还没说清是谁雇的）",
                     "intern_unclear": "实习人员（还没说清是否还在读）"},
    "pregnancy": PREGNANCY,
    "dismissal_reason": DISMISSAL_REASONS,
    "sex": {"female": "女职工", "male": "男职工"},
    "post": {"worker": "原50岁退休的工人岗位", "staff": "原55岁退休的管理技术岗位"},
    "contract": {"written": "书面合同", "none": "没签书面合同", "fixed": "固定期限合同", "open_ended": "无固定期限合同"},
}
UNITS = {"service_years": "年", "total_years": "年", "age": "岁", "wage": "元", "owed_amount": "元",
         "owed_months": "个月", "no_contract_months": "个月", "hours_per_day": "小时", "disability_grade": "级",
         "babies": "个"}
DERIVED = {"years_to_retirement": "number", "past_retirement": "bool"}


def _kind_of(annotation: str) -> str:
    base = str(annotation).split("|")[0].strip()
    return {"bool": "bool", "date": "date", "int": "number", "float": "number", "Decimal": "number"}.get(base, "text")


FIELDS = {f.name: ("enum" if f.name in ENUMS else _kind_of(f.type)) for f in fields(Profile)}
FACTS = {**FIELDS, **DERIVED}


def _retirement_kind(p: Profile) -> str | None:
    """The worker's retirement group, when what they told settles it (``_kinds`` has one)."""
    kinds = _kinds(p)
    return kinds[0] if len(kinds) == 1 else None


def _birth(p: Profile, today: date) -> tuple[date | None, bool]:
    """The birth month, and whether it is estimated from the age (the latest it can be: an age
    never makes someone look nearer retirement than they are)."""
    if p.birth:
        return p.birth, False
    if p.age is not None:
        return date(today.year - p.age, today.month, 1), True
    return None, False


def _retirement_inputs_missing(p: Profile) -> list[str]:
    missing = ["age"] if p.birth is None and p.age is None else []
    if p.sex is None:
        missing.append("sex")
    elif p.sex == "female" and p.post is None:
        missing.append("post")
    return missing


@dataclass(frozen=True)
class Possible:
    """A derived fact not settled yet, with the value it takes in each group the worker may be in
    (the birth month is known, the sex or the post not): a condition holds only when it holds in
    every one, and the missing fact is asked when it holds in some."""
    values: tuple


def _kinds(p: Profile) -> list[str]:
    """The retirement groups the worker may be in, by what they told."""
    if p.sex == "male":
        return ["male"]
    women = [{"worker": "female_50", "staff": "female_55"}[p.post]] if p.post else ["female_50", "female_55"]
    return women if p.sex == "female" else ["male", *women]


def facts(profile: Profile, today: date) -> dict[str, Any]:
    """The profile's fields and the derived facts, by name (None: not known; Possible: known only
    group by group)."""
    out = {name: getattr(profile, name) for name in FIELDS}
    birth, _estimated = _birth(profile, today)
    if birth is None:
        out["years_to_retirement"] = out["past_retirement"] = None
        return out
    years, past = [], []
    for kind in _kinds(profile):
        retire = retirement_date(birth, kind)[0]
        years.append(((retire.year - today.year) * 12 + retire.month - today.month) / 12)
        past.append(today >= retire)
    if len(years) == 1:
        out["years_to_retirement"], out["past_retirement"] = years[0], past[0]
    else:
        out["years_to_retirement"], out["past_retirement"] = Possible(tuple(years)), Possible(tuple(past))
    return out


def _missing_inputs(name: str, profile: Profile) -> list[str]:
    """The profile fields to ask for so that ``name`` becomes known."""
    return _retirement_inputs_missing(profile) if name in DERIVED else [name]


# ---------------------------------------------------------------- conditions


@dataclass(frozen=True)
class Cond:
    field: str
    test: Callable[[Any], bool]  # the value (None when unknown) → holds
    per_group: bool = True  # a Possible value: tested in each group (False: "known"/"unknown", as unknown)

    @property
    def needs_known(self) -> bool:
        """Holds only once the field is known: the field can fill a placeholder."""
        return not self.test(None)

    def holds(self, value) -> bool:
        if isinstance(value, Possible):
            return all(self.test(v) for v in value.values) if self.per_group else self.test(None)
        return self.test(value)

    def may_hold(self, value) -> bool:
        """Holds in some group the worker may be in: the missing fact is worth asking."""
        return isinstance(value, Possible) and self.per_group and any(self.test(v) for v in value.values)


def _cond(name: str, spec, where: str) -> Cond:
    if name not in FACTS:
        raise RuleError(f"{where}: unknown profile field {name!r}")
    kind = FACTS[name]
    if spec in ("known", "unknown"):
        return Cond(name, (lambda v: v is not None) if spec == "known" else (lambda v: v is None), per_group=False)
    if isinstance(spec, dict):
        if kind != "number" or not spec or set(spec) - {"min", "max", "below", "above"} \
                or not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in spec.values()):
            raise RuleError(f"{where}: {name}: a range {{min, max, below, above}} of numbers fits only a number field")
        lo, hi, below, above = spec.get("min"), spec.get("max"), spec.get("below"), spec.get("above")
        return Cond(name, lambda v: v is not None and (lo is None or float(v) >= lo) and (hi is None or float(v) <= hi)
                    and (below is None or float(v) < below) and (above is None or float(v) > above))
    values = spec if isinstance(spec, list) else [spec]
    if not values:
        raise RuleError(f"{where}: {name}: an empty list never holds")
    for v in values:
        ok = v is None or (kind == "bool" and isinstance(v, bool)) or (kind == "enum" and v in ENUMS[name]) \
            or (kind == "text" and isinstance(v, str)) or (kind == "number" and isinstance(v, (int, float)) and not isinstance(v, bool))
        if not ok:
            allowed = f" (one of {', '.join(ENUMS[name])})" if kind == "enum" else ""
            raise RuleError(f"{where}: {v!r} is not a value of {name}{allowed}")
    if not isinstance(spec, list) and spec is None:
        raise RuleError(f"{where}: {name}: write unknown, not null")
    allowed_values = tuple(values)
    return Cond(name, lambda v: v in allowed_values)


def _conds(mapping, where: str) -> tuple[Cond, ...]:
    if not isinstance(mapping, dict) or not mapping:
        raise RuleError(f"{where}: expected a mapping of profile fields to conditions")
    return tuple(_cond(str(k), v, where) for k, v in mapping.items())


# ---------------------------------------------------------------- computations


@dataclass(frozen=True)
class Figure:
    values: dict[str, str]  # placeholder → text
    lines: tuple[str, ...]  # the formula in words, with the numbers


@dataclass(frozen=True)
class Computation:
    requires: tuple[tuple[str, ...], ...]  # any one set of facts known lets it run
    provides: tuple[str, ...]  # the placeholders it fills
    run: Callable[[Profile, dict, date], Figure | None]


def _service(p: Profile, today: date) -> tuple[int, int, int] | None:
    if p.start:
        return span(p.start, today + timedelta(days=1))  # today counts as worked
    if p.service_years is not None:
        months = round(p.service_years * 12)
        return months // 12, months % 12, 0
    return None


def _pay_months(p: Profile, today: date) -> tuple[tuple[int, int, int], Decimal, Decimal] | None:
    """(the service, the months of pay it earns, the monthly wage), or None when either is untold."""
    service = _service(p, today)
    if service is None or p.wage is None:
        return None
    return service, months_of_pay(*service), Decimal(p.wage)


def _severance(double: bool) -> Callable[[Profile, dict, date], Figure | None]:
    def run(p: Profile, _f: dict, today: date) -> Figure | None:
        if (found := _pay_months(p, today)) is None:
            return None
        service, n, wage = found
        n_amount = wage * n
        lines = [months_words(*service, n) + "（《劳动合同法》第四十七条）",
                 f"经济补偿（N）：{num(wage)}元 × {num(n)}个月 = {_yuan(n_amount)}元"]
        if double:
            lines.append(f"违法解除的赔偿金（2N）：{_yuan(n_amount)}元 × 2 = {_yuan(n_amount * 2)}元（第八十七条）")
        if wage >= CAP_HINT_FROM:
            lines.append(f"工资高于当地上年度职工月平均工资3倍的，按3倍算、最多算{CAP_YEARS}年；"
                         "这里没有当地的数，按您的工资算的，可能偏高")
        start = p.start or add_months(today, -(service[0] * 12 + service[1]))
        if not double and start < LCL_IN_FORCE:
            lines.append("2008年以前的工龄按当时的规定算，各地不同，这里按全部年限估算")
        values = {"severance_months": f"{num(n)}个月", "severance": f"{_yuan(n_amount)}元",
                  "damages": f"{_yuan(n_amount * 2)}元"}
        return Figure(values, tuple(lines))
    return run


def _nursing_year(p: Profile) -> str | None:
    """The month the nursing year ends (the baby's first birthday), when the birth date was told."""
    if p.child_born is None:
        return None
    return (f"孩子{p.child_born.year}年{p.child_born.month}月出生，哺乳期到{p.child_born.year + 1}年{p.child_born.month}月"
            f"孩子满1周岁为止，合同至少顺延到那时（《劳动合同法》第四十五条）")


def _expiry_while_childbearing(p: Profile, f: dict, today: date) -> Figure | None:
    """A contract ended at its expiry during pregnancy or the nursing year: the 2N damages and,
    once the baby's birth date is told, the month the contract runs to."""
    damages = _severance(True)(p, f, today)
    nursing = _nursing_year(p)
    if nursing is None:
        return damages
    return Figure(damages.values if damages else {}, (nursing, *(damages.lines if damages else ())))


def _damages_if_unlawful(p: Profile, _f: dict, today: date) -> Figure | None:
    """A dismissal that is lawful only if the employer proves its ground (试用期不符合录用条件): no
    compensation when it does, the 2N damages when it does not; N alone is owed in neither case."""
    if (found := _pay_months(p, today)) is None:
        return None
    service, n, wage = found
    damages = wage * n * 2
    lines = [months_words(*service, n) + "（《劳动合同法》第四十七条）",
             f"单位拿不出证据、属于违法解除的，赔偿金（2N）：{num(wage)}元 × {num(n)}个月 × 2 = {_yuan(damages)}元（第八十七条）；"
             "单位能证明您确实不符合录用条件的，没有经济补偿"]
    return Figure({"severance_months": f"{num(n)}个月", "damages": f"{_yuan(damages)}元"}, tuple(lines))


def _back_pay(p: Profile, _f: dict, _today: date) -> Figure | None:
    # "三个月没发 一个月6500": an amount no larger than one month's wage, with months owed told, is
    # the wage, not the total (the months times the wage is)
    by_months = p.owed_months is not None and p.wage is not None and p.owed_months > 1 \
        and (p.owed_amount is None or Decimal(p.owed_amount) <= Decimal(p.wage))
    if p.owed_amount is not None and not by_months:
        owed = Decimal(p.owed_amount)
        lines = [f"欠发的工资：{_yuan(owed)}元"]
    elif p.owed_months is not None and p.wage is not None:
        owed = Decimal(p.wage) * p.owed_months
        lines = [f"欠发的工资：{num(Decimal(p.wage))}元 × {p.owed_months}个月 = {_yuan(owed)}元"]
    else:
        return None
    low, high = owed * Decimal("0.5"), owed
    lines.append(f"劳动监察责令限期支付后单位仍不付的，另加应付金额50%到100%的赔偿金：{_yuan(low)}元到{_yuan(high)}元"
                 "（《劳动合同法》第八十五条）")
    return Figure({"owed_total": f"{_yuan(owed)}元", "extra_low": f"{_yuan(low)}元", "extra_high": f"{_yuan(high)}元"},
                  tuple(lines))


def _double_wage(p: Profile, _f: dict, today: date) -> Figure | None:
    if p.wage is None:
        return None
    if p.start is not None and p.contract == "none":
        start = p.start
    elif p.no_contract_months is not None:
        start = add_months(today + timedelta(days=1), -p.no_contract_months)  # exactly that many months to today
    else:
        return None
    try:
        result = double_wages(p.wage, start, signed=None, today=today)
    except CalcError:
        return None
    extra = result.amount or Decimal(0)
    months = num(extra / Decimal(p.wage)) if p.wage else "0"
    lines = ["没签书面合同的，从上班满一个月的第二天起每月多给一倍工资，到满一年为止，最多11个月（《劳动合同法》第八十二条）",
             f"按您说的算，多给约{months}个月：{_yuan(extra)}元"]
    return Figure({"double_wage_total": f"{_yuan(extra)}元", "double_wage_months": f"{months}个月"}, tuple(lines))


def _retirement_figure(p: Profile, _f: dict, today: date) -> Figure | None:
    birth, estimated = _birth(p, today)
    kind = _retirement_kind(p)
    if not birth or not kind:
        return None
    retire, delay = retirement_date(birth, kind)
    base = RETIREMENT_RULES[kind][0]
    age = f"{base + delay // 12}岁" + (f"{delay % 12}个月" if delay % 12 else "")
    when = f"{retire.year}年{retire.month}月" + ("前后" if estimated else "")
    lines = list(retirement_age(birth, kind).lines)
    if estimated:
        lines.insert(0, "按您说的年龄推算（不知道出生月份，月份可能差几个月）：")
    return Figure({"retire_age": age, "retire_date": when, "min_years": min_contribution_years(retire.year)}, tuple(lines))


BRANCH_LABELS = {"male": "男职工", "female_55": "女职工，原来55岁退休的（管理、技术岗位等）",
                 "female_50": "女职工，原来50岁退休的（生产、工人岗位等）"}


def _retirement_branches(p: Profile, _f: dict, today: date) -> Figure | None:
    """The retirement month for each group the worker may be in, when the birth is known but not
    the group: an answer at once, rather than a question first."""
    birth, estimated = _birth(p, today)
    kinds = [k for k in BRANCH_LABELS if p.sex is None or (p.sex == "female") == k.startswith("female")]
    if not birth or len(kinds) < 2:
        return None
    lines = ["按您说的年龄推算（不知道出生月份，月份可能差几个月）："] if estimated else []
    for kind in kinds:
        retire, delay = retirement_date(birth, kind)
        base = RETIREMENT_RULES[kind][0]
        age = f"{base + delay // 12}岁" + (f"{delay % 12}个月" if delay % 12 else "")
        when = f"{retire.year}年{retire.month}月{'前后' if estimated else ''}"
        lines.append(f"{BRANCH_LABELS[kind]}：{age}，也就是{when}" + ("，已经到了" if retire <= today else "")
                     + f"，累计缴费要满{min_contribution_years(retire.year)}")
    return Figure({}, tuple(lines))


MEDICAL_WINDOW = {3: 6, 6: 12, 9: 15, 12: 18, 18: 24, 24: 30}  # 医疗期规定第四条


def medical_months(total_years: float, here_years: float) -> int:
    """企业职工患病或非因工负伤医疗期规定第三条: the medical period in months."""
    if total_years < 10:
        return 3 if here_years < 5 else 6
    for below, months in ((5, 6), (10, 9), (15, 12), (20, 18)):
        if here_years < below:
            return months
    return 24


def _medical_period(p: Profile, _f: dict, today: date) -> Figure | None:
    service = _service(p, today)
    if service is None:
        return None
    here = service[0] + service[1] / 12
    total = max(p.total_years if p.total_years is not None else here, here)
    months = medical_months(total, here)
    lines = [f"总工龄{num(Decimal(str(round(total, 1))))}年、在本单位{num(Decimal(str(round(here, 1))))}年："
             f"医疗期{months}个月，在{MEDICAL_WINDOW[months]}个月内累计病休时间计算"
             "（《企业职工患病或非因工负伤医疗期规定》第三条、第四条）"]
    if p.total_years is None and total < 10:
        lines.append("这是按总工龄不到10年算的；您总共参加工作满10年的，医疗期更长，告诉我可以算准")
    return Figure({"medical_months": f"{months}个月", "medical_window": f"{MEDICAL_WINDOW[months]}个月"}, tuple(lines))


_CHINESE_COUNT = {2: "双", 3: "三", 4: "四"}


def _maternity(p: Profile, _f: dict, _today: date) -> Figure | None:
    early, late = quick_calc.MISCARRIAGE_DAYS["before_4_months"], quick_calc.MISCARRIAGE_DAYS["from_4_months"]
    law = "（《女职工劳动保护特别规定》第七条）"
    if p.pregnancy == "miscarriage":  # the 98 days of a birth are not hers
        if p.pregnant_months is not None:  # "怀孕11周 做的清宫": her own days
            days, which = (early, "不满4个月") if p.pregnant_months < 4 else (late, "满4个月")
            lines = [f"按您说的，怀孕{which}流产，产假{days}天{law}"]
        else:
            lines = [f"怀孕不满4个月流产的{early}天，满4个月流产的{late}天{law}"]
    else:
        lines = [f"产假{quick_calc.MATERNITY_DAYS}天（产前可以休{quick_calc.PRENATAL_DAYS}天）；难产加{quick_calc.EXTRA_DAYS}天；"
                 f"多胞胎每多1个加{quick_calc.EXTRA_DAYS}天{law}", "各省另有延长的生育假，在这个基础上加"]
        if p.wage is not None:  # the employer pays the wage when it paid no maternity insurance (第八条)
            wage = Decimal(p.wage)
            pay = (wage / 30 * quick_calc.MATERNITY_DAYS).quantize(Decimal(1))
            lines.append(f"单位没交生育保险的，由单位按产假前工资照发：{num(wage)}元 ÷ 30 × {quick_calc.MATERNITY_DAYS}天 ≈ "
                         f"{_yuan(pay)}元（各省延长的天数另外算）；交了的，领按单位平均工资算的生育津贴")
    days = f"{quick_calc.MATERNITY_DAYS}天"
    extra = quick_calc.EXTRA_DAYS * ((p.babies or 1) - 1) + (quick_calc.EXTRA_DAYS if p.difficult_birth else 0)
    if extra and p.pregnancy != "miscarriage":  # "生了一对双胞胎": her own days, counted
        told = ([f"{_CHINESE_COUNT.get(p.babies, p.babies)}胞胎加{quick_calc.EXTRA_DAYS * (p.babies - 1)}天"]
                if (p.babies or 1) > 1 else []) + ([f"难产加{quick_calc.EXTRA_DAYS}天"] if p.difficult_birth else [])
        days += f"，{'、'.join(told)}，共{quick_calc.MATERNITY_DAYS + extra}天"
    return Figure({"maternity_days": days, "miscarriage_early": f"{early}天",
                   "miscarriage_late": f"{late}天"}, tuple(lines))


def _survivors_lines(family: tuple[str, ...]) -> list[str]:
    """Who of the family told can draw the dependants' pension (因工死亡职工供养亲属范围规定 第三条:
    living mainly on the deceased and a child under 18, a parent or spouse (a man 60, a woman 55) or
    wholly unable to work), with the share of his wage each draws (工伤保险条例 第三十九条)."""
    if not family:
        return []
    shares, rows, total = quick_calc.DEPENDANT_SHARES, [], Decimal(0)
    for item in family:
        kind, *rest = item.split(":")
        if kind == "child":
            age = int(rest[0])
            if age < 18:
                rows.append(f"{age}岁的孩子：未满18岁，可以领，每月{int(shares['other'] * 100)}%")
                total += shares["other"]
            else:
                rows.append(f"{age}岁的孩子：已满18岁，一般不能领（完全丧失劳动能力的除外）")
        elif kind == "parent":
            sex, age, relied = rest[0], int(rest[1]), rest[2] == "relied"
            who, old_enough = ("公公（父亲）", age >= 60) if sex == "male" else ("婆婆（母亲）", age >= 55)
            if old_enough and relied:
                rows.append(f"{who}{age}岁以上、靠他生活：可以领，每月{int(shares['other'] * 100)}%")
                total += shares["other"]
            elif old_enough:
                rows.append(f"{who}{age}岁以上：主要靠他生活的，可以领，每月{int(shares['other'] * 100)}%")
        elif kind == "spouse":
            age, works = int(rest[0]), rest[1] == "works"
            if age < 55:
                rows.append(f"您自己（{age}岁）：女的满55岁、男的满60岁，或者完全丧失劳动能力，才能领"
                            + ("；您还在上班，一般不能领" if works else ""))
    if not rows:
        return []
    lines = ["按您说的家里情况（以社保经办机构核定为准，见《因工死亡职工供养亲属范围规定》第三条）："] + ["· " + r for r in rows]
    if total:
        lines.append(f"合计每月是他生前本人工资的{int(min(total, Decimal(1)) * 100)}%（各亲属合计不超过他生前工资）")
    return lines


def _death_benefits(p: Profile, _f: dict, _today: date) -> Figure | None:
    shares = quick_calc.DEPENDANT_SHARES
    pct = lambda x: f"{int(x * 100)}%"  # noqa: E731
    lines = [f"丧葬补助金：{quick_calc.FUNERAL_MONTHS}个月的统筹地区上年度职工月平均工资",
             f"供养亲属抚恤金：按他本人工资，每月配偶{pct(shares['spouse'])}、其他亲属每人{pct(shares['other'])}"
             f"（孤寡老人、孤儿再加{pct(shares['orphan_or_lone_elder_extra'])}），合计不超过他生前工资；"
             "只发给靠他生活、没有劳动能力的亲属",
             f"一次性工亡补助金：上一年度全国城镇居民人均可支配收入的{quick_calc.DEATH_LUMP_SUM_TIMES}倍",
             "（《工伤保险条例》第三十九条；单位没交工伤保险的，由单位按同样标准付，第六十二条）"]
    lines += _survivors_lines(p.survivors or ())
    return Figure({"funeral_months": f"{quick_calc.FUNERAL_MONTHS}个月", "lump_sum_times": f"{quick_calc.DEATH_LUMP_SUM_TIMES}倍"},
                  tuple(lines))


def _injury_deadline(p: Profile, _f: dict, today: date) -> Figure | None:
    if p.injury_date is None:
        return None
    employer_by = p.injury_date + timedelta(days=30)
    deadline = add_months(p.injury_date, 12)  # one year from the accident (工伤保险条例第十七条)
    lines = [f"您是{cn_date(p.injury_date)}受伤的：单位应在{cn_date(employer_by)}前申请工伤认定；"
             f"单位没申请的，您或家属、工会最晚在{cn_date(deadline)}前自己申请"]
    if today > deadline:
        lines.append("按日期算已经超过1年，请马上带材料去人社部门问，有正当理由耽误的要说明")
    return Figure({"injury_deadline": cn_date(deadline)}, tuple(lines))


def _earned_pay(p: Profile, _f: dict, today: date) -> Figure | None:
    """Pay for the time worked at the agreed monthly rate, when nothing was paid: a month counted
    as 30 days, the way a civil court or mediator usually reckons a part month."""
    if p.wage is None:
        return None
    if p.owed_days is not None:  # "这个月我干了20天的工资": those days, not the whole time worked
        days = p.owed_days
    elif p.start is not None:
        days = (today - p.start).days + 1
    elif p.service_years is not None:
        days = round(round(p.service_years * 12, 1) * 30)
    else:
        return None
    if days <= 0 or days > 366:
        return None
    wage = Decimal(p.wage)
    earned = (wage / 30 * days).quantize(Decimal(1))
    lines = [f"按约定每月{num(wage)}元、干了约{days}天算：{num(wage)}元 ÷ 30 × {days}天 ≈ {_yuan(earned)}元"
             "（约定按天或按周算的，按约定；已经给过的钱扣掉）"]
    return Figure({"earned": f"{_yuan(earned)}元"}, tuple(lines))


def _disability(p: Profile, _f: dict, _today: date) -> Figure | None:
    if p.disability_grade is None:
        return None
    months = DISABILITY_MONTHS[p.disability_grade]
    if p.wage is not None:
        wage = Decimal(p.wage)
        lines = [f"一次性伤残补助金：{num(wage)}元 × {months}个月 = {_yuan(wage * months)}元（《工伤保险条例》第三十五至三十七条；"
                 "本人工资按受伤前12个月平均，低于当地平均工资60%的按60%算，第六十四条）"]
    else:
        lines = ["告诉我受伤前的月工资，我可以算出一次性伤残补助金的金额"]
    return Figure({"disability_months": f"{months}个月"}, tuple(lines))


COMPUTATIONS = {
    "severance_n": Computation((("wage", "service_years"), ("wage", "start")),
                               ("severance_months", "severance", "damages"), _severance(False)),
    "severance_2n": Computation((("wage", "service_years"), ("wage", "start")),
                                ("severance_months", "severance", "damages"), _severance(True)),
    "expiry_while_childbearing": Computation((("wage", "service_years"), ("wage", "start")),
                                             ("severance_months", "severance", "damages"), _expiry_while_childbearing),
    "damages_if_unlawful": Computation((("wage", "service_years"), ("wage", "start")), ("severance_months", "damages"),
                                       _damages_if_unlawful),
    "back_pay": Computation((("owed_amount",), ("owed_months", "wage")), ("owed_total", "extra_low", "extra_high"), _back_pay),
    "double_wage": Computation((("wage", "no_contract_months"),), ("double_wage_total", "double_wage_months"), _double_wage),
    "retirement": Computation((("years_to_retirement",),), ("retire_age", "retire_date", "min_years"), _retirement_figure),
    "retirement_branches": Computation((("birth",), ("age",)), (), _retirement_branches),
    "medical_period": Computation((("service_years",), ("start",)), ("medical_months", "medical_window"), _medical_period),
    "maternity_days": Computation(((),), ("maternity_days", "miscarriage_early", "miscarriage_late"), _maternity),
    "death_benefits": Computation(((),), ("funeral_months", "lump_sum_times"), _death_benefits),
    "earned_pay": Computation((("wage", "service_years"), ("wage", "start"), ("wage", "owed_days")), ("earned",), _earned_pay),
    "disability_benefits": Computation((("disability_grade",),), ("disability_months",), _disability),
    "injury_deadline": Computation((("injury_date",),), ("injury_deadline",), _injury_deadline),
}


# ---------------------------------------------------------------- the rules


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    priority: int
    when: tuple[tuple[Cond, ...], ...]  # alternatives, each all-of
    unless: tuple[Cond, ...]
    about: frozenset[str]
    conclusion: str
    steps: tuple[str, ...]
    basis: tuple[str, ...]
    compute: str | None
    needs: tuple[tuple[str, str], ...]
    case_topic: str | None
    replaces_answer: bool
    answers: frozenset[str] = frozenset()  # concerns it speaks to once the first conclusion was said


@dataclass(frozen=True)
class RuleBook:
    concerns: dict[str, re.Pattern]
    rules: tuple[Rule, ...]  # highest priority first, then in file order


_KEYS = {"id", "kind", "priority", "when", "unless", "about", "answers", "conclusion", "steps", "basis", "compute",
         "needs", "case_topic", "replaces_answer"}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _cite(raw: dict, where: str, cat: laws.Catalogue) -> str:
    if not isinstance(raw, dict) or not raw.get("law"):
        raise RuleError(f"{where}: each basis needs a law")
    try:
        return laws.citation(raw, where, cat)
    except laws.LawError as e:
        raise RuleError(str(e)) from None


def _check_placeholders(rule: Rule, texts: list[str], where: str) -> None:
    computed = COMPUTATIONS[rule.compute].provides if rule.compute else ()
    for text in texts:
        for name in _PLACEHOLDER.findall(text):
            if name in computed:
                comp = COMPUTATIONS[rule.compute]
                ok = all(any(all(_guarantees(alt, f) for f in req) for req in comp.requires) for alt in rule.when)
                if not ok:
                    raise RuleError(f"{where}: {{{name}}} needs {rule.compute} to run, but `when` does not make its "
                                    f"inputs {[list(r) for r in comp.requires]} known")
            elif name in FACTS:
                if not all(_guarantees(alt, name) for alt in rule.when):
                    raise RuleError(f"{where}: {{{name}}} may be unknown when the rule fires: require it in `when`")
            else:
                raise RuleError(f"{where}: unknown placeholder {{{name}}}")


def _guarantees(alternative: tuple[Cond, ...], name: str) -> bool:
    """The rule can fire by this alternative only when ``name`` is known."""
    return any(c.field == name and c.needs_known for c in alternative)


def _rule(raw: dict, n: int, concern_names: set[str], cat: laws.Catalogue, path: Path) -> Rule:
    rid = str(raw.get("id") or "").strip() if isinstance(raw, dict) else ""
    where = f"{path.name} rule {rid or '#' + str(n + 1)!r}"
    if not rid:
        raise RuleError(f"{where}: every rule needs an id")
    unknown = set(raw) - _KEYS
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {sorted(unknown)}")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise RuleError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    priority = raw.get("priority")
    if not isinstance(priority, int) or isinstance(priority, bool):
        raise RuleError(f"{where}: priority must be a whole number")
    when_raw = raw.get("when")
    alternatives = when_raw if isinstance(when_raw, list) else [when_raw]
    when = tuple(_conds(alt, f"{where} when") for alt in alternatives)
    unless = _conds(raw["unless"], f"{where} unless") if raw.get("unless") else ()
    about = frozenset(raw.get("about") or ())
    if about - concern_names:
        raise RuleError(f"{where}: unknown concern(s) {sorted(about - concern_names)}")
    answers = frozenset(raw.get("answers") or ())
    if answers - concern_names:
        raise RuleError(f"{where}: unknown concern(s) {sorted(answers - concern_names)}")
    conclusion = str(raw.get("conclusion") or "").strip()
    if not conclusion:
        raise RuleError(f"{where}: needs a conclusion")
    if len(conclusion) > CONCLUSION_MAX:
        raise RuleError(f"{where}: conclusion has {len(conclusion)} characters, at most {CONCLUSION_MAX}")
    steps = tuple(str(s).strip() for s in raw.get("steps") or ())
    for s in steps:
        if not s or len(s) > STEP_MAX:
            raise RuleError(f"{where}: step {s!r} is empty or over {STEP_MAX} characters")
    basis = tuple(_cite(b, where, cat) for b in raw.get("basis") or ())
    if kind != "gate" and not basis:
        raise RuleError(f"{where}: a {kind} states the law and needs its basis")
    compute = raw.get("compute")
    if compute is not None and compute not in COMPUTATIONS:
        raise RuleError(f"{where}: unknown computation {compute!r} (known: {', '.join(COMPUTATIONS)})")
    needs_raw = raw.get("needs") or {}
    if not isinstance(needs_raw, dict):
        raise RuleError(f"{where}: needs maps profile fields to questions")
    for field, question in needs_raw.items():
        if field not in FIELDS:
            raise RuleError(f"{where}: needs asks for unknown profile field {field!r}")
        if not str(question or "").strip():
            raise RuleError(f"{where}: needs {field}: the question is empty")
    if kind == "gate" and not needs_raw:
        raise RuleError(f"{where}: a gate must say what it asks (needs)")
    topic = raw.get("case_topic")
    if topic is not None and topic not in TOPICS:
        raise RuleError(f"{where}: case_topic {topic!r} is not a topic ({', '.join(TOPICS)})")
    rule = Rule(rid, kind, priority, when, unless, about, conclusion, steps, basis, compute,
                tuple((f, str(q).strip()) for f, q in needs_raw.items()), topic, bool(raw.get("replaces_answer", False)),
                answers)
    _check_placeholders(rule, [conclusion, *steps], where)
    return rule


def load(path: Path = RULES, cat: laws.Catalogue | None = None) -> RuleBook:
    """The rules of ``path``, checked. Raises RuleError."""
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        raise RuleError(f"{Path(path).name}: not valid YAML: {e}") from None
    extra = set(doc) - {"shared", "concerns", "situation_rules"}
    if extra:
        raise RuleError(f"{Path(path).name}: unknown top-level key(s) {sorted(extra)}")
    concern_map = {}
    for name, pattern in (doc.get("concerns") or {}).items():
        try:
            concern_map[str(name)] = re.compile(str(pattern))
        except re.error as e:
            raise RuleError(f"{Path(path).name} concern {name!r}: bad pattern: {e}") from None
    cat = cat or laws.catalogue()
    rules, seen = [], set()
    for n, raw in enumerate(doc.get("situation_rules") or []):
        rule = _rule(raw if isinstance(raw, dict) else {}, n, set(concern_map), cat, Path(path))
        if rule.id in seen:
            raise RuleError(f"{Path(path).name}: rule id {rule.id!r} appears twice")
        seen.add(rule.id)
        rules.append(rule)
    order = {r.id: i for i, r in enumerate(rules)}
    return RuleBook(concern_map, tuple(sorted(rules, key=lambda r: (-r.priority, order[r.id]))))


@lru_cache(maxsize=1)
def rules() -> RuleBook:
    return load()


# ---------------------------------------------------------------- matching and formatting


def questions(book: RuleBook | None = None) -> tuple[tuple[str, str], ...]:
    """Every (field, question) the rules may ask: how a conversation shows what was already asked."""
    if book is None:  # the shipped rules: asked on every turn, listed once
        return _shipped_questions()
    return tuple(dict.fromkeys((f, q) for r in book.rules for f, q in r.needs))


@lru_cache(maxsize=1)
def _shipped_questions() -> tuple[tuple[str, str], ...]:
    return questions(rules())


def concerns(text: str, book: RuleBook | None = None) -> frozenset[str]:
    """What the worker's message asks about: the names of the concerns whose pattern it matches."""
    book = book or rules()
    t = standard(text or "")  # traditional script, regional words and typos in their standard form
    return frozenset(name for name, pattern in book.concerns.items() if pattern.search(t))


def _holds(conds: tuple[Cond, ...], known: dict) -> bool:
    return all(c.holds(known[c.field]) for c in conds)


def _in_scope(rule: Rule, known: dict, asked_about: frozenset[str]) -> bool:
    """The latest message asks about what the rule speaks to, and none of its ``unless`` holds."""
    if rule.about and not (rule.about & asked_about):
        return False
    return not any(c.holds(known[c.field]) for c in rule.unless)


def _fires(rule: Rule, known: dict, asked_about: frozenset[str]) -> bool:
    return _in_scope(rule, known, asked_about) and any(_holds(alt, known) for alt in rule.when)


def _text(name: str, value) -> str:
    if name in ENUMS:
        return ENUMS[name].get(value, str(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return cn_date(value)
    if name in ("years_to_retirement", "service_years", "total_years"):  # "14年9个月", not "14.75年"
        months = max(0, round(value * 12))
        return f"{months // 12}年" + (f"{months % 12}个月" if months % 12 else "")
    if isinstance(value, (int, float, Decimal)):
        return num(Decimal(str(value))) + UNITS.get(name, "")
    return str(value)


def _format(text: str, known: dict, figure: Figure | None) -> str:
    def fill(m: re.Match) -> str:
        name = m.group(1)
        if figure and name in figure.values:
            return figure.values[name]
        return _text(name, known[name])
    return _PLACEHOLDER.sub(fill, text)


def _finding(rule: Rule, profile: Profile, known: dict, today: date) -> Finding | None:
    figure = COMPUTATIONS[rule.compute].run(profile, known, today) if rule.compute else None
    texts = [rule.conclusion, *rule.steps]
    if rule.compute and figure is None and any(n in COMPUTATIONS[rule.compute].provides
                                               for t in texts for n in _PLACEHOLDER.findall(t)):
        return None
    return Finding(rule.id, rule.kind, _format(rule.conclusion, known, figure),
                   tuple(_format(s, known, figure) for s in rule.steps), rule.basis,
                   figure.lines if figure else (), rule.case_topic, rule.replaces_answer)


def _near_miss(rule: Rule, profile: Profile, known: dict, asked_about: frozenset[str]) -> str | None:
    """The one unknown fact whose answer would make ``rule`` fire, when the rule asks for it."""
    if not _in_scope(rule, known, asked_about):
        return None
    needs = dict(rule.needs)
    for alt in rule.when:
        failing = [c for c in alt if not c.holds(known[c.field])]
        if not failing or any(known[c.field] is not None and not c.may_hold(known[c.field]) for c in failing):
            continue
        missing = sorted({m for c in failing for m in _missing_inputs(c.field, profile)})
        if len(missing) == 1 and missing[0] in needs:
            return missing[0]
        if len(failing) == 1 and failing[0].field in DERIVED and all(m in needs for m in missing):
            # only the retirement date is unknown (its age and sex untold): the first the rule asks
            # for ("28 years here, the contract not renewed": how old, then the rest)
            return next(f for f in needs if f in missing)
    return None


def speaks_to(finding: Finding, text: str, book: RuleBook | None = None) -> bool:
    """Whether the finding's rule was written for what the message asks ("住院的钱谁出" for the rule
    on an injury's costs): its own steps answer it better than a general entry would."""
    book = book or rules()
    rule = next((r for r in book.rules if r.id == finding.rule), None)
    return rule is not None and bool((rule.about | rule.answers) & concerns(text, book))


def said_before(conclusion: str, said: str) -> bool:
    """Whether the conversation has said this conclusion already, in these words or nearly (the
    same rule with one fact changed: "在怀孕期间" then "在产假期间")."""
    if conclusion in said:
        return True
    grams = {conclusion[i:i + 2] for i in range(len(conclusion) - 1)}
    return bool(grams) and sum(g in said for g in grams) >= 0.8 * len(grams)


def apply(profile: Profile, text: str, today: date, asked: frozenset[str] = frozenset(),
          book: RuleBook | None = None, said: str = "", latest: str | None = None) -> Applied:
    """The rules that apply to this worker, by priority, and the one fact to ask next (or None).
    With what the conversation has ``said`` and the ``latest`` message: when the first conclusion
    was said already and the latest message asks about something another rule that applies speaks
    to ("产假那几个月院里不发钱" once the contract's extension was said), that rule leads."""
    book = book or rules()
    known = facts(profile, today)
    asked_about = concerns(text, book)
    chosen: dict[str, tuple[Rule, Finding]] = {}  # "main" (verdict, caution or gate) and "note"
    mains: list[tuple[Rule, Finding]] = []
    for rule in book.rules:
        slot = "note" if rule.kind == "note" else "main"
        if (slot in chosen and (slot == "note" or not said)) or not _fires(rule, known, asked_about):
            continue
        if rule.kind == "gate" and all(f in asked for f, _ in rule.needs):
            continue  # asked already and still unsettled: the other rules speak
        found = _finding(rule, profile, known, today)
        if found is not None:
            chosen.setdefault(slot, (rule, found))
            if slot == "main":
                mains.append((rule, found))
    if said and latest and mains and mains[0][0].kind != "gate":
        lead = mains[0][1]
        new_figure = any(line not in said for line in lead.figure)
        specific = concerns(latest, book) - {"amount"}  # "能要多少" stays with the lead and its figure
        if said_before(lead.conclusion, said) and not new_figure and specific:
            fresh = next(((r, f) for r, f in mains[1:] if r.kind != "gate" and (r.about | r.answers) & specific
                          and not said_before(f.conclusion, said)), None)
            if fresh is not None:
                chosen["main"] = fresh
    findings = tuple(chosen[slot][1] for slot in ("main", "note") if slot in chosen)
    main = chosen["main"][0] if "main" in chosen else None
    return Applied(findings, _ask(main, profile, known, asked_about, asked, book))


def _ask(primary: Rule | None, profile: Profile, known: dict, asked_about: frozenset[str],
         asked: frozenset[str], book: RuleBook) -> Ask | None:
    if primary is not None and primary.kind == "gate":
        field, question = next((f, q) for f, q in primary.needs if f not in asked)
        return Ask(field, question)
    # a rule above the one that applies would apply once one more fact is known: that fact first
    for rule in book.rules:
        if primary is not None and rule.priority <= primary.priority:
            break
        if rule.kind in ("note", "gate"):
            continue
        field = _near_miss(rule, profile, known, asked_about)
        if field and field not in asked:
            return Ask(field, dict(rule.needs)[field])
    if primary is not None:
        for field, question in primary.needs:
            if field not in asked and _still_needed(field, primary, profile, known):
                return Ask(field, question)
    return None


_RETIREMENT_INPUTS = ("age", "sex", "post")


def _still_needed(field: str, rule: Rule, profile: Profile, known: dict) -> bool:
    """An unknown fact the rule asks for that its figure or its facts still lack: not the age
    when the birth month is known, not the start when the service years are, not the post of a man."""
    if known.get(field) is not None:
        return False
    if field in _RETIREMENT_INPUTS:
        return field in _retirement_inputs_missing(profile)
    comp = COMPUTATIONS.get(rule.compute) if rule.compute else None
    if comp and any(field in req for req in comp.requires):
        return not any(all(known.get(f) is not None for f in req) for req in comp.requires)
    return True
