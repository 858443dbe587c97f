"""The sections of `/help`: needs, the five steps, missing mail, camera blocked, traffic light, support."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core import i18n, support
from videotermin_app.core.settings import get_settings
from videotermin_app.core.views_text import Text, _
from videotermin_app.ui.layout import support_line
from videotermin_app.wizard.browser_help import all_browser_help
from videotermin_app.wizard.views_needs_list import needs_list


def _section(title: Text, *children: rx.Component, id_: str) -> rx.Component:
    component: rx.Component = rx.box(
        rx.heading(title, size="5", as_="h2", margin_bottom="0.5rem"),
        *children,
        as_="section",
        id=id_,
        width="100%",
    )
    return component


def steps_section() -> rx.Component:
    steps = [
        _("Rufen Sie den Videotermin auf: Öffnen Sie den persönlichen Link aus Ihrer Einladungs-E-Mail."),
        _("Geben Sie uns Ihre Zustimmung: Lesen Sie die Einwilligungserklärung und klicken Sie auf „Ich stimme zu“."),
        _(
            "Erteilen Sie den Gerätezugriff: Klicken Sie auf „Kamera und Mikrofon freigeben“ und im Fenster des "
            "Browsers auf „Zulassen“."
        ),
        _(
            "Überprüfen Sie Ihre Geräte: Klicken Sie auf „Geräte überprüfen“. Ein kurzer Testanruf zeigt, ob alles "
            "bereit ist."
        ),
        _(
            "Betreten Sie den Beratungsraum: Ab fünf Minuten vor Beginn gelangen Sie mit „Beratungsraum betreten“ "
            "in den Wartebereich. Ihre Ansprechpartnerin oder Ihr Ansprechpartner holt Sie dort ab."
        ),
    ]
    return _section(
        _("In fünf Schritten zu Ihrem Videotermin"),
        rx.ordered_list(*[rx.list_item(s) for s in steps], padding_inline_start="1.5rem"),
        id_="steps",
    )


def mail_section() -> rx.Component:
    return _section(
        _("Die Einladung ist nicht angekommen"),
        rx.unordered_list(
            rx.list_item(_("Bitte prüfen Sie den Spamordner Ihres E-Mail-Postfachs.")),
            rx.list_item(
                _(
                    "Bitten Sie Ihre Ansprechpartnerin oder Ihren Ansprechpartner im Jobcenter, die "
                    "Einladung noch einmal zu senden, und nennen Sie dabei Ihre E-Mail-Adresse."
                )
            ),
            padding_inline_start="1.25rem",
        ),
        id_="mail",
    )


def permission_section() -> rx.Component:
    return _section(
        _("Kamera und Mikrofon wieder erlauben"),
        rx.text(
            _(
                "Wenn Sie versehentlich auf „Blockieren“ geklickt haben, kann der Videotermin nicht starten. "
                "So erlauben Sie den Zugriff wieder:"
            ),
            margin_bottom="0.5rem",
        ),
        rx.grid(
            *[
                rx.card(
                    rx.heading(_(h.title), size="3", as_="h3", margin_bottom="0.25rem"),
                    rx.ordered_list(*[rx.list_item(_(s), size="2") for s in h.steps], padding_inline_start="1.25rem"),
                )
                for h in all_browser_help()
            ],
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            width="100%",
        ),
        id_="permissions",
    )


def traffic_light_section() -> rx.Component:
    rows = [
        ("grass", _("Grün"), _("Alle Geräte sind funktionstüchtig. Ihr Videotermin kann stattfinden.")),
        ("amber", _("Gelb"), _("Der Videotermin ist möglich, Bild und Ton können aber stocken.")),
        ("red", _("Rot"), _("So kann der Videotermin nicht stattfinden.")),
    ]
    return _section(
        _("Was Grün, Gelb und Rot bedeuten"),
        rx.vstack(
            *[
                rx.hstack(rx.badge(name, color_scheme=color, size="2", min_width="4rem"), rx.text(text), align="center")
                for color, name, text in rows
            ],
            spacing="2",
        ),
        rx.text(
            _(
                "Bei Gelb oder Rot: Prüfen Sie, ob alle Geräte miteinander verbunden sind. Versuchen Sie es mit "
                "einem anderen Gerät. Kontaktieren Sie den technischen Support."
            ),
            margin_top="0.5rem",
        ),
        id_="traffic-light",
    )


def help_sections() -> rx.Component:
    component: rx.Component = rx.vstack(
        rx.heading(_("Hilfe zu Mein Videotermin"), size="7", as_="h1"),
        _section(
            _("Weitere Hilfe benötigt?"),
            rx.text(
                _("Der technische Support ist erreichbar: {hours}, unter der Rufnummer {phone}.").format(
                    hours=get_settings().support_hours or _(i18n.SUPPORT_HOURS), phone=support.phone()
                )
            ),
            support_line(),
            id_="support",
        ),
        _section(_("Was Sie benötigen"), needs_list(), id_="needs"),
        steps_section(),
        mail_section(),
        permission_section(),
        traffic_light_section(),
        spacing="6",
        width="100%",
    )
    return component
