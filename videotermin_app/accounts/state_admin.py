"""Administrators manage advisor accounts: create, deactivate/activate, reset the password."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from videotermin_app.accounts.admin import reset_password as reset_advisor_password
from videotermin_app.accounts.admin import set_active
from videotermin_app.accounts.advisors import AdvisorError, create_advisor, list_advisors
from videotermin_app.accounts.passwords import generate_password
from videotermin_app.accounts.state_auth import (
    AuthState,
    NotSignedIn,
    advisor_state,
    as_advisor,
    payload_id,
    payload_text,
)
from videotermin_app.core.i18n import _
from videotermin_app.core.labels import ACCOUNT_ROLE_LABELS
from videotermin_app.core.models import Advisor, AdvisorPresence, AdvisorRole
from videotermin_app.core.state_delivery import deliver
from videotermin_app.core.views_typing import bind

MAX_ACCOUNT_FIELD_LENGTH = 320  # name and address of a new account, before normalising


@dataclasses.dataclass
class AccountRow:
    id: int = 0
    name: str = ""
    email: str = ""
    role_label: str = ""
    is_active: bool = True
    is_self: bool = False


def _rows(session: Session, admin: Advisor) -> list[AccountRow]:
    return [
        AccountRow(
            id=a.id or 0,
            name=a.name,
            email=a.email,
            is_active=a.active,
            is_self=a.id == admin.id,
            role_label=ACCOUNT_ROLE_LABELS["admin" if a.role == AdvisorRole.ADMIN else "advisor"],
        )
        for a in list_advisors(session=session)
    ]


@dataclasses.dataclass(frozen=True)
class _Outcome:
    rows: list[AccountRow]
    error: str = ""
    notice: str = ""
    new_password: str = ""
    ended_tab: str = ""  # the workspace tab of an advisor whose sessions just ended


def _workspace_tab(session: Session, advisor_id: int) -> str:
    presence = session.get(AdvisorPresence, advisor_id)
    return presence.client_token if presence is not None else ""


@advisor_state
class AdminState(rx.State):
    is_open: bool = False
    accounts: list[AccountRow] = []
    error: str = ""
    notice: str = ""
    new_password: str = ""  # shown once, right after creating or resetting

    async def _as_admin(self, work: Callable[[Session, Advisor], _Outcome]) -> EventSpec | None:
        """Run `work` for a signed-in administrator (in a worker thread) and show its outcome."""
        self.error = self.notice = self.new_password = ""
        try:
            outcome = await as_advisor(self, work, admin=True)
        except NotSignedIn:
            self.is_open, self.accounts = False, []
            return bind(AuthState.expired)
        self.accounts, self.error, self.notice = outcome.rows, outcome.error, outcome.notice
        self.new_password = outcome.new_password
        if outcome.ended_tab:
            # that tab clears itself at once (and leaves the waiting-area announcements)
            deliver(outcome.ended_tab, AuthState, lambda auth: auth._recheck())
        return None

    @rx.event
    async def toggle(self) -> EventSpec | None:
        spec = await self._as_admin(lambda session, admin: _Outcome(rows=_rows(session, admin)))
        if spec is None:
            self.is_open = not self.is_open
        return spec

    @rx.event
    async def create(self, form_data: dict[str, Any] | None = None) -> EventSpec | None:
        fields = form_data if isinstance(form_data, dict) else {}
        email = payload_text(fields.get("email", ""), MAX_ACCOUNT_FIELD_LENGTH)
        name = payload_text(fields.get("name", ""), MAX_ACCOUNT_FIELD_LENGTH)
        wants_admin = fields.get("admin", "")
        if email is None or name is None or not isinstance(wants_admin, (str, bool)):
            return None  # not sent by our form
        password = generate_password()

        def work(session: Session, admin: Advisor) -> _Outcome:
            # argon2 hashing runs here too, in the worker thread
            try:
                with session.begin_nested():
                    created = create_advisor(
                        session=session, email=email, name=name, password=password, admin=bool(wants_admin)
                    )
            except AdvisorError as exc:
                return _Outcome(rows=_rows(session, admin), error=exc.translated())
            notice = _("Das Konto für {email} ist angelegt.").format(email=created.email)
            return _Outcome(rows=_rows(session, admin), notice=notice, new_password=password)

        return await self._as_admin(work)

    @rx.event
    async def change_active(self, advisor_id: int = 0, active: bool = True) -> EventSpec | None:
        advisor_id = payload_id(advisor_id)
        if not advisor_id or not isinstance(active, bool):
            return None

        def work(session: Session, admin: Advisor) -> _Outcome:
            try:
                changed = set_active(
                    session=session, advisor_id=advisor_id, active=active, acting_admin_id=admin.id or 0
                )
            except AdvisorError as exc:
                return _Outcome(rows=_rows(session, admin), error=exc.translated())
            text = _("Das Konto {email} ist wieder aktiv.") if active else _("Das Konto {email} ist deaktiviert.")
            ended = "" if active else _workspace_tab(session, advisor_id)
            return _Outcome(rows=_rows(session, admin), notice=text.format(email=changed.email), ended_tab=ended)

        return await self._as_admin(work)

    @rx.event
    async def reset_password(self, advisor_id: int = 0) -> EventSpec | None:
        advisor_id = payload_id(advisor_id)
        if not advisor_id:
            return None

        def work(session: Session, admin: Advisor) -> _Outcome:
            try:
                password = reset_advisor_password(session=session, advisor_id=advisor_id)
            except AdvisorError as exc:
                return _Outcome(rows=_rows(session, admin), error=exc.translated())
            target = session.get(Advisor, advisor_id)
            notice = _("Das Passwort von {email} ist zurückgesetzt.").format(email=target.email if target else "")
            ended = _workspace_tab(session, advisor_id)
            return _Outcome(rows=_rows(session, admin), notice=notice, new_password=password, ended_tab=ended)

        return await self._as_admin(work)
