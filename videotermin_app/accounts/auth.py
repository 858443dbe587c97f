"""Advisor sign-in: password check with throttling, DB-backed sessions with an inactivity limit.

The browser keeps a random session token (a cookie); the database keeps only its SHA-256.
A session ends at sign-out, after `SESSION_IDLE_MINUTES` without activity, when the account is
deactivated or its password is reset.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from sqlmodel import Session, select

from videotermin_app.accounts.advisors import AdvisorError, normalise_email
from videotermin_app.accounts.passwords import hash_password, verify_password
from videotermin_app.core.i18n import N_, UserError
from videotermin_app.core.models import (
    Advisor,
    AdvisorRole,
    AdvisorSession,
    LoginThrottle,
    utcnow,
)
from videotermin_app.core.tokens import hash_token, looks_like_token, new_token

SESSION_IDLE_MINUTES = 60
# Failures without any delay, then the wait doubles per failure up to MAX_DELAY_SECONDS.
FREE_FAILURES_PER_ACCOUNT = 3
FREE_FAILURES_PER_IP = 10  # offices sit behind one address
MAX_DELAY_SECONDS = 15 * 60
FAILURE_MEMORY = timedelta(hours=1)  # a key without failures for this long starts afresh

WRONG_CREDENTIALS = N_("E-Mail-Adresse oder Passwort ist nicht richtig.")
TOO_MANY = N_("Zu viele Versuche. Bitte warten Sie {seconds} Sekunden.")


class LoginRefused(UserError):
    """Sign-in refused; the message is a marked German text and never says which half was wrong."""

    def __init__(self, message: str, /, *, retry_after: int = 0, **params: object) -> None:
        super().__init__(message, **params)
        self.retry_after = retry_after


@dataclass(frozen=True)
class SignedIn:
    advisor: Advisor
    session_token: str  # for the cookie; only its hash is stored


def _keys(email: str, ip: str) -> list[tuple[str, int]]:
    keys = [(f"email:{email.strip().lower()[:250]}", FREE_FAILURES_PER_ACCOUNT)]
    if ip:
        keys.append((f"ip:{ip[:64]}", FREE_FAILURES_PER_IP))
    return keys


def _row(session: Session, key: str) -> LoginThrottle | None:
    return session.exec(select(LoginThrottle).where(LoginThrottle.key == key)).first()


def delay_for(failures: int, free: int) -> int:
    """Seconds to wait after the last failure: 0 for the free ones, then 2, 4, 8, ... capped."""
    if failures < free:
        return 0
    return int(min(2 ** (failures - free + 1), MAX_DELAY_SECONDS))


def retry_after(*, session: Session, email: str, ip: str, now: datetime) -> int:
    """Seconds until the next try for this account and address is allowed (0: now)."""
    wait = 0.0
    for key, free in _keys(email, ip):
        row = _row(session, key)
        if row is None or row.last_failure_at is None or now - row.last_failure_at > FAILURE_MEMORY:
            continue
        until = row.last_failure_at + timedelta(seconds=delay_for(row.failures, free))
        wait = max(wait, (until - now).total_seconds())
    return math.ceil(wait) if wait > 0 else 0


def _record_failure(session: Session, email: str, ip: str, now: datetime) -> None:
    for key, _free in _keys(email, ip):
        row = _row(session, key)
        if row is None:
            row = LoginThrottle(key=key)
        elif row.last_failure_at is not None and now - row.last_failure_at > FAILURE_MEMORY:
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        session.add(row)


def sign_in(*, session: Session, email: str, password: str, ip: str, now: datetime | None = None) -> SignedIn:
    """Check the credentials and open a session; raises LoginRefused. The caller commits either way."""
    now = now or utcnow()
    wait = retry_after(session=session, email=email, ip=ip, now=now)
    if wait:
        raise LoginRefused(TOO_MANY, retry_after=wait, seconds=wait)
    try:
        address = normalise_email(email)
    except AdvisorError:
        address = ""
    advisor = session.exec(select(Advisor).where(Advisor.email == address)).first() if address else None
    # verify even for unknown accounts so that timing says nothing about which half was wrong
    ok = verify_password(advisor.password_hash if advisor else _dummy_hash(), password)
    if advisor is None or not ok or not advisor.active:
        _record_failure(session, email, ip, now)
        if advisor is not None:
            advisor.failed_logins += 1
            advisor.last_failed_login_at = now
        raise LoginRefused(WRONG_CREDENTIALS)
    row = _row(session, _keys(email, ip)[0][0])
    if row is not None:
        session.delete(row)
    advisor.failed_logins = 0
    token, token_hash = new_token()
    session.add(AdvisorSession(token_hash=token_hash, advisor_id=advisor.id or 0, created_at=now, last_seen_at=now))
    session.flush()
    return SignedIn(advisor=advisor, session_token=token)


def clear_throttle(*, session: Session, email: str) -> None:
    """Forget the failed sign-ins of an account (after an administrator reset its password)."""
    row = _row(session, _keys(email, "")[0][0])
    if row is not None:
        session.delete(row)


def current_advisor(
    *,
    session: Session,
    session_token: str,
    now: datetime | None = None,
    admin: bool = False,
    touch: bool = True,
) -> Advisor | None:
    """The active advisor behind a session token (and an administrator if `admin`), else None.

    Counts as activity: `last_seen_at` moves to `now` unless `touch` is False.
    """
    if not looks_like_token(session_token):
        return None
    now = now or utcnow()
    row = session.exec(select(AdvisorSession).where(AdvisorSession.token_hash == hash_token(session_token))).first()
    if row is None or row.ended_at is not None:
        return None
    if now - row.last_seen_at > timedelta(minutes=SESSION_IDLE_MINUTES):
        row.ended_at = now
        session.add(row)
        return None
    advisor = session.get(Advisor, row.advisor_id)
    if advisor is None or not advisor.active:
        return None
    if admin and advisor.role != AdvisorRole.ADMIN:
        return None
    if touch:
        row.last_seen_at = now
        session.add(row)
    return advisor


def sign_out(*, session: Session, session_token: str, now: datetime | None = None) -> None:
    if not looks_like_token(session_token):
        return
    row = session.exec(select(AdvisorSession).where(AdvisorSession.token_hash == hash_token(session_token))).first()
    if row is not None and row.ended_at is None:
        row.ended_at = now or utcnow()
        session.add(row)


def end_all_sessions(*, session: Session, advisor_id: int, now: datetime | None = None) -> int:
    rows = session.exec(
        select(AdvisorSession).where(AdvisorSession.advisor_id == advisor_id, AdvisorSession.ended_at.is_(None))  # type: ignore[union-attr]
    ).all()
    for row in rows:
        row.ended_at = now or utcnow()
        session.add(row)
    return len(rows)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password(secrets.token_hex(16))
