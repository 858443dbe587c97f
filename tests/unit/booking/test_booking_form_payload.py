"""The booking form's payload: only known fields, only strings (or numbers) of bounded length."""

from __future__ import annotations

from videotermin_app.booking.state_booking import MAX_FORM_FIELD_LENGTH, MAX_FURTHER_PEOPLE, _form_fields


def test_the_bounds() -> None:
    assert MAX_FORM_FIELD_LENGTH == 300
    assert MAX_FURTHER_PEOPLE == 2  # core.capacity: a call of four, the advisor and three people with a link


def test_known_fields_are_taken_and_unknown_ones_dropped() -> None:
    form = _form_fields({"first_name": "Max", "duration": 30, "person0_name": "Olga P", "evil": "x"}, [0])
    assert form is not None
    assert form["first_name"] == "Max" and form["duration"] == "30" and form["person0_name"] == "Olga P"
    assert "evil" not in form and form["last_name"] == ""
    assert "person1_name" not in (_form_fields({"person1_name": "x"}, [0]) or {})


def test_wrong_payloads_are_refused() -> None:
    assert _form_fields(["first_name"], []) is None
    assert _form_fields("first_name=Max", []) is None
    assert _form_fields(None, []) is None
    assert _form_fields({"first_name": ["Max"]}, []) is None
    assert _form_fields({"first_name": {"a": 1}}, []) is None
    assert _form_fields({"duration": True}, []) is None
    assert _form_fields({"last_name": "x" * (MAX_FORM_FIELD_LENGTH + 1)}, []) is None
