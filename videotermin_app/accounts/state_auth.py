"""Advisor sign-in state: the session cookie, sign-in, sign-out and the server-side check of every advisor event.

Every advisor event re-derives who calls from the session in the database (`as_advisor`), never
from what the browser says. Signing out, an expired session and a deactivated account clear every
advisor state of the tab at once (the states registered with `@advisor_state`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from videotermin_app.accounts.advisors import MAX_EMAIL_LENGTH
from videotermin_app.accounts.auth import (
    MAX_PASSWORD_LENGTH,
    SESSION_MAX_HOURS,
    LoginRefused,
    current_advisor,
    sign_in,
    sign_out,
)
from videotermin_app.core import routes
from videotermin_app.core.db import session_scope
from videotermin_app.core.i18n import _
from videotermin_app.core.models import Advisor, AdvisorRole
from videotermin_app.core.offloop import in_db_thread
from videotermin_app.core.settings import get_settings
from videotermin_app.core.state_request import request_client_ip
from videotermin_app.core.views_typing import bind

SESSION_COOKIE = "vt_advisor_session"
MAX_LOGIN_EMAIL_INPUT = 4 * MAX_EMAIL_LENGTH  # room for spaces and fullwidth letters before normalising

T = TypeVar("T")
S = TypeVar("S", bound=type[rx.State])

# The states that hold an advisor's data in a tab; sign-out, expiry and deactivation reset them all.
_ADVISOR_STATES: list[type[rx.State]] = []


def advisor_state(cls: S) -> S:
    """Class decorator: this state shows advisor data and is cleared when the advisor's session ends.

    A state may define `async def _signed_out(self)` for more than resetting its vars (presence, call).
    """
    if cls not in _ADVISOR_STATES:
        _ADVISOR_STATES.append(cls)
    return cls


MAX_ID = 2**31 - 1  # database ids are 32-bit; anything else is not one of ours


def payload_id(value: object) -> int:
    """A database id sent by the browser: a positive int (no bool, no text), else 0 (refused)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ID:
        return 0
    return value


def payload_text(value: object, max_length: int) -> str | None:
    """A text field sent by the browser: a str of at most `max_length` characters, else None (refused)."""
    if not isinstance(value, str) or len(value) > max_length:
        return None
    return value


class NotSignedIn(Exception):
    """The caller holds no valid advisor session (or no administrator's, where one is needed)."""


_REFUSED = object()


class AuthState(rx.State):
    # Only a random token; the database keeps its hash, the advisor id and the last activity.
    # `Secure` when the public URL is https; the browser forgets it after the session's absolute lifetime.
    session_cookie: str = rx.Cookie(
        "",
        name=SESSION_COOKIE,
        same_site="strict",
        secure=True if get_settings().is_https else None,
        max_age=SESSION_MAX_HOURS * 3600,
    )
    advisor_name: str = ""
    is_admin: bool = False
    login_error: str = ""
    login_notice: str = ""
    is_busy: bool = False

    def _advisor_in(self, session: Session, *, admin: bool = False, touch: bool = True) -> Advisor | None:
        """The signed-in, active advisor (an administrator if `admin`), checked in the database."""
        return current_advisor(session=session, session_token=self.session_cookie, admin=admin, touch=touch)

    async def _clear_tab(self, notice: str) -> None:
        """The session is over: forget it and every advisor state of this tab (and the tab's presence)."""
        self.session_cookie = ""
        self.advisor_name, self.is_admin, self.is_busy, self.login_error = "", False, False, ""
        self.login_notice = notice
        for cls in _ADVISOR_STATES:
            target = await self.get_state(cls)
            hook = getattr(target, "_signed_out", None)
            if hook is not None:
                await hook()
            target.reset()  # type: ignore[no-untyped-call]  # Reflex's reset is unannotated

    async def _recheck(self) -> None:
        """Delivered to the workspace tab of an advisor whose account was deactivated or reset."""
        cookie = self.session_cookie
        if not cookie:
            return
        valid = await in_db_thread(
            lambda session: current_advisor(session=session, session_token=cookie, touch=False) is not None
        )
        if not valid:
            await self._clear_tab(_("Bitte melden Sie sich an. Ihre Sitzung ist abgelaufen oder beendet."))

    @rx.event
    async def expired(self) -> EventSpec:
        """Any advisor event whose check failed ends up here: everything cleared, back to the login."""
        await self._clear_tab(_("Bitte melden Sie sich an. Ihre Sitzung ist abgelaufen oder beendet."))
        return rx.redirect(routes.LOGIN)

    @rx.event
    async def guard(self) -> EventSpec | None:
        """on_load of every advisor page."""
        cookie = self.session_cookie
        found = await in_db_thread(
            lambda session: _name_and_role(current_advisor(session=session, session_token=cookie))
        )
        if found is not None:
            self.advisor_name, self.is_admin = found
            return None
        return bind(AuthState.expired) if cookie else rx.redirect(routes.LOGIN)

    @rx.event
    async def login_load(self) -> EventSpec | None:
        """on_load of /login: a signed-in advisor goes straight on."""
        self.login_error = ""
        cookie = self.session_cookie
        if not cookie:
            return None
        signed_in: bool = await in_db_thread(
            lambda session: current_advisor(session=session, session_token=cookie) is not None
        )
        return rx.redirect(routes.ADVISOR) if signed_in else None

    @rx.event
    async def login(self, form_data: dict[str, Any] | None = None) -> EventSpec | None:
        fields = form_data if isinstance(form_data, dict) else {}
        email, password = fields.get("email", ""), fields.get("password", "")
        if not isinstance(email, str) or not isinstance(password, str):
            return None  # not sent by our form
        if not email.strip() or not password:
            self.login_error = _("Bitte geben Sie E-Mail-Adresse und Passwort ein.")
            return None
        if len(email) > MAX_LOGIN_EMAIL_INPUT or len(password) > MAX_PASSWORD_LENGTH:
            self.login_error = _("E-Mail-Adresse oder Passwort ist nicht richtig.")
            return None
        ip = request_client_ip(self)
        try:
            outcome = await asyncio.to_thread(_sign_in_in_thread, email, password, ip)
        except Exception:  # noqa: BLE001 - the database failed: a message, never a traceback
            self.login_error = _("Die Anmeldung ist gerade nicht möglich. Bitte versuchen Sie es später erneut.")
            return None
        if isinstance(outcome, LoginRefused):
            self.login_error = outcome.translated()
            return None
        self.session_cookie, self.advisor_name, self.is_admin = outcome
        self.login_error = self.login_notice = ""
        return rx.redirect(routes.ADVISOR)

    @rx.event
    async def logout(self) -> EventSpec:
        cookie = self.session_cookie
        await in_db_thread(lambda session: sign_out(session=session, session_token=cookie))
        await self._clear_tab(_("Sie sind abgemeldet."))
        return rx.redirect(routes.LOGIN)


def _name_and_role(advisor: Advisor | None) -> tuple[str, bool] | None:
    return None if advisor is None else (advisor.name, advisor.role == AdvisorRole.ADMIN)


def _sign_in_in_thread(email: str, password: str, ip: str) -> tuple[str, str, bool] | LoginRefused:
    """argon2 and the database, in a worker thread; a refusal keeps its counted failure (committed)."""
    with session_scope() as session:
        try:
            signed_in = sign_in(session=session, email=email, password=password, ip=ip)
        except LoginRefused as refused:
            return refused
        return signed_in.session_token, signed_in.advisor.name, signed_in.advisor.role == AdvisorRole.ADMIN


async def as_advisor(
    state: rx.State,
    work: Callable[[Session, Advisor], T],
    *,
    admin: bool = False,
    touch: bool = True,
) -> T:
    """Check the tab's session (and the administrator role if `admin`) and run `work` in one transaction.

    Runs in a worker thread, off the event loop. Raises NotSignedIn (after committing that an
    expired session ended) when nobody valid calls. `touch=False` for work the advisor did not ask
    for (a delivery): it does not keep the session alive. A background event reads the cookie
    inside `async with self` and calls `as_advisor_with` instead.
    """
    cookie = (await state.get_state(AuthState)).session_cookie
    return await as_advisor_with(cookie, work, admin=admin, touch=touch)


async def as_advisor_with(
    cookie: str,
    work: Callable[[Session, Advisor], T],
    *,
    admin: bool = False,
    touch: bool = True,
) -> T:
    """`as_advisor` for a session cookie already read."""

    def run(session: Session) -> object:
        advisor = current_advisor(session=session, session_token=cookie, admin=admin, touch=touch)
        return _REFUSED if advisor is None else work(session, advisor)

    result = await in_db_thread(run)
    if result is _REFUSED:
        raise NotSignedIn
    return result  # type: ignore[return-value]


async def session_cookie_of(state: rx.State) -> str:
    return (await state.get_state(AuthState)).session_cookie


async def is_signed_in(state: rx.State, *, admin: bool = False) -> bool:
    """The server-side check for advisor events that touch no data themselves (open a form ...)."""
    try:
        await as_advisor(state, lambda _session, _advisor: None, admin=admin)
    except NotSignedIn:
        return False
    return True
