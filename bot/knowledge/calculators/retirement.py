"""The statutory retirement age after the 2025 reform, and the minimum contribution years."""
from __future__ import annotations

from datetime import date

from bot.knowledge.calculators.common import HOTLINE, CalcError, CalcResult, add_months


# 全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定 and 国务院关于渐进式延迟法定退休
# 年龄的办法 (in force 2025-01-01): (original age, first birth month delayed, months of birth per
# month of delay, most months of delay).
RETIREMENT_RULES = {
    "male": (60, date(1965, 1, 1), 4, 36, "男职工"),
    "female_55": (55, date(1970, 1, 1), 4, 36, "原55周岁退休的女职工（管理、技术岗位等）"),
    "female_50": (50, date(1975, 1, 1), 2, 60, "原50周岁退休的女职工（生产、工人岗位等）"),
}


def retirement_date(birth: date, kind: str) -> tuple[date, int]:
    """The first day of the month the statutory retirement age is reached, and the months of delay
    under the 2025 reform, for a birth month."""
    if kind not in RETIREMENT_RULES:
        raise CalcError("请说一下是男职工，还是原来50岁或55岁退休的女职工")
    base, first, per, most, _label = RETIREMENT_RULES[kind]
    k = (birth.year - first.year) * 12 + birth.month - first.month
    delay = 0 if k < 0 else min(most, k // per + 1)
    return add_months(date(birth.year, birth.month, 1), (base * 12) + delay), delay


def retirement_age(birth: date, kind: str) -> CalcResult:
    """The statutory retirement age and month after the 2025 reform, for a birth month."""
    retire, delay = retirement_date(birth, kind)
    base, label = RETIREMENT_RULES[kind][0], RETIREMENT_RULES[kind][4]
    age_y, age_m = base + delay // 12, delay % 12
    age = f"{age_y}岁" + (f"{age_m}个月" if age_m else "")
    lines = [f"{label}，{birth.year}年{birth.month}月出生：原来{base}岁退休。"]
    if delay:
        lines.append(f"按2025年起实施的渐进式延迟退休，延迟{delay}个月，法定退休年龄是{age}，"
                     f"也就是{retire.year}年{retire.month}月。")
    else:
        lines.append(f"不在延迟范围内，仍是{base}岁，也就是{retire.year}年{retire.month}月。")
    minimum = min_contribution_years(retire.year)
    lines.append(f"到时按月领养老金，累计缴费至少要满{minimum}（2030年起每年提高半年，到2039年为20年）。")
    notes = [
        "满最低缴费年限的，可以自愿提前退休，但最多提前3年，而且不能早于原来的退休年龄；经单位同意，也可以弹性推迟，最多3年。",
        "特殊工种、因病或非因工致残等提前退休，按国家和当地的规定办。",
        HOTLINE,
    ]
    return CalcResult(None, tuple(lines),
                      ("《全国人大常委会关于实施渐进式延迟法定退休年龄的决定》", "《国务院关于渐进式延迟法定退休年龄的办法》"),
                      tuple(notes))


def min_contribution_years(year: int) -> str:
    """The minimum contribution years to draw a monthly pension, by the year one retires."""
    months = 180 if year < 2030 else min(240, 180 + 6 * (year - 2029))
    return f"{months // 12}年" + (f"{months % 12}个月" if months % 12 else "")
