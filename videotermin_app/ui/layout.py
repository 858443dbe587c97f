"""The frame of every page: header, main column, footer with help and support line."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core import i18n, routes, support
from videotermin_app.core.settings import get_settings
from videotermin_app.core.views_text import _, language_select
from videotermin_app.ui.outage_notice import outage_notice


def support_line() -> rx.Component:
    component: rx.Component = rx.text(
        _("Technischer Support: "),
        rx.link(support.phone(), href=support.phone_href(), weight="bold", dir="ltr"),
        " (",
        get_settings().support_hours or _(i18n.SUPPORT_HOURS),  # configured hours are shown as written
        ")",
        size="2",
    )
    return component


def header(languages: tuple[str, ...]) -> rx.Component:
    component: rx.Component = rx.el.header(
        rx.hstack(
            rx.link(
                rx.heading(_("Mein Videotermin"), size="5", as_="p"),
                href=routes.HOME,
                underline="none",
                color_scheme="gray",
                high_contrast=True,
            ),
            rx.spacer(),
            language_select(languages),
            rx.link(_("Hilfe"), href=routes.HELP, size="3"),
            align="center",
            flex_wrap="wrap",  # large text on a narrow screen: "Hilfe" moves below the name, unbroken
            width="100%",
            max_width="56rem",
            margin_x="auto",
            padding_x="1rem",
            padding_y="0.75rem",
        ),
        background_color=rx.color("accent", 2),
        border_bottom=f"1px solid {rx.color('gray', 5)}",
        width="100%",
    )
    return component


def footer() -> rx.Component:
    component: rx.Component = rx.el.footer(
        rx.vstack(
            support_line(),
            rx.el.nav(
                rx.link(_("Hilfe"), href=routes.HELP, size="2"),
                rx.link(_("Leichte Sprache"), href=routes.EASY_LANGUAGE, size="2"),
                rx.link(_("Datenschutz"), href=routes.PRIVACY, size="2"),
                rx.link(_("Barrierefreiheit"), href=routes.ACCESSIBILITY, size="2"),
                rx.link(_("Impressum"), href=routes.IMPRINT, size="2"),
                display="flex",
                gap="0.5rem 1rem",
                flex_wrap="wrap",
                aria_label=_("Weitere Seiten"),
            ),
            spacing="2",
            max_width="56rem",
            margin_x="auto",
            padding="1rem",
        ),
        border_top=f"1px solid {rx.color('gray', 5)}",
        width="100%",
        margin_top="2rem",
    )
    return component


def page_frame(*children: rx.Component, languages: tuple[str, ...] = i18n.LANGUAGES) -> rx.Component:
    """`languages`: what the **Sprache** combobox offers (the advisor's workspace: German and English)."""
    component: rx.Component = rx.box(
        rx.el.a(_("Zum Inhalt springen"), href="#main", class_name="vt-skip-link"),
        header(languages),
        rx.el.main(
            outage_notice(),
            rx.vstack(*children, spacing="5", width="100%"),
            id="main",
            tab_index=-1,
            width="100%",
            max_width="56rem",
            margin_x="auto",
            padding_x="1rem",
            padding_y="1.5rem",
        ),
        footer(),
        min_height="100vh",
    )
    return component


def neutral_link_notice() -> rx.Component:
    """The UI-level twin of the neutral HTTP page for a bad personal link."""
    component: rx.Component = rx.card(
        rx.vstack(
            rx.heading(_(i18n.INVALID_LINK_TITLE), size="6", as_="h1"),
            rx.text(_(i18n.INVALID_LINK_TEXT)),
            support_line(),
            spacing="3",
        ),
        width="100%",
    )
    return component
