"""The advisor records a revocation made by phone or letter (on their own appointment, confirmed).

Rules: `record` takes two database ids (anything else is refused silently), checks the advisor's
session in the database (`as_advisor`) and that the appointment is theirs and the person belongs to
it (`revocation_links.record_for_advisor`), all in one transaction. The person leaves the room at
once. Every recorded revocation is written to the log (who, which appointment, which participant).
"""

from __future__ import annotations

import logging

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from videotermin_app.accounts.state_auth import AuthState, NotSignedIn, advisor_state, as_advisor, payload_id
from videotermin_app.booking.state_appointments import AppointmentsState
from videotermin_app.core.i18n import _
from videotermin_app.core.models import Advisor, utcnow
from videotermin_app.core.views_typing import bind
from videotermin_app.privacy.revocation import Revocation
from videotermin_app.privacy.revocation_links import RevocationError, record_for_advisor
from videotermin_app.privacy.state_revocation import after_revocation

log = logging.getLogger(__name__)


@advisor_state
class AdvisorRevocationState(rx.State):
    @rx.event
    async def record(self, appointment_id: object = 0, participant_id: object = 0) -> EventSpec | None:
        appointment, participant = payload_id(appointment_id), payload_id(participant_id)
        if not appointment or not participant:
            return None
        advisor_id = 0

        def work(session: Session, advisor: Advisor) -> Revocation:
            nonlocal advisor_id
            advisor_id = advisor.id or 0
            return record_for_advisor(
                session=session, advisor=advisor, appointment_id=appointment, participant_id=participant, now=utcnow()
            )

        listing = await self.get_state(AppointmentsState)
        try:
            done = await as_advisor(self, work)
        except NotSignedIn:
            return bind(AuthState.expired)
        except RevocationError as exc:
            listing.notice, listing.error = "", exc.translated()
            return None
        log.info(
            "advisor %s recorded a revocation (phone or letter) for participant %s of appointment %s",
            advisor_id,
            participant,
            appointment,
        )
        await after_revocation(participant, done.departure)
        listing.notice, listing.error = _("Der Widerruf ist erfasst; die Daten der Person sind gelöscht."), ""
        await listing._refresh()
        return None
