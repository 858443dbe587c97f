"""Texts on screens, translated in the browser.

Reflex compiles every page to JavaScript once, for every visitor; so a screen's text cannot be a
Python string in the visitor's language. `_("<German source>")` here returns a string Var whose
JavaScript is `vtT(vtLang, "<German source>")`: `vtLang` is the browser's language state
(`vt_i18n.jsx`, a React hook every component using a text subscribes to) and `vtT` looks the source
up in that language's catalogue (`/i18n/<lang>.json`, loaded on demand; German needs none).
`_(some_var)` translates a German source text held in a state var the same way.
`_("Schritt {n}: ").format(n=number)` fills `{name}` placeholders after translating (values may be Vars).
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import reflex as rx
from reflex.event import EventHandler, passthrough_event_spec
from reflex.vars.base import VarData
from reflex.vars.sequence import StringVar
from reflex_base.utils.imports import ImportVar

from videotermin_app.core import i18n
from videotermin_app.core.state_lang import LangState

# A text argument of a view helper: a German literal or a translated text.
Text = str | rx.Var[str]

LIBRARY = rx.asset("vt_i18n.jsx", shared=True).importable_path
_HOOK = "const vtLang = useVtLang();"


def _var_data(*others: VarData | None) -> VarData | None:
    own = VarData(
        imports={LIBRARY: [ImportVar(tag="useVtLang"), ImportVar(tag="vtT"), ImportVar(tag="vtF")]},
        hooks={_HOOK: None},
    )
    return VarData.merge(own, *others)


@dataclasses.dataclass(eq=False, frozen=True, slots=True)
class TextVar(StringVar[str]):
    """A translated text; `.format(**values)` fills `{name}` placeholders in the browser."""

    def format(self, **values: Any) -> StringVar[str]:
        parts = []
        datas: list[VarData | None] = [self._get_all_var_data()]
        for name, value in values.items():
            var = rx.Var.create(value)
            datas.append(var._get_all_var_data())
            parts.append(f"{json.dumps(name)}: {var!s}")
        return rx.Var(
            _js_expr=f"vtF({self!s}, {{{', '.join(parts)}}})", _var_type=str, _var_data=VarData.merge(*datas)
        ).to(str)


def _(message: str | rx.Var[str]) -> TextVar:
    source = rx.Var.create(message)
    return TextVar(_js_expr=f"vtT(vtLang, {source!s})", _var_type=str, _var_data=_var_data(source._get_all_var_data()))


def N_(message: str) -> str:
    return i18n.N_(message)


class LanguageSelect(rx.Component):
    library = LIBRARY
    tag = "LanguageSelect"

    languages: rx.Var[list[str]]
    names: rx.Var[dict[str, str]]
    label: rx.Var[str]
    id: rx.Var[str]

    # Reflex's event-trigger idiom, read at runtime (see views_media_check.py for the ignore).
    on_choose: EventHandler[passthrough_event_spec(str)]  # type: ignore[type-arg, valid-type]


def current_language() -> rx.Var[str]:
    """The browser's language code ("de", "en", …) as a Var, for `rx.cond` and `lang` attributes."""
    return rx.Var(_js_expr="vtLang.lang", _var_type=str, _var_data=_var_data()).to(str)


def text_direction() -> rx.Var[str]:
    return rx.Var(
        _js_expr=f"({json.dumps(sorted(i18n.RTL_LANGUAGES))}.includes(vtLang.lang) ? 'rtl' : 'ltr')",
        _var_type=str,
        _var_data=_var_data(),
    ).to(str)


def is_german() -> rx.Var[bool]:
    return rx.Var(_js_expr="(vtLang.lang === 'de')", _var_type=bool, _var_data=_var_data()).to(bool)


def language_select(languages: tuple[str, ...] = i18n.LANGUAGES, *, id_: str = "vt-language") -> rx.Component:
    """The **Sprache** combobox: each language under its own name; tells `LangState` the tab's language."""
    component: rx.Component = LanguageSelect.create(
        languages=list(languages),
        names={code: i18n.LANGUAGE_NAMES[code] for code in languages},
        label="Sprache",
        id=id_,
        on_choose=LangState.choose,
    )
    return component
