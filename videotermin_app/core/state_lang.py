"""The language of a browser tab on the server side.

The browser holds the visitor's choice (`vt_i18n.jsx`: `?lang=`, the **Sprache** combobox, remembered in
localStorage `vt_lang`; the device's memory is the browser's alone). `LanguageMiddleware` sets `i18n`'s
current language before every event, so texts a state produces (`_`, `UserError.translated()`, dates) come
out in the tab's language: what the tab reported through `LangState.choose` (the combobox reports the
language it shows, on the first render and on every change), else `?lang=` of the page's URL, else German.
A page's `on_load` may run before the first report: the report then counts as a change.

When the language changes, `choose` runs the events registered with `on_language_change`, so a feature can
produce its texts again (the personal link's page formats the appointment's date anew).
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.middleware.middleware import Middleware

from videotermin_app.core import i18n

_LISTENERS: list[Any] = []


def on_language_change(event: Any) -> None:
    """Register an event handler (no arguments) that `choose` runs when a tab's language changes."""
    if event not in _LISTENERS:
        _LISTENERS.append(event)


class LangState(rx.State):
    _reported: str = ""
    _reported_at: str = ""  # the page (URL) the report came from

    @rx.event
    def choose(self, code: str = "") -> list[Any] | None:
        """The browser shows `code` now (untrusted: unknown codes mean German)."""
        code = i18n.normalized(code)
        changed = code != self.tab_language()
        self._reported, self._reported_at = code, str(self.router.url)
        return list(_LISTENERS) if changed else None

    def tab_language(self) -> str:
        """The select's report on this page, else this page's `?lang=`, else an earlier report, else German."""
        asked = self.router.url.query_parameters.get("lang", "")
        if self._reported and (self._reported_at == str(self.router.url) or asked not in i18n.LANGUAGES):
            return self._reported
        return i18n.normalized(asked)


class LanguageMiddleware(Middleware):
    async def preprocess(self, app: Any, state: Any, event: Any) -> None:
        try:
            lang_state = await state.get_state(LangState)
            i18n.set_language(lang_state.tab_language())
        except Exception:  # noqa: BLE001 - a state that cannot be read must not stop the event; German then
            i18n.set_language(i18n.DEFAULT_LANGUAGE)
