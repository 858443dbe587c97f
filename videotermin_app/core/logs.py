"""The app's log output: text (default) or one JSON object per line (`VT_LOG_FORMAT=json`).

`configure_logging` is called once per worker when the app module is imported. It puts one handler
on the root logger (level WARNING; the app's own `videotermin_app.*` loggers at INFO), so the app's,
SQLAlchemy's and Reflex's records come out in the same format. Granian keeps its own handlers.

Nothing personal in the log:
- exception messages are withheld, only the type and the stack frames are written: a database
  error's message can name the values of a row (PostgreSQL's `DETAIL: Key (email)=(...)`), an SMTP
  refusal the recipient;
- every message is cut to `MAX_MESSAGE` characters;
- Reflex's records about events (`reflex_base.event.*`, and `reflex_base.vars` when a browser sent a
  value of the wrong type) quote the event with its payload; they are
  replaced by a fixed line naming only the logger (a filter on those loggers, so Reflex's own console
  sink gets the fixed line too, and on the app's handler);
- the app's own messages never format names, addresses, customer numbers or link tokens
  (tests/journeys/test_log_privacy.py runs a whole journey and searches the log for them).
"""

from __future__ import annotations

import json
import logging
import sys
import traceback
from datetime import UTC, datetime
from types import TracebackType
from typing import IO

LOG_FORMATS = ("text", "json")
APP_LOGGER = "videotermin_app"
EVENT_LOGGERS = ("reflex_base.event", "reflex_base.vars", "reflex.state", "reflex.app")
# the modules whose records quote an event with its payload; Reflex's own sink (on the "reflex"
# logger, which does not propagate to the root) sees their records too, so the filter sits on them
EVENT_LOGGER_NAMES = (
    "reflex_base.event.processor.event_processor",
    "reflex_base.event.processor.base_state_processor",
    "reflex.app",
    "reflex.state",
    "reflex_base.vars.base",  # "Expected field ... but got <the browser's value>"
)
MAX_MESSAGE = 2_000  # characters of one record's message: a stranger's event cannot fill the disk
WITHHELD = "message withheld: it may carry personal data"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def redacted_exception(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """The stack frames and the exception's type, without its message."""
    frames = "".join(traceback.format_tb(tb)) if tb is not None else ""
    return f"Traceback (most recent call last):\n{frames}{exc_type.__module__}.{exc_type.__qualname__} ({WITHHELD})"


class PrivacyFilter(logging.Filter):
    """Replaces Reflex's event records (which quote event payloads) by a fixed line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith(EVENT_LOGGERS) and record.levelno >= logging.WARNING:
            record.msg = f"event processing problem in {record.name} ({WITHHELD})"
            record.args = None
        message = record.getMessage()
        if len(message) > MAX_MESSAGE:
            record.msg, record.args = f"{message[:MAX_MESSAGE]} … ({len(message) - MAX_MESSAGE} characters cut)", None
        return True


def _exception_text(record: logging.LogRecord) -> str:
    info = record.exc_info
    if not info or info[0] is None:
        return ""
    return redacted_exception(info[0], info[2])


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def formatException(self, ei: _ExcInfo | tuple[None, None, None]) -> str:
        return redacted_exception(ei[0], ei[2]) if ei[0] is not None else ""


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, process, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        exception = _exception_text(record)
        if exception:
            entry["exception"] = exception
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False)


def make_handler(*, log_format: str, stream: IO[str] | None = None) -> logging.Handler:
    if log_format not in LOG_FORMATS:
        raise ValueError(f"log format must be one of {LOG_FORMATS}, got {log_format!r}")
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    handler.addFilter(PrivacyFilter())
    handler.set_name("videotermin")
    return handler


def configure_logging(*, log_format: str, stream: IO[str] | None = None) -> logging.Handler:
    """Install the app's handler on the root logger (replacing one installed before); returns it."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "videotermin"]:
        root.removeHandler(old)
    handler = make_handler(log_format=log_format, stream=stream)
    root.addHandler(handler)
    for name in EVENT_LOGGER_NAMES:
        source = logging.getLogger(name)
        if not any(isinstance(f, PrivacyFilter) for f in source.filters):
            source.addFilter(PrivacyFilter())
    if root.level == logging.NOTSET or root.level > logging.WARNING:
        root.setLevel(logging.WARNING)
    logging.getLogger(APP_LOGGER).setLevel(logging.INFO)
    return handler
