"""Revoking the consent from the personal link, behind a confirmation dialog."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core.db import session_scope
from videotermin_app.core.models import utcnow
from videotermin_app.privacy import revocation
from videotermin_app.wizard import steps
from videotermin_app.wizard.consent import ConsentError
from videotermin_app.wizard.state_journey import JourneyState


class RevocationState(rx.State):
    is_revoke_dialog_open: bool = False

    @rx.event
    def set_revoke_dialog(self, is_open: bool) -> None:
        self.is_revoke_dialog_open = bool(is_open)

    @rx.event
    async def revoke(self) -> None:
        """Revoke for the person behind the link (re-derived on the server), then show the notice."""
        self.is_revoke_dialog_open = False
        journey = await self.get_state(JourneyState)
        with session_scope() as session:
            target = journey._resolve(session)
            if target is None:
                journey.is_valid = False
                return
            try:
                revocation.revoke(session=session, participant=target.participant, now=utcnow())
            except ConsentError:
                journey.step = steps.current_step(session=session, participant=target.participant)
                return
            journey.step = steps.current_step(session=session, participant=target.participant)
        journey.is_revoked = True
        journey.participant_name = ""
