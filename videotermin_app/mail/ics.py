"""iCalendar (RFC 5545) events for appointment mails: REQUEST for new and changed, CANCEL for cancelled."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Literal

from icalendar import Calendar, Event, vCalAddress

from videotermin_app.core.i18n import N_, _

PRODID = "-//Mein Videotermin//Einladung//DE"
SUMMARY = "Mein Videotermin"
DESCRIPTION = N_("Ihr persönlicher Link: {link}")
DESCRIPTION_CANCELLED = N_("Dieser Termin wurde abgesagt. Der persönliche Link ist nicht mehr gültig.")

_UNSAFE_PARAM = re.compile(r'[\x00-\x1f\x7f"]')


def _address(*, email: str, name: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    cn = _UNSAFE_PARAM.sub(" ", name).strip()
    if cn:
        address.params["CN"] = cn
    return address


def build_ics(
    *,
    method: Literal["REQUEST", "CANCEL"],
    uid: str,
    sequence: int,
    start: datetime,
    duration_minutes: int,
    link: str,
    organizer_name: str,
    organizer_email: str,
    attendee_name: str,
    attendee_email: str,
    now: datetime | None = None,
) -> bytes:
    """One VCALENDAR with one VEVENT; times in UTC. Same `uid`, higher `sequence` updates an entry."""
    if start.tzinfo is None:
        raise ValueError("start must be time-zone aware")
    begin = start.astimezone(UTC)
    cancelled = method == "CANCEL"
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", (now or datetime.now(UTC)).astimezone(UTC))
    event.add("dtstart", begin)
    event.add("dtend", begin + timedelta(minutes=duration_minutes))
    event.add("summary", SUMMARY)
    event.add("description", _(DESCRIPTION_CANCELLED) if cancelled else _(DESCRIPTION).format(link=link))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if not cancelled:
        event.add("url", link)
        event.add("location", link)
    if organizer_email:
        event.add("organizer", _address(email=organizer_email, name=organizer_name))
    attendee = _address(email=attendee_email, name=attendee_name)
    attendee.params["ROLE"] = "REQ-PARTICIPANT"
    attendee.params["PARTSTAT"] = "NEEDS-ACTION"
    attendee.params["RSVP"] = "FALSE"
    event.add("attendee", attendee)
    calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
