"""`/login`: advisors sign in."""

from __future__ import annotations

import reflex as rx

from videotermin_app.components.layout import page_frame
from videotermin_app.components.login_form import login_form


def login_page() -> rx.Component:
    return page_frame(login_form())
