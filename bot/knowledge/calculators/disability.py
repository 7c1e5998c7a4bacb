"""The one-off work-injury disability grant by grade (工伤保险条例第三十五至三十七条)."""
from __future__ import annotations


from bot.knowledge.calculators.common import HOTLINE, CalcError, CalcResult, num, read_wage, round_cent, yuan


DISABILITY_MONTHS = {1: 27, 2: 25, 3: 23, 4: 21, 5: 18, 6: 16, 7: 13, 8: 11, 9: 9, 10: 7}
_DISABILITY_ARTICLE = {**{g: "第三十五条" for g in (1, 2, 3, 4)}, **{g: "第三十六条" for g in (5, 6)},
                       **{g: "第三十七条" for g in (7, 8, 9, 10)}}
_DISABILITY_NOTES = {
    "severe": "一至四级：保留劳动关系、退出工作岗位，另外按月领伤残津贴（一级90%、二级85%、三级80%、四级75%的本人工资）。",
    "middle": "五、六级：保留劳动关系，单位安排适当工作；安排不了的，单位按月发伤残津贴（五级70%、六级60%的本人工资）。本人提出可以解除劳动关系，另领一次性工伤医疗补助金和伤残就业补助金（标准由省里定）。",
    "light": "七至十级：劳动合同期满终止或本人提出解除的，另领一次性工伤医疗补助金（工伤保险基金付）和一次性伤残就业补助金（单位付），标准由省里定。",
}


def disability_lump_sum(grade: int, monthly_wage=None) -> CalcResult:
    """The one-off disability grant (一次性伤残补助金) by grade: 27…7 months of the worker's own
    wage (工伤保险条例第三十五至三十七条). Without the wage it gives the months."""
    if grade not in DISABILITY_MONTHS:
        raise CalcError("伤残等级是一级到十级，请再核对一下")
    months = DISABILITY_MONTHS[grade]
    law = "《工伤保险条例》"
    lines = [f"{grade}级伤残的一次性伤残补助金是{months}个月的本人工资。"]
    amount = None
    if monthly_wage is not None:
        wage = read_wage(monthly_wage, "月工资")
        amount = round_cent(wage * months)
        lines.append(f"按月工资{num(wage)}元算：{num(wage)}元 × {months}个月 = {yuan(amount)}元")
    else:
        lines.append("告诉我受伤前的月工资，我可以算出金额。")
    notes = [
        "本人工资指受伤前12个月平均月缴费工资；低于当地职工平均工资60%的按60%算，高于300%的按300%算（第六十四条）。",
        _DISABILITY_NOTES["severe" if grade <= 4 else "middle" if grade <= 6 else "light"],
        "单位没给您交工伤保险的，这些待遇全部由单位支付（第六十二条）。",
        HOTLINE,
    ]
    return CalcResult(amount, tuple(lines), (f"{law}{_DISABILITY_ARTICLE[grade]}", f"{law}第六十四条"), tuple(notes))
