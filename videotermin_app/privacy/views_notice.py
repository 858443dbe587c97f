"""The privacy notice: what is stored, for how long, what is never recorded, how to revoke."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core.views_text import Text, _
from videotermin_app.ui.layout import support_line

STORED = (
    _("Kundennummer (nur bei Kundinnen und Kunden)"),
    _("Vorname und Nachname"),
    _("Rolle (z. B. Dolmetschende, gesetzliche Vertretung; nicht bei Kundinnen und Kunden)"),
    _("E-Mail-Adresse, an die wir die Einladung senden"),
    _("IP-Adresse"),
    _(
        "Gerätespezifische Parameter: verwendetes Betriebssystem, verwendetes Endgerät, verwendeter Browser, "
        "Upload- und Downloadrate, Übertragungsqualität"
    ),
)


def _section(title: Text, *children: rx.Component) -> rx.Component:
    component: rx.Component = rx.vstack(rx.heading(title, size="5", as_="h2"), *children, spacing="2", width="100%")
    return component


def privacy_notice(retention_days: int) -> rx.Component:
    component: rx.Component = rx.vstack(
        rx.heading(_("Datenschutz bei „Mein Videotermin“"), size="7", as_="h1"),
        rx.text(
            _(
                "Das Angebot „Mein Videotermin“ ist freiwillig und vertraulich. Hier lesen Sie in Ruhe, "
                "welche Daten wir speichern, wie lange, und wie Sie Ihre Einwilligung widerrufen."
            ),
            size="4",
        ),
        _section(
            _("Was wir speichern"),
            rx.text(_("Für Ihren Videotermin speichern wir:")),
            rx.unordered_list(*[rx.list_item(item) for item in STORED], padding_inline_start="1.25rem"),
            rx.text(
                _(
                    "Ihre Zugangsdaten werden ausschließlich auf Servern des Jobcenters gespeichert und nicht "
                    "an Dritte weitergegeben."
                )
            ),
        ),
        _section(
            _("Wie lange"),
            rx.text(
                _("Diese Daten werden {days} Tage nach Ihrem Termin automatisch gelöscht.").format(days=retention_days)
            ),
        ),
        _section(
            _("Was wir nicht speichern"),
            rx.text(
                _(
                    "Das Videogespräch wird weder aufgezeichnet noch gespeichert. Bild und Ton gehen "
                    "verschlüsselt direkt zwischen den Geräten der Teilnehmenden. Wir greifen nicht auf die "
                    "Daten auf Ihrem PC, Tablet oder Smartphone zu."
                )
            ),
            rx.text(_("Selbstverständlich dürfen auch Sie das Gespräch nicht aufzeichnen oder speichern.")),
        ),
        _section(
            _("Statistik und Umfrage"),
            rx.text(
                _(
                    "Für Statistiken zählen wir nur, was keinen Rückschluss auf Ihre Person zulässt, zum "
                    "Beispiel wie viele Gespräche in einer Woche stattfanden und wie lange sie dauerten. "
                    "Gruppen mit weniger als fünf Fällen werden nicht gezeigt."
                )
            ),
            rx.text(
                _(
                    "Nach dem Gespräch können Sie drei kurze Fragen beantworten. Die Umfrage ist freiwillig "
                    "und anonym; Sie können sie überspringen oder jederzeit abbrechen."
                )
            ),
        ),
        _section(
            _("Einwilligung widerrufen"),
            rx.text(
                _(
                    "Sie können Ihre Einwilligung jederzeit ohne Angabe von Gründen mit Wirkung für die "
                    "Zukunft widerrufen: mit „Einwilligung widerrufen“ auf der Seite Ihres persönlichen Links "
                    "(in jedem Schritt, im Wartebereich, im Gespräch und danach), mit dem Link „Einwilligung "
                    "widerrufen“ am Ende jeder E-Mail zu Ihrem Termin (er gilt bis zum Ende der Speicherfrist, "
                    "auch nach dem Termin) oder telefonisch bzw. schriftlich bei Ihrer Ansprechpartnerin oder "
                    "Ihrem Ansprechpartner im Jobcenter. Ihre Daten werden dann sofort gelöscht und Ihr "
                    "persönlicher Link ist nicht mehr gültig."
                )
            ),
            rx.text(
                _(
                    "Ohne Einwilligung kann der Videotermin nicht stattfinden. Nachteile entstehen Ihnen "
                    "dadurch nicht: Termine im Jobcenter finden weiterhin auch vor Ort statt."
                )
            ),
        ),
        _section(
            _("Fragen"),
            rx.text(
                _(
                    "Bei Fragen zum Datenschutz wenden Sie sich bitte an Ihre Ansprechpartnerin oder Ihren "
                    "Ansprechpartner in Ihrem Jobcenter."
                )
            ),
            support_line(),
        ),
        spacing="5",
        width="100%",
        max_width="40rem",
    )
    return component
