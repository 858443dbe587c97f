"""`/datenschutz`: the privacy notice."""

from __future__ import annotations

import reflex as rx

from videotermin_app.components.layout import page_frame
from videotermin_app.components.privacy_notice import privacy_notice
from videotermin_app.settings import get_settings


def privacy_page() -> rx.Component:
    return page_frame(privacy_notice(get_settings().retention_days))
