"""A worker who types a button's title instead of pressing it gets what the button does.

Workers on a phone often type what they read ("登记欠薪情况") rather than tap it; the classifier
would then guess, and a guess can open a different form. When a typed message is, apart from
punctuation, spacing and script, the title of a button the bot offered in its latest turn, the
message is read as that button's payload. Only the latest turn's buttons count, so an old
button's words typed much later are understood normally.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterable, Mapping

_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def _key(text: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", text or "").lower())


def latest_buttons(events: Iterable[Any]) -> list[Mapping[str, str]]:
    """The buttons of the bot's messages since the worker's previous message."""
    buttons: list[Mapping[str, str]] = []
    for event in reversed(list(events)):
        kind = getattr(event, "type_name", None) or (event.get("event") if isinstance(event, Mapping) else None)
        if kind == "user":
            break
        if kind == "bot":
            data = getattr(event, "data", None) if not isinstance(event, Mapping) else event.get("data")
            buttons = list((data or {}).get("buttons") or []) + buttons
    return buttons


def payload_for_title(text: str, buttons: Iterable[Mapping[str, str]]) -> str | None:
    """The payload of the one button whose title the text is; None when none or several match."""
    if not text or text.lstrip().startswith("/"):
        return None
    key = _key(_t2s(text))
    if not key:
        return None
    found = {b.get("payload") for b in buttons if b.get("payload") and _key(_t2s(b.get("title") or "")) == key}
    return found.pop() if len(found) == 1 else None


def _t2s(text: str) -> str:
    try:
        from bot.nlu.features import simplified

        return simplified(text)
    except Exception:  # the converter is optional here: titles are simplified already
        return text
