"""Calculations inside the answer: a question that already holds the inputs gets the figure.

"月薪5200，周六加了8小时班，加班费多少" gets the overtime pay with the formula in words and the
article; "干了两年零五个月被辞退，能赔几个月" gets the months of pay (N, and 2N if the dismissal was
unlawful); "七级伤残 工资6000 一次性伤残补助金多少" gets 13 months' wage. When an input is missing
the calculator's form is started with what the question already told, so only the missing inputs
are asked. Pure text in, values out: no database, no Rasa.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from bot.cases import parsing
from bot.common import clock
from bot.common.text import normalize
from bot.knowledge import calculators as calc

_NUM = r"(?:\d+(?:\.\d+)?\s*[kKwW万千]?|[一二两三四五六七八九十百千万][一二两三四五六七八九十百千万点]*)"
_ASKS = re.compile(r"多少|几个月|几倍|怎么算|咋算|如何算|算一下|算算|能拿|能赔|赔多少|补多少|给多少|能要|该给|应该给|有多少")
_WAGE = re.compile(
    rf"(?:月薪|月工资|工资|公资|工姿|底薪|薪水|薪资|工钱|每个?月|一个月|月入|月收入|税前)\s*(?:一个月|每个?月|一月)?\s*(?:是|有|才|就|大概|差不多|拿|发|按|为|都是)?\s*(?P<n>{_NUM})\s*(?:元|块|k|K|w|W)?"
    rf"|(?P<m>{_NUM})\s*(?:元|块)?\s*(?:一个月|每月|/月|每个月|月薪)"
)
_OVERTIME = re.compile(r"加班费|加班工资|加班钱|加点费|家班费|加斑费|加班的钱|(?:加班|加了|上班|在岗).{0,20}(?:多少钱|给多少|怎么算|咋算)")
_HOURS = re.compile(rf"(?P<n>{_NUM})\s*(?:个)?\s*(?P<half>半)?\s*(?:小时|钟头|个钟|h\b)")
_DAYS = re.compile(rf"(?P<n>{_NUM})\s*(?:个)?\s*(?:天|日)(?!\s*(?:内|以内|前|后))")
_WEEKDAY = re.compile(r"平时|工作日|下班后|下班以后|晚上|周一|周二|周三|周四|周五")
_RESTDAY = re.compile(r"周六|周日|星期六|星期天|星期日|礼拜六|礼拜天|周末|休息日|双休|单休日|公休")
_HOLIDAY = re.compile(r"法定|节假日|国庆|春节|过年|五一|劳动节|元旦|清明|端午|中秋")
_COMP = re.compile(r"辞退|开除|炒了|炒鱿鱼|裁员|解除|补偿|赔偿|n\+1|N\+1|2n|2N|遣散")
_SERVICE = re.compile(r"(?:干了|做了|工作了|上了|待了|呆了|干满|做满|在这干|在厂里干|入职|工龄)\s*(?P<len>[^，。,;；!！?？]{1,12})")
_UNLAWFUL = re.compile(r"无故|没理由|没有理由|违法|随便|说开就开|突然|怀孕|工伤期间|病假期间|看病期间")
_LAWFUL_N = re.compile(r"协商|裁员|到期|不续签|倒闭|破产|关门")
_DISABILITY = re.compile(r"(?P<g>[一二三四五六七八九十0-9]{1,2})\s*级\s*(?:伤残|工伤|残疾)"
                         r"|(?:伤残|鉴定(?:为|成|了|是)?|评(?:了|为|成)?)\s*(?P<g2>[一二三四五六七八九十0-9]{1,2})\s*级")
_DISABILITY_ASK = re.compile(r"一次性伤残补助金|伤残补助|赔多少|能拿多少|补多少|多少钱|几个月")
_LOCAL_AVG = re.compile(rf"(?:平均工资|社平工资|社平|职工月平均工资|月平均工资)\s*(?:是|为|大概|约)?\s*(?P<n>{_NUM})\s*(?:元|块|k|w|万)?")
_NO_NOTICE = re.compile(r"没(?:有)?提前|未提前|没(?:有)?通知|当天通知|突然通知|直接通知")
_ILLNESS_END = re.compile(r"医疗期满|医疗期结束|医疗期到了")
_INCOMPETENT = re.compile(r"不能胜任|不胜任|干不了原来|调岗.{0,6}(?:也)?干不了|不能从事原")
_LEAVE = re.compile(r"年假|年休假")
_LEAVE_DAYS = re.compile(rf"(?P<n>{_NUM})\s*天\s*(?:的)?\s*(?:年假|年休假)|(?:年假|年休假)\S{{0,8}}?(?P<n2>{_NUM})\s*天")
_BIRTH = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})?\s*(?:月)?(?:份)?\s*(?:\d{1,2}\s*[日号])?\s*(?:出生|生的|生人|生)")
_RETIRE = re.compile(r"退休|几岁退|哪年退|啥时候退|什么时候退|领养老金")
_DATE_CUE = rf"(?:(?P<y>20\d{{2}})\s*年\s*)?(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})?\s*[日号]?"
_START = re.compile(_DATE_CUE + r"\S{0,3}?(?:入职|进厂|上班|来的|开始干)")
_SIGNED = re.compile(_DATE_CUE + r"\S{0,6}?(?:才|又)?(?:补签|签了|签订|签的)")
_DOUBLE = re.compile(r"(?:没签|未签|不签|没有签)\S{0,4}合同|(?:双倍|二倍|两倍)工资")
_UNSIGNED = re.compile(rf"(?P<len>{_NUM}\s*(?:个)?\s*(?:多)?\s*(?:月|年))\S{{0,6}}(?:没签|未签|没有签|不签)|(?:没签|未签|没有签|不签)\S{{0,8}}?(?P<len2>{_NUM}\s*(?:个)?\s*(?:多)?\s*(?:月|年))")


@dataclass
class QuickCalc:
    calc: str  # overtime | compensation | double_wage | disability | annual_leave | retirement
    result: calc.CalcResult | None = None  # the answer, when every input was told
    prefill: dict = field(default_factory=dict)  # slot -> the worker's words, for the calculator form
    missing: tuple[str, ...] = ()  # what is still needed, in plain words
    form: str | None = None  # the calculator form that asks for what is missing

    def lead(self) -> str:
        return "要算出具体数，还差：" + "、".join(self.missing) + "。我来问一下。"


def _number(text: str) -> Decimal | None:
    text = text.strip().lower()
    mult = Decimal(1)
    if text.endswith(("k",)):
        mult, text = Decimal(1000), text[:-1]
    elif text.endswith(("w",)):
        mult, text = Decimal(10000), text[:-1]
    n = parsing.cn_number(text)
    return None if n is None else n * mult


def wage_in(text: str) -> Decimal | None:
    for m in _WAGE.finditer(text):
        n = _number(m.group("n") or m.group("m"))
        if n is not None and Decimal(300) <= n <= calc.MAX_MONTHLY_WAGE:
            return n
    return None


def _hours_by_kind(t: str) -> dict[str, Decimal]:
    hours = {"weekday": Decimal(0), "restday": Decimal(0), "holiday": Decimal(0)}
    offset = 0
    for clause in re.split(r"([，。,;；!！?？\n])", t):
        start, offset = offset, offset + len(clause)
        days = _DAYS.search(clause) or _DAYS.search(t)
        for m in _HOURS.finditer(clause):
            n = _number(m.group("n"))
            if n is None or n <= 0:
                continue
            n += Decimal("0.5") if m.group("half") else 0
            if days and re.search(r"(?:每天|一天|每日|天天)\s*(?:加|干|做)?\s*(?:班)?\s*$", clause[: m.start()]):
                n *= _number(days.group("n")) or 1  # "加了3天班 每天8小时": 24 hours
            # the kind of day is named before the hours, in this clause or just before it
            own = clause[: m.start()]
            before = own if (_HOLIDAY.search(own) or _RESTDAY.search(own) or _WEEKDAY.search(own)) \
                else t[max(0, start - 30): start + m.start()]
            kind = "holiday" if _HOLIDAY.search(before) else "restday" if _RESTDAY.search(before) and not _WEEKDAY.search(own) \
                else "weekday"
            hours[kind] += n
    return hours


def _overtime(t: str) -> QuickCalc | None:
    if not _OVERTIME.search(t) or not _HOURS.search(t):
        return None
    wage, hours = wage_in(t), _hours_by_kind(t)
    if sum(hours.values()) <= 0:
        return None
    prefill = {"ot_weekday": str(hours["weekday"]), "ot_restday": str(hours["restday"]), "ot_holiday": str(hours["holiday"])}
    if wage is None:
        return QuickCalc("overtime", prefill=prefill, missing=("月工资",), form="overtime_form")
    result = calc.overtime_pay(wage, weekday_hours=hours["weekday"], restday_hours=hours["restday"],
                               holiday_hours=hours["holiday"])
    return QuickCalc("overtime", result=result)


def _service_months(t: str, today: date) -> float | None:
    for m in _SERVICE.finditer(t):
        found = parsing.parse_duration(m.group("len"), today=today)
        if found is not None and found.months >= 0.1:
            return found.months
    return None


def _service_dates(months: float, today: date) -> tuple[date, date]:
    """A first and a last day that make ``months`` of service, ending today."""
    whole = int(months)
    days = round((months - whole) * 30)
    after_end = today + timedelta(days=1)
    start = calc._add_months(after_end, -whole) - timedelta(days=days)
    return start, today


def _compensation(t: str, today: date) -> QuickCalc | None:
    if not _COMP.search(t) or not _ASKS.search(t):
        return None
    months = _service_months(t, today)
    if months is None:
        return None
    start, end = _service_dates(months, today)
    wage = wage_in(t)
    y, m, d = calc._span(start, end + timedelta(days=1))
    n = calc._months_of_pay(y, m, d)
    reason = "unlawful" if _UNLAWFUL.search(t) else "illness_incompetence" if (_ILLNESS_END.search(t) or _INCOMPETENT.search(t)) \
        else "mutual" if re.search("协商", t) else "layoff" if "裁员" in t \
        else "contract_expiry" if re.search("到期|不续签", t) else "closure" if re.search("倒闭|破产|关门", t) else None
    avg = _LOCAL_AVG.search(t)
    local_avg = _number(avg.group("n")) if avg else None
    if wage is not None and reason is not None:
        notice = False if reason == "illness_incompetence" and _NO_NOTICE.search(t) else None
        return QuickCalc("compensation", result=calc.economic_compensation(
            wage, start, end, reason=reason, notice_given=notice, last_month_wage=wage if notice is False else None,
            local_avg_wage=local_avg if local_avg and local_avg != wage else None, today=today))
    lines = [
        f"按工作年限算：{calc._months_words(y, m, d, n)}（《劳动合同法》第四十七条）。",
        f"单位合法解除、依法该给补偿的（比如协商解除、裁员、合同到期不续签），是经济补偿 {calc._num(n)} 个月工资（N）；",
        f"单位违法辞退的，赔偿金是它的2倍：{calc._num(n * 2)} 个月工资（2N，第八十七条）；",
        "因生病、不能胜任等原因解除、又没提前30天书面通知的，还要多给1个月工资（N+1，第四十条）。",
    ]
    if wage is not None:
        lines.append(f"按月工资{calc._num(wage)}元：N = {calc._yuan(wage * n)}元，2N = {calc._yuan(wage * n * 2)}元。")
    notes = ["月工资按离职前12个月的平均工资算，含奖金、津贴、补贴（《劳动合同法实施条例》第二十七条）。",
             "是不是违法辞退，要看单位给的理由和程序；拿不准可以找工会帮您看。", calc.HOTLINE]
    result = calc.CalcResult(None if wage is None else calc._round(wage * n), tuple(lines),
                             ("《劳动合同法》第四十七条", "《劳动合同法》第八十七条", "《劳动合同法》第四十条"), tuple(notes))
    return QuickCalc("compensation", result=result)


def _double_wage(t: str, today: date) -> QuickCalc | None:
    if not _DOUBLE.search(t) or not _ASKS.search(t):
        return None
    started, signed = _START.search(t), _SIGNED.search(t)
    wage = wage_in(t)
    if started and signed and wage is not None:
        a, b = _month_day(started, today), _month_day(signed, today)
        if a and b and b > a:
            return QuickCalc("double_wage", result=calc.double_wages(wage, a, signed=b, today=today))
    m = _UNSIGNED.search(t)
    months = _service_months(t, today)
    if months is None and m:
        found = parsing.parse_duration(m.group("len") or m.group("len2"), today=today)
        months = found.months if found else None
    if months is None:
        return None
    start, end = _service_dates(months, today)
    wage = wage_in(t)
    prefill = {"dw_start": start.isoformat(), "dw_signed": "没签", "dw_end": "还在"}
    if wage is None:
        return QuickCalc("double_wage", prefill=prefill, missing=("月工资",), form="double_wage_form")
    return QuickCalc("double_wage", result=calc.double_wages(wage, start, signed=None, end=None, today=end))


def _month_day(m: re.Match, today: date) -> date | None:
    """A date written "3月1号" (this year, or last year when that is still to come) or "2025年3月1日"."""
    month, day = int(m.group("m")), int(m.group("d") or 1)
    year = int(m.group("y")) if m.group("y") else today.year
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    if not m.group("y") and d > today:
        d = d.replace(year=year - 1)
    return d


def _annual_leave(t: str) -> QuickCalc | None:
    if not _LEAVE.search(t) or not _ASKS.search(t):
        return None
    m = _LEAVE_DAYS.search(t)
    wage = wage_in(t)
    if not m or wage is None:
        return None
    days = _number(m.group("n") or m.group("n2"))
    return QuickCalc("annual_leave", result=calc.annual_leave_pay(days, wage)) if days else None


def _retirement(t: str) -> QuickCalc | None:
    if not _RETIRE.search(t):
        return None
    m = _BIRTH.search(t)
    if not m or not m.group("m"):
        return None
    birth = date(int(m.group("y")), int(m.group("m")), 1)
    if re.search(r"男|老公|丈夫|爷们", t) and not re.search(r"女职工|女工|女的|我是女", t):
        return QuickCalc("retirement", result=calc.retirement_age(birth, "male"))
    if re.search(r"女", t):
        kind = "female_55" if re.search(r"干部|管理|技术岗|科员|会计|老师|文员|原来55|55岁退", t) else \
            "female_50" if re.search(r"工人|普工|车间|流水线|生产|原来50|50岁退", t) else None
        if kind:
            return QuickCalc("retirement", result=calc.retirement_age(birth, kind))
        a, b = calc.retirement_age(birth, "female_50"), calc.retirement_age(birth, "female_55")
        lines = ("女职工原来有50岁（工人岗位）和55岁（管理、技术岗位）两种，两种都算给您：", *a.lines[1:2], *b.lines)
        return QuickCalc("retirement", result=calc.CalcResult(None, lines, a.basis, a.notes))
    return None


def _disability(t: str) -> QuickCalc | None:
    m = _DISABILITY.search(t)
    if not m or not _DISABILITY_ASK.search(t):
        return None
    grade = parsing.cn_number(m.group("g") or m.group("g2"))
    if grade is None or not 1 <= grade <= 10:
        return None
    wage = wage_in(t)
    return QuickCalc("disability", result=calc.disability_lump_sum(int(grade), wage))


def detect(text: str, today: date | None = None) -> QuickCalc | None:
    """The calculation a question asks for, with the figure when it holds every input."""
    today = today or clock.today()
    t = normalize(text)
    for finder in (lambda: _retirement(t), lambda: _disability(t), lambda: _annual_leave(t), lambda: _overtime(t),
                   lambda: _double_wage(t, today), lambda: _compensation(t, today)):
        try:
            found = finder()
        except calc.CalcError:
            found = None
        if found is not None:
            return found
    return None
