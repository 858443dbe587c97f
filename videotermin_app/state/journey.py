"""The participant's journey behind the personal link: which appointment, which step."""

from __future__ import annotations

import reflex as rx

from videotermin_app import routes
from videotermin_app.db import session_scope
from videotermin_app.models import AppointmentStatus
from videotermin_app.services import dates, links
from videotermin_app.settings import get_settings


class JourneyState(rx.State):
    is_loaded: bool = False
    is_valid: bool = False
    appointment_label: str = ""
    time_label: str = ""
    advisor_name: str = ""
    participant_name: str = ""
    duration_minutes: int = 0
    is_finished: bool = False  # the appointment is DONE: the survey or the closing words follow
    survey_done: bool = False
    _link_token: str = ""

    @rx.event
    def load(self) -> None:
        """on_load of `/vkid/[token]`: resolve the link, or show the neutral notice."""
        self._link_token = routes.token_from_path(self.router.url.path)
        settings = get_settings()
        with session_scope() as session:
            target = links.resolve(session=session, token=self._link_token)
            if target is None:
                self.is_valid = False
            else:
                self.is_valid = True
                self.appointment_label = dates.format_long(target.appointment.start, settings.timezone)
                self.time_label = dates.format_time(target.appointment.start, settings.timezone)
                self.advisor_name = target.advisor.name
                self.participant_name = f"{target.participant.first_name or ''} {target.participant.last_name or ''}".strip()
                self.duration_minutes = target.appointment.duration_minutes
                self.is_finished = target.appointment.status == AppointmentStatus.DONE
                self.survey_done = target.participant.survey_done
        self.is_loaded = True

    @rx.var
    def is_survey_open(self) -> bool:
        return self.is_finished and not self.survey_done
