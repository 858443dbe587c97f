"""Revoking the consent from the personal link, behind a confirmation dialog.

Rules: `set_revoke_dialog` needs the tab's link (it only opens this tab's dialog); `revoke` resolves
the link in the database (not revoked, cancelled or expired) and revokes whatever the person decided
(`revocation.withdraw`: a given, an outdated or no consent). A person in the waiting area or the call
leaves it at once (the room and the advisor see it) and their test call (echo peer) is closed
(`after_revocation`, also used by the mail's link and the advisor's record).
"""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from videotermin_app.booking.state_appointments import tell_advisor_readiness
from videotermin_app.core.models import Participant, utcnow
from videotermin_app.core.offloop import in_db_thread
from videotermin_app.device_check.registry import link_key, registry
from videotermin_app.privacy import revocation
from videotermin_app.room.leaving import Departure
from videotermin_app.room.state_waiting import take_out
from videotermin_app.wizard import links, steps
from videotermin_app.wizard.consent import ConsentError
from videotermin_app.wizard.state_journey import JourneyState

# what `_revoke` reports: None (the link is not valid), else (revoked, the step, the participant, departure)
Outcome = tuple[bool, int, int, Departure | None] | None


def _revoke(session: Session, *, token: str) -> Outcome:
    caller = links.identify(session=session, token=token)
    if caller is None:
        return None
    try:
        done = revocation.withdraw(session=session, participant=caller.target.participant, now=utcnow())
    except ConsentError:
        return False, caller.step, caller.participant_id, None
    return True, caller.step, caller.participant_id, done.departure


async def after_revocation(participant_id: int, departure: Departure | None) -> None:
    """Close the person's test call (in this process) and take them out of the room: everyone there
    sees them leave, the advisor's waiting list drops them, their own tab leaves the room."""
    await registry.close(link_key(participant_id))
    if departure is not None:
        await take_out(departure)
    appointment_id = await in_db_thread(lambda session: _appointment_of(session, participant_id))
    await tell_advisor_readiness(appointment_id)  # the readiness board shows "Einwilligung widerrufen"


def _appointment_of(session: Session, participant_id: int) -> int:
    participant = session.get(Participant, participant_id)
    return participant.appointment_id if participant is not None else 0


class RevocationState(rx.State):
    is_revoke_dialog_open: bool = False

    @rx.event
    async def set_revoke_dialog(self, is_open: object) -> None:
        if (await self.get_state(JourneyState))._holds_link():
            self.is_revoke_dialog_open = is_open is True

    @rx.event
    async def revoke(self) -> None:
        """Revoke for the person behind the link (re-derived on the server), then show the notice."""
        self.is_revoke_dialog_open = False
        journey = await self.get_state(JourneyState)
        token = journey._link_token
        outcome = await in_db_thread(lambda s: _revoke(s, token=token)) if token else None
        if outcome is None:
            journey.is_valid = False
            return
        revoked, step, participant_id, departure = outcome
        if not revoked:
            journey.step = step
            return
        await after_revocation(participant_id, departure)
        journey.step, journey.is_revoked, journey.participant_name = steps.STEP_CONSENT, True, ""
