"""The calculator forms: what each calculator asks, and how the answers feed ``calculators``."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Mapping

from bot.knowledge import calculators as calc
from bot.cases import forms as f
from bot.cases.forms import Field, FormSpec
from bot.common import clock

# A wage above this may be capped at 3x the local average (劳动合同法第四十七条): only then do we
# ask for the local average wage. No city's published average is below 3,000 yuan a month.
CAP_QUESTION_FROM = Decimal("9000")

OVERTIME = FormSpec(
    name="overtime_form",
    title="加班费计算",
    fields=(
        Field("ot_wage", "月工资", f.read_wage, f.show_yuan),
        Field("ot_weekday", "工作日加班", f.read_hours("工作日下班后加班"), f.show_hours),
        Field("ot_restday", "休息日加班（没补休）", f.read_hours("休息日加班"), f.show_hours),
        Field("ot_holiday", "法定节假日加班", f.read_hours("法定节假日加班"), f.show_hours),
    ),
)

REASONS = {
    # An illness is asked about, never guessed: dismissal within the medical period is unlawful,
    # after it has ended it may be lawful (劳动合同法第四十条第一项、第四十二条第三项).
    "unlawful": ("违法", "无故", "没理由", "随便", "怀孕", "工伤期间", "乱开", "医疗期内", "病假期间", "还在看病", "住院期间"),
    "illness_incompetence": ("医疗期满", "医疗期结束", "不能胜任", "干不了", "不胜任", "调岗", "情况变了", "客观情况"),
    "layoff": ("裁员", "裁"),
    "mutual": ("协商", "商量", "谈好", "公司提出"),
    # A resignation forced by the employer's fault is not 主动辞职 (第三十八条, 第四十六条第一项).
    "employer_fault": ("欠薪", "不交社保", "没交社保", "拖欠", "被迫", "被逼", "逼我", "逼走", "不发工资"),
    "contract_expiry_refused_renewal": ("我不续", "我不想续", "没续签是我"),
    "contract_expiry": ("到期", "不续签", "不续"),
    "closure": ("倒闭", "破产", "关门", "注销", "搬走"),
    "misconduct": ("违纪", "犯错", "严重违反", "旷工"),
    "resign": ("主动辞职", "个人原因", "我自己想走", "自己想走", "自己想辞"),
}
_ILLNESS_WORDS = ("病", "住院", "手术", "医疗期")
_RESIGN_WORDS = ("辞职", "辞工", "自己走", "不干了")
ASK_ILLNESS = ("是生病的事呀。请说一下：您是医疗期还没满（还在看病、休病假）就被辞退的，"
               "还是医疗期满以后不能做原来的工作、也不能做单位另外安排的工作，单位才解除的？")
ASK_RESIGN = ("辞职的原因很要紧：是您自己想走（个人原因），还是因为单位欠薪、不交社保、逼您走？"
              "后一种不算主动辞职，可以要经济补偿。")


def _read_reason(answer: f.Answer, values: Mapping[str, Any]) -> str:
    key = answer.entities.get("choice")
    if key in calc.REASONS:
        return key
    text = f.plain_text(answer)
    if any(w in text for w in _ILLNESS_WORDS) and not any(w in text for w in REASONS["unlawful"] + ("医疗期满", "医疗期结束")):
        raise f.Invalid(ASK_ILLNESS)
    chosen = f.parsing.parse_choice(text, {k: list(v) for k, v in REASONS.items()})
    if chosen is None and any(w in text for w in _RESIGN_WORDS):
        raise f.Invalid(ASK_RESIGN)
    if chosen is None:
        raise f.Invalid("请选一下离开的原因：公司辞退（说了理由/没理由）、协商解除、合同到期、公司倒闭、裁员，还是自己辞职。")
    return chosen


def _read_end(answer: f.Answer, values: Mapping[str, Any]) -> str:
    end = f.read_date(what="离职日期")(answer, values)
    start = values.get("cp_start")
    if start and end < start:
        raise f.Invalid("离职日期不能早于入职日期，请再核对一下。")
    return end


COMPENSATION = FormSpec(
    name="compensation_form",
    title="经济补偿/赔偿金计算",
    fields=(
        Field("cp_reason", "离开原因", _read_reason, lambda v: calc.REASONS.get(v, f.DECLINE)),
        Field("cp_notice", "提前30天书面通知", f.read_yes_no("单位提前30天书面通知您了吗？"),
              lambda v: f.show_yes_no(v, "通知了", "没通知"), when=lambda v: v.get("cp_reason") == "illness_incompetence"),
        Field("cp_start", "入职日期", f.read_date(what="入职日期", max_years=50), f.show_date),
        Field("cp_end", "离职日期", _read_end, f.show_date),
        Field("cp_wage", "离职前12个月平均月工资", f.read_wage, f.show_yuan),
        Field("cp_last_wage", "离职前上一个月的工资", f.read_wage, f.show_yuan,
              when=lambda v: v.get("cp_reason") == "illness_incompetence" and v.get("cp_notice") is False),
        Field("cp_avg", "当地上年度职工月平均工资", f.read_optional_wage, f.show_yuan,
              when=lambda v: v.get("cp_wage") is not None and Decimal(v["cp_wage"]) > CAP_QUESTION_FROM),
    ),
)


def _read_signed(answer: f.Answer, values: Mapping[str, Any]) -> str:
    text = f.plain_text(answer)
    if answer.pressed("deny") or f.parsing.parse_yes_no(text) is False \
            or any(w in text for w in ("没签", "没有签", "一直没", "没合同", "没有合同")):
        return "none"
    signed = f.read_date(what="签合同的日期")(answer, values)
    if values.get("dw_start") and signed < values["dw_start"]:
        raise f.Invalid("签合同的日期早于入职日期，那就不存在没签合同的问题了。请再核对一下日期。")
    return signed


def _read_still_there(answer: f.Answer, values: Mapping[str, Any]) -> str:
    text = f.plain_text(answer)
    status = f.parsing.parse_employment(text)
    if status == "employed" or answer.pressed("affirm") or f.parsing.parse_yes_no(text) is True:
        return "employed"
    d = f.parsing.parse_date(text, today=answer.today)
    if d is not None:
        return f.read_date(what="离开的日期")(answer, values)
    raise f.Invalid("还在那里干就说「还在」；已经走了，请说哪天离开的（比如「2026年9月30日」）。")


DOUBLE_WAGE = FormSpec(
    name="double_wage_form",
    title="未签劳动合同二倍工资计算",
    fields=(
        Field("dw_start", "入职日期", f.read_date(what="入职日期", max_years=50), f.show_date),
        Field("dw_signed", "签书面合同的日期", _read_signed, lambda v: "一直没签" if v == "none" else f.show_date(v)),
        Field("dw_end", "现在是否还在职", _read_still_there, lambda v: "还在职" if v == "employed" else f"{f.show_date(v)}离开",
              when=lambda v: v.get("dw_signed") == "none"),
        Field("dw_wage", "月工资", f.read_wage, f.show_yuan),
    ),
)

LIMITATION_KINDS = {  # first match wins: the double wage and annual-leave pay are not wages here
    "double_wage": ("二倍工资", "双倍工资", "两倍工资", "没签合同", "没签劳动合同", "未签合同", "不签合同"),
    "annual_leave": ("年假", "年休假", "带薪休假"),
    "wage": ("工资", "欠薪", "加班费", "拖欠", "劳动报酬", "工钱"),
    "other": ("辞退", "开除", "赔偿", "补偿", "工伤", "社保", "合同", "其他", "别的", "其它"),
}
LIMITATION_LABELS = {"wage": "拖欠工资", "double_wage": "没签合同的二倍工资", "annual_leave": "没休年假的工资",
                     "other": "其他劳动争议"}


def _read_ended(answer: f.Answer, values: Mapping[str, Any]) -> str:
    return f.read_date(what="离职日期", max_years=50)(answer, values)


LIMITATION = FormSpec(
    name="limitation_form",
    title="仲裁时效计算",
    fields=(
        Field("lm_kind", "争议类型", f.read_choice(
                  LIMITATION_KINDS, "是讨要干活的工资（含加班费），是没签合同的二倍工资、没休年假的工资，还是其他争议（辞退、赔偿、工伤、社保等）？"),
              lambda v: LIMITATION_LABELS.get(v, f.DECLINE)),
        Field("lm_employed", "现在是否还在职", f.read_employment, lambda v: f.EMPLOYMENT.get(v, f.DECLINE),
              when=lambda v: v.get("lm_kind") == "wage"),
        Field("lm_ended", "离职日期", _read_ended, f.show_date,
              when=lambda v: v.get("lm_kind") == "wage" and v.get("lm_employed") == "left"),
        Field("lm_knew", "知道权益被侵害的日期", f.read_date(what="日期", max_years=50), f.show_date,
              when=lambda v: v.get("lm_kind") in ("other", "double_wage", "annual_leave")),
    ),
)

SPECS: dict[str, FormSpec] = {s.name: s for s in (OVERTIME, COMPENSATION, DOUBLE_WAGE, LIMITATION)}
CALCULATOR_FORMS = {"overtime": "overtime_form", "compensation": "compensation_form",
                    "double_wage": "double_wage_form", "limitation": "limitation_form"}


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value and value not in ("none", "employed") else None


def compute(form: str, values: Mapping[str, Any], today: date | None = None) -> calc.CalcResult:
    """Runs the calculator behind a completed form. Raises ``calculators.CalcError``."""
    today = today or clock.today()
    if form == "overtime_form":
        return calc.overtime_pay(
            values["ot_wage"], weekday_hours=values["ot_weekday"],
            restday_hours=values["ot_restday"], holiday_hours=values["ot_holiday"],
        )
    if form == "compensation_form":
        avg = values.get("cp_avg")
        return calc.economic_compensation(
            values["cp_wage"], _d(values["cp_start"]), _d(values["cp_end"]),
            reason=values["cp_reason"], notice_given=values.get("cp_notice"),
            last_month_wage=values.get("cp_last_wage"),
            local_avg_wage=None if avg in (None, f.UNKNOWN) else avg, today=today,
        )
    if form == "double_wage_form":
        return calc.double_wages(
            values["dw_wage"], _d(values["dw_start"]), signed=_d(values["dw_signed"]),
            end=_d(values.get("dw_end")), today=today,
        )
    if form == "limitation_form":
        wage = values["lm_kind"] == "wage"
        return calc.limitation(
            knew=_d(values.get("lm_knew")), claim=values["lm_kind"],
            employed=wage and values.get("lm_employed") == "employed",
            ended=_d(values.get("lm_ended")), today=today,
        )
    raise ValueError(f"no calculator behind {form}")
