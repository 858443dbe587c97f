"""The end of an advisor's session reaches every advisor state of the tab and its presence."""

from __future__ import annotations

from sqlmodel import Session

from tests.unit.conftest import NOW
from videotermin_app.accounts.admin import set_active
from videotermin_app.accounts.advisors import create_advisor
from videotermin_app.core.models import Advisor
from videotermin_app.room import rooms

TAB = "0b6f3a52-3c1e-4a55-9d0e-5d8e4f7a1b2c"


def test_every_advisor_state_is_cleared_with_the_session() -> None:
    from videotermin_app.accounts.state_admin import AdminState
    from videotermin_app.accounts.state_auth import _ADVISOR_STATES
    from videotermin_app.booking.state_appointments import AppointmentsState
    from videotermin_app.booking.state_booking import BookingState
    from videotermin_app.privacy.state_stats import StatsState
    from videotermin_app.room.state_advisor_room import AdvisorRoomState

    expected = {AppointmentsState, BookingState, AdvisorRoomState, AdminState, StatsState}
    assert expected <= set(_ADVISOR_STATES)


def test_a_forgotten_tab_gets_no_announcements(session: Session, advisor: Advisor) -> None:
    rooms.register_advisor_tab(session=session, advisor_id=advisor.id or 0, client_token=TAB, now=NOW)
    session.commit()
    assert rooms.advisor_tab(session=session, advisor_id=advisor.id or 0) == TAB
    rooms.forget_advisor_tab(session=session, client_token=TAB)
    session.commit()
    assert rooms.advisor_tab(session=session, advisor_id=advisor.id or 0) == ""


def test_a_deactivated_advisors_tab_gets_no_announcements(session: Session, advisor: Advisor) -> None:
    admin = create_advisor(session=session, email="chef@example.org", name="Chef", password="x" * 12, admin=True)
    rooms.register_advisor_tab(session=session, advisor_id=advisor.id or 0, client_token=TAB, now=NOW)
    set_active(session=session, advisor_id=advisor.id or 0, active=False, acting_admin_id=admin.id or 0)
    session.commit()
    assert rooms.advisor_tab(session=session, advisor_id=advisor.id or 0) == ""


def test_a_tab_token_that_does_not_fit_is_not_registered(session: Session, advisor: Advisor) -> None:
    assert rooms.MAX_CLIENT_TOKEN_LENGTH == 64
    rooms.register_advisor_tab(session=session, advisor_id=advisor.id or 0, client_token="x" * 65, now=NOW)
    rooms.register_advisor_tab(session=session, advisor_id=advisor.id or 0, client_token="", now=NOW)
    assert rooms.advisor_tab(session=session, advisor_id=advisor.id or 0) == ""
