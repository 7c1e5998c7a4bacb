"""The intake forms, as data the Rasa actions walk through.

A form is a list of fields. Each field knows how to read a worker's answer (``read``), how to
show the stored value back (``show``), which words name it when the worker corrects it from the
summary ("电话写错了"), and when it applies at all (no employer question for a delivery rider).
Values are stored in Rasa slots as plain JSON (strings, numbers, booleans, small dicts), and the
confirmed values are what the record in the database holds.

This module has no Rasa imports: it is tested directly, and ``actions/forms.py`` adapts it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Callable, Mapping

from bot.cases import parsing
from bot.common.references import parse_reference
from bot.common.text import normalize
from bot.common.phones import parse_phone
from bot.common import pii
from bot.common import clock
from bot.privacy import consent as privacy

Values = Mapping[str, Any]
CONSENT_SLOT = privacy.SLOT  # the one slot that holds a form's consent record


@dataclass(frozen=True)
class Answer:
    """What a worker's message meant for a field: intent and entities come from Rasa's NLU."""

    text: str
    intent: str | None = None
    entities: Mapping[str, Any] = field(default_factory=dict)
    today: date = field(default_factory=clock.today)

    @property
    def is_payload(self) -> bool:
        return self.text.startswith("/")

    def pressed(self, intent: str) -> bool:
        """A button with this bare intent ("/affirm", "/deny"). Typed words are read from the text:
        the classifier's affirm/deny is only a last resort ("不清楚" is often classified as deny)."""
        return self.text.strip() == f"/{intent}"


class Invalid(Exception):
    """The answer does not fit the field; ``message`` is the Chinese re-prompt lead."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


Reader = Callable[[Answer, Values], Any]


@dataclass(frozen=True)
class Field:
    slot: str
    label: str
    read: Reader
    show: Callable[[Any], str] = lambda v: str(v)
    aliases: tuple[str, ...] = ()
    when: Callable[[Values], bool] = lambda values: True
    free_text: bool = False  # any wording is an answer (a name, a place, a description), unless it is clearly a question
    inline: bool = False  # a correction can carry the new value ("电话改成139…"): structured fields only
    fact: str | None = None  # the situation fact (bot.cases.situation) that fills it when already told
    personal: bool = False  # personal data (a phone, a name, the story of the case): asked only after the notice
    sensitive: str | None = None  # "id_card" | "bank_card": asked only after its own consent (PIPL art. 29)
    optional: bool = False  # a sensitive field the worker may skip


@dataclass(frozen=True)
class FormSpec:
    name: str
    title: str
    fields: tuple[Field, ...]
    confirm_slot: str | None = None  # calculators have none: nothing is stored
    consent_slot: str | None = None  # forms that store personal data: the notice and consent (bot.privacy.consent)

    @property
    def slots(self) -> list[str]:
        extra = [s for s in (self.consent_slot, self.confirm_slot) if s]
        return [f.slot for f in self.fields] + extra

    def field(self, slot: str) -> Field | None:
        return next((f for f in self.fields if f.slot == slot), None)

    def applicable(self, values: Values) -> list[Field]:
        return [f for f in self.fields if f.when(values)]

    def next_slot(self, values: Values) -> str | None:
        """The first applicable field without a value, then the confirmation, else None (done).
        The consent comes before the first personal question (or the read-back), and again before
        each sensitive one; a refused consent ends the form."""
        record = values.get(self.consent_slot) if self.consent_slot else None
        if self.ended_by_privacy(values):
            return None
        for f in self.applicable(values):
            if values.get(f.slot) is not None:
                continue
            if self.consent_slot and (f.personal or f.sensitive) and not privacy.agreed(record):
                return self.consent_slot
            if self.consent_slot and f.sensitive:
                decision = privacy.sensitive_decision(record, f.sensitive)
                if decision is None:
                    return self.consent_slot
                if decision is False:
                    continue  # skipped (a required one ended the form above)
            return f.slot
        if self.consent_slot and not privacy.agreed(record):
            return self.consent_slot
        if self.confirm_slot and values.get(self.confirm_slot) is not True:
            return self.confirm_slot
        return None

    def ended_by_privacy(self, values: Values) -> bool:
        """The worker refused the notice, or the separate consent of a number the form cannot do without."""
        if not self.consent_slot:
            return False
        record = values.get(self.consent_slot)
        if privacy.declined(record):
            return True
        return any(f.sensitive and not f.optional and privacy.sensitive_decision(record, f.sensitive) is False
                   for f in self.applicable(values))

    def pending_sensitive(self, values: Values) -> Field | None:
        """The sensitive field whose separate consent is asked now (the notice already agreed)."""
        record = values.get(self.consent_slot) if self.consent_slot else None
        if not privacy.agreed(record):
            return None
        nxt = next((f for f in self.applicable(values) if values.get(f.slot) is None
                    and not (f.sensitive and privacy.sensitive_decision(record, f.sensitive) is False)), None)
        if nxt is not None and nxt.sensitive and privacy.sensitive_decision(record, nxt.sensitive) is None:
            return nxt
        return None

    def record(self, values: Values) -> dict[str, Any]:
        """The confirmed answers of the applicable fields, keyed by slot."""
        return {f.slot: values.get(f.slot) for f in self.applicable(values)}

    def summary_lines(self, values: Values) -> list[str]:
        return [f"{f.label}：{f.show(values.get(f.slot))}" for f in self.applicable(values)]

    def correction_target(self, text: str, values: Values) -> Field | None:
        """The field a typed correction names ("金额写错了", "改一下电话"), the longest alias first."""
        t = normalize(text)
        best: tuple[int, Field] | None = None
        for f in self.applicable(values):
            for alias in (f.label, *f.aliases):
                if alias and alias in t and (best is None or len(alias) > best[0]):
                    best = (len(alias), f)
        return best[1] if best else None


# ---------------------------------------------------------------------------------------------
# Readers: each returns the value to store or raises Invalid with a clear Chinese message.

DECLINE = "（未填）"
UNKNOWN = "unknown"


def plain_text(answer: Answer) -> str:
    """The typed words of an answer, normalised; empty for a button (readers in specs use it too)."""
    return "" if answer.is_payload else normalize(answer.text)


SENSITIVE_IN_TEXT = "为了保护您的信息，这里不用写身份证号或银行卡号，请去掉号码再说一遍。"


def read_text(min_chars: int = 2, max_chars: int = 500, what: str = "内容") -> Reader:
    def read(answer: Answer, values: Values) -> str:
        text = (answer.text or "").strip()
        if answer.is_payload:
            raise Invalid(f"请直接打字说说{what}。")
        if any(kind in ("id_number", "bank_card") for kind, _s, _e in pii.find_pii(text)):
            raise Invalid(SENSITIVE_IN_TEXT)  # not asked for, so not collected (PIPL art. 6)
        meaningful = "".join(ch for ch in text if ch.isalnum())
        if len(meaningful) < min_chars:
            raise Invalid(f"{what}说得再具体一点好吗？")
        if len(text) > max_chars:
            raise Invalid(f"{what}有点长，请精简到{max_chars}字以内。")
        return text

    return read


def read_place(answer: Answer, values: Values) -> str:
    text = plain_text(answer)
    for lead in ("在", "我在", "是在", "位于"):
        if text.startswith(lead) and len(text) > len(lead) + 1:
            text = text[len(lead):]
    text = text.strip(" 。，,.！!")
    if len(text) < 2 or len(text) > 40 or text.isdigit() or parse_phone(text):
        raise Invalid("请说一下在哪个城市、哪个区（比如：深圳市宝安区）。")
    return text


def read_employer(answer: Answer, values: Values) -> str:
    text = plain_text(answer).strip(" 。，,.！!")
    if parsing.parse_unknown(text):
        return "不清楚单位全称"
    if len(text) < 2 or len(text) > 80 or parse_phone(text) or text.isdigit():
        raise Invalid("请说一下单位名称（公司、厂名或老板/包工头的名字都行）。")
    return text


def read_phone(answer: Answer, values: Values) -> str:
    phone = parse_phone(answer.entities.get("phone") or answer.text or "")
    if not phone:
        raise Invalid("这个号码好像不对，请输入11位手机号（如 13812345678），或带区号的座机号（如 020-12345678）。")
    return phone


def read_optional_name(answer: Answer, values: Values) -> str:
    if answer.pressed("deny"):
        return ""
    name = parsing.parse_name("" if answer.is_payload else answer.text)  # raw text: keeps "Zhang Wei" capitalised
    if name is None:
        raise Invalid("请告诉我怎么称呼您（比如：王师傅、李女士），不想留也可以说「不留」。")
    return name


def read_required_name(answer: Answer, values: Values) -> str:
    name = parsing.parse_name("" if answer.is_payload else answer.text)
    if not name:
        raise Invalid("这里需要您的真实姓名，请输入姓名（比如：张伟）。")
    return name


def read_consent(answer: Answer) -> bool | None:
    """同意 / 不同意 (or 跳过) to a privacy notice: a button or typed words; None when unclear."""
    if answer.pressed("affirm"):
        return True
    if answer.pressed("deny") or answer.pressed("stop"):
        return False
    text = plain_text(answer)
    if any(w in text for w in ("不同意", "不愿意", "不想", "不要", "不用", "不行", "不可以", "跳过", "不给", "不提供", "算了", "拒绝")):
        return False
    if any(w in text for w in ("同意", "可以", "好的", "行", "没问题", "愿意", "继续")) or text in ("好", "嗯", "ok"):
        return True
    return None


NOT_GIVEN = "（未提供）"


def read_id_card(answer: Answer, values: Values) -> str:
    """An 18-character resident ID with a valid check character (asked only after its own consent)."""
    raw = "".join(ch for ch in plain_text(answer) if ch.isalnum()).upper()
    if not pii.id_checksum_ok(raw):
        raise Invalid("这个身份证号好像不对，请核对后输入18位号码（最后一位可能是X）；不想提供就说「跳过」。")
    return raw


def read_bank_card(answer: Answer, values: Values) -> str:
    """A 16–19 digit bank card number (spaces and dashes allowed)."""
    text = plain_text(answer)
    raw = "".join(ch for ch in text if ch.isdigit())
    if not 16 <= len(raw) <= 19 or any(not (ch.isdigit() or ch in " -") for ch in text):
        raise Invalid("这个银行卡号好像不对，请核对后输入16到19位卡号；不想提供就说「跳过」。")
    return raw


def show_sensitive(value: Any) -> str:
    """A sensitive number in the read-back: the last four digits only (the worker typed it just now)."""
    if not value:
        return NOT_GIVEN
    return "尾号" + str(value)[-4:]


def show_name(value: Any) -> str:
    return value or DECLINE


def read_amount(answer: Answer, values: Values) -> dict:
    amount = parsing.parse_amount(plain_text(answer))
    if amount is None or amount.value <= 0:
        raise Invalid("没看懂金额。请说个大概的数，比如「8000」「八千多」「1.2万」。")
    if amount.value > Decimal("100000000"):
        raise Invalid("这个金额太大了，请再核对一下。")
    return {"yuan": str(amount.value), "approx": amount.approx}


def show_amount(value: Any) -> str:
    if not value:
        return DECLINE
    yuan = Decimal(value["yuan"])
    text = f"{yuan:.2f}".rstrip("0").rstrip(".")
    return f"约{text}元" if value.get("approx") else f"{text}元"


def read_wage(answer: Answer, values: Values) -> str:
    amount = parsing.parse_amount(plain_text(answer))
    if amount is None or amount.value <= 0:
        raise Invalid("请输入每月工资数，比如「5000」「六千五」「1.2万」。")
    if amount.value > Decimal("1000000"):
        raise Invalid("这个月工资数太大了，请再核对一下。")
    return str(amount.value)


def show_yuan(value: Any) -> str:
    if value in (None, UNKNOWN):
        return "不清楚"
    return f"{Decimal(value):.2f}".rstrip("0").rstrip(".") + "元"


def read_optional_wage(answer: Answer, values: Values) -> str:
    if answer.pressed("deny") or parsing.parse_unknown(plain_text(answer)):
        return UNKNOWN
    try:
        return read_wage(answer, values)
    except Invalid:
        if parsing.parse_yes_no(plain_text(answer)) is False:
            return UNKNOWN
        raise


def read_count(answer: Answer, values: Values) -> dict:
    count = parsing.parse_count(plain_text(answer))
    if count is None or count.value <= 0:
        raise Invalid("请说一下大概多少人被欠薪，比如「就我一个」「十几个」「30多人」。")
    if count.value > 100000:
        raise Invalid("人数好像太多了，请再核对一下。")
    return {"n": count.value, "approx": count.approx}


def show_count(value: Any) -> str:
    if not value:
        return DECLINE
    return f"{value['n']}多人" if value.get("approx") else f"{value['n']}人"


def read_since(answer: Answer, values: Values) -> dict:
    d = parsing.parse_duration(plain_text(answer), today=answer.today)
    if d is None or d.months <= 0:
        raise Invalid("请说一下欠了多久，或从什么时候开始没发，比如「三个月了」「去年十月到现在」。")
    if d.since and d.since > answer.today:
        raise Invalid("这个时间还没到呢，请再核对一下。")
    if d.months > 240:
        raise Invalid("时间好像太长了，请再核对一下。")
    return {"months": d.months, "since": d.since.isoformat() if d.since else None, "approx": d.approx}


def show_since(value: Any) -> str:
    if not value:
        return DECLINE
    months = value["months"]
    n = int(months) if float(months).is_integer() else months
    text = f"{n}个多月" if value.get("approx") else f"{n}个月"
    if value.get("since"):
        since = date.fromisoformat(value["since"])
        text += f"（{since.year}年{since.month}月起）"
    return text


def read_date(*, past_only: bool = True, max_years: int = 30, what: str = "日期") -> Reader:
    def read(answer: Answer, values: Values) -> str:
        d = parsing.parse_date(plain_text(answer), today=answer.today)
        if d is None:
            raise Invalid(f"没看懂{what}。请写成「2026年3月5日」「3月5号」「昨天」这样。")
        if past_only and d > answer.today:
            raise Invalid(f"这个{what}还没到呢，请再核对一下。")
        if d < answer.today - timedelta(days=365 * max_years):
            raise Invalid(f"这个{what}太早了，请再核对一下。")
        return d.isoformat()

    return read


def show_date(value: Any) -> str:
    if not value:
        return DECLINE
    d = date.fromisoformat(value)
    return f"{d.year}年{d.month}月{d.day}日"


def read_yes_no(question: str, *, allow_unknown: bool = False) -> Reader:
    def read(answer: Answer, values: Values) -> Any:
        if answer.pressed("affirm"):
            return True
        if answer.pressed("deny"):
            return False
        text = plain_text(answer)
        if allow_unknown and parsing.parse_unknown(text):
            return UNKNOWN
        value = parsing.parse_yes_no(text)
        if value is None and text and answer.intent in ("affirm", "deny"):
            value = answer.intent == "affirm"
        if value is None:
            raise Invalid(f"{question}请回答「有」或「没有」" + ("，不清楚就说「不清楚」。" if allow_unknown else "。"))
        return value

    return read


def show_yes_no(value: Any, yes: str = "有", no: str = "没有") -> str:
    return {True: yes, False: no, UNKNOWN: "不清楚"}.get(value, DECLINE)


def read_choice(options: Mapping[str, tuple[str, ...]], prompt: str) -> Reader:
    """A menu answer: a button (``/inform{"choice": key}``) or typed words naming an option."""

    def read(answer: Answer, values: Values) -> str:
        key = answer.entities.get("choice")
        if key in options:
            return key
        key = parsing.parse_choice(plain_text(answer), {k: list(v) for k, v in options.items()})
        if key is None:
            raise Invalid(prompt)
        return key

    return read


def read_employment(answer: Answer, values: Values) -> str:
    if answer.entities.get("choice") in ("employed", "left"):
        return answer.entities["choice"]
    status = parsing.parse_employment(plain_text(answer))
    if status is None:
        if answer.pressed("affirm") or parsing.parse_yes_no(plain_text(answer)) is True:
            return "employed"
        if answer.pressed("deny") or parsing.parse_yes_no(plain_text(answer)) is False:
            return "left"
        raise Invalid("您现在还在这家单位干吗？请回答「还在干」或「已经离开了」。")
    return status


EMPLOYMENT = {"employed": "还在这家单位干", "left": "已经离开"}


def read_evidence(answer: Answer, values: Values) -> list[str]:
    if answer.pressed("deny"):
        return []
    found = parsing.parse_evidence(plain_text(answer))
    if found is None and parsing.parse_yes_no(plain_text(answer)) is False:
        found = []
    if found is None:
        raise Invalid("手上有哪些材料？比如：劳动合同、工资条、考勤打卡记录、微信聊天记录、转账记录、欠条；都没有就说「没有」。")
    return found


def show_evidence(value: Any) -> str:
    if value is None:
        return DECLINE
    if not value:
        return "暂时没有"
    return "、".join(parsing.EVIDENCE_LABELS.get(k, k) for k in value)


def read_ticket_ref(answer: Answer, values: Values) -> str:
    ref = parse_reference(answer.entities.get("ticket_ref") or answer.text or "")
    if not ref:
        raise Invalid("这个编号不对。编号是「GH-」（或入会的「RH-」、培训报名的「PX-」）开头的，比如 GH-7K3M-Q9XA，请再核对一下。")
    return ref


def read_last4(answer: Answer, values: Values) -> str:
    digits = parsing.parse_last4(plain_text(answer))
    if not digits:
        raise Invalid("请输入留言时所填手机号的后四位数字（比如 5678）。")
    return digits


def read_hours(what: str) -> Reader:
    def read(answer: Answer, values: Values) -> str:
        if answer.pressed("deny"):
            return "0"
        hours = parsing.parse_hours(plain_text(answer))
        if hours is None:
            raise Invalid(f"请输入{what}的小时数，比如「20」「二十个小时」；没有就说「没有」。")
        if hours > 744:
            raise Invalid("一个月最多744个小时，请再核对一下。")
        return str(hours)

    return read


def show_hours(value: Any) -> str:
    if value is None:
        return DECLINE
    h = Decimal(value)
    return f"{h.normalize():f}小时"
