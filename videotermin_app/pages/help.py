"""`/help`: for everyone, without a login."""

from __future__ import annotations

import reflex as rx

from videotermin_app.components.help_sections import help_sections
from videotermin_app.components.layout import page_frame


def help_page() -> rx.Component:
    return page_frame(help_sections())
