"""`/login`: advisors sign in."""

from __future__ import annotations

import reflex as rx

from videotermin_app.accounts.views_login import login_form
from videotermin_app.core import i18n
from videotermin_app.ui.layout import page_frame


def login_page() -> rx.Component:
    return page_frame(login_form(), languages=i18n.ADVISOR_LANGUAGES)
