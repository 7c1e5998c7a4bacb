"""Every form the assistant runs, by Rasa form name (no Action classes here)."""
from __future__ import annotations

from bot.cases import courses, intake, status

from bot.knowledge import calc_forms
from bot.cases import forms as f
from bot.common.phones import parse_phone

def _read_description(answer: f.Answer, values) -> str:
    """What happened, in the worker's words: at least a few words, not just a phone number."""
    text = f.read_text(6, 1000, "情况")(answer, values)
    meaningful = "".join(ch for ch in text if ch.isalnum())
    if parse_phone(text) == meaningful:
        raise f.Invalid("说得再具体一点好吗？比如：在哪个单位、发生了什么事、希望工会帮什么忙。")
    return text


# Leaving a message for staff (actions/tickets.py submits it).
LEAVE_MESSAGE = f.FormSpec(
    name="leave_message_form",
    title="留言",
    confirm_slot="ticket_confirm",
    consent_slot=f.CONSENT_SLOT,
    fields=(
        # A question is a fine description here: it is what the worker wants staff to answer.
        f.Field("ticket_description", "情况", _read_description, aliases=("内容", "描述"), fact="story", personal=True),
        f.Field("ticket_phone", "电话", f.read_phone, aliases=("手机", "号码"), inline=True, fact="phone", personal=True),
    ),
)

SPECS: dict[str, f.FormSpec] = {
    **intake.SPECS,
    **calc_forms.SPECS,
    status.STATUS_FORM.name: status.STATUS_FORM,
    courses.COURSE_SEARCH.name: courses.COURSE_SEARCH,
    courses.COURSE_ENROL.name: courses.COURSE_ENROL,
    LEAVE_MESSAGE.name: LEAVE_MESSAGE,
}
