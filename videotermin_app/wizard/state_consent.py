"""Step 2: agree or decline (revoking later is `privacy.state_revocation`)."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from videotermin_app.core.db import session_scope
from videotermin_app.core.models import utcnow
from videotermin_app.wizard import consent, steps
from videotermin_app.wizard.consent import ConsentError
from videotermin_app.wizard.state_journey import JourneyState


class ConsentState(rx.State):
    error_label: str = ""

    async def _act(self, action: Callable[..., object], *, refusal_ends_link: bool) -> JourneyState | None:
        """Run a consent service on the person behind the link; the journey on success, else None."""
        journey = await self.get_state(JourneyState)
        with session_scope() as session:
            target = journey._resolve(session)
            if target is None:
                journey.is_valid = False
                return None
            try:
                action(session=session, participant=target.participant, now=utcnow())
            except ConsentError:
                if refusal_ends_link:
                    journey.is_valid = False
                else:
                    journey.step = steps.current_step(session=session, participant=target.participant)
                return None
            journey.step = steps.current_step(session=session, participant=target.participant)
        return journey

    @rx.event
    async def agree(self) -> None:
        journey = await self._act(consent.give, refusal_ends_link=True)
        if journey is not None:
            journey.is_declined = False
            self.error_label = ""

    @rx.event
    async def decline(self) -> None:
        journey = await self._act(consent.decline, refusal_ends_link=False)
        if journey is not None:
            journey.is_declined = True
