"""Which step a participant resumes at, and the 5-minute admission rule."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from tests.unit.conftest import NOW
from tests.unit.wizard.test_consent import METRICS, UA, _book
from videotermin_app.core.models import Advisor, Appointment
from videotermin_app.device_check import results as device_results
from videotermin_app.wizard import admission, consent, steps
from videotermin_app.wizard.consent_text import CONSENT_VERSION


def _check(session: Session, participant, level: str, at) -> None:  # type: ignore[no-untyped-def]
    device_results.record_check(
        session=session,
        participant=participant,
        now=at,
        level=level,  # type: ignore[arg-type]
        metrics=METRICS,
        user_agent=UA,
        ip_address="127.0.0.1",
    )


def test_step_follows_the_database(session: Session, advisor: Advisor) -> None:
    participant, _token = _book(session, advisor)
    assert steps.current_step(session=session, participant=participant) == steps.STEP_CONSENT
    consent.decline(session=session, participant=participant, now=NOW)
    assert steps.current_step(session=session, participant=participant) == steps.STEP_CONSENT
    consent.give(session=session, participant=participant, now=NOW)
    assert steps.current_step(session=session, participant=participant) == steps.STEP_PERMISSION
    _check(session, participant, "red", NOW + timedelta(minutes=1))  # a warning, not a lock
    assert steps.progress(session=session, participant=participant) == (steps.STEP_ENTER, "red")
    _check(session, participant, "yellow", NOW + timedelta(minutes=2))
    assert steps.progress(session=session, participant=participant) == (steps.STEP_ENTER, "yellow")


def test_a_check_from_before_the_current_consent_does_not_count(session: Session, advisor: Advisor) -> None:
    participant, _token = _book(session, advisor)
    consent.give(session=session, participant=participant, now=NOW, version="2020-01")
    _check(session, participant, "green", NOW + timedelta(minutes=1))
    consent.give(session=session, participant=participant, now=NOW + timedelta(minutes=5))
    assert steps.current_step(session=session, participant=participant) == steps.STEP_PERMISSION


def test_a_consent_to_an_earlier_wording_asks_again_at_step_2(session: Session, advisor: Advisor) -> None:
    """The consent text's version changed: step 2 again before the next room entry, even after a green check."""
    participant, _token = _book(session, advisor)
    consent.give(session=session, participant=participant, now=NOW, version="2020-01")
    _check(session, participant, "green", NOW + timedelta(minutes=1))
    state = consent.status(session=session, participant=participant)
    assert state.outdated and not state.given and not state.declined and state.version == "2020-01"
    assert steps.current_step(session=session, participant=participant) == steps.STEP_CONSENT
    consent.give(session=session, participant=participant, now=NOW + timedelta(minutes=5))
    state = consent.status(session=session, participant=participant)
    assert state.given and not state.outdated and state.version == CONSENT_VERSION
    assert steps.current_step(session=session, participant=participant) == steps.STEP_PERMISSION


def test_an_outdated_consent_may_be_declined(session: Session, advisor: Advisor) -> None:
    participant, _token = _book(session, advisor)
    consent.give(session=session, participant=participant, now=NOW, version="2020-01")
    consent.decline(session=session, participant=participant, now=NOW + timedelta(minutes=1))
    state = consent.status(session=session, participant=participant)
    assert state.declined and not state.given and not state.outdated


def test_room_opens_five_minutes_before_the_start() -> None:
    appointment = Appointment(advisor_id=1, start=NOW, duration_minutes=30)
    assert admission.room_opens_at(appointment) == NOW - timedelta(minutes=5)
    assert not admission.can_enter(appointment, NOW - timedelta(minutes=5, seconds=1))
    assert admission.can_enter(appointment, NOW - timedelta(minutes=5))
    assert admission.can_enter(appointment, NOW + timedelta(minutes=29))
    assert not admission.can_enter(appointment, NOW + timedelta(minutes=31))


def test_a_test_call_that_never_answered_is_a_red_result_the_person_may_pass(
    session: Session, advisor: Advisor
) -> None:
    from videotermin_app.device_check.grading import evaluate
    from videotermin_app.device_check.metrics import CheckMetrics

    participant, _token = _book(session, advisor)
    consent.give(session=session, participant=participant, now=NOW)
    level, _advice = evaluate(CheckMetrics())  # what the timeout of DeviceCheckState.start grades
    stored = device_results.record_check(
        session=session,
        participant=participant,
        now=NOW + timedelta(minutes=1),
        level=level,
        metrics=CheckMetrics(),
        user_agent=UA,
        ip_address="127.0.0.1",
    )
    assert stored is not None and stored.level == "red" and stored.upload_kbps is None
    assert steps.progress(session=session, participant=participant) == (steps.STEP_ENTER, "red")
