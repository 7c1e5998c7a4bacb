"""The one-year arbitration limitation period (劳动争议调解仲裁法第二十七条)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.knowledge.calculators.common import (
    HOTLINE, CalcError, CalcResult, add_months, cn_date, read_past_date, today_or,
)


@dataclass(frozen=True)
class LimitationResult(CalcResult):
    deadline: date | None  # last day to apply for arbitration (None while not running)
    expired: bool
    running: bool  # False while still employed and the dispute is over unpaid wages


def _one_year_after(d: date) -> date:
    return add_months(d, 12)


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
    today = today_or(today)
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
            read_past_date(knew, "知道被欠薪的日期", today)
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
        ended = read_past_date(ended, "离职日期", today)
        if knew is not None:
            read_past_date(knew, "知道被欠薪的日期", today)
        start_words = f"离职之日（{cn_date(ended)}）"
        deadline = _one_year_after(ended)
        lines = ["争议是被拖欠工资（劳动报酬），您已经离职。", f"时效从{start_words}起算一年。"]
        basis = (f"{law}第二十七条第四款",)
    else:
        knew = read_past_date(knew, "您知道权利被侵害的日期", today)
        deadline = _one_year_after(knew)
        lines = [f"争议是{CLAIMS[claim]}。"] if claim != "other" else []
        lines.append(f"时效从您知道或者应当知道权利被侵害之日（{cn_date(knew)}）起算一年" + ("，在职期间也在算。" if claim in _NOT_WAGES_NOTE else "。"))
        basis = (f"{law}第二十七条第一款",)

    expired = today > deadline
    lines.append(f"申请仲裁的最后一天：{cn_date(deadline)}")
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
