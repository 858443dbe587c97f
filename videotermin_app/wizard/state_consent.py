"""Step 2: agree or decline (revoking later is `privacy.state_revocation`)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import reflex as rx

from videotermin_app.booking.state_appointments import tell_advisor_readiness
from videotermin_app.core.db import session_scope
from videotermin_app.core.models import utcnow
from videotermin_app.wizard import consent, links, steps
from videotermin_app.wizard.consent import ConsentError
from videotermin_app.wizard.state_journey import JourneyState

# what `_decide` reports: None (the link is not valid), else (accepted, the step the database allows,
# the appointment's id)
Outcome = tuple[bool, int, int] | None


def _decide(token: str, action: Callable[..., object]) -> Outcome:
    """Who calls, then the consent service on that person, in one transaction (blocking)."""
    if not token:
        return None
    with session_scope() as session:
        caller = links.identify(session=session, token=token)
        if caller is None:
            return None
        participant = caller.target.participant
        try:
            action(session=session, participant=participant, now=utcnow())
        except ConsentError:
            return False, caller.step, participant.appointment_id
        return True, steps.current_step(session=session, participant=participant), participant.appointment_id


class ConsentState(rx.State):
    error_label: str = ""

    async def _act(self, action: Callable[..., object], *, refusal_ends_link: bool) -> JourneyState | None:
        """Run a consent service on the person behind the link; the journey on success, else None."""
        journey = await self.get_state(JourneyState)
        outcome = await asyncio.to_thread(_decide, journey._link_token, action)
        if outcome is None:
            journey.is_valid = False
            return None
        accepted, step, appointment_id = outcome
        if accepted:
            await tell_advisor_readiness(appointment_id)
        if not accepted and refusal_ends_link:
            journey.is_valid = False
            return None
        journey.step = step
        return journey if accepted else None

    @rx.event
    async def agree(self) -> None:
        journey = await self._act(consent.give, refusal_ends_link=True)
        if journey is not None:
            journey.is_declined = journey.is_consent_outdated = False
            self.error_label = ""

    @rx.event
    async def decline(self) -> None:
        journey = await self._act(consent.decline, refusal_ends_link=False)
        if journey is not None:
            journey.is_declined, journey.is_consent_outdated = True, False
