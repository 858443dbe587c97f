"""`/help`: for everyone, without a login."""

from __future__ import annotations

import reflex as rx

from videotermin_app.ui.layout import page_frame
from videotermin_app.wizard.views_help import help_sections


def help_page() -> rx.Component:
    return page_frame(help_sections())
