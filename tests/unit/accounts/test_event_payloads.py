"""What advisor events accept from the browser: ids, texts, forms (wrong types are refused, never raised)."""

from __future__ import annotations

import pytest

from videotermin_app.accounts.state_admin import MAX_ACCOUNT_FIELD_LENGTH
from videotermin_app.accounts.state_auth import MAX_ID, MAX_LOGIN_EMAIL_INPUT, payload_id, payload_text
from videotermin_app.room.state_advisor_room import MAX_ID_TEXT_LENGTH, MAX_MEMBER_KEY_LENGTH, _form_id, _member_key


def test_the_bounds() -> None:
    assert MAX_ID == 2**31 - 1
    assert MAX_LOGIN_EMAIL_INPUT == 4 * 254
    assert MAX_ACCOUNT_FIELD_LENGTH == 320
    assert MAX_MEMBER_KEY_LENGTH == 12
    assert MAX_ID_TEXT_LENGTH == 10


@pytest.mark.parametrize("value", [0, -1, MAX_ID + 1, True, False, "5", 5.0, None, [5], {"id": 5}])
def test_payload_id_refuses_what_is_not_an_id(value: object) -> None:
    assert payload_id(value) == 0


def test_payload_id_takes_an_id() -> None:
    assert payload_id(7) == 7 and payload_id(MAX_ID) == MAX_ID


def test_payload_text() -> None:
    assert payload_text("abc", 3) == "abc"
    assert payload_text("abcd", 3) is None
    assert payload_text(["abc"], 3) is None and payload_text(3, 3) is None and payload_text(None, 3) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("p12", "p12"), ("advisor", ""), ("p", ""), ("p1x", ""), ("p²", ""), ("p" + "1" * 20, ""), (12, ""), ([], "")],
)
def test_member_key(value: object, expected: str) -> None:
    assert _member_key(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("42", 42), (42, 42), ("", 0), ("4 2", 0), ("-4", 0), ("²", 0), ("1" * 11, 0), (None, 0), (["4"], 0)],
)
def test_form_id(value: object, expected: int) -> None:
    assert _form_id(value) == expected
