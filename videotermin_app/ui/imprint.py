"""The content of `/impressum`: the operator's imprint (Markdown, no raw HTML); the footer has the support line."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core.imprint import imprint_markdown
from videotermin_app.core.views_text import _


def imprint() -> rx.Component:
    component: rx.Component = rx.vstack(
        rx.heading(_("Impressum"), size="7", as_="h1"),
        rx.box(rx.markdown(imprint_markdown()), id="imprint", width="100%"),
        spacing="4",
        width="100%",
    )
    return component
