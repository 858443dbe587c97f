"""`/widerruf/{token}`: revoking through the link of a mail, behind a confirmation.

Rules: `load` resolves the token of the URL in the database (`revocation_links.look_up`); an unknown
token (or one whose data the retention already deleted) shows the neutral page, the same as a bad
personal link. `set_dialog` only opens this tab's dialog for a valid, not yet revoked link;
`confirm` resolves the token again and revokes (`withdraw_by_link`), nothing comes from the browser.
"""

from __future__ import annotations

import reflex as rx

from videotermin_app.core import routes
from videotermin_app.core.models import utcnow
from videotermin_app.core.offloop import in_db_thread
from videotermin_app.privacy import revocation_links
from videotermin_app.privacy.state_revocation import after_revocation


class RevokeLinkState(rx.State):
    is_loaded: bool = False
    is_valid: bool = False
    is_revoked: bool = False
    is_dialog_open: bool = False
    _token: str = ""

    @rx.event
    async def load(self) -> None:
        """on_load of `/widerruf/[token]`."""
        self._token = routes.token_from_path(self.router.url.path, routes.REVOKE_PREFIX)
        token = self._token
        link = await in_db_thread(lambda s: revocation_links.look_up(session=s, token=token)) if token else None
        self.is_valid = link is not None
        self.is_revoked = link is not None and link.revoked
        self.is_dialog_open = False
        self.is_loaded = True

    @rx.event
    async def set_dialog(self, is_open: object = False) -> None:
        if self._token and self.is_valid and not self.is_revoked:
            self.is_dialog_open = is_open is True

    @rx.event
    async def confirm(self) -> None:
        self.is_dialog_open = False
        token = self._token
        if not token or not self.is_valid:
            return
        outcome = await in_db_thread(lambda s: revocation_links.withdraw_by_link(session=s, token=token, now=utcnow()))
        if outcome is None:
            self.is_valid = False
            return
        link, done = outcome
        if done is not None:
            await after_revocation(link.participant_id, done.departure)
        self.is_revoked = True
