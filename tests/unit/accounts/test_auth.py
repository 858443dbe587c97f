"""Advisor sign-in: neutral refusals, throttling per account and address, sessions and their end."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from tests.unit.conftest import NOW
from videotermin_app.accounts import auth
from videotermin_app.accounts.admin import reset_password, set_active
from videotermin_app.accounts.advisors import create_advisor
from videotermin_app.accounts.auth import (
    FREE_FAILURES_PER_ACCOUNT,
    SESSION_IDLE_MINUTES,
    WRONG_CREDENTIALS,
    LoginRefused,
    current_advisor,
    delay_for,
    sign_in,
    sign_out,
)
from videotermin_app.core.models import Advisor, AdvisorSession

PASSWORD = "sehr-geheim-123"
IP = "203.0.113.7"


def _fail(session: Session, email: str = "a.berater@example.org", ip: str = IP, at=NOW) -> LoginRefused:  # type: ignore[no-untyped-def]
    with pytest.raises(LoginRefused) as info:
        sign_in(session=session, email=email, password="falsch-falsch", ip=ip, now=at)
    session.commit()
    return info.value


def test_sign_in_opens_a_session_that_stores_only_a_hash(session: Session, advisor: Advisor) -> None:
    signed = sign_in(session=session, email=" A.Berater@Example.org ", password=PASSWORD, ip=IP, now=NOW)
    session.commit()
    stored = session.exec(select(AdvisorSession)).one()
    assert stored.token_hash != signed.session_token and signed.session_token not in stored.model_dump_json()
    assert current_advisor(session=session, session_token=signed.session_token, now=NOW).id == advisor.id  # type: ignore[union-attr]


def test_wrong_password_and_unknown_account_get_the_same_message(session: Session, advisor: Advisor) -> None:
    assert str(_fail(session)) == WRONG_CREDENTIALS
    assert str(_fail(session, email="niemand@example.org")) == WRONG_CREDENTIALS
    assert str(_fail(session, email="kaputt")) == WRONG_CREDENTIALS


def test_repeated_failures_slow_down_the_account(session: Session, advisor: Advisor) -> None:
    for _ in range(FREE_FAILURES_PER_ACCOUNT):
        assert _fail(session).retry_after == 0
    # the next try right away is refused without checking the password, even the right one
    with pytest.raises(LoginRefused, match=r"Zu viele Versuche\. Bitte warten Sie 2 Sekunden\.") as info:
        sign_in(session=session, email=advisor.email, password=PASSWORD, ip=IP, now=NOW)
    assert info.value.retry_after == 2
    # after the wait it works, and success forgets the account's failures
    later = NOW + timedelta(seconds=2)
    sign_in(session=session, email=advisor.email, password=PASSWORD, ip=IP, now=later)
    session.commit()
    assert auth.retry_after(session=session, email=advisor.email, ip="198.51.100.1", now=later) == 0


def test_the_delay_doubles_and_is_capped() -> None:
    free = FREE_FAILURES_PER_ACCOUNT
    assert [delay_for(n, free) for n in range(free + 4)] == [0] * free + [2, 4, 8, 16]
    assert delay_for(100, free) == auth.MAX_DELAY_SECONDS


def test_one_address_trying_many_accounts_is_slowed_down(session: Session, advisor: Advisor) -> None:
    for index in range(auth.FREE_FAILURES_PER_ADDRESS):
        _fail(session, email=f"person{index}@example.org")
    with pytest.raises(LoginRefused, match="Zu viele Versuche"):
        sign_in(session=session, email=advisor.email, password=PASSWORD, ip=IP, now=NOW)
    # the same account from another address is still fine
    sign_in(session=session, email=advisor.email, password=PASSWORD, ip="198.51.100.1", now=NOW)


def test_old_failures_are_forgotten(session: Session, advisor: Advisor) -> None:
    for _ in range(FREE_FAILURES_PER_ACCOUNT + 3):
        _fail(session, at=NOW)
    later = NOW + auth.FAILURE_MEMORY + timedelta(seconds=1)
    assert auth.retry_after(session=session, email=advisor.email, ip=IP, now=later) == 0


def test_session_ends_after_inactivity_but_activity_keeps_it(session: Session, advisor: Advisor) -> None:
    token = sign_in(session=session, email=advisor.email, password=PASSWORD, ip=IP, now=NOW).session_token
    step = timedelta(minutes=SESSION_IDLE_MINUTES - 1)
    assert current_advisor(session=session, session_token=token, now=NOW + step) is not None
    assert current_advisor(session=session, session_token=token, now=NOW + 2 * step) is not None
    idle = NOW + 2 * step + timedelta(minutes=SESSION_IDLE_MINUTES, seconds=1)
    assert current_advisor(session=session, session_token=token, now=idle) is None
    # once ended it stays ended
    assert current_advisor(session=session, session_token=token, now=NOW + 2 * step) is None


def test_sign_out_ends_the_session(session: Session, advisor: Advisor) -> None:
    token = sign_in(session=session, email=advisor.email, password=PASSWORD, ip=IP, now=NOW).session_token
    sign_out(session=session, session_token=token, now=NOW)
    assert current_advisor(session=session, session_token=token, now=NOW) is None


@pytest.mark.parametrize("token", ["", "x", "a" * 32, "'; DROP TABLE advisor; --"])
def test_unknown_or_malformed_session_tokens_are_nobody(session: Session, advisor: Advisor, token: str) -> None:
    assert current_advisor(session=session, session_token=token, now=NOW) is None


def test_deactivated_account_cannot_sign_in_and_loses_its_sessions(session: Session, advisor: Advisor) -> None:
    admin = create_advisor(session=session, email="chef@example.org", name="Chef", password=PASSWORD, admin=True)
    token = sign_in(session=session, email=advisor.email, password=PASSWORD, ip=IP, now=NOW).session_token
    set_active(session=session, advisor_id=advisor.id or 0, active=False, acting_admin_id=admin.id or 0)
    session.commit()
    assert current_advisor(session=session, session_token=token) is None
    with pytest.raises(LoginRefused, match="nicht richtig"):
        sign_in(session=session, email=advisor.email, password=PASSWORD, ip="198.51.100.2", now=NOW)


def test_an_admin_cannot_deactivate_themself(session: Session) -> None:
    from videotermin_app.accounts.advisors import AdvisorError

    admin = create_advisor(session=session, email="chef@example.org", name="Chef", password=PASSWORD, admin=True)
    with pytest.raises(AdvisorError):
        set_active(session=session, advisor_id=admin.id or 0, active=False, acting_admin_id=admin.id or 0)


def test_reset_password_ends_sessions_and_only_the_new_password_works(session: Session, advisor: Advisor) -> None:
    token = sign_in(session=session, email=advisor.email, password=PASSWORD, ip=IP, now=NOW).session_token
    new_password = reset_password(session=session, advisor_id=advisor.id or 0)
    assert current_advisor(session=session, session_token=token) is None
    with pytest.raises(LoginRefused):
        sign_in(session=session, email=advisor.email, password=PASSWORD, ip=IP, now=NOW)
    assert sign_in(session=session, email=advisor.email, password=new_password, ip=IP, now=NOW).advisor.id == advisor.id


def test_admin_role_is_checked(session: Session, advisor: Advisor) -> None:
    create_advisor(session=session, email="chef@example.org", name="Chef", password=PASSWORD, admin=True)
    plain = sign_in(session=session, email=advisor.email, password=PASSWORD, ip=IP, now=NOW).session_token
    boss = sign_in(session=session, email="chef@example.org", password=PASSWORD, ip=IP, now=NOW).session_token
    assert current_advisor(session=session, session_token=plain, now=NOW, admin=True) is None
    assert current_advisor(session=session, session_token=plain, now=NOW) is not None
    assert current_advisor(session=session, session_token=boss, now=NOW, admin=True) is not None
