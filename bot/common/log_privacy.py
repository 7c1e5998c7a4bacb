"""No personal data in logs.

``install()`` (called when the ``bot`` package is imported, so by every process: the web app, the
action server, the Rasa runtime, the command line) makes every log record of the process masked
as it is made, whatever logger or handler it goes through, with ``pii.mask_text``: phone, ID and
bank-card numbers in the message, its arguments, the formatted traceback and the stack. SQL errors
never carry their bound parameters (a ticket's phone and description): every SQLAlchemy engine
of the process hides them (our own engines also set ``hide_parameters=True``).
"""
from __future__ import annotations

import logging
import threading

from bot.common import pii

_lock = threading.Lock()
_installed = False


def _mask_arg(value):
    return pii.mask_text(value) if isinstance(value, str) else value


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    """Masks a record in place (once). Arguments are masked one by one so that formatters which
    read them (uvicorn's access log) still work; a number that only appears once the message is
    formatted (split over arguments, or an int) makes the record a plain, masked message."""
    if getattr(record, "_pii_masked", False):
        return record
    record._pii_masked = True
    try:
        if isinstance(record.msg, str):
            record.msg = pii.mask_text(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_mask_arg(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _mask_arg(v) for k, v in record.args.items()}
        message = record.getMessage()
        masked = pii.mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = pii.mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = pii.mask_text(record.stack_info)
    except Exception:  # a record that cannot be formatted: it says only that
        record.msg, record.args = f"(unformattable log message from {record.name})", None
    return record


class MaskingFilter(logging.Filter):
    """The same masking as a filter, for handlers configured by hand (e.g. a logging config file)."""

    def filter(self, record: logging.LogRecord) -> bool:
        mask_record(record)
        return True


def _hide_sql_parameters(context) -> None:
    if context.sqlalchemy_exception is not None:
        context.sqlalchemy_exception.hide_parameters = True


def install() -> None:
    """Idempotent: mask every log record made from now on in this process, and hide SQL parameters
    in every SQLAlchemy error."""
    global _installed
    with _lock:
        if _installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args, **kwargs):
            return mask_record(previous(*args, **kwargs))

        logging.setLogRecordFactory(factory)
        try:
            from sqlalchemy import event
            from sqlalchemy.engine import Engine

            event.listen(Engine, "handle_error", _hide_sql_parameters)
        except ImportError:  # pragma: no cover - SQLAlchemy is a dependency
            pass
        _installed = True
