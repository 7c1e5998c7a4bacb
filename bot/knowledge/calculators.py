"""Labour-law calculators shown to workers in the chat.

Four calculators: overtime pay, economic compensation on leaving a job, the double wage for
working without a written contract, and the one-year arbitration limitation period. Each
returns a CalcResult: the headline amount, the formula in words with the numbers filled in,
the legal basis and short caveats, all in plain Chinese. Money is Decimal throughout; only the
final amount is rounded to 0.01 yuan (ROUND_HALF_UP). Wrong input raises CalcError whose
message can be shown to the worker as it is.

How time is counted:
- A length of service runs from the first day worked to the last day worked, both days
  included: 2023-01-01 to 2023-06-30 is six months, 2025-03-01 to 2026-02-28 one year. A month
  is complete on the day before the same day number of a later month (or on the day before the
  month's end when it has no such day). The end date the calculators take is the last day
  worked; the double wage likewise counts the last day.
- "One year" from a date ends on the same date a year later, or on 28 February when there is
  no 29th (《民法典》第二百零一条、第二百零二条).
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from bot.common import facts
from bot.common import clock

HOTLINE = f"拿不准的，可以拨打{facts.HOTLINE_NAME}，或找当地工会咨询。"
CENT = Decimal("0.01")
MAX_MONTHLY_WAGE = Decimal("1000000")
MAX_HOURS = Decimal("744")  # 31 days × 24 hours: no month has more
MONTHLY_PAID_DAYS = Decimal("21.75")  # 劳社部发〔2008〕3号: (365 − 104 rest days) ÷ 12
HOURS_PER_DAY = Decimal("8")
OVERTIME_RATES = (  # (field, words shown, rate)
    ("weekday", "工作日延长工作时间", Decimal("1.5")),
    ("restday", "休息日加班（没有补休）", Decimal("2")),
    ("holiday", "法定节假日加班", Decimal("3")),
)
# Below 3 × 4000 yuan the 3× cap on economic compensation cannot apply: every city's published
# average monthly wage of recent years is above 4000 yuan. From here on, without the local
# figure, the worker is told about the cap.
CAP_HINT_FROM = Decimal("12000")
CAP_YEARS = 12
LCL = "《劳动合同法》"  # 中华人民共和国劳动合同法
LCL_RULES = "《劳动合同法实施条例》"
LCL_IN_FORCE = date(2008, 1, 1)

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


class CalcError(ValueError):
    """Input the calculators cannot use; .message is plain Chinese for the worker."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CalcResult:
    amount: Decimal | None  # the headline figure in yuan, rounded to 0.01 (None: not money)
    lines: tuple[str, ...]  # the formula in words with the numbers filled in, one step a line
    basis: tuple[str, ...]  # laws and documents relied on
    notes: tuple[str, ...]  # caveats in plain Chinese

    def text(self) -> str:
        """What the bot sends."""
        parts = list(self.lines)
        if self.basis:
            parts.append("依据：" + "；".join(self.basis))
        if self.notes:
            parts.append("提醒：")
            parts.extend(f"· {note}" for note in self.notes)
        return "\n".join(parts)


@dataclass(frozen=True)
class LimitationResult(CalcResult):
    deadline: date | None  # last day to apply for arbitration (None while not running)
    expired: bool
    running: bool  # False while still employed and the dispute is over unpaid wages


# ---------------------------------------------------------------- input helpers


def _number(value, what: str) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise CalcError(f"请填写{what}，只写数字就行")
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text):  # 5,000 or 12,500.50
        text = text.replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CalcError(f"{what}请只写数字，比如 5000") from None
    if not number.is_finite():
        raise CalcError(f"{what}请只写数字，比如 5000")
    return number


def _wage(value, what: str = "工资") -> Decimal:
    wage = _number(value, what)
    if wage <= 0:
        raise CalcError(f"{what}要大于0")
    if wage > MAX_MONTHLY_WAGE:
        raise CalcError(f"{what}超过每月100万元，请再核对一下")
    return wage


def _hours(value, what: str) -> Decimal:
    hours = _number(value, what)
    if hours < 0:
        raise CalcError(f"{what}不能是负数")
    if hours > MAX_HOURS:
        raise CalcError(f"{what}超过了744小时（一个月最多31天×24小时），请再核对一下")
    return hours


def _date(value, what: str) -> date:
    if value is None:
        raise CalcError(f"请告诉我{what}")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    raise CalcError(f"{what}的格式不对，请按“2024年3月1日”这样写")


def _past(value, what: str, today: date) -> date:
    d = _date(value, what)
    if d > today:
        raise CalcError(f"{what}（{_cn(d)}）这个日期还没到，请再核对一下")
    return d


def _today(today) -> date:
    return clock.today() if today is None else _date(today, "今天的日期")


# ---------------------------------------------------------------- dates and formatting


def _cn(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _num(x: Decimal) -> str:
    """An input number as typed: 5000, 5000.5, 2.5."""
    text = format(x, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _yuan(x: Decimal) -> str:
    return format(x.quantize(CENT, rounding=ROUND_HALF_UP), "f")


def _round(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def _add_months(d: date, months: int) -> date:
    """The same day `months` later, or that month's last day when it has no such day."""
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _span(start: date, end: date) -> tuple[int, int, int]:
    """(years, months, days) from start to end, by the calendar."""
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and _add_months(start, months) > end:
        months -= 1
    days = (end - _add_months(start, months)).days
    return months // 12, months % 12, days


def _span_words(years: int, months: int, days: int) -> str:
    return f"{years}年{months}个月" + (f"{days}天" if days else "")


# ---------------------------------------------------------------- overtime


def overtime_pay(monthly_wage, *, weekday_hours=0, restday_hours=0, holiday_hours=0) -> CalcResult:
    """Overtime pay for one period's hours, at the statutory minimum rates (劳动法第四十四条)."""
    wage = _wage(monthly_wage, "月工资")
    hours = {
        "weekday": _hours(weekday_hours, "工作日加班时间"),
        "restday": _hours(restday_hours, "休息日加班时间"),
        "holiday": _hours(holiday_hours, "法定节假日加班时间"),
    }
    if sum(hours.values()) == 0:
        raise CalcError("请告诉我加班了多少小时")
    if sum(hours.values()) > MAX_HOURS:
        raise CalcError("加班时间加起来超过了744小时（一个月最多31天×24小时），请再核对一下")

    divisor = MONTHLY_PAID_DAYS * HOURS_PER_DAY  # 174
    lines = [f"小时工资 = 月工资 {_num(wage)}元 ÷ 21.75天 ÷ 8小时 ≈ {_yuan(wage / divisor)}元"]
    total = Decimal(0)
    shown = Decimal(0)
    for key, words, rate in OVERTIME_RATES:
        if hours[key] == 0:
            continue
        part = wage * rate * hours[key] / divisor  # one division: exact until the final rounding
        total += part
        shown += _round(part)
        lines.append(f"{words}：小时工资 × {_num(rate * 100)}% × {_num(hours[key])}小时 = {_yuan(part)}元")
    amount = _round(total)
    lines.append(f"加班费合计：{_yuan(amount)}元（这是法律规定的最低标准）")

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


# ---------------------------------------------------------------- economic compensation


def _months_of_pay(years: int, months: int, days: int) -> Decimal:
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
    wage = _wage(monthly_wage, "月工资")
    avg = None if local_avg_wage is None else _wage(local_avg_wage, "当地上年度职工月平均工资")
    today = _today(today)
    start = _past(start, "入职日期", today)
    end = _past(end, "离职日期", today)
    if end < start:
        raise CalcError("结束日期不能早于入职日期")

    articles, due = _REASON_BASIS[reason]
    after_end = end + timedelta(days=1)  # the last day worked counts
    years, months, days = _span(start, after_end)
    lines = [f"离职原因：{REASONS[reason]}", f"工作了{_span_words(years, months, days)}（{_cn(start)}到{_cn(end)}）"]
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
        lines.append(f"合同到期终止的补偿从{_cn(LCL_IN_FORCE)}起算，算{_span_words(*_span(count_from, after_end))}")
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
            f"2008年以前的{_span_words(*_span(start, count_from))}按当时的规定另算；"
            f"从{_cn(LCL_IN_FORCE)}起的{_span_words(*_span(count_from, after_end))}按《劳动合同法》算"
        )
    y, m, d = _span(count_from, after_end)
    n = _months_of_pay(y, m, d)
    if count_from >= after_end:
        n = Decimal(0)  # no year after 2007 to count
        lines.append("2008年以后没有工龄，算0个月工资")
    else:
        lines.append(_months_words(y, m, d, n))

    # The 3× cap on the wage and the 12-year cap on the years.
    base = wage
    basis.append(f"{LCL}第四十七条")
    if avg is not None:
        ceiling = avg * 3
        if wage > ceiling:
            base = ceiling
            lines.append(
                f"月工资{_num(wage)}元，高于当地上年度职工月平均工资{_num(avg)}元的3倍（{_num(ceiling)}元），"
                f"按{_num(ceiling)}元算，最多算{CAP_YEARS}年"
            )
            if n > CAP_YEARS:
                n = Decimal(CAP_YEARS)
                lines.append(f"超过{CAP_YEARS}年，只算{CAP_YEARS}个月")
        else:
            lines.append(f"月工资没有超过当地上年度职工月平均工资的3倍（{_num(ceiling)}元），不封顶")
    elif wage >= CAP_HINT_FROM:
        notes.append(
            "工资较高的要注意封顶：月工资高于当地上年度职工月平均工资3倍的，按3倍算，而且最多算12年"
            "（第四十七条第二款）。告诉我当地的平均工资，可以算得更准。"
        )

    compensation = base * n
    if split_before_2008:
        lines.append(f"2008年以后这部分的经济补偿：{_num(base)}元 × {_num(n)}个月 = {_yuan(compensation)}元")
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
        lines.append(f"经济补偿标准：{_num(base)}元 × {_num(n)}个月 = {_yuan(compensation)}元")
        lines.append(f"违法解除的赔偿金是它的2倍：{_yuan(compensation)}元 × 2 = {_yuan(amount)}元")
        lines.append("拿了赔偿金，就不再另拿经济补偿，也没有“提前通知”的那一个月工资。")
    else:
        amount = compensation
        lines.append(f"经济补偿：{_num(base)}元 × {_num(n)}个月 = {_yuan(compensation)}元")
        if reason == "illness_incompetence":
            if notice_given is False:
                last = _wage(last_month_wage, "离职前上一个月的工资")
                amount = compensation + last
                basis.append(f"{LCL_RULES}第二十条")
                lines.append(f"单位没有提前30天书面通知，要另付1个月工资，按上一个月的工资算：{_num(last)}元")
                lines.append(f"合计：{_yuan(compensation)}元 + {_num(last)}元 = {_yuan(amount)}元")
            elif notice_given is None:
                notes.append("如果单位没有提前30天书面通知您，还要另付1个月工资（第四十条）。")

    basis.append(f"{LCL_RULES}第二十七条")
    notes.append(
        "月工资按离职前12个月的平均工资算，包括奖金、津贴、补贴；不满12个月的按实际月数平均；"
        "低于当地最低工资的按最低工资算（实施条例第二十七条）。"
    )
    notes.append(HOTLINE)
    return CalcResult(_round(amount), tuple(lines), tuple(basis), tuple(notes))


def _months_words(years: int, months: int, days: int, n: Decimal) -> str:
    """满3年算3个月工资，剩下5个月29天不满6个月，算半个月，共3.5个月工资"""
    rest = (f"{months}个月" if months else "") + (f"{days}天" if days else "")
    parts = [f"满{years}年算{years}个月工资"] if years else []
    if months >= 6:
        parts.append(f"剩下{rest}，满6个月按1年算")
    elif rest or not years:
        parts.append(f"{'剩下' if years else '工作'}{rest}不满6个月，算半个月")
    return "，".join(parts) + f"，共{_num(n)}个月工资"


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


# ---------------------------------------------------------------- double wages


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
    wage = _wage(monthly_wage, "月工资")
    today = _today(today)
    start = _past(start, "入职日期", today)
    signed = None if signed is None else _past(signed, "签合同的日期", today)
    if end is not None:
        end = _past(end, "离职日期", today)
        if end < start:
            raise CalcError("结束日期不能早于入职日期")

    from_ = _add_months(start, 1)  # 用工之日起满一个月的次日
    one_year = _add_months(start, 12)
    stops = [(one_year, "cap")]
    if signed is not None:
        stops.append((signed, "signed"))  # the day of signing owes no double wage
    if end is not None:
        stops.append((end + timedelta(days=1), "end"))  # the last day worked counts
    elif signed is None:
        stops.append((today + timedelta(days=1), "today"))
    until, why = min(stops, key=lambda s: (s[0], s[1] != "signed"))

    lines = [f"入职日期：{_cn(start)}"]
    basis = [f"{LCL}第十条第二款", f"{LCL}第八十二条第一款", f"{LCL_RULES}第六条"]
    notes = []
    if until <= from_:
        if signed is not None and signed <= from_:
            lines.append(f"{_cn(signed)}签了书面合同，在入职一个月内，不用付二倍工资：0元")
        else:
            lines.append("入职还不满一个月，单位在一个月内签书面合同就行，现在还没有二倍工资：0元")
            notes.append("满一个月还没签的，从第二个月起每月可以多要一个月工资，请记下入职日期并留好上班的证据。")
        notes.append(HOTLINE)
        return CalcResult(Decimal("0.00"), tuple(lines), tuple(basis), tuple(notes))

    whole = (until.year - from_.year) * 12 + until.month - from_.month
    while whole > 0 and _add_months(from_, whole) > until:
        whole -= 1
    days = (until - _add_months(from_, whole)).days
    amount = wage * (30 * whole + days) / 30  # one division: exact until the final rounding
    last = until - timedelta(days=1)
    to_words = {
        "signed": f"签合同的前一天（{_cn(last)}）为止",
        "end": f"最后上班那天（{_cn(last)}）为止",
        "today": f"今天（{_cn(last)}）为止",
        "cap": f"入职满一年（{_cn(last)}）为止，最多算11个月",
    }[why]
    lines.append(f"从入职满一个月的第二天（{_cn(from_)}）算起，到{to_words}")
    length = f"{whole}个月" + (f"{days}天" if days else "")
    lines.append(f"一共{length}" + (f"，约合{_num(_round(Decimal(30 * whole + days) / 30))}个月" if days else ""))
    formula = f"{_num(wage)}元 × {whole}个月" if whole else ""
    if days:
        formula += (" + " if formula else "") + f"{_num(wage)}元 ÷ 30 × {days}天"
    lines.append(f"另外多付的一倍工资：{formula} = {_yuan(amount)}元")
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
    return CalcResult(_round(amount), tuple(lines), tuple(basis), tuple(notes))


# ---------------------------------------------------------------- limitation period


def _one_year_after(d: date) -> date:
    return _add_months(d, 12)


CLAIMS = {
    "wage": "拖欠工资、加班费等劳动报酬",
    "double_wage": "没签书面劳动合同的二倍工资",
    "annual_leave": "没休年休假的工资报酬",
    "other": "其他劳动争议（辞退、赔偿、工伤待遇、社保等）",
}
_NOT_WAGES_NOTE = {
    "double_wage": (
        "二倍工资里多出来的那一倍是对单位不签合同的惩罚，不是劳动报酬，所以在职期间一年时效也在走，"
        "不适用“在职讨薪不计时效”。各地对从哪天起算认定不同，稳妥起见按最早的日期准备。"
    ),
    "annual_leave": (
        "没休年假的那份工资报酬，多数地方不按一般劳动报酬对待，在职期间一年时效也在走；"
        "各地对从哪天起算认定不同（有的从应休年假的次年年底起算），稳妥起见按最早的日期准备。"
    ),
}


def limitation(
    *,
    knew: date | None,
    claim: str = "other",
    employed: bool,
    ended: date | None = None,
    today: date | None = None,
) -> LimitationResult:
    """The last day to apply for labour arbitration (劳动争议调解仲裁法第二十七条).

    `claim` is one of CLAIMS. `knew`: the day the worker knew or should have known of the
    infringement. Only for pay for work done (`claim="wage"`) does the year not run while
    `employed`; it runs from `ended` once the job has ended (第四款). The double wage for no
    written contract and pay for untaken annual leave are not pay for work done: their year runs
    from `knew` whether or not the worker is still employed (第一款).
    """
    if claim not in CLAIMS:
        raise CalcError("请说一下是哪一类争议：" + "；".join(CLAIMS.values()))
    today = _today(today)
    law = "《劳动争议调解仲裁法》"
    interruption = (
        "这一年里，如果您找单位要过、向劳动监察等有关部门投诉过，或单位同意给（比如答应还钱），时效从那时起重新算一年（第二款）；"
        "因不可抗力等正当理由没法申请的，时效暂停计算（第三款）。"
    )
    if employed and ended is not None:
        raise CalcError("还在职的话就不用填离职日期；如果已经离职，请选“已离职”")
    wage_arrears = claim == "wage"

    if wage_arrears and employed:
        if knew is not None:
            _past(knew, "知道被欠薪的日期", today)
        lines = (
            "您还在职，争议是被拖欠工资（劳动报酬）。",
            "在职期间，讨要欠薪不受一年时效的限制，现在不计时效。",
            "离职以后，要在离职之日起一年内申请仲裁。",
        )
        notes = (
            "没签合同的二倍工资、没休年假的工资报酬不属于这里说的劳动报酬，在职期间一年时效也在走。",
            "请保留工资条、银行流水、考勤、欠条、聊天记录等证据。",
            "不用等离职，随时都可以申请仲裁，也可以向劳动监察部门投诉。",
            HOTLINE,
        )
        return LimitationResult(None, lines, (f"{law}第二十七条第四款",), notes,
                                deadline=None, expired=False, running=False)

    if wage_arrears:
        ended = _past(ended, "离职日期", today)
        if knew is not None:
            _past(knew, "知道被欠薪的日期", today)
        start_words = f"离职之日（{_cn(ended)}）"
        deadline = _one_year_after(ended)
        lines = ["争议是被拖欠工资（劳动报酬），您已经离职。", f"时效从{start_words}起算一年。"]
        basis = (f"{law}第二十七条第四款",)
    else:
        knew = _past(knew, "您知道权利被侵害的日期", today)
        deadline = _one_year_after(knew)
        lines = [f"争议是{CLAIMS[claim]}。"] if claim != "other" else []
        lines.append(f"时效从您知道或者应当知道权利被侵害之日（{_cn(knew)}）起算一年" + ("，在职期间也在算。" if claim in _NOT_WAGES_NOTE else "。"))
        basis = (f"{law}第二十七条第一款",)

    expired = today > deadline
    lines.append(f"申请仲裁的最后一天：{_cn(deadline)}")
    if expired:
        lines.append(f"按这样算，已经过了时效（过了{(today - deadline).days}天）。")
        notes = [interruption, "先别放弃：带上证据尽快咨询，看看有没有时效中断的情况。"]
    elif today == deadline:
        lines.append("今天就是最后一天，请马上申请仲裁。")
        notes = [interruption]
    else:
        lines.append(f"还剩{(deadline - today).days}天，请尽早申请仲裁。")
        notes = [interruption]
    if claim in _NOT_WAGES_NOTE:
        notes.insert(0, _NOT_WAGES_NOTE[claim])
    notes += [
        "最后一天如果是法定节假日，一般顺延到节后第一天（参照《民法典》第二百零三条）。",
        "仲裁向劳动合同履行地或单位所在地的劳动人事争议仲裁委员会申请（第二十一条），不收费（第五十三条）。",
        HOTLINE,
    ]
    return LimitationResult(None, tuple(lines), basis, tuple(notes),
                            deadline=deadline, expired=expired, running=True)


# ---------------------------------------------------------------- work-injury disability grant

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
        wage = _wage(monthly_wage, "月工资")
        amount = _round(wage * months)
        lines.append(f"按月工资{_num(wage)}元算：{_num(wage)}元 × {months}个月 = {_yuan(amount)}元")
    else:
        lines.append("告诉我受伤前的月工资，我可以算出金额。")
    notes = [
        "本人工资指受伤前12个月平均月缴费工资；低于当地职工平均工资60%的按60%算，高于300%的按300%算（第六十四条）。",
        _DISABILITY_NOTES["severe" if grade <= 4 else "middle" if grade <= 6 else "light"],
        "单位没给您交工伤保险的，这些待遇全部由单位支付（第六十二条）。",
        HOTLINE,
    ]
    return CalcResult(amount, tuple(lines), (f"{law}{_DISABILITY_ARTICLE[grade]}", f"{law}第六十四条"), tuple(notes))


# ---------------------------------------------------------------- untaken annual leave


def annual_leave_pay(days, monthly_wage) -> CalcResult:
    """Pay for untaken annual leave: 300% of the daily wage a day, the normal day's pay included
    (职工带薪年休假条例第五条; 企业职工带薪年休假实施办法第十条、第十一条: daily wage = month ÷ 21.75)."""
    n = _number(days, "没休的年假天数")
    if n <= 0 or n > 15:
        raise CalcError("没休的年假一年最多15天，请再核对一下天数")
    wage = _wage(monthly_wage, "月工资")
    daily = wage / MONTHLY_PAID_DAYS
    total = daily * 3 * n
    extra = daily * 2 * n
    lines = [
        f"日工资 = 月工资 {_num(wage)}元 ÷ 21.75天 ≈ {_yuan(daily)}元",
        f"没休的{_num(n)}天，每天按日工资的300%算：{_yuan(daily)}元 × 300% × {_num(n)}天 = {_yuan(total)}元",
        f"其中正常上班的工资（100%）已经发了，单位还要另外补：{_yuan(daily)}元 × 200% × {_num(n)}天 = {_yuan(extra)}元",
    ]
    notes = [
        "月工资指发放前12个月剔除加班费后的平均月工资（实施办法第十一条）。",
        "是您自己书面提出不休的，单位可以只付正常工资（实施办法第十条第二款）。",
        "这笔钱不算一般的劳动报酬，在职期间一年的仲裁时效也在走，别拖。",
        HOTLINE,
    ]
    return CalcResult(_round(extra), tuple(lines),
                      ("《职工带薪年休假条例》第五条", "《企业职工带薪年休假实施办法》第十条", "《企业职工带薪年休假实施办法》第十一条"),
                      tuple(notes))


# ---------------------------------------------------------------- retirement age (2025 reform)

# 全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定 and 国务院关于渐进式延迟法定退休
# 年龄的办法 (in force 2025-01-01): (original age, first birth month delayed, months of birth per
# month of delay, most months of delay).
RETIREMENT_RULES = {
    "male": (60, date(1965, 1, 1), 4, 36, "男职工"),
    "female_55": (55, date(1970, 1, 1), 4, 36, "原55周岁退休的女职工（管理、技术岗位等）"),
    "female_50": (50, date(1975, 1, 1), 2, 60, "原50周岁退休的女职工（生产、工人岗位等）"),
}


def retirement_age(birth: date, kind: str) -> CalcResult:
    """The statutory retirement age and month after the 2025 reform, for a birth month."""
    if kind not in RETIREMENT_RULES:
        raise CalcError("请说一下是男职工，还是原来50岁或55岁退休的女职工")
    base, first, per, most, label = RETIREMENT_RULES[kind]
    k = (birth.year - first.year) * 12 + birth.month - first.month
    delay = 0 if k < 0 else min(most, k // per + 1)
    age_y, age_m = base + delay // 12, delay % 12
    retire = _add_months(date(birth.year, birth.month, 1), (base * 12) + delay)
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
