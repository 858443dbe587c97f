"""Advisor accounts: creation and password checks with argon2."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from sqlmodel import Session, select

from videotermin_app.models import Advisor, AdvisorRole

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10


class AdvisorError(ValueError):
    """Input that cannot become an advisor account; the message is German and user-safe."""


def normalise_email(raw: str) -> str:
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise AdvisorError(f"Die E-Mail-Adresse „{raw.strip()}“ ist ungültig.") from None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def create_advisor(*, session: Session, email: str, name: str, password: str, admin: bool = False) -> Advisor:
    address = normalise_email(email)
    name = name.strip()
    if not name:
        raise AdvisorError("Bitte geben Sie einen Namen an.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AdvisorError(f"Das Passwort muss mindestens {MIN_PASSWORD_LENGTH} Zeichen lang sein.")
    if session.exec(select(Advisor).where(Advisor.email == address)).first():
        raise AdvisorError(f"Es gibt bereits ein Konto für {address}.")
    advisor = Advisor(
        email=address,
        name=name,
        password_hash=hash_password(password),
        role=AdvisorRole.ADMIN if admin else AdvisorRole.ADVISOR,
    )
    session.add(advisor)
    session.flush()
    return advisor


def find_advisor(*, session: Session, email: str) -> Advisor | None:
    try:
        address = normalise_email(email)
    except AdvisorError:
        return None
    return session.exec(select(Advisor).where(Advisor.email == address)).first()


def list_advisors(*, session: Session) -> list[Advisor]:
    return list(session.exec(select(Advisor).order_by(Advisor.name, Advisor.email)).all())


def set_active(*, session: Session, advisor_id: int, active: bool, acting_admin_id: int) -> Advisor:
    """Activate or deactivate an account; an administrator cannot deactivate themself."""
    from videotermin_app.services.auth import end_all_sessions

    advisor = session.get(Advisor, advisor_id)
    if advisor is None:
        raise AdvisorError("Dieses Konto gibt es nicht.")
    if not active and advisor_id == acting_admin_id:
        raise AdvisorError("Sie können Ihr eigenes Konto nicht deaktivieren.")
    advisor.active = active
    session.add(advisor)
    if not active:
        end_all_sessions(session=session, advisor_id=advisor_id)
    return advisor


def reset_password(*, session: Session, advisor_id: int) -> str:
    """Give the account a new generated password (returned once) and end its sessions."""
    from videotermin_app.services.auth import clear_throttle, end_all_sessions

    advisor = session.get(Advisor, advisor_id)
    if advisor is None:
        raise AdvisorError("Dieses Konto gibt es nicht.")
    password = generate_password()
    advisor.password_hash = hash_password(password)
    advisor.failed_logins = 0
    session.add(advisor)
    end_all_sessions(session=session, advisor_id=advisor_id)
    clear_throttle(session=session, email=advisor.email)
    return password
