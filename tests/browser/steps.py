"""Steps several browser tests take in the widget."""
from __future__ import annotations

from tests.browser.test_widget_and_console import leave_message as fill_message_form
from tests.browser.test_widget_and_console import worker_says


def leave_message(worker, story: str, phone: str, opening: str = "我要留言") -> str:
    """The worker asks to leave a message, agrees to the privacy notice and fills the form;
    returns its GH- reference."""
    worker_says(worker, opening)
    return fill_message_form(worker, story, phone)
