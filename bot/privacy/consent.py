"""The notice a worker reads before a form asks for personal data, and the consent record kept with
what they then submit (《个人信息保护法》第十三、十四、十七、二十九、三十条).

A form (bot/cases/forms.FormSpec with ``consent_slot``) asks for consent once, before its first
personal question (a phone, a name, the story of the case) or its read-back, whichever comes first.
An ID-card or bank-card number (sensitive data, art. 28) is asked only after its own separate
consent (art. 29), given at the moment it is asked; when the number is optional the worker may skip.

The slot holds a small JSON record, stored with the ticket / application / enrolment:
``{"version": ..., "agreed": true, "at": "2026-12-07T10:00:00+08:00", "form": ..., "sensitive": {"id_card": {"agreed": false, "at": ...}}}``
"""
from __future__ import annotations

from typing import Any, Mapping

from bot.common import clock
from bot.common.facts import HOTLINE, HOTLINE_NAME

# Bump when the notice's content changes: records keep the version the worker agreed to.
NOTICE_VERSION = "2026-12-v1"
SLOT = "privacy_consent"

NOTICE = (
    "{lead}请先了解：\n"
    "· 收集：联系电话、姓名或称呼，和您说的情况。\n"
    "· 用途：只用于工会工作人员联系您、办您这件事，不做别的用途。\n"
    "· 谁能看：经授权的工会工作人员，看完整号码要登记理由。\n"
    "· 保存：办结后保存{tickets}年（入会申请{membership}年、培训报名{enrolments}年），到期删除或匿名。\n"
    "· 权利：随时可以说「删除我的信息」，要求查看、更正或删除。\n"
    "同意就点「同意并继续」；不同意也能办，直接拨打{hotline}。"
)

SENSITIVE_KINDS = {
    "id_card": ("身份证号", "核实您的身份、办理会员实名登记"),
    "bank_card": ("银行卡号", "把帮扶款、补贴直接发到您本人的卡上"),
}

SENSITIVE_NOTICE = (
    "下面要问您的{what}。{what}属于敏感个人信息，一旦泄露可能影响您的财产和人身安全，所以需要您单独同意。\n"
    "· 为什么要：{why}。\n"
    "· 怎么保护：只有经授权的工作人员能看完整号码，每次查看都有记录；按保存期限到期删除。\n"
    "{skip_line}"
)

DECLINED = (
    "好的，不填了，您刚才说的内容都没有保存。\n"
    f"您也可以直接拨打{HOTLINE_NAME}，在电话里说明情况，工作人员一样会帮您。"
)
SENSITIVE_DECLINED_REQUIRED = (
    "好的，不提供{what}的话这一项没法在这里办理，刚才填的内容也没有保存。"
    f"您可以拨打{HOTLINE_NAME}，或者带上身份证件到当地工会办理。"
)


def notice_text(years: dict[str, int], title: str = "") -> str:
    """``years``: whole years kept per kind (bot.privacy.retention.notice_years())."""
    lead = f"{title}要留一些个人信息，" if title else "留个人信息之前，"
    return NOTICE.format(lead=lead, hotline=HOTLINE_NAME, **years)


def sensitive_text(kind: str, *, optional: bool) -> str:
    what, why = SENSITIVE_KINDS[kind]
    skip = f"同意就点「同意并填写」；不想提供点「跳过」，不影响办理。" if optional else \
        f"同意就点「同意并填写」；不同意的话，可以拨打{HOTLINE}或到当地工会当面办理。"
    return SENSITIVE_NOTICE.format(what=what, why=why, skip_line=skip)


def _now() -> str:
    return clock.now().isoformat(timespec="seconds")


def agree(form: str) -> dict:
    return {"version": NOTICE_VERSION, "agreed": True, "at": _now(), "form": form, "sensitive": {}}


def decline(form: str) -> dict:
    return {"version": NOTICE_VERSION, "agreed": False, "at": _now(), "form": form, "sensitive": {}}


def with_sensitive(record: Mapping[str, Any], kind: str, agreed: bool) -> dict:
    out = dict(record)
    out["sensitive"] = {**(record.get("sensitive") or {}), kind: {"agreed": agreed, "at": _now()}}
    return out


def agreed(record: Any) -> bool:
    return isinstance(record, Mapping) and record.get("agreed") is True


def declined(record: Any) -> bool:
    """The worker said no to the notice: the form ends with nothing stored."""
    return isinstance(record, Mapping) and record.get("agreed") is False


def sensitive_decision(record: Any, kind: str) -> bool | None:
    if not isinstance(record, Mapping):
        return None
    d = (record.get("sensitive") or {}).get(kind)
    return None if d is None else d.get("agreed") is True


def describe(record: Any) -> str:
    """One line for staff: what the worker agreed to and when (no codes shown to people)."""
    if not isinstance(record, Mapping) or not record:
        return "无记录（本功能上线前提交，或由工作人员代为登记）"
    parts = [f"{'同意' if record.get('agreed') else '不同意'}个人信息告知（{record.get('version')}版，{record.get('at')}）"]
    for kind, d in (record.get("sensitive") or {}).items():
        what = SENSITIVE_KINDS.get(kind, (kind,))[0]
        parts.append(f"{'单独同意提供' if d.get('agreed') else '未同意提供'}{what}（{d.get('at')}）")
    return "；".join(parts)
