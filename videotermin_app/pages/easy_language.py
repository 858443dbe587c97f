"""`/leichte-sprache`: the steps, the waiting area and the call in Leichte Sprache."""

from __future__ import annotations

import reflex as rx

from videotermin_app.accessibility.views_easy_language import easy_language
from videotermin_app.ui.layout import page_frame


def easy_language_page() -> rx.Component:
    return page_frame(easy_language())
