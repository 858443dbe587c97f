"""Log output: text or one JSON object per line, exception messages and event payloads withheld."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from videotermin_app.core.logs import (
    LOG_FORMATS,
    MAX_MESSAGE,
    WITHHELD,
    configure_logging,
    make_handler,
    redacted_exception,
)
from videotermin_app.core.settings import LOG_FORMATS as SETTING_FORMATS


@pytest.fixture
def root_restored() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    app_level = logging.getLogger("videotermin_app").level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.getLogger("videotermin_app").setLevel(app_level)


def _logger(log_format: str) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    logger = logging.getLogger(f"test.logs.{log_format}")
    logger.handlers[:] = [make_handler(log_format=log_format, stream=stream)]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger, stream


def test_the_formats_are_text_and_json_in_both_places() -> None:
    assert LOG_FORMATS == SETTING_FORMATS == ("text", "json")
    with pytest.raises(ValueError):
        make_handler(log_format="xml")


def test_json_is_one_object_per_line() -> None:
    logger, stream = _logger("json")
    logger.info("mail written to %s", "/var/outbox/x.eml")
    logger.warning("zwei\nZeilen")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["message"] == "mail written to /var/outbox/x.eml" and first["level"] == "INFO"
    assert first["logger"] == "test.logs.json" and first["time"].endswith("+00:00")
    assert second["message"] == "zwei\nZeilen"


@pytest.mark.parametrize("log_format", LOG_FORMATS)
def test_exception_messages_are_withheld(log_format: str) -> None:
    logger, stream = _logger(log_format)
    address = "max@example.org"
    try:
        raise ValueError(f"Key (email)=({address}) already exists")  # frames show code, never values
    except ValueError:
        logger.exception("saving failed")
    out = stream.getvalue()
    assert "max@example.org" not in out
    assert "ValueError" in out and WITHHELD in out and "test_exception_messages_are_withheld" in out


@pytest.mark.parametrize("log_format", LOG_FORMATS)
def test_reflex_event_records_lose_their_payload(log_format: str) -> None:
    stream = io.StringIO()
    logger = logging.getLogger("reflex_base.event.processor.event_processor")
    old = list(logger.handlers), logger.propagate
    logger.handlers[:] = [make_handler(log_format=log_format, stream=stream)]
    logger.propagate = False
    try:
        logger.warning("Error processing event queue entry for %s", {"payload": {"email": "max@example.org"}})
    finally:
        logger.handlers[:], logger.propagate = old
    assert "max@example.org" not in stream.getvalue() and WITHHELD in stream.getvalue()


def test_redacted_exception_names_the_type_only() -> None:
    name = "Mustermann"
    try:
        raise KeyError(name)
    except KeyError as exc:
        text = redacted_exception(type(exc), exc.__traceback__)
    assert "Mustermann" not in text and text.startswith("Traceback") and "builtins.KeyError" in text


def test_configure_installs_one_handler_and_app_info(root_restored: None) -> None:
    stream = io.StringIO()
    configure_logging(log_format="text", stream=stream)
    configure_logging(log_format="json", stream=stream)
    root = logging.getLogger()
    assert len([h for h in root.handlers if h.get_name() == "videotermin"]) == 1
    logging.getLogger("videotermin_app.test").info("hallo")
    logging.getLogger("some.library").info("not shown")
    lines = stream.getvalue().splitlines()
    assert [json.loads(line)["message"] for line in lines] == ["hallo"]


def test_reflex_own_sink_gets_the_fixed_line_too(root_restored: None) -> None:
    import reflex_base.utils.log  # noqa: F401 - puts reflex_base's loggers under "reflex", as in the app

    from videotermin_app.core.logs import EVENT_LOGGER_NAMES

    configure_logging(log_format="text", stream=io.StringIO())
    stream = io.StringIO()
    sink = logging.StreamHandler(stream)  # stands for Reflex's console sink on the "reflex" logger
    reflex_logger = logging.getLogger("reflex")
    reflex_logger.addHandler(sink)
    try:
        for name in EVENT_LOGGER_NAMES:
            logging.getLogger(name).error("Error processing %s", {"email": "max@example.org"})
    finally:
        reflex_logger.removeHandler(sink)
    assert "max@example.org" not in stream.getvalue()
    assert stream.getvalue().count(WITHHELD) == len(EVENT_LOGGER_NAMES)


@pytest.mark.parametrize("log_format", LOG_FORMATS)
def test_a_wrongly_typed_browser_value_is_not_quoted(log_format: str) -> None:
    """Reflex logs "Expected field ... but got <value>" when a browser sends a value of the wrong type."""
    stream = io.StringIO()
    logger = logging.getLogger("reflex_base.vars.base")
    old = list(logger.handlers), logger.propagate
    logger.handlers[:] = [make_handler(log_format=log_format, stream=stream)]
    logger.propagate = False
    try:
        logger.error("Expected field 'State.is_hydrated' to receive type bool, but got %r", "max@example.org")
    finally:
        logger.handlers[:], logger.propagate = old
    assert "max@example.org" not in stream.getvalue() and WITHHELD in stream.getvalue()


@pytest.mark.parametrize("log_format", LOG_FORMATS)
def test_a_long_message_is_cut(log_format: str) -> None:
    logger, stream = _logger(log_format)
    logger.warning("x" * (MAX_MESSAGE * 50))
    assert len(stream.getvalue()) < MAX_MESSAGE + 500 and "characters cut" in stream.getvalue()
