"""Advisor sign-in: password check with throttling, DB-backed sessions with an idle and an absolute limit.

The browser keeps a random session token (a cookie); the database keeps only its SHA-256.
A session ends at sign-out, after `SESSION_IDLE_MINUTES` without activity of the advisor, at the
latest `SESSION_MAX_HOURS` after sign-in, when the account is deactivated or its password is reset.

Throttling (a growing delay, never a lockout of the account). Every key includes the client
address (read through `VT_TRUSTED_PROXIES` hops, an IPv6 address counted per /64 network), so a
stranger slows down only the addresses they use:

- per address: every failed sign-in from it, whatever the account; after
  `FREE_FAILURES_PER_ADDRESS` every try from that address waits;
- per account and address: the failures for one account (its normalised address, so spelling
  variants share the count) from one address; after `FREE_FAILURES_PER_ACCOUNT` tries from that
  address for that account wait;
- per account: the failures for one account from all addresses; after
  `FREE_FAILURES_PER_ACCOUNT_ALL_ADDRESSES` its delay (at most `MAX_ACCOUNT_DELAY_SECONDS`) binds
  only addresses that already failed for this account. Many addresses guessing get one try each,
  the advisor from an address without failures for the account signs in at once.
"""

from __future__ import annotations

import ipaddress
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from sqlmodel import Session, col, delete, select

from videotermin_app.accounts.advisors import AdvisorError, fold_address, normalise_email
from videotermin_app.accounts.passwords import hash_password, verify_password
from videotermin_app.core.i18n import N_, UserError
from videotermin_app.core.metrics import SIGN_IN_FAILURES
from videotermin_app.core.models import (
    Advisor,
    AdvisorRole,
    AdvisorSession,
    LoginThrottle,
    utcnow,
)
from videotermin_app.core.tokens import hash_token, looks_like_token, new_token

SESSION_IDLE_MINUTES = 60
SESSION_MAX_HOURS = 10  # absolute lifetime from sign-in, activity or not
# Failures without any delay, then the wait doubles per failure up to the cap.
FREE_FAILURES_PER_ACCOUNT = 3  # per account and client address
FREE_FAILURES_PER_ADDRESS = 10  # per client address, all accounts (offices sit behind one address)
FREE_FAILURES_PER_ACCOUNT_ALL_ADDRESSES = 10  # per account, binding only addresses that failed for it
MAX_DELAY_SECONDS = 15 * 60
MAX_ACCOUNT_DELAY_SECONDS = 60
FAILURE_MEMORY = timedelta(hours=1)  # a key without failures for this long starts afresh (and is deleted)
IPV6_THROTTLE_PREFIX = 64  # one IPv6 network counts as one address: a /64 is one line
MAX_PASSWORD_LENGTH = 1024  # longer input is refused before argon2 sees it

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


def account_key(email: str) -> str:
    """The account part of a throttle key: the normalised address (also the look-up), hashed.

    Spelling variants (fullwidth letters, case, spaces) give the same key; the hash keeps the row
    short whatever was typed.
    """
    try:
        address = normalise_email(email)
    except AdvisorError:
        address = fold_address(email)
    return hash_token(address)


def address_key(ip: str) -> str:
    """The client-address part of a throttle key: the address, an IPv6 address as its /64 network."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((address, IPV6_THROTTLE_PREFIX), strict=False))
    return str(address)


@dataclass(frozen=True)
class _Key:
    key: str
    free: int
    cap: int
    binds_always: bool = True  # False: only when the account-and-address key has failures


def _keys(email: str, ip: str) -> list[_Key]:
    account, address = account_key(email), address_key(ip)
    return [
        _Key(f"ip:{address}", FREE_FAILURES_PER_ADDRESS, MAX_DELAY_SECONDS),
        _Key(f"pair:{account}:{address}", FREE_FAILURES_PER_ACCOUNT, MAX_DELAY_SECONDS),
        _Key(f"account:{account}", FREE_FAILURES_PER_ACCOUNT_ALL_ADDRESSES, MAX_ACCOUNT_DELAY_SECONDS, False),
    ]


def _row(session: Session, key: str) -> LoginThrottle | None:
    return session.exec(select(LoginThrottle).where(LoginThrottle.key == key)).first()


def _recent(row: LoginThrottle | None, now: datetime) -> bool:
    return row is not None and row.last_failure_at is not None and now - row.last_failure_at <= FAILURE_MEMORY


def delay_for(failures: int, free: int, cap: int = MAX_DELAY_SECONDS) -> int:
    """Seconds to wait after the last failure: 0 for the free ones, then 2, 4, 8, ... capped."""
    if failures < free:
        return 0
    return int(min(2 ** min(failures - free + 1, 32), cap))


def retry_after(*, session: Session, email: str, ip: str, now: datetime) -> int:
    """Seconds until the next try for this account from this address is allowed (0: now)."""
    wait = 0.0
    keys = _keys(email, ip)
    pair_failed = _recent(_row(session, keys[1].key), now)
    for key in keys:
        row = _row(session, key.key)
        if row is None or row.last_failure_at is None or not _recent(row, now):
            continue
        if not key.binds_always and not pair_failed:
            continue
        until = row.last_failure_at + timedelta(seconds=delay_for(row.failures, key.free, key.cap))
        wait = max(wait, (until - now).total_seconds())
    return math.ceil(wait) if wait > 0 else 0


def _record_failure(session: Session, email: str, ip: str, now: datetime) -> None:
    # forget what is too old to matter, so strangers cannot fill the table with keys
    session.exec(delete(LoginThrottle).where(col(LoginThrottle.last_failure_at) < now - FAILURE_MEMORY))
    for key in _keys(email, ip):
        row = _row(session, key.key)
        if row is None:
            row = LoginThrottle(key=key.key)
        elif not _recent(row, now):
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        session.add(row)


def sign_in(*, session: Session, email: str, password: str, ip: str, now: datetime | None = None) -> SignedIn:
    """Check the credentials and open a session; raises LoginRefused. The caller commits either way.

    Slow (argon2): call it off the event loop.
    """
    now = now or utcnow()
    wait = retry_after(session=session, email=email, ip=ip, now=now)
    if wait:
        SIGN_IN_FAILURES.labels(reason="throttled").inc()
        raise LoginRefused(TOO_MANY, retry_after=wait, seconds=wait)
    try:
        address = normalise_email(email)
    except AdvisorError:
        address = ""
    advisor = session.exec(select(Advisor).where(Advisor.email == address)).first() if address else None
    # verify even for unknown accounts so that timing says nothing about which half was wrong
    candidate = password if len(password) <= MAX_PASSWORD_LENGTH else ""
    ok = verify_password(advisor.password_hash if advisor else _dummy_hash(), candidate) and bool(candidate)
    if advisor is None or not ok or not advisor.active:
        _record_failure(session, email, ip, now)
        SIGN_IN_FAILURES.labels(reason="wrong_credentials").inc()
        if advisor is not None:
            advisor.failed_logins += 1
            advisor.last_failed_login_at = now
        raise LoginRefused(WRONG_CREDENTIALS)
    row = _row(session, _keys(email, ip)[1].key)
    if row is not None:
        session.delete(row)
    advisor.failed_logins = 0
    token, token_hash = new_token()
    session.add(AdvisorSession(token_hash=token_hash, advisor_id=advisor.id or 0, created_at=now, last_seen_at=now))
    session.flush()
    return SignedIn(advisor=advisor, session_token=token)


def clear_throttle(*, session: Session, email: str) -> None:
    """Forget the failed sign-ins of an account from every address (after an administrator reset its password)."""
    account = account_key(email)
    session.exec(
        delete(LoginThrottle).where(
            (col(LoginThrottle.key) == f"account:{account}") | col(LoginThrottle.key).startswith(f"pair:{account}:")
        )
    )


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
    if session_expired(row, now=now):
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


def session_expired(row: AdvisorSession, *, now: datetime) -> bool:
    """Idle for longer than SESSION_IDLE_MINUTES, or older than SESSION_MAX_HOURS."""
    return now - row.last_seen_at > timedelta(minutes=SESSION_IDLE_MINUTES) or now - row.created_at > timedelta(
        hours=SESSION_MAX_HOURS
    )


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


def purge_sign_in_traces(*, session: Session, now: datetime) -> tuple[int, int]:
    """Delete throttle rows past `FAILURE_MEMORY` and sessions that ended or expired (no commit).

    Throttle keys hold a normalised e-mail address and a client address; a session row says when an
    advisor worked. Neither is needed once it can no longer slow anyone down or sign anyone in.
    Returns (throttle rows, session rows) deleted. Run by the hourly retention task, so both are
    gone within a day (in fact within an hour) of becoming useless.
    """
    throttles = session.exec(
        delete(LoginThrottle).where(
            col(LoginThrottle.last_failure_at).is_(None) | (col(LoginThrottle.last_failure_at) < now - FAILURE_MEMORY)
        )
    ).rowcount
    sessions = session.exec(
        delete(AdvisorSession).where(
            col(AdvisorSession.ended_at).is_not(None)
            | (col(AdvisorSession.last_seen_at) < now - timedelta(minutes=SESSION_IDLE_MINUTES))
            | (col(AdvisorSession.created_at) < now - timedelta(hours=SESSION_MAX_HOURS))
        )
    ).rowcount
    session.flush()
    return int(throttles or 0), int(sessions or 0)
