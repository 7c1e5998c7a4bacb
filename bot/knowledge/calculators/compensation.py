"""Economic compensation when a job ends: N, N+1, 2N or nothing, by the reason it ended
(劳动合同法第四十六条、第四十七条、第八十七条).
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from bot.knowledge.calculators.common import (
    HOTLINE, LCL, LCL_IN_FORCE, LCL_RULES, CalcError, CalcResult, cn_date, num, read_past_date, read_wage,
    round_cent, span, span_words, today_or, yuan,
)


# Below 3 × 4000 yuan the 3× cap on economic compensation cannot apply: every city's published
# average monthly wage of recent years is above 4000 yuan. From here on, without the local
# figure, the worker is told about the cap.
CAP_HINT_FROM = Decimal("12000")
CAP_YEARS = 12

REASONS = {
    "mutual": "单位提出，双方协商解除合同",
    "employer_fault": "单位欠薪、不交社保等，我提出解除合同",
    "illness_incompetence": "医疗期满、不能胜任工作或情况重大变化，单位解除合同",
    "layoff": "单位裁员",
    "contract_expiry": "合同到期，单位不续签（或降低条件续签，我不同意）",
    "contract_expiry_refused_renewal": "合同到期，单位按原条件或更好条件续签，我不愿意续",
    "closure": "单位破产、被吊销执照、被关闭或提前解散",
    "unlawful": "单位违法解除或终止合同",
    "resign": "我自己主动辞职",
    "misconduct": "我有严重违纪等过错，被单位解除合同",
}

# reason -> (articles that make compensation due or not due, compensation due?)
_REASON_BASIS = {
    "mutual": ((f"{LCL}第三十六条", f"{LCL}第四十六条第二项"), True),
    "employer_fault": ((f"{LCL}第三十八条", f"{LCL}第四十六条第一项"), True),
    "illness_incompetence": ((f"{LCL}第四十条", f"{LCL}第四十六条第三项"), True),
    "layoff": ((f"{LCL}第四十一条", f"{LCL}第四十六条第四项"), True),
    "contract_expiry": ((f"{LCL}第四十四条第一项", f"{LCL}第四十六条第五项"), True),
    "contract_expiry_refused_renewal": ((f"{LCL}第四十四条第一项", f"{LCL}第四十六条第五项"), False),
    "closure": ((f"{LCL}第四十四条第四项、第五项", f"{LCL}第四十六条第六项"), True),
    "unlawful": ((f"{LCL}第四十八条", f"{LCL}第八十七条"), True),
    "resign": ((f"{LCL}第三十七条", f"{LCL}第四十六条"), False),
    "misconduct": ((f"{LCL}第三十九条", f"{LCL}第四十六条"), False),
}

_REASON_NOTES = {
    "mutual": "如果是您自己先提出协商离职，单位可以不给经济补偿（第四十六条第二项只管单位先提出的情况）。",
    "employer_fault": "辞职时最好写明是因为单位欠薪、不交社保等原因（第三十八条），并留好证据。",
    "illness_incompetence": (
        "单位这样解除要有条件：医疗期满不能上班、不能胜任且经过培训或调岗仍不能胜任、或情况重大变化协商不成（第四十条）。"
        "您在孕期、产期、哺乳期，或得了职业病、工伤等，单位一般不能这样解除（第四十二条）。"
    ),
    "layoff": "裁员要符合法定条件和程序（第四十一条）；您在孕期、产期、哺乳期，或得了职业病、工伤等，一般不能被裁（第四十二条）。",
    "contract_expiry": "如果单位按原条件或更好的条件跟您续签，是您不愿意续，就没有经济补偿；单位降低条件您不同意的，照样有补偿。",
    "closure": "单位破产或关闭时，工资和经济补偿要尽早申报、主张，别拖。",
    "unlawful": "单位违法解除的，您也可以选择要求继续上班（第四十八条），不一定要赔偿金。",
}


def months_of_pay(years: int, months: int, days: int) -> Decimal:
    """劳动合同法第四十七条: a month per full year; six months or more count as a year;
    less than six months, half a month. Even a single day worked counts as 'less than six months'."""
    if months >= 6:
        return Decimal(years + 1)
    if months or days or years == 0:
        return Decimal(years) + Decimal("0.5")
    return Decimal(years)


def economic_compensation(
    monthly_wage,
    start: date,
    end: date,
    *,
    reason: str,
    notice_given: bool | None = None,
    last_month_wage=None,
    local_avg_wage=None,
    today: date | None = None,
) -> CalcResult:
    """What the worker can claim when the job ends: N, N+1, 2N or nothing, by `reason`.

    `monthly_wage` is the average monthly pay of the last 12 months; `end` the last day worked;
    `notice_given` matters only for "illness_incompetence" (30 days' written notice, or one more
    month's pay at `last_month_wage`, the previous month's wage: 实施条例第二十条); `local_avg_wage` is the city's published average monthly wage of
    employees for the previous year, which caps high wages (劳动合同法第四十七条第二款).
    """
    if reason not in REASONS:
        raise CalcError("请从这些离职原因里选一个：" + "；".join(REASONS.values()))
    wage = read_wage(monthly_wage, "月工资")
    avg = None if local_avg_wage is None else read_wage(local_avg_wage, "当地上年度职工月平均工资")
    today = today_or(today)
    start = read_past_date(start, "入职日期", today)
    end = read_past_date(end, "离职日期", today)
    if end < start:
        raise CalcError("结束日期不能早于入职日期")

    articles, due = _REASON_BASIS[reason]
    after_end = end + timedelta(days=1)  # the last day worked counts
    years, months, days = span(start, after_end)
    lines = [f"离职原因：{REASONS[reason]}", f"工作了{span_words(years, months, days)}（{cn_date(start)}到{cn_date(end)}）"]
    basis = list(articles)
    notes = []
    if reason in _REASON_NOTES:
        notes.append(_REASON_NOTES[reason])

    if not due:
        lines.append(_NOTHING_DUE[reason])
        notes.extend(_NOTHING_DUE_NOTES[reason])
        notes.append(HOTLINE)
        return CalcResult(Decimal("0.00"), tuple(lines), tuple(basis), tuple(notes))

    # Which years count.
    count_from = start
    split_before_2008 = False
    if reason == "contract_expiry" and start < LCL_IN_FORCE:
        count_from = min(LCL_IN_FORCE, after_end)
        basis.append(f"{LCL}第九十七条第三款")
        lines.append(f"合同到期终止的补偿从{cn_date(LCL_IN_FORCE)}起算，算{span_words(*span(count_from, after_end))}")
        notes.append("2008年以前的工龄，合同到期终止按当时的规定没有经济补偿；个别地方有特别规定的，以当地为准。")
    elif reason == "unlawful" and start < LCL_IN_FORCE:
        notes.append("违法解除的赔偿金，工作年限从入职那天算起，2008年以前的也算（实施条例第二十五条）。")
    elif start < LCL_IN_FORCE:
        # 第九十七条第三款: years after 2007 under this law, years before under the rules of
        # that time, which this calculator does not apply: it shows the part after 2007 and no total.
        split_before_2008 = True
        count_from = min(LCL_IN_FORCE, after_end)
        basis.append(f"{LCL}第九十七条第三款")
        lines.append(
            f"2008年以前的{span_words(*span(start, count_from))}按当时的规定另算；"
            f"从{cn_date(LCL_IN_FORCE)}起的{span_words(*span(count_from, after_end))}按《劳动合同法》算"
        )
    y, m, d = span(count_from, after_end)
    n = months_of_pay(y, m, d)
    if count_from >= after_end:
        n = Decimal(0)  # no year after 2007 to count
        lines.append("2008年以后没有工龄，算0个月工资")
    else:
        lines.append(months_words(y, m, d, n))

    # The 3× cap on the wage and the 12-year cap on the years.
    base = wage
    basis.append(f"{LCL}第四十七条")
    if avg is not None:
        ceiling = avg * 3
        if wage > ceiling:
            base = ceiling
            lines.append(
                f"月工资{num(wage)}元，高于当地上年度职工月平均工资{num(avg)}元的3倍（{num(ceiling)}元），"
                f"按{num(ceiling)}元算，最多算{CAP_YEARS}年"
            )
            if n > CAP_YEARS:
                n = Decimal(CAP_YEARS)
                lines.append(f"超过{CAP_YEARS}年，只算{CAP_YEARS}个月")
        else:
            lines.append(f"月工资没有超过当地上年度职工月平均工资的3倍（{num(ceiling)}元），不封顶")
    elif wage >= CAP_HINT_FROM:
        notes.append(
            "工资较高的要注意封顶：月工资高于当地上年度职工月平均工资3倍的，按3倍算，而且最多算12年"
            "（第四十七条第二款）。告诉我当地的平均工资，可以算得更准。"
        )

    compensation = base * n
    if split_before_2008:
        lines.append(f"2008年以后这部分的经济补偿：{num(base)}元 × {num(n)}个月 = {yuan(compensation)}元")
        lines.append("2008年以前的那部分要按当时的规定算，各地做法不一样，所以这里不给总数。")
        notes.append(
            "2008年以前的工龄有没有补偿、怎么算，依照当时的规定（《劳动合同法》第九十七条第三款），"
            "请带上劳动合同、工资记录找工会或劳动人事争议仲裁委员会确认。"
        )
        basis.append(f"{LCL_RULES}第二十七条")
        notes.append(HOTLINE)
        return CalcResult(None, tuple(lines), tuple(basis), tuple(notes))

    if reason == "unlawful":
        amount = compensation * 2
        basis.append(f"{LCL_RULES}第二十五条")
        lines.append(f"经济补偿标准：{num(base)}元 × {num(n)}个月 = {yuan(compensation)}元")
        lines.append(f"违法解除的赔偿金是它的2倍：{yuan(compensation)}元 × 2 = {yuan(amount)}元")
        lines.append("拿了赔偿金，就不再另拿经济补偿，也没有“提前通知”的那一个月工资。")
    else:
        amount = compensation
        lines.append(f"经济补偿：{num(base)}元 × {num(n)}个月 = {yuan(compensation)}元")
        if reason == "illness_incompetence":
            if notice_given is False:
                last = read_wage(last_month_wage, "离职前上一个月的工资")
                amount = compensation + last
                basis.append(f"{LCL_RULES}第二十条")
                lines.append(f"单位没有提前30天书面通知，要另付1个月工资，按上一个月的工资算：{num(last)}元")
                lines.append(f"合计：{yuan(compensation)}元 + {num(last)}元 = {yuan(amount)}元")
            elif notice_given is None:
                notes.append("如果单位没有提前30天书面通知您，还要另付1个月工资（第四十条）。")

    basis.append(f"{LCL_RULES}第二十七条")
    notes.append(
        "月工资按离职前12个月的平均工资算，包括奖金、津贴、补贴；不满12个月的按实际月数平均；"
        "低于当地最低工资的按最低工资算（实施条例第二十七条）。"
    )
    notes.append(HOTLINE)
    return CalcResult(round_cent(amount), tuple(lines), tuple(basis), tuple(notes))


def months_words(years: int, months: int, days: int, n: Decimal) -> str:
    """满3年算3个月工资，剩下5个月29天不满6个月，算半个月，共3.5个月工资"""
    rest = (f"{months}个月" if months else "") + (f"{days}天" if days else "")
    parts = [f"满{years}年算{years}个月工资"] if years else []
    if months >= 6:
        parts.append(f"剩下{rest}，满6个月按1年算")
    elif rest or not years:
        parts.append(f"{'剩下' if years else '工作'}{rest}不满6个月，算半个月")
    return "，".join(parts) + f"，共{num(n)}个月工资"


_NOTHING_DUE = {
    "resign": "自己主动辞职，单位不用支付经济补偿：0元",
    "misconduct": "因严重违纪等过错被解除，单位不用支付经济补偿：0元",
    "contract_expiry_refused_renewal": "单位按原条件或更好的条件续签，您不愿意续，单位不用支付经济补偿：0元",
}
_NOTHING_DUE_NOTES = {
    "resign": ("如果您是因为单位欠薪、不交社保等原因才辞职，可以按第三十八条解除，这样有经济补偿；辞职信里写清原因，留好证据。",),
    "misconduct": ("单位要拿出证据证明您有严重违纪等情况（第三十九条）；证据不足的，可能是违法解除，可以要2倍的赔偿金。",),
    "contract_expiry_refused_renewal": ("如果单位续签时降低了工资或其他条件，您不同意续签，仍然可以要经济补偿。",),
}
