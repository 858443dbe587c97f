"""The tokens of the "Einwilligung widerrufen" link in every mail to a participant.

Each mail gets a token of its own (192 bits, only its SHA-256 is stored, in `RevocationLink`), apart
from the personal link: it keeps working when the personal link was renewed or expired, for the whole
retention period (the retention purge deletes the rows). Plain Python; the caller owns the transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from videotermin_app.core.models import Participant, RevocationLink
from videotermin_app.core.tokens import hash_token, looks_like_token, new_token


def issue(*, session: Session, participant_id: int, now: datetime) -> str:
    """A new revocation token for the participant (the plain token goes into one mail only)."""
    token, token_hash = new_token()
    session.add(RevocationLink(participant_id=participant_id, token_hash=token_hash, created_at=now))
    session.flush()
    return token


def participant_of(*, session: Session, token: str) -> Participant | None:
    """The participant whose mail carried this revocation token, or None for anything unknown."""
    if not looks_like_token(token):
        return None
    return session.exec(
        select(Participant)
        .join(RevocationLink, col(RevocationLink.participant_id) == Participant.id)
        .where(RevocationLink.token_hash == hash_token(token))
    ).first()
