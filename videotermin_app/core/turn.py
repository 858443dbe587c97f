"""Time-limited TURN credentials for coturn's REST-API shared secret (`use-auth-secret`).

coturn checks a credential without a database: the username is `"<expiry unix time>:<anything>"`
and the password is `base64(HMAC-SHA1(static-auth-secret, username))`. The app derives one per
authorised tab and hands out only the derived pair; the secret itself never leaves the server. This
is the only module that reads `Settings.turn_secret`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from videotermin_app.core.settings import Settings

RENEW_AT = 0.8
"""A tab asks for new credentials after this share of their lifetime (the browser's timer)."""
RENEW_NOT_BEFORE = 0.5
"""The server renews only credentials older than this share of their lifetime: a tab asking more
often than that gets nothing new (at most two derivations per lifetime and tab)."""
OPAQUE_ID_BYTES = 8  # random part of the username: unlinkable to the person, distinct per tab


@dataclass(frozen=True)
class TurnCredential:
    username: str
    credential: str
    expires_at: int  # unix seconds


def derive(*, secret: str, expires_at: int, opaque_id: str) -> TurnCredential:
    """coturn's REST-API credential for `"<expires_at>:<opaque_id>"`."""
    username = f"{expires_at}:{opaque_id}"
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return TurnCredential(username=username, credential=base64.b64encode(digest).decode(), expires_at=expires_at)


def issue(*, settings: Settings, now: datetime) -> TurnCredential | None:
    """A fresh credential valid for `VT_TURN_TTL` seconds from `now`, or None without TURN."""
    if not settings.turn_urls or not settings.turn_secret:
        return None
    return derive(
        secret=settings.turn_secret,
        expires_at=int(now.timestamp()) + settings.turn_ttl,
        opaque_id=secrets.token_hex(OPAQUE_ID_BYTES),
    )


def ice_servers(*, settings: Settings, now: datetime) -> tuple[list[dict[str, object]], int]:
    """What an authorised tab gets: `VT_ICE_SERVERS` plus one TURN entry with a fresh credential.

    Returns the list (JSON-ready, for RTCPeerConnection and aiortc alike) and the credential's expiry
    in unix seconds (0 without TURN)."""
    servers = [dict(server) for server in settings.ice_servers]
    credential = issue(settings=settings, now=now)
    if credential is None:
        return servers, 0
    servers.append(
        {"urls": list(settings.turn_urls), "username": credential.username, "credential": credential.credential}
    )
    return servers, credential.expires_at


def renew_due(*, expires_at: int, ttl: int, now: datetime) -> bool:
    """Whether credentials expiring at `expires_at` may be replaced now (older than RENEW_NOT_BEFORE)."""
    issued_at = expires_at - ttl
    return now.timestamp() >= issued_at + RENEW_NOT_BEFORE * ttl


def renew_after_ms(settings: Settings) -> int:
    """The browser's renewal timer: RENEW_AT of the lifetime, 0 (no timer) without TURN."""
    return int(settings.turn_ttl * RENEW_AT * 1000) if settings.turn_urls else 0
