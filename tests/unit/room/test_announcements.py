from __future__ import annotations

from videotermin_app.room.announcements import MAX_ANNOUNCED_NAMES, MAX_ANNOUNCEMENT_LENGTH, announcement


def test_being_fetched_is_announced_with_who_is_there() -> None:
    said = announcement(
        status_before="waiting", status_after="admitted", others_before={}, others_after={"a1": "Bernd Berater"}
    )
    assert said == "Sie werden abgeholt. Das Gespräch beginnt. Im Gespräch: Bernd Berater."


def test_joining_and_leaving_are_announced() -> None:
    before = {"a1": "Bernd Berater", "c1": "Lena Kunde"}
    after = {"a1": "Bernd Berater", "i1": "Olga Petrova"}
    said = announcement(status_before="admitted", status_after="admitted", others_before=before, others_after=after)
    assert said == "Olga Petrova ist jetzt im Gespräch. Lena Kunde hat das Gespräch verlassen."


def test_nothing_changed_says_nothing() -> None:
    same = {"a1": "Bernd Berater"}
    assert announcement(status_before="admitted", status_after="admitted", others_before=same, others_after=same) == ""
    assert announcement(status_before="", status_after="waiting", others_before={}, others_after={}) == ""


def test_end_of_the_call_is_announced() -> None:
    said = announcement(status_before="admitted", status_after="left", others_before={"a1": "B"}, others_after={})
    assert said.endswith("Das Gespräch ist beendet.")


def test_bounds() -> None:
    assert MAX_ANNOUNCED_NAMES == 4 and MAX_ANNOUNCEMENT_LENGTH == 400
    many = {f"k{i}": "N" * 200 for i in range(10)}
    said = announcement(status_before="admitted", status_after="admitted", others_before={}, others_after=many)
    assert said.count("ist jetzt im Gespräch") <= MAX_ANNOUNCED_NAMES
    assert len(said) <= MAX_ANNOUNCEMENT_LENGTH
