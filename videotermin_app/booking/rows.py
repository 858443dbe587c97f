"""What the advisor's list shows of an appointment (plain data for the page, German labels)."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from zoneinfo import ZoneInfo

from videotermin_app.booking.appointments import (
    AppointmentView,
    status_key,
)
from videotermin_app.booking.form_input import to_input_value
from videotermin_app.booking.readiness import Readiness
from videotermin_app.core import dates
from videotermin_app.core.i18n import N_, _
from videotermin_app.core.labels import BOOKING_ROLE_LABELS, CHECK_STATE_LABELS, CONSENT_STATE_LABELS, STATUS_LABELS
from videotermin_app.core.models import MailStatus, ParticipantRole

MAIL_LABELS = {
    MailStatus.PENDING.value: N_("E-Mail wird gesendet …"),
    MailStatus.SENT.value: N_("E-Mail versendet"),
    MailStatus.FAILED.value: N_("E-Mail nicht versendet"),
}


@dataclasses.dataclass
class ParticipantRow:
    id: int = 0
    name: str = ""
    role: str = ""  # client / interpreter / representative / companion
    role_label: str = ""
    email: str = ""
    mail_label: str = ""
    mail_error: str = ""
    is_mail_failed: bool = False
    # readiness, live: data-consent / data-check on the page, and the same in words
    consent: str = "none"
    check: str = "none"
    opened_label: str = ""
    consent_label: str = ""
    check_label: str = ""
    place_label: str = ""  # "wartet seit 14:05 Uhr" / "im Gespräch" / ""
    is_blanked: bool = False  # a revocation (or the retention) deleted the person's data


@dataclasses.dataclass
class AppointmentRow:
    id: int = 0
    date_label: str = ""
    time_label: str = ""
    duration: int = 0
    status: str = ""
    status_label: str = ""
    client_label: str = ""
    start_input: str = ""
    can_change: bool = False
    can_manage: bool = False  # people can be added or removed (booked, waiting or in the call)
    participants: list[ParticipantRow] = dataclasses.field(default_factory=list)


def _when(moment: datetime, *, now: datetime, tz: ZoneInfo) -> str:
    """'14:02 Uhr' today, else 'Montag, 6. Dezember 2021'."""
    if moment.astimezone(tz).date() == now.astimezone(tz).date():
        return dates.format_time(moment, tz)
    return dates.format_date(moment, tz)


def readiness_labels(ready: Readiness, *, now: datetime, tz: ZoneInfo) -> dict[str, str]:
    """The readiness of one person in German words for the advisor."""
    device = " · ".join(x for x in (ready.browser, ready.device or ready.operating_system) if x)
    check = _(CHECK_STATE_LABELS[ready.check]) + (f" ({device})" if ready.check != "none" and device else "")
    if ready.in_call:
        place = _("im Gespräch")
    elif ready.waiting_since is not None:
        place = _("wartet seit {time}").format(time=dates.format_time(ready.waiting_since, tz))
    else:
        place = ""
    return {
        "consent": ready.consent,
        "check": ready.check,
        "opened_label": (
            _("Link geöffnet: {when}").format(when=_when(ready.opened_at, now=now, tz=tz))
            if ready.opened_at is not None
            else _("Link noch nicht geöffnet")
        ),
        "consent_label": _(CONSENT_STATE_LABELS[ready.consent]),
        "check_label": check,
        "place_label": place,
    }


def to_row(
    view: AppointmentView,
    *,
    now: datetime,
    tz: ZoneInfo,
    waiting: bool = False,
    ready: dict[int, Readiness] | None = None,
) -> AppointmentRow:
    a = view.appointment
    key = status_key(a, now=now, is_waiting=waiting)
    client = view.client
    client_label = ""
    if client is not None:
        client_label = f"{client.first_name or ''} {client.last_name or ''}".strip()
        if client.customer_number:
            client_label += f" ({_('Kundennummer')} {client.customer_number})"
    people = [
        ParticipantRow(
            id=p.id or 0,
            name=f"{p.first_name or ''} {p.last_name or ''}".strip(),
            role=ParticipantRole(p.role or "client").value,
            role_label=BOOKING_ROLE_LABELS.get(ParticipantRole(p.role or "client").value, ""),
            email=p.email or "",
            mail_label=MAIL_LABELS.get(p.mail_status or "", ""),
            mail_error=_(p.mail_error) if p.mail_error else "",
            is_mail_failed=p.mail_status == MailStatus.FAILED.value,
            **readiness_labels((ready or {}).get(p.id or 0, Readiness()), now=now, tz=tz),
            is_blanked=p.purged_at is not None,
        )
        for p in view.participants
    ]
    return AppointmentRow(
        id=a.id or 0,
        date_label=dates.format_date(a.start, tz),
        time_label=dates.format_time(a.start, tz),
        duration=a.duration_minutes,
        status=key,
        status_label=STATUS_LABELS[key],
        client_label=client_label,
        start_input=to_input_value(a.start, tz),
        can_change=key in ("booked", "waiting"),
        can_manage=key in ("booked", "waiting", "in_call"),
        participants=people,
    )
