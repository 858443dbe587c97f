"""Sign-in from a script: after an address is locked by wrong passwords, spellings of the same address
(upper case, spaces, fullwidth and other NFKC variants) get no extra guesses, and the real advisor,
coming from another client address, still signs in.

The client addresses come from `X-Forwarded-For` on the socket's handshake; the app trusts one proxy
hop (`VT_TRUSTED_PROXIES=1`, set by the attack suite's server)."""

from __future__ import annotations

import uuid

from sqlmodel import select

from tests.attack_client import Tab
from tests.journeys.seed import ADVISOR_PASSWORD
from tests.journeys.server import AppServer
from tests.support import session_for
from videotermin_app.accounts.advisors import create_advisor
from videotermin_app.accounts.auth import WRONG_CREDENTIALS
from videotermin_app.accounts.state_auth import AuthState
from videotermin_app.core.i18n import _
from videotermin_app.core.models import Advisor, AdvisorSession, LoginThrottle

ATTACKER_ADDRESS = "198.51.100.23"  # a stranger's address of its own, not the one the other attacks used
ADVISOR_OWN_ADDRESS = "192.0.2.77"  # the real advisor's office
MAX_TRIES_TO_LOCK = 8
WRONG_PASSWORD = "falsch-falsch-falsch"


def fullwidth(text: str) -> str:
    """ASCII letters, digits and signs as their fullwidth forms (NFKC folds them back)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def math_sans(text: str) -> str:
    """Lower-case letters as MATHEMATICAL SANS-SERIF letters (NFKC folds them back)."""
    return "".join(chr(0x1D5BA + ord(c) - ord("a")) if "a" <= c <= "z" else c for c in text)


def variants(address: str) -> list[str]:
    local, domain = address.split("@")
    return [
        address.upper(),
        f"  {address}  ",
        f"\t{address}\n",
        local.capitalize() + "@" + domain.title(),
        fullwidth(local) + "@" + domain,
        fullwidth(address),
        local + "@" + fullwidth(domain),
        fullwidth(local[0]) + local[1:] + "@" + domain,
        math_sans(local) + "@" + domain,
        f"\u00a0{address.upper()}\u00a0",
    ]


class SignInPage:
    """The login form, spoken to over a socket: one attempt, then what the server answered."""

    def __init__(self, server: AppServer, address: str) -> None:
        self.tab = Tab(server.base_url, path="/login", forwarded_for=address).connect()

    def attempt(self, email: str, password: str) -> tuple[bool, str]:
        """(signed in?, the error shown) for one sign-in."""
        self.tab.take()
        self.tab.send(AuthState, "login", {"form_data": {"email": email, "password": password}})
        self.tab.sync()
        signed_in = bool(self.tab.value(AuthState, "session_cookie")) or any(
            "/advisor" in str(event) for event in self.tab.frontend_events()
        )
        return signed_in, str(self.tab.value(AuthState, "login_error", "") or "")

    def close(self) -> None:
        self.tab.close()


def forget_failed_sign_ins(server: AppServer) -> None:
    """Start as after an hour of quiet: the suite's other attacks sent failed sign-ins too (all from
    127.0.0.1 while `VT_TRUSTED_PROXIES` is not honoured)."""
    with session_for(server.database_url) as session:
        for row in session.exec(select(LoginThrottle)).all():
            session.delete(row)
        session.commit()


def counted_failures(server: AppServer, email: str) -> int:
    with session_for(server.database_url) as session:
        return session.exec(select(Advisor).where(Advisor.email == email)).one().failed_logins


def sessions_of(server: AppServer, email: str) -> int:
    with session_for(server.database_url) as session:
        advisor = session.exec(select(Advisor).where(Advisor.email == email)).one()
        return len(session.exec(select(AdvisorSession).where(AdvisorSession.advisor_id == advisor.id)).all())


def test_variants_of_a_locked_address_get_no_extra_guesses_and_the_advisor_still_signs_in(
    attack_server: AppServer,
) -> None:
    email = f"gesperrt-{uuid.uuid4().hex[:6]}@example.org"
    with session_for(attack_server.database_url) as session:
        create_advisor(session=session, email=email, name="Gesa Gesperrt", password=ADVISOR_PASSWORD)
        session.commit()
    forget_failed_sign_ins(attack_server)
    wrong = _(WRONG_CREDENTIALS)
    attacker = SignInPage(attack_server, ATTACKER_ADDRESS)
    try:
        # lock the real address with wrong passwords
        answers = []
        for _try in range(MAX_TRIES_TO_LOCK):
            signed_in, error = attacker.attempt(email, WRONG_PASSWORD)
            assert not signed_in, "a wrong password signed in"
            answers.append(error)
            if error != wrong:
                break
        assert answers[-1] != wrong, f"{MAX_TRIES_TO_LOCK} wrong passwords and still no throttle: {answers}"
        guesses = counted_failures(attack_server, email)

        # ten spellings of the same address, each with a wrong password: no sign-in, no fresh guesses
        free = []
        for variant in variants(email):
            signed_in, error = attacker.attempt(variant, WRONG_PASSWORD)
            assert not signed_in, f"{variant!r} signed in with a wrong password"
            if error == wrong or not error:
                free.append(variant)
        assert not free, f"these spellings of the locked {email} got a free guess: {free}"
        assert counted_failures(attack_server, email) == guesses, (
            f"the password of {email} was checked again {counted_failures(attack_server, email) - guesses} "
            "times for spellings of the locked address"
        )

        # even the right password does not get through the attacker's lock under another spelling
        through = [v for v in variants(email) if attacker.attempt(v, ADVISOR_PASSWORD)[0]]
        assert not through, f"while {email} is locked for this address, these spellings signed in: {through}"
        assert sessions_of(attack_server, email) == 0
    finally:
        attacker.close()

    # the real advisor, from the office's own address, is not locked out by the stranger
    advisor = SignInPage(attack_server, ADVISOR_OWN_ADDRESS)
    try:
        signed_in, error = advisor.attempt(email, ADVISOR_PASSWORD)
    finally:
        advisor.close()
    assert signed_in and not error, f"the real advisor could not sign in from another address: {error!r}"
    assert sessions_of(attack_server, email) == 1
