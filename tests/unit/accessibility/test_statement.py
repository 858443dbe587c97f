from __future__ import annotations

import pytest

from videotermin_app.accessibility.statement import (
    MAX_CONTACT_LENGTH,
    SCHLICHTUNGSSTELLE,
    STATEMENT_DATE,
    contact_link,
    statement_date_text,
)
from videotermin_app.core.settings import (
    DEFAULT_A11Y_CONTACT,
    MAX_A11Y_CONTACT_LENGTH,
    ConfigError,
    load_settings,
)


def test_default_contact_is_the_support_line() -> None:
    assert load_settings({}).a11y_contact == DEFAULT_A11Y_CONTACT == "0800 4 555501"
    assert contact_link(DEFAULT_A11Y_CONTACT).href == "tel:+498004555501"


@pytest.mark.parametrize("value", ["barrierefrei@jobcenter-muster.de", "+49 30 1234-567", "030 / 123 456"])
def test_an_email_or_phone_contact_is_accepted(value: str) -> None:
    assert load_settings({"VT_A11Y_CONTACT": value}).a11y_contact == value


@pytest.mark.parametrize("value", ["nobody", "a@b", "javascript:alert(1)", "<b>@x.de", "12", "x" * 300 + "@a.de"])
def test_anything_else_is_refused_naming_the_variable(value: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_settings({"VT_A11Y_CONTACT": value})
    assert error.value.variable == "VT_A11Y_CONTACT"


def test_contact_length_bound() -> None:
    assert MAX_A11Y_CONTACT_LENGTH == MAX_CONTACT_LENGTH == 254
    local = "a" * 64
    address = f"{local}@{'b' * (MAX_A11Y_CONTACT_LENGTH - 64 - 1 - 3)}.de"
    assert len(address) == MAX_A11Y_CONTACT_LENGTH
    assert load_settings({"VT_A11Y_CONTACT": address}).a11y_contact == address
    with pytest.raises(ConfigError):
        load_settings({"VT_A11Y_CONTACT": "c" + address})


def test_contact_links() -> None:
    assert contact_link("barrierefrei@jobcenter-muster.de").href == "mailto:barrierefrei@jobcenter-muster.de"
    assert contact_link("+49 30 1234-567").href == "tel:+49301234567"
    assert contact_link("030 / 123 456").href == "tel:+4930123456"


def test_statement_has_a_date_and_the_enforcement_body() -> None:
    assert statement_date_text() == f"{STATEMENT_DATE.day}. November {STATEMENT_DATE.year}"
    assert "§" not in SCHLICHTUNGSSTELLE.name and "Behindertengleichstellungsgesetz" in SCHLICHTUNGSSTELLE.name
    assert SCHLICHTUNGSSTELLE.website.startswith("https://")
