"""Sending mail: through SMTP when `VT_SMTP_URL` is set, otherwise into the outbox directory.

`smtp://user:pass@host:port` sends in plain text (add `?starttls=1` for STARTTLS),
`smtps://...` uses implicit TLS. User and password are URL-decoded. Every failure becomes a
`MailError` whose message can be shown to the user; the technical reason is in `.reason`.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import os
import secrets
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import aiosmtplib

from videotermin_app.core.i18n import N_
from videotermin_app.core.settings import Settings

SMTP_TIMEOUT_SECONDS = 15.0
SENDER_NAME = "Mein Videotermin"
SENDER_LOCAL_PART = "noreply"
FALLBACK_DOMAIN = "localhost.localdomain"
USER_MESSAGE = N_("Die E-Mail konnte nicht versendet werden.")  # stored as is, translated when shown
_TRUE = ("1", "true", "yes", "on")

log = logging.getLogger(__name__)


class MailError(Exception):
    """A mail could not be sent. `str(error)` is safe to show; `.reason` is for the log."""

    def __init__(self, reason: str) -> None:
        super().__init__(USER_MESSAGE)
        self.reason = reason


@dataclass(frozen=True)
class SmtpTarget:
    hostname: str
    port: int
    username: str | None
    password: str | None
    use_tls: bool
    start_tls: bool


def parse_smtp_url(url: str) -> SmtpTarget:
    """Split an `smtp://` / `smtps://` URL into connection parameters; ValueError if unusable."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("expected smtp://host[:port] or smtps://host[:port]")
    implicit_tls = parts.scheme == "smtps"
    start_tls = parse_qs(parts.query).get("starttls", ["0"])[-1].strip().lower() in _TRUE
    if implicit_tls and start_tls:
        raise ValueError("smtps:// and ?starttls=1 exclude each other")
    default_port = 465 if implicit_tls else (587 if start_tls else 25)
    return SmtpTarget(
        hostname=parts.hostname,
        port=parts.port or default_port,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
        use_tls=implicit_tls,
        start_tls=start_tls,
    )


async def _send_smtp(message: EmailMessage, url: str) -> None:
    target = parse_smtp_url(url)
    await aiosmtplib.send(
        message,
        hostname=target.hostname,
        port=target.port,
        username=target.username,
        password=(target.password or "") if target.username else None,
        use_tls=target.use_tls,
        start_tls=target.start_tls,
        timeout=SMTP_TIMEOUT_SECONDS,
    )


def _write_outbox(message: EmailMessage, outbox: Path) -> Path:
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = outbox / f"{stamp}-{secrets.token_hex(4)}.eml"
    fd, temp_name = tempfile.mkstemp(dir=outbox, prefix=".", suffix=".eml.tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(message.as_bytes())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target


async def send_message(*, message: EmailMessage, settings: Settings) -> str:
    """Send `message`; returns "smtp" or the path of the written outbox file. Raises MailError."""
    try:
        if settings.smtp_url:
            await _send_smtp(message, settings.smtp_url)
            log.info("mail sent via SMTP")
            return "smtp"
        path = await asyncio.to_thread(_write_outbox, message, settings.outbox_dir)
    except Exception as exc:  # the boundary: every failure becomes a MailError (CancelledError passes)
        reason = f"{type(exc).__name__}: {exc}"
        # the type and SMTP code only: a refusal's message may name the recipient
        log.warning("mail not sent: %s %s", type(exc).__name__, getattr(exc, "code", ""))
        raise MailError(reason) from exc
    log.info("mail written to %s", path)
    return str(path)


OUTBOX_TEMP_MAX_AGE = timedelta(days=1)  # a half-written file left by a crash is removed after this


def purge_outbox(*, outbox_dir: Path, now: datetime, retention_days: int) -> int:
    """Delete outbox mails written more than `retention_days` before `now`; returns how many files.

    The rule: an `.eml` file lives `retention_days` from the time it was written (its modification
    time). A mail is written when it is booked, changed or cancelled, always before the appointment
    ends, so no file outlives the retention of its appointment's data (it may go earlier: the outbox
    is a copy for delivery, not a record). Half-written `.*.eml.tmp` files older than
    `OUTBOX_TEMP_MAX_AGE` go too. Only regular files directly in `outbox_dir` are touched, never
    symbolic links or subfolders. Blocking: call it in a thread.
    """
    if not outbox_dir.is_dir():
        return 0
    mail_cutoff = (now - timedelta(days=retention_days)).timestamp()
    temp_cutoff = (now - OUTBOX_TEMP_MAX_AGE).timestamp()
    removed = 0
    for entry in os.scandir(outbox_dir):
        if not entry.is_file(follow_symlinks=False):
            continue
        if entry.name.startswith(".") and entry.name.endswith(".eml.tmp"):
            cutoff = temp_cutoff
        elif entry.name.endswith(".eml") and not entry.name.startswith("."):
            cutoff = mail_cutoff
        else:
            continue
        try:
            if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                os.unlink(entry.path)
                removed += 1
        except FileNotFoundError:  # another worker removed it first
            continue
    return removed


def send_message_sync(*, message: EmailMessage, settings: Settings) -> str:
    """`send_message` for synchronous callers (the CLI); not for use inside a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(send_message(message=message, settings=settings))
    raise RuntimeError("send_message_sync() called inside a running event loop; await send_message() instead")


def default_sender(settings: Settings) -> str:
    """'Mein Videotermin <noreply@{host of VT_BASE_URL}>', with a safe domain for hosts without a dot."""
    host = (urlsplit(settings.base_url).hostname or "").rstrip(".")
    try:
        ipaddress.ip_address(host)
        host = ""
    except ValueError:
        pass
    try:
        domain = host.encode("idna").decode("ascii") if host else ""
    except UnicodeError:
        domain = ""
    if "." not in domain:
        domain = FALLBACK_DOMAIN
    return str(Address(display_name=SENDER_NAME, username=SENDER_LOCAL_PART, domain=domain))
