"""`/datenschutz`: the privacy notice."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core.settings import get_settings
from videotermin_app.privacy.views_notice import privacy_notice
from videotermin_app.ui.layout import page_frame


def privacy_page() -> rx.Component:
    return page_frame(privacy_notice(get_settings().retention_days))
