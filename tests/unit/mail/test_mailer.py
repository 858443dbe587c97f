"""Sending mail: outbox files and SMTP (against a local aiosmtpd server)."""

from __future__ import annotations

import asyncio
import email
import email.policy
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.support import SmtpCollector, closed_port, on_free_port
from videotermin_app.core.settings import Settings, load_settings
from videotermin_app.mail.invitation import InvitationData, build_message
from videotermin_app.mail.mailer import (
    MailError,
    default_sender,
    parse_smtp_url,
    send_message,
    send_message_sync,
)


def _settings(tmp_path: Path, **env: str) -> Settings:
    return load_settings({"VT_OUTBOX_DIR": str(tmp_path / "outbox"), "VT_BASE_URL": "https://vk.example.de", **env})


def _message(settings: Settings) -> EmailMessage:
    data = InvitationData(
        kind="invitation",
        recipient_email="erika@example.org",
        recipient_name="Erika Mustermann",
        role="client",
        start=datetime(2021, 12, 6, 12, 0, tzinfo=UTC),
        duration_minutes=30,
        link=f"{settings.base_url}/vkid/pda59e5Zo",
        advisor_name="Max Berater",
        advisor_email="max.berater@jobcenter.example.de",
        appointment_uid="appt-1@vk.example.de",
        sequence=0,
    )
    return build_message(data=data, tz=ZoneInfo("Europe/Berlin"), sender=default_sender(settings))


def test_outbox_write(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    message = _message(settings)
    where = asyncio.run(send_message(message=message, settings=settings))
    path = Path(where)
    assert path.parent == tmp_path / "outbox" and path.suffix == ".eml" and path.is_file()
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left behind
    parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert parsed["Subject"] == message["Subject"]
    assert "Mein Videotermin" in parsed["Subject"]
    assert parsed["To"].addresses[0].addr_spec == "erika@example.org"
    assert {p.get_filename() for p in parsed.iter_attachments()} == {"videotermin-link.png", "videotermin.ics"}


def test_outbox_names_are_unique_and_sync_wrapper_works(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    message = _message(settings)
    paths = {send_message_sync(message=message, settings=settings) for _ in range(5)}
    assert len(paths) == 5 and all(Path(p).is_file() for p in paths)


def test_sync_wrapper_refuses_a_running_loop(tmp_path: Path) -> None:
    settings = _settings(tmp_path)

    async def inside() -> None:
        with pytest.raises(RuntimeError):
            send_message_sync(message=_message(settings), settings=settings)

    asyncio.run(inside())


def test_outbox_failure_is_a_mail_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    settings = load_settings({"VT_OUTBOX_DIR": str(blocker / "outbox")})
    with pytest.raises(MailError) as info:
        asyncio.run(send_message(message=_message(settings), settings=settings))
    assert str(info.value) == "Die E-Mail konnte nicht versendet werden."
    assert info.value.reason


def test_smtp_delivery(tmp_path: Path, smtp_server: tuple[Controller, SmtpCollector]) -> None:
    controller, handler = smtp_server
    settings = _settings(tmp_path, VT_SMTP_URL=f"smtp://127.0.0.1:{controller.port}")
    message = _message(settings)
    assert asyncio.run(send_message(message=message, settings=settings)) == "smtp"
    assert not (tmp_path / "outbox").exists()
    (envelope,) = handler.envelopes
    assert envelope.rcpt_tos == ["erika@example.org"]
    assert envelope.mail_from == "noreply@vk.example.de"
    received = email.message_from_bytes(envelope.content, policy=email.policy.default)
    # aiosmtplib folds with email.policy.SMTP (78 columns); CPython reads a subject folded right
    # after "Subject:" back with a leading space, which mail clients drop.
    assert received["Subject"].strip() == message["Subject"]
    assert received.get_body(preferencelist=("plain",)) is not None


def test_smtp_login_with_url_encoded_credentials(tmp_path: Path) -> None:
    seen: list[tuple[bytes, bytes]] = []

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        seen.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"p@ss:w/rd%", handled=False)

    handler = SmtpCollector()

    def start(port: int) -> Controller:
        controller = Controller(
            handler,
            hostname="127.0.0.1",
            port=port,
            authenticator=authenticator,
            auth_require_tls=False,
        )
        controller.start()
        return controller

    controller = on_free_port(start)
    try:
        url = f"smtp://vt%40amt:p%40ss%3Aw%2Frd%25@127.0.0.1:{controller.port}"
        settings = _settings(tmp_path, VT_SMTP_URL=url)
        assert asyncio.run(send_message(message=_message(settings), settings=settings)) == "smtp"
        bad = _settings(tmp_path, VT_SMTP_URL=f"smtp://vt:wrong@127.0.0.1:{controller.port}")
        with pytest.raises(MailError) as info:
            asyncio.run(send_message(message=_message(bad), settings=bad))
        assert "wrong" not in info.value.reason and "535" in info.value.reason
    finally:
        controller.stop()
    assert seen[0] == (b"vt@amt", b"p@ss:w/rd%")
    assert len(handler.envelopes) == 1


def test_smtp_refused_connection_is_a_mail_error(tmp_path: Path) -> None:
    with closed_port() as port:
        settings = _settings(tmp_path, VT_SMTP_URL=f"smtp://127.0.0.1:{port}")
        with pytest.raises(MailError) as info:
            asyncio.run(send_message(message=_message(settings), settings=settings))
    assert str(info.value) == "Die E-Mail konnte nicht versendet werden."
    assert "127.0.0.1" in info.value.reason or "onnect" in info.value.reason
    assert not (tmp_path / "outbox").exists()  # no silent fallback to the outbox


def test_parse_smtp_url() -> None:
    plain = parse_smtp_url("smtp://mail.example.de")
    assert (plain.hostname, plain.port, plain.use_tls, plain.start_tls) == ("mail.example.de", 25, False, False)
    assert plain.username is None and plain.password is None
    tls = parse_smtp_url("smtps://u:p@mail.example.de")
    assert (tls.port, tls.use_tls, tls.start_tls, tls.username, tls.password) == (465, True, False, "u", "p")
    starttls = parse_smtp_url("smtp://a%20b:c%2Fd@mail.example.de:2525?starttls=1")
    assert (starttls.port, starttls.use_tls, starttls.start_tls) == (2525, False, True)
    assert (starttls.username, starttls.password) == ("a b", "c/d")
    assert parse_smtp_url("smtp://mail.example.de?starttls=true").port == 587
    with pytest.raises(ValueError):
        parse_smtp_url("smtps://mail.example.de?starttls=1")


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://vk.example.de", "Mein Videotermin <noreply@vk.example.de>"),
        ("https://VK.Example.DE:8443/app", "Mein Videotermin <noreply@vk.example.de>"),
        ("http://localhost:3000", "Mein Videotermin <noreply@localhost.localdomain>"),
        ("http://127.0.0.1:3000", "Mein Videotermin <noreply@localhost.localdomain>"),
        ("http://[::1]:3000", "Mein Videotermin <noreply@localhost.localdomain>"),
    ],
)
def test_default_sender(tmp_path: Path, base_url: str, expected: str) -> None:
    assert default_sender(_settings(tmp_path, VT_BASE_URL=base_url)) == expected
