"""What the person needs (brochure: "Sie benötigen")."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core.views_text import Text, _


def needs() -> list[Text]:
    return [
        _("Computer (Desktop-PC oder Laptop), Tablet oder Smartphone"),
        _("Kamera und Mikrofon (ggf. Headset)"),
        _("Internetzugang (LAN oder WLAN) oder einen vergleichbaren mobilen Internetzugang"),
        _("E-Mail-Adresse"),
        _("Aktuellen Internetbrowser"),
    ]


def needs_list() -> rx.Component:
    component: rx.Component = rx.vstack(
        rx.heading(_("Sie benötigen"), size="4", as_="h2"),
        rx.unordered_list(*[rx.list_item(item) for item in needs()], padding_inline_start="1.25rem"),
        spacing="2",
        width="100%",
    )
    return component
