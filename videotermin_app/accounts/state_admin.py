"""Administrators manage advisor accounts: create, deactivate/activate, reset the password."""

from __future__ import annotations

import dataclasses

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from videotermin_app.accounts.admin import reset_password as reset_advisor_password
from videotermin_app.accounts.admin import set_active
from videotermin_app.accounts.advisors import AdvisorError, create_advisor, list_advisors
from videotermin_app.accounts.auth import current_advisor
from videotermin_app.accounts.passwords import generate_password
from videotermin_app.accounts.state_auth import AuthState
from videotermin_app.core.db import session_scope
from videotermin_app.core.i18n import _
from videotermin_app.core.labels import ACCOUNT_ROLE_LABELS
from videotermin_app.core.models import Advisor, AdvisorRole
from videotermin_app.core.views_typing import bind


@dataclasses.dataclass
class AccountRow:
    id: int = 0
    name: str = ""
    email: str = ""
    role_label: str = ""
    is_active: bool = True
    is_self: bool = False


class AdminState(rx.State):
    is_open: bool = False
    accounts: list[AccountRow] = []
    error: str = ""
    notice: str = ""
    new_password: str = ""  # shown once, right after creating or resetting

    async def _admin(self, session: Session) -> Advisor | None:
        cookie = (await self.get_state(AuthState)).session_cookie
        return current_advisor(session=session, session_token=cookie, admin=True)

    def _load(self, session: Session, admin: Advisor) -> None:
        self.accounts = [
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

    @rx.event
    async def toggle(self) -> EventSpec | None:
        with session_scope() as session:
            admin = await self._admin(session)
            if admin is None:
                self.is_open = False
                return bind(AuthState.expired)
            self.is_open = not self.is_open
            self.error = self.notice = self.new_password = ""
            self._load(session, admin)
        return None

    @rx.event
    async def create(self, form_data: dict[str, str]) -> EventSpec | None:
        self.error = self.notice = self.new_password = ""
        password = generate_password()
        with session_scope() as session:
            admin = await self._admin(session)
            if admin is None:
                return bind(AuthState.expired)
            try:
                with session.begin_nested():
                    created = create_advisor(
                        session=session,
                        email=str(form_data.get("email", "")),
                        name=str(form_data.get("name", "")),
                        password=password,
                        admin=bool(form_data.get("admin")),
                    )
            except AdvisorError as exc:
                self.error = exc.translated()
                return None
            self.notice = _("Das Konto für {email} ist angelegt.").format(email=created.email)
            self.new_password = password
            self._load(session, admin)
        return None

    @rx.event
    async def change_active(self, advisor_id: int, active: bool) -> EventSpec | None:
        self.error = self.notice = self.new_password = ""
        with session_scope() as session:
            admin = await self._admin(session)
            if admin is None:
                return bind(AuthState.expired)
            try:
                changed = set_active(
                    session=session, advisor_id=advisor_id, active=active, acting_admin_id=admin.id or 0
                )
            except AdvisorError as exc:
                self.error = exc.translated()
                return None
            text = _("Das Konto {email} ist wieder aktiv.") if active else _("Das Konto {email} ist deaktiviert.")
            self.notice = text.format(email=changed.email)
            self._load(session, admin)
        return None

    @rx.event
    async def reset_password(self, advisor_id: int) -> EventSpec | None:
        self.error = self.notice = self.new_password = ""
        with session_scope() as session:
            admin = await self._admin(session)
            if admin is None:
                return bind(AuthState.expired)
            try:
                password = reset_advisor_password(session=session, advisor_id=advisor_id)
            except AdvisorError as exc:
                self.error = exc.translated()
                return None
            target = session.get(Advisor, advisor_id)
            self.notice = _("Das Passwort von {email} ist zurückgesetzt.").format(email=target.email if target else "")
            self.new_password = password
            self._load(session, admin)
        return None
