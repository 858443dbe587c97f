"""The invitation / change / cancellation e-mail."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from PIL import Image

from videotermin_app.mail.invitation import (
    ICS_FILENAME,
    QR_FILENAME,
    InvitationData,
    build_message,
)
from videotermin_app.mail.qr import PNG_MAGIC

TZ = ZoneInfo("Europe/Berlin")
START = datetime(2021, 12, 6, 12, 0, tzinfo=UTC)  # 13:00 in Berlin
DATE = "Montag, 6. Dezember 2021 13:00 Uhr"
LINK = "https://vk.example.de/vkid/pda59e5Zo"
SUPPORT = "0800 4 555501"
SENDER = "Mein Videotermin <noreply@vk.example.de>"


def _data(**changes: object) -> InvitationData:
    values: dict[str, object] = {
        "kind": "invitation",
        "recipient_email": "erika@example.org",
        "recipient_name": "Erika Mustermann",
        "role": "client",
        "start": START,
        "duration_minutes": 30,
        "link": LINK,
        "advisor_name": "Max Berater",
        "advisor_email": "max.berater@jobcenter.example.de",
        "appointment_uid": "appt-42@vk.example.de",
        "sequence": 0,
    }
    values.update(changes)
    return InvitationData(**values)  # type: ignore[arg-type]


def _build(**changes: object) -> EmailMessage:
    return build_message(data=_data(**changes), tz=TZ, sender=SENDER)


def _parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    return str(text.get_content()), str(html.get_content())


def _attachments(message: EmailMessage) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        found[str(part.get_filename())] = payload
    return found


def _calendar(message: EmailMessage) -> Calendar:
    return Calendar.from_ical(_attachments(message)[ICS_FILENAME])


def test_invitation_subject_and_headers() -> None:
    message = _build()
    assert message["Subject"] == f"Mein Videotermin: Ihre Einladung am {DATE}"
    assert message["To"].addresses[0].addr_spec == "erika@example.org"
    assert message["From"] == SENDER
    assert message["Reply-To"].addresses[0].addr_spec == "max.berater@jobcenter.example.de"
    assert message["Message-ID"].endswith("@vk.example.de>")
    assert message["Content-Language"] == "de"


def test_both_parts_carry_the_wording() -> None:
    message = _build()
    assert message.get_content_type() == "multipart/mixed"
    assert any(part.get_content_type() == "multipart/alternative" for part in message.walk())
    for body in _parts(message):
        assert "Guten Tag Erika Mustermann," in body
        assert "„Mein Videotermin“" in body
        assert f"Ihr persönlicher Termin:</strong> {DATE}" in body or f"Ihr persönlicher Termin: {DATE}" in body
        assert DATE in body
        assert LINK in body
        assert "bereits vor Ihrem Termin" in body and "technischen Voraussetzungen" in body
        assert "Spamordner" in body
        assert f"{SUPPORT} (Montag bis Freitag, 8 bis 18 Uhr, gebührenfrei)" in body
        for need in ("Tablet oder Smartphone", "Kamera und Mikrofon", "Internetzugang", "Internetbrowser"):
            assert need in body
    _text, html = _parts(message)
    assert f'<a href="{LINK}">{LINK}</a>' in html
    assert '<html lang="de">' in html


@pytest.mark.parametrize(
    ("role", "phrase"),
    [
        ("interpreter", "Dolmetscherin oder Dolmetscher"),
        ("representative", "gesetzliche Vertretung"),
        ("companion", "Beistand oder Vertrauensperson"),
    ],
)
def test_interpreter_and_representative_greeting(role: str, phrase: str) -> None:
    for kind in ("invitation", "change", "cancellation", "removal"):
        text, html = _parts(_build(role=role, kind=kind))
        assert phrase in text and phrase in html
    text, _html = _parts(_build(role=role))
    assert "Vielen Dank für Ihr Einverständnis" not in text


def test_html_escapes_user_values() -> None:
    message = _build(
        recipient_name="<script>alert(1)</script>",
        advisor_name='Max "<b>" & Co',
        link=LINK + '?"><img src=x>',
    )
    text, html = _parts(message)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>" not in html and "Max &quot;&lt;b&gt;&quot; &amp; Co" in html
    assert "<img" not in html
    assert "<script>alert(1)</script>" in text  # the plain text part is not HTML
    assert message["To"].addresses[0].addr_spec == "erika@example.org"  # quoted, not parsed as an address


def test_header_injection_through_the_name_is_neutralised() -> None:
    message = _build(recipient_name="Erika\r\nBcc: evil@example.org")
    assert message["Bcc"] is None
    assert [a.addr_spec for a in message["To"].addresses] == ["erika@example.org"]
    headers = message.as_bytes().split(b"\n\n", 1)[0]
    assert b"\nBcc:" not in headers
    text, _html = _parts(message)
    assert "Guten Tag Erika Bcc: evil@example.org," in text


def test_qr_code_attachment_is_a_png() -> None:
    png = _attachments(_build())[QR_FILENAME]
    assert png.startswith(PNG_MAGIC) and len(png) > 100
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.size[0] > 0


def test_ics_request() -> None:
    message = _build(kind="change", sequence=2, start=datetime(2021, 12, 7, 9, 30, tzinfo=TZ))
    assert message["Subject"].startswith("Mein Videotermin: Ihr Termin wurde geändert")
    assert "Dienstag, 7. Dezember 2021 09:30 Uhr" in message["Subject"]
    calendar = _calendar(message)
    assert str(calendar["METHOD"]) == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == "appt-42@vk.example.de"
    assert event.decoded("SEQUENCE") == 2
    assert event.decoded("DTSTART") == datetime(2021, 12, 7, 8, 30, tzinfo=UTC)
    assert event.decoded("DTSTART").utcoffset().total_seconds() == 0
    assert event.decoded("DTEND") == datetime(2021, 12, 7, 9, 0, tzinfo=UTC)
    assert "DTSTART:20211207T083000Z" in _attachments(message)[ICS_FILENAME].decode()
    assert str(event["SUMMARY"]) == "Mein Videotermin"
    assert LINK in str(event["DESCRIPTION"])
    assert str(event["URL"]) == LINK
    assert str(event["ORGANIZER"]).lower() == "mailto:max.berater@jobcenter.example.de"
    assert event["ORGANIZER"].params["CN"] == "Max Berater"
    ics_part = next(p for p in message.iter_attachments() if p.get_filename() == ICS_FILENAME)
    assert ics_part.get_content_type() == "text/calendar"
    assert ics_part.get_param("method") == "REQUEST"
    assert ics_part.get_content_charset() == "utf-8"
    assert "Ihr persönlicher Link" in ics_part.get_content()  # decodes with the declared charset


def test_cancellation() -> None:
    message = _build(kind="cancellation", sequence=3)
    assert message["Subject"] == f"Mein Videotermin: Ihr Termin am {DATE} wurde abgesagt"
    attachments = _attachments(message)
    assert QR_FILENAME not in attachments
    for body in _parts(message):
        assert "abgesagt" in body and "nicht mehr gültig" in body
        assert DATE in body and SUPPORT in body
        assert LINK not in body
    calendar = _calendar(message)
    assert str(calendar["METHOD"]) == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == "appt-42@vk.example.de"
    assert event.decoded("SEQUENCE") == 3
    assert str(event["STATUS"]) == "CANCELLED"


def test_removal_tells_the_person_they_no_longer_take_part() -> None:
    message = _build(kind="removal", role="interpreter", sequence=2)
    assert message["Subject"] == f"Mein Videotermin: Ihre Teilnahme am Termin am {DATE} entfällt"
    assert QR_FILENAME not in _attachments(message)
    for body in _parts(message):
        assert "nicht mehr daran teil" in body and "nicht mehr gültig" in body and DATE in body
        assert LINK not in body
    assert str(_calendar(message)["METHOD"]) == "CANCEL"


def test_invalid_data_is_refused() -> None:
    with pytest.raises(ValueError):
        _data(start=datetime(2021, 12, 6, 13, 0))
    with pytest.raises(ValueError):
        _data(role="boss")
    with pytest.raises(ValueError):
        _data(duration_minutes=0)


def test_enum_role_is_accepted() -> None:
    from videotermin_app.core.models import ParticipantRole

    assert _data(role=ParticipantRole.INTERPRETER).role == "interpreter"


REVOKE = "https://vk.example.de/widerruf/rv7Zq2LkWmP0aXbY"
IMPRINT = "https://vk.example.de/impressum"


@pytest.mark.parametrize("kind", ["invitation", "change", "cancellation", "reminder", "removal"])
def test_every_mail_links_the_revocation_and_the_imprint(kind: str) -> None:
    text, html = _parts(_build(kind=kind, revoke_link=REVOKE, imprint_link=IMPRINT))
    assert f"Einwilligung widerrufen: {REVOKE}" in text and f"Impressum: {IMPRINT}" in text
    assert f'<a href="{REVOKE}">Einwilligung widerrufen</a>' in html and f'<a href="{IMPRINT}">Impressum</a>' in html
    assert SUPPORT in text and SUPPORT in html


def test_the_reminder_names_the_appointment_and_carries_the_link() -> None:
    message = _build(kind="reminder", revoke_link=REVOKE, imprint_link=IMPRINT)
    assert str(message["Subject"]).startswith("Mein Videotermin: Erinnerung an Ihren Termin am ")
    text, html = _parts(message)
    assert "wir erinnern Sie an Ihren Termin" in text and LINK in text and f'<a href="{LINK}">' in html
