"""Step 2: the full consent declaration, "Ich stimme zu" and "Ich stimme nicht zu"."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core.settings import get_settings
from videotermin_app.core.views_text import Text, _, current_language, is_german, text_direction
from videotermin_app.ui.layout import support_line
from videotermin_app.wizard.consent_text import DECLINED_TEXT, DECLINED_TITLE, VERSION_LABEL, ConsentText, consent_text
from videotermin_app.wizard.state_consent import ConsentState
from videotermin_app.wizard.state_journey import JourneyState


def _declaration(text: ConsentText, *, translated: bool) -> rx.Component:
    """The declaration in German (`translated=False`, legally binding) or in the visitor's language."""

    def say(source: str, **params: object) -> Text:
        if not translated:
            return source.format(**params) if params else source
        return _(source).format(**params) if params else _(source)

    component: rx.Component = rx.box(
        rx.hstack(
            rx.heading(say(text.title), size="4", as_="h3"),
            rx.badge(
                say(VERSION_LABEL, version=text.version),
                variant="soft",
                color_scheme="gray",
                id="consent-version" if not translated else "consent-version-translated",
            ),
            justify="between",
            align="center",
            width="100%",
            wrap="wrap",
        ),
        *[rx.text(say(p), margin_top="0.75rem") for p in text.intro],
        rx.text(say(text.points_lead), weight="bold", margin_top="0.75rem"),
        rx.ordered_list(
            *[
                rx.list_item(
                    rx.text(say(point.template, **point.params)),
                    rx.unordered_list(*[rx.list_item(say(i)) for i in point.items], padding_inline_start="1.25rem")
                    if point.items
                    else rx.fragment(),
                    margin_bottom="0.5rem",
                )
                for point in text.points
            ],
            padding_inline_start="1.25rem",
            margin_top="0.5rem",
        ),
        *[rx.text(say(p), margin_top="0.75rem", size="2") for p in text.closing],
        id="consent-text" if not translated else "consent-translation",
        lang="de" if not translated else current_language(),
        dir="ltr" if not translated else text_direction(),
        padding=rx.breakpoints(initial="0.75rem", sm="1rem"),
        border=f"1px solid {rx.color('gray', 6)}",
        border_radius="8px",
        background_color=rx.color("gray", 2),
    )
    return component


def _declarations() -> rx.Component:
    """German only; in another language the translation first, then the binding German text beside it."""
    text = consent_text(retention_days=get_settings().retention_days)
    component: rx.Component = rx.cond(
        is_german(),
        _declaration(text, translated=False),
        rx.vstack(
            rx.callout.root(
                rx.callout.text(
                    _(
                        "Rechtlich verbindlich ist der deutsche Text der Einwilligungserklärung. "
                        "Die Übersetzung hilft Ihnen, ihn zu verstehen."
                    )
                ),
                color_scheme="blue",
                width="100%",
                id="consent-binding-note",
            ),
            rx.grid(
                rx.vstack(
                    rx.heading(_("Übersetzung"), size="3", as_="h3"),
                    _declaration(text, translated=True),
                    spacing="2",
                ),
                rx.vstack(
                    rx.heading(_("Deutscher Text (verbindlich)"), size="3", as_="h3"),
                    _declaration(text, translated=False),
                    spacing="2",
                ),
                columns=rx.breakpoints(initial="1", md="2"),
                gap="1rem",
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
    )
    return component


def consent_step() -> rx.Component:
    component: rx.Component = rx.card(
        rx.vstack(
            rx.heading(_("Schritt 2: Geben Sie uns Ihre Zustimmung"), size="5", as_="h2"),
            rx.text(
                _(
                    "Ihre Zustimmung zu den Nutzungsbedingungen (Einwilligungserklärung) ist nötig, damit der "
                    "Videotermin stattfinden kann. Bitte lesen Sie den Text in Ruhe."
                )
            ),
            rx.cond(
                JourneyState.is_consent_outdated,
                rx.callout.root(
                    rx.callout.text(
                        _(
                            "Die Einwilligungserklärung wurde geändert. Bitte lesen Sie die neue Fassung und "
                            "stimmen Sie erneut zu, bevor Sie den Beratungsraum betreten."
                        )
                    ),
                    color_scheme="blue",
                    role="status",
                    width="100%",
                    id="consent-outdated",
                ),
            ),
            _declarations(),
            rx.flex(
                rx.button(_("Ich stimme zu"), size="3", on_click=ConsentState.agree),
                rx.button(
                    _("Ich stimme nicht zu"),
                    size="3",
                    variant="outline",
                    color_scheme="gray",
                    on_click=ConsentState.decline,
                ),
                gap="0.75rem",
                wrap="wrap",
                width="100%",
            ),
            rx.cond(
                JourneyState.is_declined,
                rx.callout.root(
                    rx.callout.text(rx.text.strong(_(DECLINED_TITLE))),
                    rx.callout.text(_(DECLINED_TEXT)),
                    rx.callout.text(support_line()),
                    color_scheme="amber",
                    role="status",
                    width="100%",
                    id="consent-declined",
                ),
            ),
            rx.box(
                rx.heading(_("Gut zu wissen"), size="3", as_="h3"),
                rx.unordered_list(
                    rx.list_item(
                        _(
                            "Ihre Zugangsdaten werden temporär ausschließlich auf Servern der Bundesagentur "
                            "für Arbeit gespeichert und nicht an Dritte weitergegeben."
                        )
                    ),
                    rx.list_item(
                        _(
                            "Das Videogespräch wird weder aufgezeichnet noch gespeichert. Selbstverständlich "
                            "dürfen Sie es auch nicht aufzeichnen oder speichern."
                        )
                    ),
                    padding_inline_start="1.25rem",
                    size="2",
                ),
            ),
            spacing="4",
            width="100%",
        ),
        width="100%",
    )
    return component
