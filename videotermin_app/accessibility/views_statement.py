"""`/barrierefreiheit`: the accessibility statement after BITV 2.0 § 7 and the EU model statement
(Durchführungsbeschluss (EU) 2018/1523): status, what is not accessible yet, feedback, enforcement."""

from __future__ import annotations

import reflex as rx

from videotermin_app.accessibility.statement import SCHLICHTUNGSSTELLE, contact_link, statement_date_text
from videotermin_app.core import routes
from videotermin_app.core.i18n import _
from videotermin_app.core.views_text import Text


def _section(title: Text, *children: rx.Component, id_: str) -> rx.Component:
    component: rx.Component = rx.box(
        rx.heading(title, size="5", as_="h2", margin_bottom="0.5rem"),
        rx.vstack(*children, spacing="2", width="100%"),
        as_="section",
        id=id_,
        width="100%",
    )
    return component


def not_accessible_items() -> list[Text]:
    """What is not accessible yet, honestly (update it when one of them is fixed)."""
    return [
        _(
            "Die Schritte zum Termin, der Wartebereich, das Videogespräch, die Umfrage, die Hilfe und der "
            "Datenschutzhinweis gibt es auf Deutsch, Englisch, Ukrainisch, Arabisch und Türkisch, den Arbeitsbereich "
            "der Beraterinnen und Berater auf Deutsch und Englisch. Diese Erklärung und die Seite in Leichter Sprache "
            "gibt es nur auf Deutsch."
        ),
        _(
            "Das Videogespräch hat keine Untertitel, weil es live stattfindet und nicht aufgezeichnet wird. "
            "Sie können im Gespräch den Chat nutzen. Ihre Ansprechpartnerin oder Ihr Ansprechpartner kann "
            "zum Termin auch eine Gebärdensprachdolmetscherin oder einen Gebärdensprachdolmetscher einladen."
        ),
        _(
            "Ein im Gespräch präsentierter Bildschirm wird als Bild übertragen. Ein Screenreader kann ihn nicht "
            "vorlesen; bitten Sie die präsentierende Person, die Inhalte vorzulesen oder per E-Mail zu senden."
        ),
        _(
            "Das Balkendiagramm der Statistik für Beraterinnen und Berater ist eine Grafik; dieselben Zahlen "
            "stehen in der Tabelle darunter."
        ),
    ]


def accessibility_statement(contact: str) -> rx.Component:
    link = contact_link(contact)
    body = SCHLICHTUNGSSTELLE
    component: rx.Component = rx.vstack(
        rx.heading(_("Erklärung zur Barrierefreiheit"), size="7", as_="h1"),
        rx.text(
            _(
                "Das Jobcenter ist bemüht, „Mein Videotermin“ im Einklang mit den Vorschriften des "
                "Behindertengleichstellungsgesetzes (BGG) und der Barrierefreie-Informationstechnik-Verordnung "
                "(BITV 2.0) barrierefrei zugänglich zu machen. Diese Erklärung gilt für alle Seiten von "
                "„Mein Videotermin“: die Schritte zum Termin, den Wartebereich, das Videogespräch, die Umfrage, "
                "die Hilfe und den Arbeitsbereich der Beraterinnen und Berater."
            ),
            size="3",
        ),
        _section(
            _("Stand der Vereinbarkeit mit den Anforderungen"),
            rx.text(
                _(
                    "„Mein Videotermin“ ist mit der BITV 2.0 und der europäischen Norm EN 301 549 (darin die "
                    "WCAG 2.1, Stufe AA) teilweise vereinbar. Die folgenden Inhalte sind noch nicht barrierefrei:"
                )
            ),
            rx.unordered_list(*[rx.list_item(item) for item in not_accessible_items()], padding_inline_start="1.25rem"),
            id_="status",
        ),
        _section(
            _("Erstellung dieser Erklärung"),
            rx.text(
                _(
                    "Diese Erklärung wurde am {date} erstellt. Sie beruht auf einer Selbstbewertung: Jede Seite und "
                    "jeder Zustand wurde automatisch nach WCAG 2.1 (Stufen A und AA) geprüft, auf dem Telefon und am "
                    "Computer. Die Bedienung nur mit der Tastatur, die Vergrößerung auf 200 Prozent und die "
                    "Darstellung bei 320 Pixel Breite wurden ebenfalls geprüft."
                ).format(date=statement_date_text())
            ),
            id_="date",
        ),
        _section(
            _("Barrieren melden: Kontakt"),
            rx.text(
                _(
                    "Ist Ihnen eine Barriere aufgefallen? Brauchen Sie einen Inhalt in einer anderen Form? "
                    "Dann melden Sie sich bitte bei uns:"
                )
            ),
            rx.text(rx.link(link.text, href=link.href, weight="bold"), size="4"),
            rx.text(_("Wir antworten Ihnen so schnell wie möglich, spätestens nach sechs Wochen.")),
            id_="feedback",
        ),
        _section(
            _("Schlichtungsverfahren"),
            rx.text(
                _(
                    "Wenn Sie auf Ihre Meldung keine zufriedenstellende Antwort erhalten haben, können Sie bei der "
                    "Schlichtungsstelle nach § 16 Behindertengleichstellungsgesetz (BGG) einen Antrag auf ein "
                    "Schlichtungsverfahren stellen. Die Schlichtungsstelle hilft bei Konflikten zwischen Menschen mit "
                    "Behinderungen und öffentlichen Stellen des Bundes, ohne Gericht eine Lösung zu finden. Das "
                    "Verfahren ist kostenlos. Sie brauchen keinen Rechtsbeistand."
                )
            ),
            rx.el.address(
                rx.text(_(body.name)),
                rx.text(_("Internet: "), rx.link(body.website.removeprefix("https://"), href=body.website)),
                font_style="normal",
            ),
            rx.text(_("Die Anschrift, die Telefonnummer und ein Kontaktformular finden Sie auf dieser Internetseite.")),
            id_="enforcement",
        ),
        rx.text(
            _("Die Schritte zum Termin in Leichter Sprache: "),
            rx.link(_("Leichte Sprache"), href=routes.EASY_LANGUAGE),
        ),
        spacing="5",
        width="100%",
        align="start",
    )
    # German only (Leichte Sprache is German; the statement is a German legal text): marked so
    german: rx.Component = rx.box(component, lang="de", dir="ltr", width="100%")
    return german
