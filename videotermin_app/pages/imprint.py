"""`/impressum`: the operator's imprint."""

from __future__ import annotations

import reflex as rx

from videotermin_app.ui.imprint import imprint
from videotermin_app.ui.layout import page_frame


def imprint_page() -> rx.Component:
    return page_frame(imprint())
