"""Step 2: agree, decline, and revoking the consent later from the same link."""

from __future__ import annotations

import reflex as rx

from videotermin_app.db import session_scope
from videotermin_app.models import utcnow
from videotermin_app.services import consent, steps
from videotermin_app.services.consent import ConsentError
from videotermin_app.state.journey import JourneyState


class ConsentState(rx.State):
    is_revoke_dialog_open: bool = False
    error_label: str = ""

    @rx.event
    async def agree(self) -> None:
        journey = await self.get_state(JourneyState)
        with session_scope() as session:
            target = journey._resolve(session)
            if target is None:
                journey.is_valid = False
                return
            try:
                consent.give(session=session, participant=target.participant, now=utcnow())
            except ConsentError:
                journey.is_valid = False
                return
            journey.step = steps.current_step(session=session, participant=target.participant)
        journey.is_declined = False
        self.error_label = ""

    @rx.event
    async def decline(self) -> None:
        journey = await self.get_state(JourneyState)
        with session_scope() as session:
            target = journey._resolve(session)
            if target is None:
                journey.is_valid = False
                return
            try:
                consent.decline(session=session, participant=target.participant, now=utcnow())
            except ConsentError:
                journey.step = steps.current_step(session=session, participant=target.participant)
                return
        journey.is_declined = True

    @rx.event
    def set_revoke_dialog(self, is_open: bool) -> None:
        self.is_revoke_dialog_open = is_open

    @rx.event
    async def revoke(self) -> None:
        journey = await self.get_state(JourneyState)
        self.is_revoke_dialog_open = False
        with session_scope() as session:
            target = journey._resolve(session)
            if target is None:
                journey.is_valid = False
                return
            try:
                consent.revoke(session=session, participant=target.participant, now=utcnow())
            except ConsentError:
                journey.step = steps.current_step(session=session, participant=target.participant)
                return
        journey.is_revoked = True
        journey.participant_name = ""
