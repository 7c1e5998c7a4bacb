"""Overtime pay at the statutory minimum rates (劳动法第四十四条)."""
from __future__ import annotations

from decimal import Decimal

from bot.knowledge.calculators.common import (
    HOTLINE, HOURS_PER_DAY, MAX_HOURS, MONTHLY_PAID_DAYS, CalcError, CalcResult, num, read_hours,
    read_wage, round_cent, yuan,
)


OVERTIME_RATES = (  # (field, words shown, rate)
    ("weekday", "工作日延长工作时间", Decimal("1.5")),
    ("restday", "休息日加班（没有补休）", Decimal("2")),
    ("holiday", "法定节假日加班", Decimal("3")),
)


def overtime_pay(monthly_wage, *, weekday_hours=0, restday_hours=0, holiday_hours=0) -> CalcResult:
    """Overtime pay for one period's hours, at the statutory minimum rates (劳动法第四十四条)."""
    wage = read_wage(monthly_wage, "月工资")
    hours = {
        "weekday": read_hours(weekday_hours, "工作日加班时间"),
        "restday": read_hours(restday_hours, "休息日加班时间"),
        "holiday": read_hours(holiday_hours, "法定节假日加班时间"),
    }
    if sum(hours.values()) == 0:
        raise CalcError("请告诉我加班了多少小时")
    if sum(hours.values()) > MAX_HOURS:
        raise CalcError("加班时间加起来超过了744小时（一个月最多31天×24小时），请再核对一下")

    divisor = MONTHLY_PAID_DAYS * HOURS_PER_DAY  # 174
    lines = [f"小时工资 = 月工资 {num(wage)}元 ÷ 21.75天 ÷ 8小时 ≈ {yuan(wage / divisor)}元"]
    total = Decimal(0)
    shown = Decimal(0)
    for key, words, rate in OVERTIME_RATES:
        if hours[key] == 0:
            continue
        part = wage * rate * hours[key] / divisor  # one division: exact until the final rounding
        total += part
        shown += round_cent(part)
        lines.append(f"{words}：小时工资 × {num(rate * 100)}% × {num(hours[key])}小时 = {yuan(part)}元")
    amount = round_cent(total)
    lines.append(f"加班费合计：{yuan(amount)}元（这是法律规定的最低标准）")

    notes = [
        "计算基数一般是劳动合同约定的工资，不能低于当地最低工资标准；各地对基数的具体规定不同。",
        "休息日加班，单位安排了补休的，可以不付200%的加班费；法定节假日加班，一般不能用补休代替。",
        "实行综合计算工时或不定时工作制的，算法不同。",
        "请保留考勤、打卡记录、排班表、工资条、聊天记录等加班证据。",
    ]
    if shown != amount:
        notes.append("各项分别四舍五入后相加，和合计可能差几分钱，以合计为准。")
    notes.append(HOTLINE)
    return CalcResult(
        amount=amount,
        lines=tuple(lines),
        basis=("《劳动法》第四十四条", "《关于职工全年月平均工作时间和工资折算问题的通知》（劳社部发〔2008〕3号）"),
        notes=tuple(notes),
    )
