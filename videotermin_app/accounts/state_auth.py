"""Advisor sign-in state: the session cookie, sign-in, sign-out and the server-side role check."""

from __future__ import annotations

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from videotermin_app.accounts.auth import (
    LoginRefused,
    current_advisor,
    sign_in,
    sign_out,
)
from videotermin_app.core import routes
from videotermin_app.core.db import session_scope
from videotermin_app.core.i18n import _
from videotermin_app.core.models import Advisor, AdvisorRole
from videotermin_app.core.views_typing import bind

SESSION_COOKIE = "vt_advisor_session"


class AuthState(rx.State):
    # Only a random token; the database keeps its hash, the advisor id and the last activity.
    session_cookie: str = rx.Cookie("", name=SESSION_COOKIE, same_site="strict")
    advisor_name: str = ""
    is_admin: bool = False
    login_error: str = ""
    login_notice: str = ""
    is_busy: bool = False

    def _advisor_in(self, session: Session, *, admin: bool = False) -> Advisor | None:
        """The signed-in, active advisor (an administrator if `admin`), checked in the database."""
        return current_advisor(session=session, session_token=self.session_cookie, admin=admin)

    @rx.event
    def expired(self) -> EventSpec:
        """Any advisor event whose check failed ends up here: back to the login."""
        self.session_cookie = ""
        self.advisor_name, self.is_admin = "", False
        self.login_notice = _("Bitte melden Sie sich an. Ihre Sitzung ist abgelaufen oder beendet.")
        return rx.redirect(routes.LOGIN)

    @rx.event
    def guard(self) -> EventSpec | None:
        """on_load of every advisor page."""
        with session_scope() as session:
            advisor = self._advisor_in(session)
            if advisor is not None:
                self.advisor_name = advisor.name
                self.is_admin = advisor.role == AdvisorRole.ADMIN
                return None
        return bind(AuthState.expired) if self.session_cookie else rx.redirect(routes.LOGIN)

    @rx.event
    def login_load(self) -> EventSpec | None:
        """on_load of /login: a signed-in advisor goes straight on."""
        self.login_error = ""
        with session_scope() as session:
            if self.session_cookie and self._advisor_in(session) is not None:
                return rx.redirect(routes.ADVISOR)
        return None

    @rx.event
    def login(self, form_data: dict[str, str]) -> EventSpec | None:
        email = str(form_data.get("email", ""))
        password = str(form_data.get("password", ""))
        if not email.strip() or not password:
            self.login_error = _("Bitte geben Sie E-Mail-Adresse und Passwort ein.")
            return None
        ip = self.router.session.client_ip or ""
        try:
            with session_scope() as session:
                try:
                    signed_in = sign_in(session=session, email=email, password=password, ip=ip)
                except LoginRefused as refused:
                    session.commit()  # keep the counted failure
                    self.login_error = refused.translated()
                    return None
                self.session_cookie = signed_in.session_token
                self.advisor_name = signed_in.advisor.name
                self.is_admin = signed_in.advisor.role == AdvisorRole.ADMIN
        except Exception:  # noqa: BLE001 - the database failed: a message, never a traceback
            self.login_error = _("Die Anmeldung ist gerade nicht möglich. Bitte versuchen Sie es später erneut.")
            return None
        self.login_error = self.login_notice = ""
        return rx.redirect(routes.ADVISOR)

    @rx.event
    def logout(self) -> EventSpec:
        with session_scope() as session:
            sign_out(session=session, session_token=self.session_cookie)
        self.session_cookie = ""
        self.advisor_name, self.is_admin = "", False
        self.login_notice = _("Sie sind abgemeldet.")
        return rx.redirect(routes.LOGIN)


async def is_signed_in(state: rx.State, *, admin: bool = False) -> bool:
    """The server-side check for advisor events that touch no data themselves (open a form ...)."""
    cookie = (await state.get_state(AuthState)).session_cookie
    with session_scope() as session:
        return current_advisor(session=session, session_token=cookie, admin=admin) is not None
