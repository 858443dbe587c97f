"""The invitation, change, cancellation and reminder e-mail (wording after the brochure's Schritt 1).

`build_message` returns a ready `EmailMessage`: German text and HTML alternatives, and for an
invitation or change a QR code PNG of the personal link plus an iCalendar REQUEST; a cancellation
(and a removal: one person no longer takes part) carries an iCalendar CANCEL and no QR code. Sending is `mail.mailer`'s job.

The wording of the bodies lives in `templates/<kind>.txt` and `templates/<kind>.html`
(`string.Template`, `${name}` placeholders; `_render` escapes every value for HTML); the subject
lines go through the catalogue, role names come from `core.labels`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime, make_msgid, parseaddr
from functools import cache
from pathlib import Path
from string import Template
from typing import Literal
from zoneinfo import ZoneInfo

from videotermin_app.core import support
from videotermin_app.core.dates import format_long
from videotermin_app.core.i18n import DEFAULT_LANGUAGE, N_, _, language, normalized
from videotermin_app.core.labels import MAIL_ROLE_NAMES
from videotermin_app.mail.ics import build_ics
from videotermin_app.mail.qr import qr_png

Kind = Literal["invitation", "change", "cancellation", "reminder", "removal"]
ROLES = ("client", "interpreter", "representative", "companion")
QR_FILENAME = "videotermin-link.png"
ICS_FILENAME = "videotermin.ics"

# The bodies are template files, one text and one HTML file per kind (see `_render`).
TEMPLATES = Path(__file__).parent / "templates"
SUBJECTS: dict[str, str] = {
    "invitation": N_("Mein Videotermin: Ihre Einladung am {date}"),
    "change": N_("Mein Videotermin: Ihr Termin wurde geändert – neuer Termin am {date}"),
    "cancellation": N_("Mein Videotermin: Ihr Termin am {date} wurde abgesagt"),
    "reminder": N_("Mein Videotermin: Erinnerung an Ihren Termin am {date}"),
    "removal": N_("Mein Videotermin: Ihre Teilnahme am Termin am {date} entfällt"),
}
# A template block that starts with one of these appears only in that audience's mail: `client`
# for the client, `with-role` for an interpreter or a representative (who get their role named).
_AUDIENCE_MARKER = re.compile(r"\[(client|with-role)\] ")

# Python folds a 70-77 character Subject right after "Subject:" and reads it back with a leading
# space; headers are therefore folded only at the RFC 5322 hard limit (bodies are encoded as usual).
_HEADER_POLICY = default_policy.clone(max_line_length=998)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass(frozen=True)
class InvitationData:
    kind: Kind
    recipient_email: str
    recipient_name: str
    role: str
    start: datetime
    duration_minutes: int
    link: str
    advisor_name: str
    advisor_email: str
    appointment_uid: str
    sequence: int
    revoke_link: str = ""
    """The mail's own "Einwilligung widerrufen" link (`core.revocation_tokens`); every mail built by
    `mail.notify` has one."""
    imprint_link: str = ""
    language: str = DEFAULT_LANGUAGE  # the participant's (core/i18n.LANGUAGES): subject, body, dates

    def __post_init__(self) -> None:
        # A str-valued enum (models.ParticipantRole) becomes its plain value.
        object.__setattr__(self, "role", str(getattr(self.role, "value", self.role)))
        object.__setattr__(self, "language", normalized(self.language))
        if self.kind not in SUBJECTS:
            raise ValueError(f"unknown mail kind {self.kind!r}")
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")
        if self.start.tzinfo is None:
            raise ValueError("start must be time-zone aware")
        if self.duration_minutes <= 0 or self.sequence < 0:
            raise ValueError("duration_minutes must be positive and sequence not negative")


@cache
def _template(name: str, language: str = DEFAULT_LANGUAGE) -> str:
    """`templates/<language>/<name>`, the German `templates/<name>` for German (and any language without one)."""
    translated = TEMPLATES / language / name
    path = translated if language != DEFAULT_LANGUAGE and translated.exists() else TEMPLATES / name
    return path.read_text(encoding="utf-8")


def _select(template: str, separator: str, audience: str) -> Template:
    """The template's blocks (split at `separator`) for `audience`, without the markers."""
    kept: list[str] = []
    for block in template.split(separator):
        marker = _AUDIENCE_MARKER.match(block)
        if marker is None:
            kept.append(block)
        elif marker.group(1) == audience:
            kept.append(block[marker.end() :])
    return Template(separator.join(kept))


def _render(data: InvitationData, *, date: str, subject: str) -> tuple[str, str]:
    """Text and HTML body from `templates/<kind>.txt` and `.html`; every value is escaped for HTML.

    Text blocks are paragraphs (separated by a blank line), HTML blocks are lines.
    """
    name = _one_line(data.advisor_name)
    role = _(MAIL_ROLE_NAMES[data.role]) if data.role in MAIL_ROLE_NAMES else ""
    values = {
        "subject": subject,
        "name": _one_line(data.recipient_name),
        "role": role,
        "date": date,
        "minutes": str(data.duration_minutes),
        "link": data.link,
        "advisor": f"{name}, {data.advisor_email}" if data.advisor_email else name,
        "support_phone": support.phone(),
        "support_hours": support.hours(),
        "revoke_link": data.revoke_link,
        "imprint_link": data.imprint_link,
    }
    audience = "with-role" if role else "client"
    text = _select(_template(f"{data.kind}.txt", data.language), "\n\n", audience).substitute(values)
    escaped = {key: html.escape(value) for key, value in values.items()}
    return text, _select(_template(f"{data.kind}.html", data.language), "\n", audience).substitute(escaped)


def _one_line(value: str) -> str:
    return _CONTROL.sub(" ", value).strip()


def _address(*, name: str, email: str) -> Address:
    return Address(display_name=_one_line(name), addr_spec=email.strip())


def build_message(*, data: InvitationData, tz: ZoneInfo, sender: str) -> EmailMessage:
    """The complete mail for `data` in the participant's language; dates are written in `tz`."""
    with language(data.language):
        return _build(data=replace(data, link=_with_language(data.link, data.language)), tz=tz, sender=sender)


def _with_language(link: str, code: str) -> str:
    """The personal link opens in the person's language (`?lang=`); German needs nothing."""
    return link if code == DEFAULT_LANGUAGE or "?" in link else f"{link}?lang={code}"


def _build(*, data: InvitationData, tz: ZoneInfo, sender: str) -> EmailMessage:
    date = format_long(data.start, tz)
    subject = _(SUBJECTS[data.kind]).format(date=date)
    text, html_body = _render(data, date=date, subject=subject)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = _address(name=data.recipient_name, email=data.recipient_email)
    if data.advisor_email:
        message["Reply-To"] = _address(name=data.advisor_name, email=data.advisor_email)
    message["Date"] = format_datetime(datetime.now(UTC))
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost.localdomain"
    message["Message-ID"] = make_msgid(domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    message.add_alternative(html_body, subtype="html")
    cancelled = data.kind in ("cancellation", "removal")  # no link to open: no QR code, a calendar CANCEL
    if not cancelled:
        message.add_attachment(qr_png(data=data.link), maintype="image", subtype="png", filename=QR_FILENAME)
    method: Literal["REQUEST", "CANCEL"] = "CANCEL" if cancelled else "REQUEST"
    calendar = build_ics(
        method=method,
        uid=data.appointment_uid,
        sequence=data.sequence,
        start=data.start,
        duration_minutes=data.duration_minutes,
        link=data.link,
        organizer_name=data.advisor_name,
        organizer_email=data.advisor_email,
        attendee_name=data.recipient_name,
        attendee_email=data.recipient_email,
    )
    message.add_attachment(
        calendar,
        maintype="text",
        subtype="calendar",
        filename=ICS_FILENAME,
        params={"method": method, "charset": "utf-8"},
    )
    message["Content-Language"] = data.language  # after the parts: set_content() drops Content-* headers
    message.policy = _HEADER_POLICY
    return message
