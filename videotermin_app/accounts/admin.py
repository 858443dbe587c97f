"""What an administrator does to accounts: (de)activate them and reset a password."""

from __future__ import annotations

from sqlmodel import Session

from videotermin_app.accounts.advisors import AdvisorError
from videotermin_app.accounts.auth import clear_throttle, end_all_sessions
from videotermin_app.accounts.passwords import generate_password, hash_password
from videotermin_app.core.i18n import N_
from videotermin_app.core.models import Advisor


def set_active(*, session: Session, advisor_id: int, active: bool, acting_admin_id: int) -> Advisor:
    """Activate or deactivate an account; an administrator cannot deactivate themself."""
    advisor = session.get(Advisor, advisor_id)
    if advisor is None:
        raise AdvisorError(N_("Dieses Konto gibt es nicht."))
    if not active and advisor_id == acting_admin_id:
        raise AdvisorError(N_("Sie können Ihr eigenes Konto nicht deaktivieren."))
    advisor.active = active
    session.add(advisor)
    if not active:
        end_all_sessions(session=session, advisor_id=advisor_id)
    return advisor


def reset_password(*, session: Session, advisor_id: int) -> str:
    """Give the account a new generated password (returned once) and end its sessions."""
    advisor = session.get(Advisor, advisor_id)
    if advisor is None:
        raise AdvisorError(N_("Dieses Konto gibt es nicht."))
    password = generate_password()
    advisor.password_hash = hash_password(password)
    advisor.failed_logins = 0
    session.add(advisor)
    end_all_sessions(session=session, advisor_id=advisor_id)
    clear_throttle(session=session, email=advisor.email)
    return password
