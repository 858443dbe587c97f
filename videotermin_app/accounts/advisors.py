"""Advisor accounts: address normalisation, creation, lookup (passwords in passwords.py, admin in admin.py)."""

from __future__ import annotations

import unicodedata

from email_validator import EmailNotValidError, validate_email
from sqlmodel import Session, select

from videotermin_app.accounts.passwords import hash_password
from videotermin_app.core.i18n import N_, UserError
from videotermin_app.core.models import Advisor, AdvisorRole

MIN_PASSWORD_LENGTH = 10


class AdvisorError(UserError, ValueError):
    """Input that cannot become an advisor account; the message is a marked German text, user-safe."""


MAX_EMAIL_LENGTH = 254  # RFC 5321; anything longer is refused before it is parsed


def fold_address(raw: str) -> str:
    """Unicode NFKC, case folded, stripped: `ＢＥＲＡＴＥＲＩＮ@example.org` and `beraterin@example.org` agree."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", raw).casefold())
    return folded.strip()


def normalise_email(raw: str) -> str:
    """The one spelling of an address: stored with the account, used for look-ups and the sign-in throttle."""
    folded = fold_address(raw)
    if len(folded) > MAX_EMAIL_LENGTH:
        raise AdvisorError(N_("Die E-Mail-Adresse „{email}“ ist ungültig."), email=folded[:60] + "…")
    try:
        return fold_address(validate_email(folded, check_deliverability=False).normalized)
    except EmailNotValidError:
        raise AdvisorError(N_("Die E-Mail-Adresse „{email}“ ist ungültig."), email=folded) from None


def create_advisor(*, session: Session, email: str, name: str, password: str, admin: bool = False) -> Advisor:
    address = normalise_email(email)
    name = name.strip()
    if not name:
        raise AdvisorError(N_("Bitte geben Sie einen Namen an."))
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AdvisorError(N_("Das Passwort muss mindestens {length} Zeichen lang sein."), length=MIN_PASSWORD_LENGTH)
    if session.exec(select(Advisor).where(Advisor.email == address)).first():
        raise AdvisorError(N_("Es gibt bereits ein Konto für {address}."), address=address)
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
