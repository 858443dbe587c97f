"""**Widerruf erfassen** beside each person of the advisor's appointments (a revocation by phone or letter)."""

from __future__ import annotations

import reflex as rx

from videotermin_app.booking.rows import AppointmentRow, ParticipantRow
from videotermin_app.core.views_text import _
from videotermin_app.core.views_typing import bind
from videotermin_app.privacy.state_advisor_revocation import AdvisorRevocationState
from videotermin_app.privacy.views_revocation import confirm_dialog


def record_revocation(person: ParticipantRow, row: AppointmentRow) -> rx.Component:
    return confirm_dialog(
        trigger=rx.button(
            _("Widerruf erfassen"),
            size="1",
            variant="outline",
            color_scheme="red",
            aria_label=_("Widerruf erfassen für") + " " + person.name,
        ),
        title=_("Widerruf erfassen?"),
        description=person.name
        + ": "
        + _(
            "Die Person hat ihre Einwilligung telefonisch oder schriftlich widerrufen. Ihre Daten werden sofort "
            "gelöscht, ihr Link wird ungültig und sie verlässt den Warteraum oder das Gespräch."
        ),
        is_open=None,
        on_open_change=None,
        on_confirm=bind(AdvisorRevocationState.record, row.id, person.id),
    )
