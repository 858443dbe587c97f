"""Sign-in throttles: keyed on the normalised account and the real client address; no lockout of an account."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from tests.unit.conftest import NOW
from videotermin_app.accounts import auth
from videotermin_app.accounts.advisors import MAX_EMAIL_LENGTH, AdvisorError, normalise_email
from videotermin_app.accounts.auth import (
    TOO_MANY,
    WRONG_CREDENTIALS,
    LoginRefused,
    account_key,
    address_key,
    current_advisor,
    delay_for,
    sign_in,
)
from videotermin_app.core.models import Advisor, LoginThrottle

PASSWORD = "sehr-geheim-123"
STRANGER = "203.0.113.66"
OFFICE = "198.51.100.10"
EMAIL = "a.berater@example.org"

# ten spellings of the same account: fullwidth letters, case, spaces, a fullwidth @, compatibility forms
VARIANTS = [
    "ａ.ｂｅｒａｔｅｒ@ｅｘａｍｐｌｅ.ｏｒｇ",
    "A.BERATER@EXAMPLE.ORG",
    "  a.berater@example.org  ",
    "a.berater＠example.org",
    "Ａ.Berater@Example.Org",
    "a.berater@ＥＸＡＭＰＬＥ.org",
    "\ta.berater@example.org\n",
    "a.ｂerater@example.org",
    "A.bErAtEr@eXaMpLe.OrG",
    "ａ．berater@example.org".replace("．", "."),
]


def _fail(session: Session, *, email: str = EMAIL, ip: str = STRANGER, at=NOW) -> LoginRefused:  # type: ignore[no-untyped-def]
    with pytest.raises(LoginRefused) as info:
        sign_in(session=session, email=email, password="falsch-falsch", ip=ip, now=at)
    session.commit()
    return info.value


def test_the_bounds() -> None:
    assert auth.SESSION_IDLE_MINUTES == 60
    assert auth.SESSION_MAX_HOURS == 10
    assert auth.FREE_FAILURES_PER_ACCOUNT == 3
    assert auth.FREE_FAILURES_PER_ADDRESS == 10
    assert auth.FREE_FAILURES_PER_ACCOUNT_ALL_ADDRESSES == 10
    assert auth.MAX_DELAY_SECONDS == 15 * 60
    assert auth.MAX_ACCOUNT_DELAY_SECONDS == 60
    assert auth.FAILURE_MEMORY == timedelta(hours=1)
    assert auth.IPV6_THROTTLE_PREFIX == 64
    assert auth.MAX_PASSWORD_LENGTH == 1024
    assert MAX_EMAIL_LENGTH == 254


def test_every_variant_is_the_same_account_and_the_same_throttle_key() -> None:
    assert {normalise_email(v) for v in VARIANTS} == {EMAIL}
    assert {account_key(v) for v in VARIANTS} == {account_key(EMAIL)}
    # an address that is not valid still gets a folded, bounded key
    assert account_key("ＫＡＰＵＴＴ") == account_key("kaputt") and len(account_key("x" * 5000)) == 64


def test_ten_variants_of_a_locked_address_are_all_refused(session: Session, advisor: Advisor) -> None:
    for _ in range(auth.FREE_FAILURES_PER_ACCOUNT):
        _fail(session)
    for variant in VARIANTS:
        with pytest.raises(LoginRefused) as info:
            sign_in(session=session, email=variant, password=PASSWORD, ip=STRANGER, now=NOW + timedelta(seconds=1))
        assert str(info.value).startswith(TOO_MANY.split("{")[0]) and info.value.retry_after > 0
    # the variants did not count as new failures, and none opened a session
    row = session.exec(select(LoginThrottle).where(LoginThrottle.key.startswith("pair:"))).one()  # type: ignore[attr-defined]
    assert row.failures == auth.FREE_FAILURES_PER_ACCOUNT


def test_variants_do_not_get_their_own_free_guesses(session: Session, advisor: Advisor) -> None:
    for variant in VARIANTS[: auth.FREE_FAILURES_PER_ACCOUNT]:
        assert _fail(session, email=variant).retry_after == 0
    assert _fail(session, email=VARIANTS[5]).retry_after == 2  # refused before any password check


def test_a_stranger_cannot_lock_the_advisor_out(session: Session, advisor: Advisor) -> None:
    moment = NOW
    for index in range(8):  # the stranger waits out every delay and guesses again, with variants
        moment += timedelta(seconds=auth.retry_after(session=session, email=EMAIL, ip=STRANGER, now=moment))
        _fail(session, email=VARIANTS[index], at=moment)
    assert auth.retry_after(session=session, email=EMAIL, ip=STRANGER, now=moment) >= 2**5
    signed = sign_in(session=session, email=VARIANTS[1], password=PASSWORD, ip=OFFICE, now=moment)
    assert signed.advisor.id == advisor.id


def test_the_account_wide_delay_binds_only_addresses_that_failed_for_the_account(
    session: Session, advisor: Advisor
) -> None:
    # many addresses, one guess each: the account gets hot
    addresses = [f"192.0.2.{n}" for n in range(1, auth.FREE_FAILURES_PER_ACCOUNT_ALL_ADDRESSES + 1)]
    for ip in addresses:
        assert _fail(session, ip=ip).retry_after == 0
    # one of them may not guess again right away, even though its own pair count is low
    assert auth.retry_after(session=session, email=EMAIL, ip=addresses[0], now=NOW) == 2
    # the advisor from an address without failures for this account signs in at once
    assert sign_in(session=session, email=EMAIL, password=PASSWORD, ip=OFFICE, now=NOW).advisor.id == advisor.id


def test_the_account_wide_delay_has_a_low_cap() -> None:
    free = auth.FREE_FAILURES_PER_ACCOUNT_ALL_ADDRESSES
    assert delay_for(10_000, free, auth.MAX_ACCOUNT_DELAY_SECONDS) == auth.MAX_ACCOUNT_DELAY_SECONDS
    assert delay_for(10_000, free) == auth.MAX_DELAY_SECONDS


def test_an_ipv6_network_counts_as_one_address() -> None:
    assert address_key("2001:db8:1:2::1") == address_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key("203.0.113.7") == "203.0.113.7"
    assert address_key("") == address_key("kein-ip") == "unknown"


def test_one_ipv6_network_trying_many_accounts_is_slowed_down(session: Session, advisor: Advisor) -> None:
    for index in range(auth.FREE_FAILURES_PER_ADDRESS):
        _fail(session, email=f"person{index}@example.org", ip=f"2001:db8::{index + 1}")
    assert auth.retry_after(session=session, email=EMAIL, ip="2001:db8::ffff", now=NOW) > 0
    assert auth.retry_after(session=session, email=EMAIL, ip="2001:db8:0:1::1", now=NOW) == 0


def test_stale_throttle_rows_are_deleted(session: Session, advisor: Advisor) -> None:
    for index in range(5):
        _fail(session, email=f"weg{index}@example.org", ip=f"192.0.2.{index + 1}")
    later = NOW + auth.FAILURE_MEMORY + timedelta(minutes=1)
    _fail(session, email="neu@example.org", ip=OFFICE, at=later)
    keys = session.exec(select(LoginThrottle.key)).all()
    assert len(keys) == 3  # only the three keys of the newest failure


def test_clear_throttle_forgets_the_account_from_every_address(session: Session, advisor: Advisor) -> None:
    for ip in (STRANGER, OFFICE):
        for _ in range(auth.FREE_FAILURES_PER_ACCOUNT):
            _fail(session, ip=ip)
    auth.clear_throttle(session=session, email=VARIANTS[0])
    session.commit()
    keys = session.exec(select(LoginThrottle.key)).all()
    assert sorted(k.split(":", 1)[0] for k in keys) == ["ip", "ip"]
    assert auth.retry_after(session=session, email=EMAIL, ip=STRANGER, now=NOW) == 0


def test_an_overlong_password_or_address_is_refused_like_a_wrong_one(session: Session, advisor: Advisor) -> None:
    assert str(_fail(session, email=EMAIL + "x" * 300)) == WRONG_CREDENTIALS
    with pytest.raises(LoginRefused, match="nicht richtig"):
        sign_in(session=session, email=EMAIL, password="x" * (auth.MAX_PASSWORD_LENGTH + 1), ip=OFFICE, now=NOW)
    with pytest.raises(AdvisorError):
        normalise_email("a" * 250 + "@example.org")


def test_a_session_ends_after_its_absolute_lifetime_despite_activity(session: Session, advisor: Advisor) -> None:
    token = sign_in(session=session, email=EMAIL, password=PASSWORD, ip=OFFICE, now=NOW).session_token
    step = timedelta(minutes=auth.SESSION_IDLE_MINUTES - 10)
    moment = NOW
    while moment + step < NOW + timedelta(hours=auth.SESSION_MAX_HOURS):
        moment += step
        assert current_advisor(session=session, session_token=token, now=moment) is not None
    end = NOW + timedelta(hours=auth.SESSION_MAX_HOURS, seconds=1)
    assert current_advisor(session=session, session_token=token, now=end) is None
    assert current_advisor(session=session, session_token=token, now=moment) is None  # ended for good


def test_a_check_without_touch_does_not_keep_the_session_alive(session: Session, advisor: Advisor) -> None:
    token = sign_in(session=session, email=EMAIL, password=PASSWORD, ip=OFFICE, now=NOW).session_token
    almost = NOW + timedelta(minutes=auth.SESSION_IDLE_MINUTES - 1)
    assert current_advisor(session=session, session_token=token, now=almost, touch=False) is not None
    idle = NOW + timedelta(minutes=auth.SESSION_IDLE_MINUTES, seconds=1)
    assert current_advisor(session=session, session_token=token, now=idle) is None
