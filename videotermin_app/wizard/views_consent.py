"""Step 2: the full consent declaration, "Ich stimme zu" and "Ich stimme nicht zu"."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core.i18n import _
from videotermin_app.core.settings import get_settings
from videotermin_app.ui.layout import support_line
from videotermin_app.wizard.consent_text import DECLINED_TEXT, DECLINED_TITLE, consent_text
from videotermin_app.wizard.state_consent import ConsentState
from videotermin_app.wizard.state_journey import JourneyState


def _declaration() -> rx.Component:
    text = consent_text(retention_days=get_settings().retention_days)
    component: rx.Component = rx.box(
        rx.hstack(
            rx.heading(text.title, size="4", as_="h3"),
            rx.badge(text.version_label, variant="soft", color_scheme="gray", id="consent-version"),
            justify="between",
            align="center",
            width="100%",
            wrap="wrap",
        ),
        *[rx.text(p, margin_top="0.75rem") for p in text.intro],
        rx.text(text.points_lead, weight="bold", margin_top="0.75rem"),
        rx.ordered_list(
            *[
                rx.list_item(
                    rx.text(point.text),
                    rx.unordered_list(*[rx.list_item(i) for i in point.items], padding_left="1.25rem")
                    if point.items
                    else rx.fragment(),
                    margin_bottom="0.5rem",
                )
                for point in text.points
            ],
            padding_left="1.25rem",
            margin_top="0.5rem",
        ),
        *[rx.text(p, margin_top="0.75rem", size="2") for p in text.closing],
        id="consent-text",
        padding=rx.breakpoints(initial="0.75rem", sm="1rem"),
        border=f"1px solid {rx.color('gray', 6)}",
        border_radius="8px",
        background_color=rx.color("gray", 2),
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
            _declaration(),
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
                    rx.callout.text(rx.text.strong(DECLINED_TITLE)),
                    rx.callout.text(DECLINED_TEXT),
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
                    padding_left="1.25rem",
                    size="2",
                ),
            ),
            spacing="4",
            width="100%",
        ),
        width="100%",
    )
    return component
