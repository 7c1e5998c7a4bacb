"""Calculations inside the answer: a question that already holds the inputs gets the figure.

"月薪5200，周六加了8小时班，加班费多少" gets the overtime pay with the formula in words and the
article; "干了两年零五个月被辞退，能赔几个月" gets the months of pay (N, and 2N if the dismissal was
unlawful); "七级伤残 工资6000 一次性伤残补助金多少" gets 13 months' wage. When an input is missing
the calculator's form is started with what the question already told, so only the missing inputs
are asked. Pure text in, values out: no database, no Rasa.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Iterator

from bot.cases import parsing
from bot.common import clock
from bot.common.text import normalize, simplified
from bot.knowledge import calculators as calc
from bot.knowledge.calculators.common import add_months, num, round_cent, span, yuan
from bot.knowledge.calculators.compensation import months_of_pay, months_words

_NUM = r"(?:\d+(?:\.\d+)?\s*[kKwW万千]?|[一二两三四五六七八九十百千万][一二两三四五六七八九十百千万点]*)"
_ASKS = re.compile(r"多少|怎么补|咋补|几个月|几倍|怎么算|咋算|如何算|算一下|算算|能拿|能赔|赔多少|补多少|给多少|能要|该给|应该给|有多少")
_WAGE = re.compile(
    rf"(?:月薪|月工资|工资|公资|工姿|底薪|薪水|薪资|工钱|每个?月|一个月|月入|月收入|税前)\s*(?:一个月|每个?月|一月)?\s*(?:是|有|才|就|大概|差不多|拿|发|按|为|都是)?\s*(?P<n>{_NUM})\s*(?:元|块|k|K|w|W)?"
    rf"|(?P<m>{_NUM})\s*(?:元|块)?\s*(?:一个月|每月|/月|每个月|月薪)"
)
_OVERTIME = re.compile(r"加班费|加班工资|加班钱|加点费|家班费|加斑费|加班的钱"
                       r"|(?:加班|加了|上班|在岗).{0,24}(?:多少钱|给多少|给我多少|该给多少|应该给|怎么算|咋算)")
_HOURS = re.compile(rf"(?P<n>{_NUM})\s*(?:个)?\s*(?P<half>半)?\s*(?:小时|钟头|个钟|h\b)")
_DAYS = re.compile(rf"(?P<n>{_NUM})\s*(?:个)?\s*(?:天|日)(?!\s*(?:内|以内|前|后))")
_WEEKDAY = re.compile(r"平时|工作日|下班后|下班以后|晚上|周一|周二|周三|周四|周五")
_RESTDAY = re.compile(r"周六|周日|星期六|星期天|星期日|礼拜六|礼拜天|周末|休息日|双休|单休日|公休")
_HOLIDAY = re.compile(r"法定|节假日|国庆|春节|过年|五一|劳动节|元旦|清明|端午|中秋")
_COMP = re.compile(r"辞退|开除|炒了|炒鱿鱼|裁员|解除|接除|补偿|补尝|赔偿|陪偿|把我开了|开掉|辞了我|n\+1|N\+1|2n|2N|遣散")
_SERVICE = re.compile(r"(?:干了|做了|工作了|上了|待了|呆了|干满|做满|在这干|在厂里干|入职|工龄)\s*(?P<len>[^，。,;；!！?？]{1,12})")
# "干了3年 一个月4200": the month after the years is the wage's, not more service
_NOT_A_RATE = r"(?!\s*(?:[0-9]|[一二两三四五六七八九十]+\s*[千万百]|工资|薪|才|拿|能拿|到手|发))"
_LEN_PHRASE = re.compile(rf"\s*(?:整整|足足|差不多|快|将近)?\s*(?:{_NUM}|半)\s*(?:个)?\s*(?:多)?\s*(?:年|个月|月)(?:半|多)?"
                         rf"(?:\s*(?:零|又)?\s*(?:{_NUM}|半)\s*个\s*(?:多)?\s*月{_NOT_A_RATE})?")
_UNLAWFUL = re.compile(r"无故|没理由|没有理由|没任何理由|没有任何理由|违法|随便|说开就开|突然|怀孕|工伤期间|病假期间|看病期间")
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
_START = re.compile(_DATE_CUE + r"\S{0,3}?(?:入职|进厂|进了|进的|进去|进来|进公司|上班|来的|开始干|到岗)")
_LEFT = re.compile(_DATE_CUE + r"\S{0,3}?(?:离职|辞职|走的|走了|离开|不干了|被辞|被开除|被辞退|合同解除|叫我走|让我走|辞了我|开了我|不要我)")
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


def wages_in(text: str) -> Iterator[tuple[Decimal, int]]:
    """Each plausible monthly wage the text states, with where its words start."""
    for m in _WAGE.finditer(text):
        n = _number(m.group("n") or m.group("m"))
        if n is not None and Decimal(300) <= n <= calc.MAX_MONTHLY_WAGE:
            yield n, m.start()


def wage_in(text: str) -> Decimal | None:
    """The first monthly wage the text states: "月薪5200", "一个月四千五", "6000一个月"."""
    return next((n for n, _ in wages_in(text)), None)


_TOTAL = re.compile(r"(?:一共|总共|合计|共计|加起来|总计)\s*(?:加了|干了|上了)?\s*$")
_COUNTED_DAYS = re.compile(rf"(?P<n>{_NUM})\s*(?:个)?\s*(?:天|日|次|个?星期[六日天]|个?礼拜[六天]|个?周[六日末])")


def _hours_by_kind(t: str) -> dict[str, Decimal]:
    hours = {"weekday": Decimal(0), "restday": Decimal(0), "holiday": Decimal(0)}
    # "平时每天多干两个小时，一共加了10个小时": a stated total wins over the parts
    totals = [m for m in _HOURS.finditer(t) if _TOTAL.search(t[max(0, m.start() - 8): m.start()])]
    if totals:
        m = totals[-1]
        n = _number(m.group("n")) or Decimal(0)
        before = t[max(0, m.start() - 40): m.start()]
        kind = "holiday" if _HOLIDAY.search(before) else "restday" if _RESTDAY.search(before) and not _WEEKDAY.search(before) \
            else "weekday"
        hours[kind] = n + (Decimal("0.5") if m.group("half") else 0)
        return hours
    offset = 0
    for clause in re.split(r"([，。,;；!！?？\n])", t):
        start, offset = offset, offset + len(clause)
        days = _COUNTED_DAYS.search(clause) or _COUNTED_DAYS.search(t)
        for m in _HOURS.finditer(clause):
            n = _number(m.group("n"))
            if n is None or n <= 0:
                continue
            n += Decimal("0.5") if m.group("half") else 0
            if days and re.search(r"(?:每天|一天|每日|天天|每次|每回)\s*(?:都)?\s*(?:加|干|做)?\s*(?:满|了)?\s*(?:班)?\s*$", clause[: m.start()]):
                n *= _number(days.group("n")) or 1  # "加了3天班 每天8小时": 24 hours
            # the kind of day is named before the hours, in this clause or just before it
            own = clause[: m.start()]
            before = own if (_HOLIDAY.search(own) or _RESTDAY.search(own) or _WEEKDAY.search(own)) \
                else t[max(0, start - 30): start + m.start()]
            kind = "holiday" if _HOLIDAY.search(before) else "restday" if _RESTDAY.search(before) and not _WEEKDAY.search(own) \
                else "weekday"
            hours[kind] += n
    return hours


# "两个周六被叫去加班", "三个星期天": whole rest days worked, told without hours
_REST_DAYS_WORKED = re.compile(rf"(?P<n>{_NUM})\s*个?\s*(?:周六|周日|星期[六日天]|礼拜[六天]|休息日)")
_ONE_DAY = re.compile(r"(?:那|这|当)一?天|一天(?!\s*(?:[0-9一二两三四五六七八九十]|工资))")
# "日工资300", "一天工资两百八": a daily wage, when no monthly one is told
_DAILY_WAGE = re.compile(rf"(?:日工资|日薪|一天(?:的)?工资|每天(?:的)?工资|工资一天|一天(?:能)?挣)\s*(?:算下来)?\s*(?:是|有|为|大概|差不多)?\s*"
                         rf"(?P<n>{_NUM})\s*(?:元|块)?(?!\s*(?:个|小时|钟|天|点|次))")


def _overtime(t: str) -> QuickCalc | None:
    if not _OVERTIME.search(t) or not (_HOURS.search(t) or _HOLIDAY.search(t) or _REST_DAYS_WORKED.search(t)):
        return None
    wage, hours = wage_in(t), _hours_by_kind(t)
    daily = _DAILY_WAGE.search(t)
    per_day = (_number(daily.group("n")) or None) if daily else None
    if per_day is not None and wage not in (None, per_day):
        per_day = None  # a monthly wage is told: the daily figure is something else
    if per_day is not None:
        wage = per_day * calc.MONTHLY_PAID_DAYS  # the calculation divides by the same 21.75 days
    if sum(hours.values()) <= 0 and _HOLIDAY.search(t):
        # "国庆三天法定假日我全上班了": whole days of 8 hours; "元旦那天": one day
        days = re.search(rf"(?P<n>{_NUM})\s*天(?!\s*(?:的)?(?:工资|能挣|挣))", t)
        n = _number(days.group("n")) if days else (Decimal(1) if _ONE_DAY.search(t) else None)
        if n:
            hours["holiday"] = n * calc.HOURS_PER_DAY
    if sum(hours.values()) <= 0 and (rest := _REST_DAYS_WORKED.search(t)) and (n := _number(rest.group("n"))):
        hours["restday"] = n * calc.HOURS_PER_DAY
    if sum(hours.values()) <= 0:
        return None
    prefill = {"ot_weekday": str(hours["weekday"]), "ot_restday": str(hours["restday"]), "ot_holiday": str(hours["holiday"])}
    if wage is None:
        return QuickCalc("overtime", prefill=prefill, missing=("月工资",), form="overtime_form")
    result = calc.overtime_pay(wage, weekday_hours=hours["weekday"], restday_hours=hours["restday"],
                               holiday_hours=hours["holiday"])
    if per_day is not None:  # the monthly wage the lines show is the daily one told, times 21.75
        result = replace(result, lines=(f"月工资按日工资折算：{_y(per_day)}元 × 21.75天 = {_y(wage)}元",) + tuple(result.lines))
    return QuickCalc("overtime", result=result)


SERVICE_CUES = "干了|做了|工作了|上了|待了|呆了|干满|做满|在这干|在厂里干|入职|工龄"


def service_months(t: str, today: date, cues: str = SERVICE_CUES) -> float | None:
    """Months of service told right after a cue word: "干了两年零五个月" 29, "入职四个月公司就说…" 4."""
    for m in re.finditer(rf"(?=(?:{cues})\s*(?P<len>[^，。,;；!！?？]{{1,12}}))", t):
        words = m.group("len")
        # the length is at the start of the words after the cue: "四个月公司就说…" → 四个月
        phrase = _LEN_PHRASE.match(words)
        found = parsing.parse_duration(phrase.group(0) if phrase else words, today=today)
        if found is not None and not phrase and getattr(found, "since", None) is not None:
            continue  # "做了好几年了 今年8月查出来怀孕": a date told after, not the length of service
        if found is not None and found.months >= 0.1:
            return found.months
    return None


def _service_dates(months: float, today: date) -> tuple[date, date]:
    """A first and a last day that make ``months`` of service, ending today."""
    whole = int(months)
    days = round((months - whole) * 30)
    after_end = today + timedelta(days=1)
    start = add_months(after_end, -whole) - timedelta(days=days)
    return start, today


def _compensation(t: str, today: date) -> QuickCalc | None:
    if not _COMP.search(t) or not _ASKS.search(t):
        return None
    months = service_months(t, today)
    if months is None:
        return None
    start, end = _service_dates(months, today)
    wage = wage_in(t)
    y, m, d = span(start, end + timedelta(days=1))
    n = months_of_pay(y, m, d)
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
        f"按工作年限算：{months_words(y, m, d, n)}（《劳动合同法》第四十七条）。",
        f"单位合法解除、依法该给补偿的（比如协商解除、裁员、合同到期不续签），是经济补偿 {num(n)} 个月工资（N）；",
        f"单位违法辞退的，赔偿金是它的2倍：{num(n * 2)} 个月工资（2N，第八十七条）；",
        "因生病、不能胜任等原因解除、又没提前30天书面通知的，还要多给1个月工资（N+1，第四十条）。",
    ]
    if wage is not None:
        lines.append(f"按月工资{num(wage)}元：N = {yuan(wage * n)}元，2N = {yuan(wage * n * 2)}元。")
    notes = ["月工资按离职前12个月的平均工资算，含奖金、津贴、补贴（《劳动合同法实施条例》第二十七条）。",
             "是不是违法辞退，要看单位给的理由和程序；拿不准可以找工会帮您看。", calc.HOTLINE]
    result = calc.CalcResult(None if wage is None else round_cent(wage * n), tuple(lines),
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
    left = _LEFT.search(t)
    if started and left and not signed and wage is not None:  # never signed, and gone since
        a, b = _month_day(started, today), _month_day(left, today)
        if a and b and b > a:
            return QuickCalc("double_wage", result=calc.double_wages(wage, a, signed=None, end=b, today=today))
    if started and not left and not signed and wage is not None:  # never signed, still there
        a = _month_day(started, today)
        if a and a < today:
            return QuickCalc("double_wage", result=calc.double_wages(wage, a, signed=None, end=None, today=today))
    months = service_months(t, today)
    if months is None:
        months = unsigned_months(t, today)
    if months is None:
        return None
    start, end = _service_dates(months, today)
    wage = wage_in(t)
    prefill = {"dw_start": start.isoformat(), "dw_signed": "没签", "dw_end": "还在"}
    if wage is None:
        return QuickCalc("double_wage", prefill=prefill, missing=("月工资",), form="double_wage_form")
    return QuickCalc("double_wage", result=calc.double_wages(wage, start, signed=None, end=None, today=end))


def unsigned_months(t: str, today: date) -> float | None:
    """Months worked without a written contract, told next to 没签: "八个月没签合同", "一直没签 快一年了"."""
    m = _UNSIGNED.search(t)
    found = parsing.parse_duration(m.group("len") or m.group("len2"), today=today) if m else None
    return found.months if found else None


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


def disability_grade(t: str) -> int | None:
    """The disability grade a message tells ("评了九级", "七级伤残"), or None."""
    m = _DISABILITY.search(t)
    grade = parsing.cn_number(m.group("g") or m.group("g2")) if m else None
    return int(grade) if grade is not None and 1 <= grade <= 10 else None


def _disability(t: str) -> QuickCalc | None:
    if not _DISABILITY_ASK.search(t) or (grade := disability_grade(t)) is None:
        return None
    return QuickCalc("disability", result=calc.disability_lump_sum(grade, wage_in(t)))


def detect(text: str, today: date | None = None) -> QuickCalc | None:
    """The calculation a question asks for, with the figure when it holds every input."""
    today = today or clock.today()
    t = normalize(simplified(text))  # traditional script read as simplified; punctuation kept
    finders = [lambda: _retirement(t), lambda: _disability(t), lambda: _annual_leave(t),
               lambda: _service_period(t, today), *[(lambda f=f: f(t)) for f in FORMULAS],
               lambda: _overtime(t), lambda: _double_wage(t, today), lambda: _compensation(t, today)]
    for finder in finders:
        try:
            found = finder()
        except calc.CalcError:
            found = None
        if found is not None:
            return found
    return None


# ---------------------------------------------------------------- rules that are one formula

# A money amount: digits, or Chinese numerals only when a unit of money follows (not the 一 of 一共).
_MONEY_NUM = r"(?:\d+(?:\.\d+)?\s*[kKwW万千]?|[一二两三四五六七八九十百千万]+(?=\s*(?:元|块|万)))"


def _amount_after(t: str, cue: str) -> Decimal | None:
    """The first amount within a few characters after one of the cue words."""
    for m in re.finditer(rf"(?:{cue})\D{{0,8}}?(?P<n>{_MONEY_NUM})\s*(?:元|块|万)?", t):
        n = _number(m.group("n"))
        if n is not None:
            if re.match(r"\s*万", t[m.end("n"):m.end("n") + 2]) and n < 10000:
                n *= 10000
            return n
    return None


def _result(lines: list[str], basis: tuple[str, ...], notes: list[str], amount: Decimal | None = None) -> calc.CalcResult:
    return calc.CalcResult(None if amount is None else round_cent(amount), tuple(lines), basis, (*notes, calc.HOTLINE))


def _y(x: Decimal) -> str:
    return yuan(x).removesuffix(".00")


def _dues(t: str) -> QuickCalc | None:
    if not re.search(r"会费|会废|会fei", t) or not _ASKS.search(t) or re.search(r"经费|工资总额", t):
        return None
    wage = wage_in(t)
    if wage is None:
        return None
    dues = wage * Decimal("0.005")
    return QuickCalc("dues", result=_result(
        [f"会费一般是本人每月工资收入的0.5%：{_y(wage)}元 × 0.5% = {_y(dues)}元一个月。"],
        ("《中国工会章程》",), ["计算基数以所在工会的规定为准，奖金、津贴等一般不算；没有固定工资的，按当地工会的办法交。"], dues))


def _union_funds(t: str) -> QuickCalc | None:
    if not re.search(r"经费", t) or not re.search(r"工资总额", t) or not _ASKS.search(t):
        return None
    total = _amount_after(t, "工资总额")
    if total is None:
        return None
    funds = total * Decimal("0.02")
    return QuickCalc("union_funds", result=_result(
        [f"建立工会的单位每月按全部职工工资总额的2%向工会拨缴经费：{_y(total)}元 × 2% = {_y(funds)}元。"],
        ("《工会法》第四十三条",), ["这笔钱由单位出，不能从职工工资里扣；单位拖延或拒不拨缴的，工会可以向法院申请支付令。"], funds))


def _damage_deduction(t: str) -> QuickCalc | None:
    if not re.search(r"扣", t) or not re.search(r"赔|弄坏|摔坏|损失|损坏", t) or not _ASKS.search(t + "最多"):
        return None
    wage = wage_in(t)
    if wage is None:
        return None
    cap = wage * Decimal("0.2")
    minimum = _amount_after(t, "最低工资|最底工资")
    lines = [f"因您本人原因造成单位经济损失的，每月从工资里扣的赔偿不得超过当月工资的20%：{_y(wage)}元 × 20% = {_y(cap)}元。"]
    if minimum is not None:
        left = min(cap, max(Decimal(0), wage - minimum))
        lines.append(f"扣完剩下的还不能低于当地最低工资{_y(minimum)}元，所以这个月最多扣{_y(left)}元。")
        cap = left
    else:
        lines.append("扣完剩下的工资还不能低于当地最低工资标准。")
    return QuickCalc("deduction", result=_result(lines, ("《工资支付暂行规定》第十六条",),
                                                 ["赔多少先要看损失是不是您的责任、合同怎么约定；没扣完的可以以后按月扣。"], cap))


def _non_compete(t: str) -> QuickCalc | None:
    if not re.search(r"竞业|竟业|竞争限制", t) or not re.search(r"补偿|补尝|补贴|给钱|没钱", t) or not _ASKS.search(t):
        return None
    wage = _amount_after(t, "平均工资|月平均|工资|月薪")
    if wage is None:
        return None
    monthly = wage * Decimal("0.3")
    lines = [f"竞业限制没约定补偿、您也遵守了的，可以要求按离职前12个月平均工资的30%按月支付：{_y(wage)}元 × 30% = {_y(monthly)}元一个月，"
             "低于当地最低工资的按最低工资算。"]
    kept = _KEPT_FOR.search(t)
    months = parsing.parse_duration(kept.group("len"), today=clock.today()) if kept else None
    total = None
    if months is not None and 0 < months.months <= 24:  # at most two years (劳动合同法第二十四条)
        n = Decimal(str(round(months.months, 1))).normalize()
        total = monthly * n
        lines.append(f"您遵守了{num(n)}个月：{_y(monthly)}元 × {num(n)} = {_y(total)}元。")
    return QuickCalc("non_compete", result=_result(
        lines, ("《最高法劳动争议解释（一）》第三十六条",), ["单位因自己的原因3个月没付补偿的，您可以请求解除竞业限制约定。"],
        total if total is not None else monthly))


# "遵守了半年", "没去同行干了八个月": how long the worker has kept to the restriction
_KEPT_FOR = re.compile(r"(?:遵守|履行|没去同行|没干同行|没去竞争|守)\S{0,6}?(?P<len>半年|[0-9一二两三四五六七八九十]+\s*个?\s*多?\s*(?:月|年))")


# 女职工劳动保护特别规定第七条: the national maternity leave, the days added for a difficult birth
# and for each further baby, and the leave after a miscarriage before / from the fourth month.
MATERNITY_DAYS, PRENATAL_DAYS, EXTRA_DAYS = 98, 15, 15
MISCARRIAGE_DAYS = {"before_4_months": 15, "from_4_months": 42}


def _maternity(t: str) -> QuickCalc | None:
    if not re.search(r"产假", t) or not re.search(r"多少天|几天|多长|多久|一共", t) or re.search(r"流产|小产", t):
        return None
    days, lines = MATERNITY_DAYS, [f"生育产假{MATERNITY_DAYS}天（其中产前可以休{PRENATAL_DAYS}天）"]
    if re.search(r"难产|剖腹|剖宫", t):
        days += EXTRA_DAYS
        lines.append(f"难产（含剖宫产等）增加{EXTRA_DAYS}天")
    babies = 3 if re.search(r"三胞胎", t) else 2 if re.search(r"双胞胎|双胎|龙凤胎", t) else 1
    if babies > 1:
        days += EXTRA_DAYS * (babies - 1)
        lines.append(f"多胞胎每多生1个增加{EXTRA_DAYS}天：{EXTRA_DAYS * (babies - 1)}天")
    lines = ["；".join(lines) + f"，国家规定一共{days}天。", "各省还有延长生育假、陪产假的规定，在这个基础上另加。"]
    return QuickCalc("maternity", result=_result(lines, ("《女职工劳动保护特别规定》第七条",),
                                                 ["产假期间的生育津贴，参加生育保险的由基金付，没参加的由单位按产假前工资付。"]))


# 工伤保险条例第三十九条: the funeral grant in months of the regional average monthly wage, the
# dependants' monthly pension as shares of the deceased's own wage, and the lump sum in multiples of
# the previous year's national urban per-capita disposable income.
FUNERAL_MONTHS = 6
DEPENDANT_SHARES = {"spouse": Decimal("0.4"), "other": Decimal("0.3"), "orphan_or_lone_elder_extra": Decimal("0.1")}
DEATH_LUMP_SUM_TIMES = 20


def _death_benefits(t: str) -> QuickCalc | None:
    if not re.search(r"工亡|因工死亡|工伤.{0,6}(?:死|去世|没了)|(?:死|去世).{0,10}工伤", t) or not _ASKS.search(t + "多少"):
        return None
    lines, amount = [], None
    avg = _amount_after(t, "月平均工资|平均工资")
    if re.search(r"丧葬", t):
        if avg is None:
            return None
        amount = avg * FUNERAL_MONTHS
        lines.append(f"丧葬补助金是{FUNERAL_MONTHS}个月的统筹地区上年度职工月平均工资：{_y(avg)}元 × {FUNERAL_MONTHS} = {_y(amount)}元。")
    elif re.search(r"抚恤", t):
        wage = wage_in(t) or _amount_after(t, "本人工资")
        if wage is None:
            return None
        share = DEPENDANT_SHARES["spouse" if re.search(r"配偶|老婆|妻子|丈夫|老公|我是他", t) else "other"]
        amount = wage * share
        lines.append(f"供养亲属抚恤金按死者本人工资按月发，配偶40%、其他亲属每人30%（孤寡老人、孤儿再加10%）："
                     f"{_y(wage)}元 × {int(share * 100)}% = {_y(amount)}元一个月；各亲属合计不超过死者生前工资。")
    else:
        income = _amount_after(t, "人均可支配收入|可支配收入")
        if income is None:
            return None
        amount = income * DEATH_LUMP_SUM_TIMES
        lines.append(f"一次性工亡补助金是上一年度全国城镇居民人均可支配收入的{DEATH_LUMP_SUM_TIMES}倍："
                     f"{_y(income)}元 × {DEATH_LUMP_SUM_TIMES} = {_y(amount)}元。")
    return QuickCalc("death", result=_result(lines, ("《工伤保险条例》第三十九条",),
                                             ["这些待遇由工伤保险基金付；单位没交工伤保险的，由单位按同样标准付（第六十二条）。"], amount))


def _late_fee(t: str) -> QuickCalc | None:
    if not re.search(r"滞纳金", t) or not re.search(r"社保|社会保险", t):
        return None
    owed = _amount_after(t, "欠缴|一共|共|欠") or None
    days = re.search(rf"(?P<n>{_NUM})\s*天", t)
    if owed is None or not days:
        return None
    n = _number(days.group("n")) or Decimal(0)
    fee = owed * Decimal("0.0005") * n
    return QuickCalc("late_fee", result=_result(
        [f"单位欠缴社保费，从欠缴之日起按日加收万分之五的滞纳金：{_y(owed)}元 × 0.05% × {num(n)}天 = {_y(fee)}元。"],
        ("《社会保险法》第八十六条",), ["逾期仍不缴的，还要处欠缴数额1倍以上3倍以下的罚款；可以向社保征收机构或劳动保障监察投诉。"], fee))


def _final_award(t: str) -> QuickCalc | None:
    if not re.search(r"终局|还能.{0,6}起诉|能不能.{0,4}起诉|再去法院", t) or not re.search(r"最低工资", t):
        return None
    minimum = _amount_after(t, "最低工资标准|最低工资")
    if minimum is None:
        return None
    cap = minimum * 12
    return QuickCalc("final_award", result=_result(
        [f"追讨工资、加班费、工伤医疗费、经济补偿或赔偿金，金额不超过当地月最低工资12个月的（{_y(minimum)}元 × 12 = {_y(cap)}元），"
         "仲裁裁决是终局裁决：单位不能再去法院起诉，只能在30日内以法定理由申请撤销；您不服的，可以在15日内起诉。"],
        ("《劳动争议调解仲裁法》第四十七条", "《劳动争议调解仲裁法》第四十八条", "《劳动争议调解仲裁法》第四十九条"), [], cap))


def _service_period(t: str, today: date) -> QuickCalc | None:
    if not re.search(r"服务期", t) or not re.search(r"违约金|赔", t) \
            or not (_ASKS.search(t) or re.search(r"最多|对吗|对不对|合理|合法|[要让叫]我(?:赔|交|还|付|退)|该不该", t)):
        return None
    cost = _amount_after(t, "培训费|花了|一共花|出了|费用")
    # "签了4年服务期", "服务期2年" (not "服务期 干满1年": that is the time served)
    term = re.search(rf"(?P<n>{_NUM})\s*(?P<u>年|个月)\S{{0,2}}服务期", t) \
        or re.search(rf"服务期[^\d干做了，,。 ]{{0,4}}(?P<n>{_NUM})\s*(?P<u>年|个月)", t)
    served = re.search(rf"(?:干了|干满|做了|工作了|已经干了|干够)\s*(?P<n>{_NUM})\s*(?P<u>年|个月)", t)
    if cost is None or not term or not served:
        return None
    months = lambda m: (_number(m.group("n")) or Decimal(0)) * (12 if m.group("u") == "年" else 1)  # noqa: E731
    total, done = months(term), months(served)
    if total <= 0 or done >= total:
        return None
    cap = cost * (total - done) / total
    return QuickCalc("service_period", result=_result(
        [f"违约金最多是服务期没干完那部分分摊的培训费：{_y(cost)}元 × 没干完的{num(total - done)}个月 ÷ 服务期{num(total)}个月 = {_y(cap)}元；"
         "约定的违约金再高也不能超过这个数。"],
        ("《劳动合同法》第二十二条",), ["只有单位出专项培训费用做专业技术培训的才能约定服务期；单位欠薪、不交社保等您依法辞职的，不用付违约金。"], cap))


def _dibao(t: str) -> QuickCalc | None:
    if not re.search(r"低保", t) or not re.search(r"领多少|能领|多少钱|多少低保|发多少", t):
        return None
    standard = _amount_after(t, "低保标准|标准")
    people = parsing.parse_count(t)
    if standard is None or people is None:
        return None
    n = Decimal(people.value)
    per_head = _amount_after(t, "人均月收入|人均收入|人均")
    total = _amount_after(t, "收入加起来|每月收入|月收入|收入")
    if per_head is None and total is None:
        return None
    per_head = per_head if per_head is not None else total / n
    gap = max(Decimal(0), standard - per_head) * n
    return QuickCalc("dibao", result=_result(
        [f"低保金按家庭人均收入低于当地低保标准的差额按月发：({_y(standard)}元 − 人均{_y(per_head)}元) × {num(n)}口人 = {_y(gap)}元一个月。"],
        ("《社会救助暂行办法》第十二条",), ["收入和财产怎么算、标准多少由当地民政部门定，以审核结果为准。"], gap))


def _probation_excess(t: str) -> QuickCalc | None:
    if not re.search(r"试用期", t) or not re.search(r"赔|要多少|能要", t):
        return None
    contract = re.search(rf"(?P<n>{_NUM})\s*年\S{{0,3}}(?:的)?(?:劳动)?合同", t)
    probation = re.search(rf"试用期\D{{0,4}}(?P<n>{_NUM})\s*个?月", t)
    wage = wage_in(t) or _amount_after(t, "月工资|工资")
    if not contract or not probation or wage is None:
        return None
    years, agreed = _number(contract.group("n")) or Decimal(0), _number(probation.group("n")) or Decimal(0)
    allowed = Decimal(1) if years < 1 else Decimal(2) if years < 3 else Decimal(6)
    excess = agreed - allowed
    if excess <= 0:
        return None
    pay = wage * excess
    return QuickCalc("probation", result=_result(
        [f"{num(years)}年的合同，试用期最长{num(allowed)}个月；约定了{num(agreed)}个月，多出{num(excess)}个月。",
         f"已经干过的超出部分，单位按试用期满后的月工资赔：{_y(wage)}元 × {num(excess)}个月 = {_y(pay)}元。"],
        ("《劳动合同法》第十九条", "《劳动合同法》第八十三条"), [], pay))


def _housing_fund(t: str) -> QuickCalc | None:
    if not re.search(r"公积金", t) or not re.search(r"交多少|缴多少|至少|最少|多少钱", t):
        return None
    wage = _amount_after(t, "月平均工资|平均工资|工资")
    if wage is None:
        return None
    least = wage * Decimal("0.05")
    return QuickCalc("housing_fund", result=_result(
        [f"住房公积金单位和个人的缴存比例都不能低于您上一年度月平均工资的5%：{_y(wage)}元 × 5% = {_y(least)}元一个月（单位、个人各至少这么多）。"],
        ("《住房公积金管理条例》第十八条",), ["具体比例由当地定，可以更高；单位不交或少交的，可以向当地住房公积金管理中心投诉。"], least))


def _min_years(t: str) -> QuickCalc | None:
    if not re.search(r"缴费|交满|交够|最少.{0,4}交|最低.{0,4}年限", t) or not re.search(r"养老|退休", t):
        return None
    m = re.search(r"(?P<y>20[2-5]\d)\s*年\S{0,8}退休", t)
    if not m:
        return None
    year = int(m.group("y"))
    return QuickCalc("min_years", result=_result(
        [f"{year}年退休的，按月领基本养老金，累计缴费最少要满{calc.min_contribution_years(year)}"
         "（2030年起由15年每年提高半年，2039年到20年）。"],
        ("《国务院关于渐进式延迟法定退休年龄的办法》", "《社会保险法》第十六条"),
        ["不够年限的，可以延长缴费或一次性补缴到够，也可以申请转入城乡居民养老保险。"]))


FORMULAS = (_dues, _union_funds, _damage_deduction, _non_compete, _maternity, _death_benefits, _late_fee,
            _final_award, _dibao, _probation_excess, _housing_fund, _min_years)
