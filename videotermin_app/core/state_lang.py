"""The language of a browser tab on the server side.

The browser holds the visitor's choice (`vt_i18n.jsx`: `?lang=`, the **Sprache** combobox, remembered in
localStorage `vt_lang`). `LangState.lang` reads that storage when the tab connects (before any `on_load`)
and `LangState.choose` follows a change. `LanguageMiddleware` sets `i18n`'s current language before every
event, so texts a state produces (`_`, `UserError.translated()`) come out in the tab's language.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.middleware.middleware import Middleware

from videotermin_app.core import i18n


class LangState(rx.State):
    lang: str = rx.LocalStorage(i18n.DEFAULT_LANGUAGE, name="vt_lang")

    @rx.event
    def choose(self, code: str = "") -> None:
        """The browser's language changed (or was first read): untrusted, unknown codes mean German."""
        self.lang = i18n.normalized(code)


class LanguageMiddleware(Middleware):
    async def preprocess(self, app: Any, state: Any, event: Any) -> None:
        try:
            lang_state = await state.get_state(LangState)
            i18n.set_language(lang_state.lang)
        except Exception:  # noqa: BLE001 - a state that cannot be read must not stop the event; German then
            i18n.set_language(i18n.DEFAULT_LANGUAGE)
