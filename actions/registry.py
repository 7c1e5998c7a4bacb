"""Every form the assistant runs, by Rasa form name (no Action classes here)."""
from __future__ import annotations

from bot.services import calc_forms, courses, intake, status
from bot.services import forms as f

# The leave-a-message form has its own validation (actions/tickets.py); listed for "不办了".
LEAVE_MESSAGE = f.FormSpec(
    name="leave_message_form",
    title="留言",
    confirm_slot="ticket_confirm",
    fields=(
        f.Field("ticket_description", "情况", f.read_text(6, 1000, "情况")),
        f.Field("ticket_phone", "电话", f.read_phone),
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
