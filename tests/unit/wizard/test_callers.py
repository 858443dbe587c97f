"""Who calls: the personal link and the step the database allows, never what the browser says."""

from __future__ import annotations

import math
from datetime import timedelta

from sqlmodel import Session

from tests.unit.conftest import NOW
from tests.unit.wizard.test_consent import _book
from tests.unit.wizard.test_steps import _check
from videotermin_app.core.models import Advisor, Appointment, AppointmentStatus
from videotermin_app.core.tokens import new_token
from videotermin_app.privacy import revocation
from videotermin_app.wizard import consent, links, state_journey, steps
from videotermin_app.wizard.state_media import MAX_ERROR_NAME, MediaReport, media_report, microphone_level


def test_identify_follows_the_database_step(session: Session, advisor: Advisor) -> None:
    participant, token = _book(session, advisor)
    caller = links.identify(session=session, token=token, now=NOW)
    assert caller is not None and caller.participant_id == participant.id
    assert (caller.step, caller.has_consent, caller.passed_check) == (steps.STEP_CONSENT, False, False)
    consent.give(session=session, participant=participant, now=NOW)
    caller = links.identify(session=session, token=token, now=NOW)
    assert caller is not None and (caller.has_consent, caller.passed_check) == (True, False)
    _check(session, participant, "red", NOW + timedelta(minutes=1))
    caller = links.identify(session=session, token=token, now=NOW)  # red warns, the person decides
    assert caller is not None and (caller.passed_check, caller.step, caller.check_level) == (True, 5, "red")
    _check(session, participant, "green", NOW + timedelta(minutes=2))
    caller = links.identify(session=session, token=token, now=NOW)
    assert caller is not None and caller.passed_check and caller.step == steps.STEP_ENTER
    assert caller.check_level == "green"


def test_identify_refuses_unknown_revoked_and_cancelled_links(session: Session, advisor: Advisor) -> None:
    participant, token = _book(session, advisor)
    for bad in ("", "x", new_token()[0], token + "a", "ä" * 32):
        assert links.identify(session=session, token=bad, now=NOW) is None
    consent.give(session=session, participant=participant, now=NOW)
    appointment = session.get(Appointment, participant.appointment_id)
    assert appointment is not None
    appointment.status = AppointmentStatus.CANCELLED
    session.commit()
    assert links.identify(session=session, token=token, now=NOW) is None
    appointment.status = AppointmentStatus.BOOKED
    session.commit()
    assert links.identify(session=session, token=token, now=NOW) is not None
    revocation.revoke(session=session, participant=participant, now=NOW)
    session.commit()
    assert links.identify(session=session, token=token, now=NOW) is None


def test_an_empty_link_is_refused_without_the_database() -> None:
    assert state_journey.identify_token_now("") is None


def test_media_report_is_validated() -> None:
    good = {"ok": True, "error_name": "", "has_video": True, "has_audio": True}
    assert media_report(good) == MediaReport(ok=True, has_video=True, has_audio=True, error_name="")
    assert media_report({"ok": False, "error_name": "NotAllowedError"}) == MediaReport(
        ok=False, has_video=False, has_audio=False, error_name="NotAllowedError"
    )
    assert media_report({"ok": "yes", "has_video": 1}) == MediaReport(False, False, False, "")
    assert MAX_ERROR_NAME == 60
    assert media_report({"ok": False, "error_name": "E" * MAX_ERROR_NAME}) is not None
    for wrong in (
        None,
        "ok",
        [good],
        {**good, "extra": 1},
        {"x" * 1000: 1},
        {"ok": False, "error_name": "E" * (MAX_ERROR_NAME + 1)},
        {"ok": False, "error_name": ["NotAllowedError"]},
    ):
        assert media_report(wrong) is None


def test_microphone_level_is_a_finite_number() -> None:
    assert microphone_level(0.5) == 0.5
    assert microphone_level(3) == 1.0
    assert microphone_level(-1) == 0.0
    for wrong in (True, None, "0.5", [0.5], math.nan, math.inf):
        assert microphone_level(wrong) is None


def test_the_room_watch_has_a_bounded_lifetime() -> None:
    assert state_journey.ROOM_WATCH_SECONDS == 20.0
    assert state_journey.ROOM_WATCH_MAX_SECONDS == 4 * 3600.0
