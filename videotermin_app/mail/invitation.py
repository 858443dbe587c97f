"""The invitation, change and cancellation e-mail (wording after the brochure's Schritt 1).

`build_message` returns a ready `EmailMessage`: German text and HTML alternatives, and for an
invitation or change a QR code PNG of the personal link plus an iCalendar REQUEST; a cancellation
carries an iCalendar CANCEL and no QR code. Sending is `services.mailer`'s job.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime, make_msgid, parseaddr
from typing import Literal
from zoneinfo import ZoneInfo

from videotermin_app.core.dates import format_long
from videotermin_app.mail.ics import build_ics
from videotermin_app.mail.qr import qr_png

Kind = Literal["invitation", "change", "cancellation"]
ROLES = ("client", "interpreter", "representative")
QR_FILENAME = "videotermin-link.png"
ICS_FILENAME = "videotermin.ics"

# --- Texts (German; the brochure's wording) -------------------------------------------------
SUBJECTS: dict[str, str] = {
    "invitation": "Mein Videotermin: Ihre Einladung am {date}",
    "change": "Mein Videotermin: Ihr Termin wurde geändert – neuer Termin am {date}",
    "cancellation": "Mein Videotermin: Ihr Termin am {date} wurde abgesagt",
}
GREETING = "Guten Tag {name},"
INTRO = (
    "wir freuen uns über Ihr Interesse am Angebot „Mein Videotermin“ und bestätigen Ihnen gern "
    "die unten aufgeführte Terminvereinbarung."
)
THANKS = "Vielen Dank für Ihr Einverständnis, Sie hierzu mit einer E-Mail einladen zu dürfen!"
INVITED_AS = (
    "Sie sind als {role} zu einem Termin im Angebot „Mein Videotermin“ eingeladen. "
    "Wir bestätigen Ihnen gern die unten aufgeführte Terminvereinbarung."
)
TAKING_PART_AS = "Sie nehmen als {role} teil."
WERE_INVITED_AS = "Sie waren als {role} eingeladen."
ROLE_NAMES = {"interpreter": "Dolmetscherin oder Dolmetscher", "representative": "gesetzliche Vertretung"}
CHANGE_INTRO = "Ihr Termin im Angebot „Mein Videotermin“ wurde geändert. Bitte beachten Sie den neuen Termin."
CANCEL_INTRO = "Ihr Termin im Angebot „Mein Videotermin“ wurde abgesagt."
LABEL_DATE = "Ihr persönlicher Termin"
LABEL_CANCELLED_DATE = "Abgesagter Termin"
LABEL_DURATION = "Dauer"
DURATION = "{minutes} Minuten"
LABEL_LINK = "Ihr persönlicher Link"
LINK_EARLY = (
    "(Sie können Ihren persönlichen Link bereits vor Ihrem Termin für die Überprüfung Ihrer "
    "technischen Voraussetzungen nutzen.)"
)
LINK_HINT = (
    "Gut zu wissen: Durch Klicken auf den Link öffnet sich die Web-App zur Videokommunikation. "
    "Mit dem QR-Code im Anhang öffnen Sie den Link auch auf Ihrem Smartphone oder Tablet. "
    "Bitte geben Sie Ihren persönlichen Link nicht weiter."
)
LINK_INVALID = "Ihr persönlicher Link für diesen Termin ist nicht mehr gültig."
NEEDS_TITLE = "Sie benötigen:"
NEEDS = (
    "Computer (Desktop-PC oder Laptop), Tablet oder Smartphone",
    "Kamera und Mikrofon (ggf. Headset)",
    "Internetzugang (LAN oder WLAN) oder einen vergleichbaren mobilen Internetzugang",
    "Aktuellen Internetbrowser",
)
SPAM_HINT = (
    "Falls Sie weitere E-Mails zu Ihrem Termin (zum Beispiel eine Änderung) nicht erhalten sollten, "
    "empfehlen wir, den Spamordner Ihres E-Mail-Postfachs zu überprüfen."
)
LABEL_ADVISOR = "Fragen zu Ihrem Termin"
LABEL_SUPPORT = "Technischer Support"
SUPPORT = "0800 4 555501 (Montag bis Freitag, 8 bis 18 Uhr, gebührenfrei)"
CLOSING = ("Mit freundlichen Grüßen", "Ihr Jobcenter")

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

    def __post_init__(self) -> None:
        # A str-valued enum (models.ParticipantRole) becomes its plain value.
        object.__setattr__(self, "role", str(getattr(self.role, "value", self.role)))
        if self.kind not in SUBJECTS:
            raise ValueError(f"unknown mail kind {self.kind!r}")
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")
        if self.start.tzinfo is None:
            raise ValueError("start must be time-zone aware")
        if self.duration_minutes <= 0 or self.sequence < 0:
            raise ValueError("duration_minutes must be positive and sequence not negative")


Block = tuple[str, ...]  # ("p", text) | ("field", label, value) | ("link", label, url) | ("list", title, *items)


def _blocks(data: InvitationData, date: str) -> list[Block]:
    name = _one_line(data.advisor_name)
    advisor = f"{name}, {data.advisor_email}" if data.advisor_email else name
    footer: list[Block] = [("field", LABEL_ADVISOR, advisor), ("field", LABEL_SUPPORT, SUPPORT), ("p", *CLOSING)]
    role = ROLE_NAMES.get(data.role)
    role_note: list[Block] = [("p", TAKING_PART_AS.format(role=role))] if role else []
    head: list[Block] = [("p", GREETING.format(name=_one_line(data.recipient_name)))]
    if data.kind == "cancellation":
        was: list[Block] = [("p", WERE_INVITED_AS.format(role=role))] if role else []
        body: list[Block] = [("p", CANCEL_INTRO), *was, ("field", LABEL_CANCELLED_DATE, date), ("p", LINK_INVALID)]
        return head + body + footer
    if data.kind == "invitation":
        intro: list[Block] = [("p", INVITED_AS.format(role=role))] if role else [("p", INTRO), ("p", THANKS)]
    else:
        intro = [("p", CHANGE_INTRO), *role_note]
    details: list[Block] = [
        ("field", LABEL_DATE, date),
        ("field", LABEL_DURATION, DURATION.format(minutes=data.duration_minutes)),
        ("link", LABEL_LINK, data.link),
        ("p", LINK_EARLY),
        ("p", LINK_HINT),
        ("list", NEEDS_TITLE, *NEEDS),
        ("p", SPAM_HINT),
    ]
    return head + intro + details + footer


def _text(blocks: list[Block]) -> str:
    out: list[str] = []
    for kind, *parts in blocks:
        if kind == "p":
            out.append("\n".join(parts))
        elif kind == "list":
            out.append("\n".join([parts[0], *(f"- {item}" for item in parts[1:])]))
        else:
            out.append(f"{parts[0]}: {parts[1]}")
    return "\n\n".join(out) + "\n"


def _html(blocks: list[Block], subject: str) -> str:
    e = html.escape
    out: list[str] = []
    for kind, *parts in blocks:
        if kind == "p":
            out.append("<p>" + "<br>".join(e(part) for part in parts) + "</p>")
        elif kind == "list":
            items = "".join(f"<li>{e(item)}</li>" for item in parts[1:])
            out.append(f"<p>{e(parts[0])}</p><ul>{items}</ul>")
        elif kind == "link":
            url = e(parts[1])
            out.append(f'<p><strong>{e(parts[0])}:</strong> <a href="{url}">{url}</a></p>')
        else:
            out.append(f"<p><strong>{e(parts[0])}:</strong> {e(parts[1])}</p>")
    body = "\n".join(out)
    return (
        '<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8">'
        f"<title>{e(subject)}</title></head>\n"
        '<body style="font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a">\n'
        f"{body}\n</body></html>\n"
    )


def _one_line(value: str) -> str:
    return _CONTROL.sub(" ", value).strip()


def _address(*, name: str, email: str) -> Address:
    return Address(display_name=_one_line(name), addr_spec=email.strip())


def build_message(*, data: InvitationData, tz: ZoneInfo, sender: str) -> EmailMessage:
    """The complete mail for `data`; dates are written in `tz`."""
    date = format_long(data.start, tz)
    subject = SUBJECTS[data.kind].format(date=date)
    blocks = _blocks(data, date)
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
    message.set_content(_text(blocks))
    message.add_alternative(_html(blocks, subject), subtype="html")
    cancelled = data.kind == "cancellation"
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
    message["Content-Language"] = "de"  # after the parts: set_content() drops Content-* headers
    message.policy = _HEADER_POLICY
    return message
