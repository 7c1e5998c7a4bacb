"""Pay for untaken annual leave (职工带薪年休假条例第五条)."""
from __future__ import annotations


from bot.knowledge.calculators.common import (
    HOTLINE, MONTHLY_PAID_DAYS, CalcError, CalcResult, num, read_number, read_wage, round_cent, yuan,
)


def annual_leave_pay(days, monthly_wage) -> CalcResult:
    """Pay for untaken annual leave: 300% of the daily wage a day, the normal day's pay included
    (职工带薪年休假条例第五条; 企业职工带薪年休假实施办法第十条、第十一条: daily wage = month ÷ 21.75)."""
    n = read_number(days, "没休的年假天数")
    if n <= 0 or n > 15:
        raise CalcError("没休的年假一年最多15天，请再核对一下天数")
    wage = read_wage(monthly_wage, "月工资")
    daily = wage / MONTHLY_PAID_DAYS
    total = daily * 3 * n
    extra = daily * 2 * n
    lines = [
        f"日工资 = 月工资 {num(wage)}元 ÷ 21.75天 ≈ {yuan(daily)}元",
        f"没休的{num(n)}天，每天按日工资的300%算：{yuan(daily)}元 × 300% × {num(n)}天 = {yuan(total)}元",
        f"其中正常上班的工资（100%）已经发了，单位还要另外补：{yuan(daily)}元 × 200% × {num(n)}天 = {yuan(extra)}元",
    ]
    notes = [
        "月工资指发放前12个月剔除加班费后的平均月工资（实施办法第十一条）。",
        "是您自己书面提出不休的，单位可以只付正常工资（实施办法第十条第二款）。",
        "这笔钱不算一般的劳动报酬，在职期间一年的仲裁时效也在走，别拖。",
        HOTLINE,
    ]
    return CalcResult(round_cent(extra), tuple(lines),
                      ("《职工带薪年休假条例》第五条", "《企业职工带薪年休假实施办法》第十条", "《企业职工带薪年休假实施办法》第十一条"),
                      tuple(notes))
