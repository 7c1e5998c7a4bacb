"""Labour-law calculators: each form asks its inputs; the result states the formula and the law."""
from __future__ import annotations

import abc
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import SpecFormValidation, reset_events, values_of
from bot.knowledge import calc_forms
from bot.knowledge.answers import DISCLAIMER, LEAVE_MESSAGE_BUTTON
from bot.knowledge.calculators import CalcError
from bot.cases.forms import FormSpec
from bot.common import clock


class ValidateOvertimeForm(SpecFormValidation):
    spec = calc_forms.OVERTIME


class ValidateCompensationForm(SpecFormValidation):
    spec = calc_forms.COMPENSATION


class ValidateDoubleWageForm(SpecFormValidation):
    spec = calc_forms.DOUBLE_WAGE


class ValidateLimitationForm(SpecFormValidation):
    spec = calc_forms.LIMITATION


class _Calculate(Action, abc.ABC):
    @property
    @abc.abstractmethod
    def spec(self) -> FormSpec: ...

    def name(self) -> Text:
        return "action_calculate_" + self.spec.name.removesuffix("_form")

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        values = values_of(tracker, self.spec)
        if self.spec.next_slot(values) is not None:
            dispatcher.utter_message(text=f"{self.spec.title}还缺信息，没法算。需要时再找我。")
            return reset_events(self.spec) + [SlotSet("calc", None)]
        calc_name = self.spec.name.removesuffix("_form")
        try:
            result = calc_forms.compute(self.spec.name, values, today=clock.today())
        except CalcError as exc:
            dispatcher.utter_message(
                text=f"算不了：{exc.message}。可以再算一次，重新输入。",
                buttons=[{"title": "重新算", "payload": f'/start_calculator{{"calc": "{calc_name}"}}'}],
            )
            return reset_events(self.spec) + [SlotSet("calc", None)]
        dispatcher.utter_message(
            text=f"【{self.spec.title}】\n{result.text()}\n{DISCLAIMER}",
            buttons=[
                {"title": "换个数再算", "payload": f'/start_calculator{{"calc": "{calc_name}"}}'},
                LEAVE_MESSAGE_BUTTON,
            ],
        )
        return reset_events(self.spec) + [SlotSet("calc", None)]


class ActionCalculateOvertime(_Calculate):
    spec = calc_forms.OVERTIME


class ActionCalculateCompensation(_Calculate):
    spec = calc_forms.COMPENSATION


class ActionCalculateDoubleWage(_Calculate):
    spec = calc_forms.DOUBLE_WAGE


class ActionCalculateLimitation(_Calculate):
    spec = calc_forms.LIMITATION
