"""`/barrierefreiheit`: the accessibility statement (BITV 2.0)."""

from __future__ import annotations

import reflex as rx

from videotermin_app.accessibility.views_statement import accessibility_statement
from videotermin_app.core.settings import get_settings
from videotermin_app.ui.layout import page_frame


def accessibility_page() -> rx.Component:
    return page_frame(accessibility_statement(get_settings().a11y_contact))
