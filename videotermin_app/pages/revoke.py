"""`/widerruf/{token}`: the "Einwilligung widerrufen" link of every mail to a participant."""

from __future__ import annotations

import reflex as rx

from videotermin_app.privacy.views_revocation import revoke_link_view
from videotermin_app.ui.layout import page_frame


def revoke_page() -> rx.Component:
    return page_frame(revoke_link_view())
