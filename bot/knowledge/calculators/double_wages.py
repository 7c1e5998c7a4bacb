"""The double wage for working without a written contract (劳动合同法第八十二条)."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from bot.knowledge.calculators.common import (
    HOTLINE, LCL, LCL_RULES, CalcError, CalcResult, add_months, cn_date, num, read_past_date, read_wage,
    round_cent, today_or, yuan,
)


def double_wages(
    monthly_wage,
    start: date,
    *,
    signed: date | None,
    end: date | None = None,
    today: date | None = None,
) -> CalcResult:
    """The extra month's wage per month worked without a written contract (劳动合同法第八十二条).

    Counted from the day one month after `start` up to the earliest of `signed` (the day the
    contract was signed; that day owes none), the day after `end` (the last day worked; today
    when still working) and one year
    after `start`: at most 11 months. Whole calendar months, then the remaining days at
    monthly wage ÷ 30 a day.
    """
    wage = read_wage(monthly_wage, "月工资")
    today = today_or(today)
    start = read_past_date(start, "入职日期", today)
    signed = None if signed is None else read_past_date(signed, "签合同的日期", today)
    if end is not None:
        end = read_past_date(end, "离职日期", today)
        if end < start:
            raise CalcError("结束日期不能早于入职日期")

    from_ = add_months(start, 1)  # 用工之日起满一个月的次日
    one_year = add_months(start, 12)
    stops = [(one_year, "cap")]
    if signed is not None:
        stops.append((signed, "signed"))  # the day of signing owes no double wage
    if end is not None:
        stops.append((end + timedelta(days=1), "end"))  # the last day worked counts
    elif signed is None:
        stops.append((today + timedelta(days=1), "today"))
    until, why = min(stops, key=lambda s: (s[0], s[1] != "signed"))

    lines = [f"入职日期：{cn_date(start)}"]
    basis = [f"{LCL}第十条第二款", f"{LCL}第八十二条第一款", f"{LCL_RULES}第六条"]
    notes = []
    if until <= from_:
        if signed is not None and signed <= from_:
            lines.append(f"{cn_date(signed)}签了书面合同，在入职一个月内，不用付二倍工资：0元")
        else:
            lines.append("入职还不满一个月，单位在一个月内签书面合同就行，现在还没有二倍工资：0元")
            notes.append("满一个月还没签的，从第二个月起每月可以多要一个月工资，请记下入职日期并留好上班的证据。")
        notes.append(HOTLINE)
        return CalcResult(Decimal("0.00"), tuple(lines), tuple(basis), tuple(notes))

    whole = (until.year - from_.year) * 12 + until.month - from_.month
    while whole > 0 and add_months(from_, whole) > until:
        whole -= 1
    days = (until - add_months(from_, whole)).days
    amount = wage * (30 * whole + days) / 30  # one division: exact until the final rounding
    last = until - timedelta(days=1)
    to_words = {
        "signed": f"签合同的前一天（{cn_date(last)}）为止",
        "end": f"最后上班那天（{cn_date(last)}）为止",
        "today": f"今天（{cn_date(last)}）为止",
        "cap": f"入职满一年（{cn_date(last)}）为止，最多算11个月",
    }[why]
    lines.append(f"从入职满一个月的第二天（{cn_date(from_)}）算起，到{to_words}")
    length = f"{whole}个月" + (f"{days}天" if days else "")
    lines.append(f"一共{length}" + (f"，约合{num(round_cent(Decimal(30 * whole + days) / 30))}个月" if days else ""))
    formula = f"{num(wage)}元 × {whole}个月" if whole else ""
    if days:
        formula += (" + " if formula else "") + f"{num(wage)}元 ÷ 30 × {days}天"
    lines.append(f"另外多付的一倍工资：{formula} = {yuan(amount)}元")
    lines.append("（正常工资照发，这是另外多拿的部分）")

    if why == "cap":
        basis += [f"{LCL_RULES}第七条", f"{LCL}第十四条第三款"]
        notes.append(
            "满一年还没签书面合同的，视为从入职满一年那天起已经订立了无固定期限劳动合同，"
            "二倍工资最多算11个月，之后不再算；单位应当马上和您补签书面合同。"
        )
    notes += [
        "月工资一般按您正常的月工资算，各地对加班费、奖金算不算进去的规定不同。",
        "多出来的那一倍不算劳动报酬，不适用“在职期间不计时效”，一年的仲裁时效在职时也在走（《劳动争议调解仲裁法》第二十七条），请尽快申请仲裁。",
        "没签合同是因为您自己故意不签或有重大过失的（比如单位书面通知签，您拒绝），拿不到二倍工资。",
        "请保留工资条、考勤、工作证、工友证言等能证明上班时间的证据。",
        HOTLINE,
    ]
    return CalcResult(round_cent(amount), tuple(lines), tuple(basis), tuple(notes))
