"""The intake forms: wage arrears, legal aid, joining the union, work injury, hardship aid.

Each form has its validation and summary (the shared engine in ``actions/forms.py``) and a submit
action that stores exactly what the worker confirmed and only then gives the reference.
"""
from __future__ import annotations

import abc
import logging
from datetime import date
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_topical_intent, off_loop, worker_texts
from actions.forms import SpecAskConfirm, SpecFormValidation, reset_events, values_of
from bot.common import facts
from bot.cases import intake, membership, tickets
from bot.knowledge.answers import DISCLAIMER
from bot.cases.forms import CONSENT_SLOT, FormSpec
from bot.common import clock

logger = logging.getLogger(__name__)
STATUS_HINT = "请记下这个编号；想查进度，跟我说「查进度」，再输入编号和手机号后四位就行。"
FAILED = ("非常抱歉，系统出了点问题，{what}没有保存成功。请稍后再试，或直接拨打" + facts.HOTLINE_NAME + "。")


class ValidateWageArrearsForm(SpecFormValidation):
    spec = intake.WAGE_ARREARS


class ValidateLegalAidForm(SpecFormValidation):
    spec = intake.LEGAL_AID


class ValidateJoinUnionForm(SpecFormValidation):
    spec = intake.JOIN_UNION


class ValidateWorkInjuryForm(SpecFormValidation):
    spec = intake.WORK_INJURY


class AskWageArrearsConfirm(SpecAskConfirm):
    spec = intake.WAGE_ARREARS


class AskLegalAidConfirm(SpecAskConfirm):
    spec = intake.LEGAL_AID


class AskJoinUnionConfirm(SpecAskConfirm):
    spec = intake.JOIN_UNION


class AskWorkInjuryConfirm(SpecAskConfirm):
    spec = intake.WORK_INJURY


class ValidateHardshipAidForm(SpecFormValidation):
    spec = intake.HARDSHIP


class AskHardshipAidConfirm(SpecAskConfirm):
    spec = intake.HARDSHIP


async def _store_ticket(dispatcher, tracker: Tracker, spec: FormSpec, values: Dict[str, Any], *, phone: str,
                        category: str, name: str | None = None, priority: str = "normal",
                        reasons: tuple[str, ...] = (), queue: str = "hotline", needs_human: bool = False,
                        extra: Dict[str, Any] | None = None) -> str | None:
    intent = latest_topical_intent(tracker)
    try:
        receipt = await off_loop(
            tickets.open_ticket,
            description=f"【{spec.title}】\n" + "\n".join(spec.summary_lines(values)),
            phone=phone,
            name=name or None,
            category=category,
            case_type=category,
            sender_id=tracker.sender_id,
            intent=intent.get("name"),
            confidence=intent.get("confidence"),
            fields={**spec.record(values), **(extra or {})},
            priority=priority,
            priority_reasons=reasons,
            queue=queue,
            needs_human=needs_human,
            consent=tracker.get_slot(CONSENT_SLOT),
        )
    except tickets.TicketLimited:
        logger.warning("%s refused by the ticket limit of a conversation", spec.name)
        dispatcher.utter_message(text=tickets.limited_reply(f"您的{spec.title}"))
        return None
    except Exception:
        logger.exception("%s not stored for %s", spec.name, tracker.sender_id)
        dispatcher.utter_message(text=FAILED.format(what=spec.title))
        return None
    return receipt.reference


class _SubmitCase(Action, abc.ABC):
    """Shared checks of the submit actions; abstract, so it is not registered itself."""

    @property
    @abc.abstractmethod
    def spec(self) -> FormSpec: ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        values = values_of(tracker, self.spec)
        if values.get(self.spec.confirm_slot) is not True or self.spec.next_slot(values) not in (None, self.spec.confirm_slot):
            if self.spec.ended_by_privacy(values):  # the validation already told the worker
                return reset_events(self.spec)
            dispatcher.utter_message(text=f"{self.spec.title}没有提交。需要时随时再找我。")
            return reset_events(self.spec)
        await self.submit(dispatcher, tracker, values)
        return reset_events(self.spec) + [SlotSet("case_type", None)]

    @abc.abstractmethod
    async def submit(self, dispatcher: CollectingDispatcher, tracker: Tracker, values: Dict[str, Any]) -> None: ...


class ActionSubmitWageArrears(_SubmitCase):
    spec = intake.WAGE_ARREARS

    def name(self) -> Text:
        return "action_submit_wage_arrears"

    async def submit(self, dispatcher, tracker, values) -> None:
        priority = intake.wage_arrears_priority(values, worker_texts(tracker))
        ref = await _store_ticket(
            dispatcher, tracker, self.spec, values, phone=values["wa_phone"], name=values.get("wa_name"),
            category="wage_arrears", priority=priority.level, reasons=priority.reasons,
            extra={"priority_score": priority.score},
        )
        if ref is None:
            return
        lines = [f"欠薪登记已提交✅ 编号：{ref}"]
        if priority.level == "high":
            lines.append("您的情况已标为优先处理，工作人员会尽快打电话联系您。")
        else:
            lines.append("工作人员会打电话联系您，请留意来电。")
        if not values.get("wa_evidence"):
            lines.append("现在就可以做：把考勤打卡记录、和老板或工头的微信聊天记录截图保存好，工友的联系方式也记下来，这些都能当证据。")
        lines.append(STATUS_HINT)
        dispatcher.utter_message(text="\n".join(lines))


class ActionSubmitLegalAid(_SubmitCase):
    spec = intake.LEGAL_AID

    def name(self) -> Text:
        return "action_submit_legal_aid"

    async def submit(self, dispatcher, tracker, values) -> None:
        check = intake.legal_aid_eligibility(values)
        ref = await _store_ticket(
            dispatcher, tracker, self.spec, values, phone=values["la_phone"], category="legal_aid",
            queue="legal_aid", needs_human=True, priority="normal",
            reasons=(f"法律援助预审：{intake.VERDICT_TEXT[check.verdict]}",),
            extra={"eligibility": check.verdict},
        )
        if ref is None:
            return
        lines = [
            f"法律援助申请已提交✅ 编号：{ref}",
            "法律援助工作人员会联系您。",
            intake.VERDICT_TEXT[check.verdict],
            *check.explanation,
            "请准备好：" + "；".join(f"{i}. {d}" for i, d in enumerate(check.documents, 1)),
            "能不能获得援助，最终由法律援助机构审查决定。" + DISCLAIMER,
            STATUS_HINT,
        ]
        # The case is in the officers' queue; the worker may also talk to one now (live handoff).
        dispatcher.utter_message(text="\n".join(lines),
                                 buttons=[{"title": "现在在线联系法律援助工作人员", "payload": "/request_human"}])


class ActionSubmitJoinUnion(_SubmitCase):
    spec = intake.JOIN_UNION

    def name(self) -> Text:
        return "action_submit_join_union"

    async def submit(self, dispatcher, tracker, values) -> None:
        try:
            receipt = await off_loop(
                membership.apply,
                name=values["ju_name"], phone=values["ju_phone"], employment_type=values["ju_employment"],
                employer=values.get("ju_employer") if values["ju_employment"] != "flexible" else None,
                industry=values["ju_industry"], city=values["ju_city"], sender_id=tracker.sender_id,
                consent=tracker.get_slot(CONSENT_SLOT),
            )
        except Exception:
            logger.exception("membership application not stored for %s", tracker.sender_id)
            dispatcher.utter_message(text=FAILED.format(what="入会申请"))
            return
        dispatcher.utter_message(
            text=f"入会申请已提交✅ 编号：{receipt.reference}\n{intake.MEMBERSHIP_NEXT_STEPS}\n{STATUS_HINT}"
        )


class ActionSubmitWorkInjury(_SubmitCase):
    spec = intake.WORK_INJURY

    def name(self) -> Text:
        return "action_submit_work_injury"

    async def submit(self, dispatcher, tracker, values) -> None:
        deadlines = intake.work_injury_deadlines(date.fromisoformat(values["wi_date"]), values.get("wi_reported"),
                                                 today=clock.today())
        reasons = ("工伤认定期限紧迫或已过单位申报期",) if deadlines.high_priority else ()
        ref = await _store_ticket(
            dispatcher, tracker, self.spec, values, phone=values["wi_phone"], category="work_injury",
            priority="high" if deadlines.high_priority else "normal", reasons=reasons,
            extra={"employer_deadline": deadlines.employer_deadline.isoformat(),
                   "worker_deadline": deadlines.worker_deadline.isoformat()},
        )
        if ref is None:
            return
        lines = [f"工伤登记已提交✅ 编号：{ref}", "工作人员会打电话联系您。", *deadlines.lines]
        if values.get("wi_insured") is not True:
            lines.append("单位没交工伤保险的，工伤待遇由单位按标准支付（《工伤保险条例》第六十二条）。")
        lines.append("先把病历、诊断证明、医药费票据收好。" + STATUS_HINT)
        dispatcher.utter_message(text="\n".join(lines))


class ActionSubmitHardshipAid(_SubmitCase):
    """A hardship application: stored in the hardship queue, then which programmes may fit."""

    spec = intake.HARDSHIP

    def name(self) -> Text:
        return "action_submit_hardship_aid"

    async def submit(self, dispatcher, tracker, values) -> None:
        income = (values.get("hd_income") or {}).get("yuan")
        urgent_need = values.get("hd_cause") in ("illness", "accident") or income in ("0", 0)
        ref = await _store_ticket(
            dispatcher, tracker, self.spec, values, phone=values["hd_phone"], name=values.get("hd_name"),
            category="hardship_aid", queue="hardship", priority="high" if urgent_need else "normal",
            reasons=("大病、意外或家庭没有收入",) if urgent_need else (),
        )
        if ref is None:
            return
        lines = [f"困难帮扶申请已提交✅ 编号：{ref}",
                 "当地工会帮扶工作人员会打电话核实情况，一般还要看身份证、户口本、收入和困难情况的证明（比如病历、残疾证、失业证明）。",
                 *intake.hardship_programmes(values),
                 STATUS_HINT]
        dispatcher.utter_message(text="\n".join(lines))
