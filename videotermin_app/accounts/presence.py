"""Which browser tab is a signed-in advisor's workspace, so that news can be delivered to it.

The table (`AdvisorPresence`) is written by the room feature when the workspace opens; the waiting
area and the readiness board of the appointment list read it here.
"""

from __future__ import annotations

from sqlmodel import Session

from videotermin_app.core.models import Advisor, AdvisorPresence, Appointment


def advisor_tab(*, session: Session, advisor_id: int) -> str:
    """The client token of the advisor's workspace tab, '' when none is registered or the account is inactive.

    The tab re-checks its own session before it shows anything delivered to it.
    """
    presence = session.get(AdvisorPresence, advisor_id)
    if presence is None:
        return ""
    advisor = session.get(Advisor, advisor_id)
    return presence.client_token if advisor is not None and advisor.active else ""


def advisor_tab_of(*, session: Session, appointment_id: int) -> str:
    """The workspace tab of the advisor who owns this appointment ('' if none)."""
    appointment = session.get(Appointment, appointment_id)
    return advisor_tab(session=session, advisor_id=appointment.advisor_id) if appointment is not None else ""
