"""`/leichte-sprache`: the five steps, the waiting area and the call in Leichte Sprache.

Rules kept: short sentences, one statement in each; no foreign words (a needed word is explained);
long words split with a hyphen; the reader is spoken to directly; pictures of the real buttons
(drawn like them, marked as pictures so nobody tries to press them)."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core import routes, support
from videotermin_app.core.i18n import _
from videotermin_app.core.views_text import Text


def button_picture(label: Text, icon: str | None = None, *, tone: str = "accent") -> rx.Component:
    """A picture of a button of the app: looks like it, is announced as a picture, cannot be pressed."""
    solid = tone == "accent"
    component: rx.Component = rx.el.span(
        *([rx.icon(icon, size=18, aria_hidden="true")] if icon else []),
        rx.el.span(label),
        role="img",
        aria_label=_("Bild vom Knopf: {label}").format(label=label),
        display="inline-flex",
        align_items="center",
        gap="0.5rem",
        padding="0.5rem 1rem",
        border_radius="var(--radius-3)",
        font_weight="500",
        background_color=rx.color("accent", 9) if solid else rx.color(tone, 3),
        color="white" if solid else rx.color(tone, 12),
        border=f"1px solid {rx.color(tone, 8) if not solid else rx.color('accent', 9)}",
        margin_y="0.25rem",
    )
    return component


def _sentences(*lines: Text) -> list[rx.Component]:
    return [rx.text(line, size="4") for line in lines]


def _part(title: Text, *children: rx.Component, id_: str) -> rx.Component:
    component: rx.Component = rx.box(
        rx.heading(title, size="6", as_="h2", margin_bottom="0.5rem"),
        rx.vstack(*children, spacing="2", width="100%", align="start"),
        as_="section",
        id=id_,
        width="100%",
        padding="1rem",
        border=f"1px solid {rx.color('gray', 6)}",
        border_radius="var(--radius-4)",
    )
    return component


def easy_language() -> rx.Component:
    component: rx.Component = rx.vstack(
        rx.heading(_("Mein Videotermin in Leichter Sprache"), size="7", as_="h1"),
        *_sentences(
            _("Sie haben einen Termin beim Jobcenter."),
            _("Der Termin ist ein Video-Gespräch."),
            _("Sie sehen Ihre Beraterin oder Ihren Berater auf dem Bildschirm."),
            _("Sie brauchen ein Handy, ein Tablet oder einen Computer."),
            _("Das Gerät braucht eine Kamera und ein Mikrofon."),
            _("Und Sie brauchen Internet."),
            _("Sie kommen in 5 Schritten zu Ihrem Termin."),
        ),
        _part(
            _("Schritt 1: Die E-Mail öffnen"),
            *_sentences(
                _("Sie bekommen eine E-Mail vom Jobcenter."),
                _("In der E-Mail steht ein Link."),
                _("Ein Link ist eine Adresse im Internet."),
                _("Der Link ist nur für Sie."),
                _("Tippen Sie auf den Link."),
                _("Dann sehen Sie Ihren Termin."),
            ),
            id_="schritt-1",
        ),
        _part(
            _("Schritt 2: Zustimmen"),
            *_sentences(
                _("Sie lesen einen Text."),
                _("Der Text sagt: Diese Daten speichern wir."),
                _("Sie sagen Ja oder Nein."),
                _("Für Ja drücken Sie diesen Knopf:"),
            ),
            button_picture(_("Ich stimme zu")),
            *_sentences(
                _("Sie können auch Nein sagen."),
                _("Das ist kein Nachteil für Sie."),
                _("Aber dann gibt es kein Video-Gespräch."),
                _("Fragen Sie dann Ihr Jobcenter."),
            ),
            id_="schritt-2",
        ),
        _part(
            _("Schritt 3: Kamera und Mikrofon erlauben"),
            *_sentences(_("Drücken Sie diesen Knopf:")),
            button_picture(_("Kamera und Mikrofon freigeben")),
            *_sentences(
                _("Ihr Gerät fragt Sie dann."),
                _("Drücken Sie auf: Zulassen."),
                _("Dann sehen Sie sich selbst auf dem Bildschirm."),
            ),
            id_="schritt-3",
        ),
        _part(
            _("Schritt 4: Das Gerät prüfen"),
            *_sentences(_("Drücken Sie diesen Knopf:")),
            button_picture(_("Geräte überprüfen")),
            *_sentences(
                _("Das Gerät macht einen kurzen Test."),
                _("Danach sehen Sie eine Farbe."),
                _("Grün heißt: Alles ist gut."),
                _("Gelb heißt: Es geht, aber das Bild ist vielleicht schlecht."),
                _("Rot heißt: Es geht nicht."),
                _("Bei Rot lesen Sie den Text darunter."),
                _("Oder Sie rufen uns an."),
            ),
            id_="schritt-4",
        ),
        _part(
            _("Schritt 5: Den Raum betreten"),
            *_sentences(
                _("Sie können erst kurz vor dem Termin hinein."),
                _("Das heißt: 5 Minuten vor dem Beginn."),
                _("Dann drücken Sie diesen Knopf:"),
            ),
            button_picture(_("Beratungsraum betreten")),
            id_="schritt-5",
        ),
        _part(
            _("Im Warte-Bereich"),
            *_sentences(
                _("Jetzt sind Sie im Warte-Bereich."),
                _("Bitte warten Sie."),
                _("Ihre Beraterin oder Ihr Berater holt Sie ab."),
                _("Sie müssen nichts drücken."),
                _("Das Gespräch beginnt dann von selbst."),
            ),
            id_="warte-bereich",
        ),
        _part(
            _("Im Gespräch"),
            *_sentences(
                _("Sie sehen und hören Ihre Beraterin oder Ihren Berater."),
                _("Unten sind Knöpfe."),
                _("Auf dem Handy zeigen die Knöpfe nur das Bild."),
                _("Mit diesem Knopf schalten Sie Ihr Mikrofon aus:"),
            ),
            button_picture(_("Mikrofon stumm schalten"), "mic-off", tone="gray"),
            *_sentences(_("Mit diesem Knopf schalten Sie Ihre Kamera aus:")),
            button_picture(_("Videofreigabe beenden"), "video-off", tone="gray"),
            *_sentences(
                _("Sie können auch schreiben."),
                _("Schreiben Sie in das Feld: Chat-Nachricht."),
                _("Dann drücken Sie diesen Knopf:"),
            ),
            button_picture(_("Chatnachricht senden"), "send", tone="gray"),
            *_sentences(_("Am Ende drücken Sie diesen Knopf:")),
            button_picture(_("Auflegen"), "phone-off", tone="red"),
            *_sentences(
                _("Danach können Sie 3 Fragen beantworten."),
                _("Das müssen Sie nicht."),
            ),
            id_="gespraech",
        ),
        _part(
            _("Hilfe"),
            *_sentences(
                _("Sie haben ein Problem?"),
                _("Dann rufen Sie uns an."),
                _("Der Anruf kostet nichts."),
            ),
            rx.text(
                _("Telefon: "),
                rx.link(support.phone(), href=support.phone_href(), weight="bold"),
                size="4",
            ),
            *_sentences(_("Sie erreichen uns von Montag bis Freitag."), _("Von 8 Uhr bis 18 Uhr.")),
            rx.text(rx.link(_("Mehr Hilfe (nicht in Leichter Sprache)"), href=routes.HELP), size="4"),
            id_="hilfe",
        ),
        spacing="4",
        width="100%",
        align="start",
    )
    # German only (Leichte Sprache is German; the statement is a German legal text): marked so
    german: rx.Component = rx.box(component, lang="de", dir="ltr", width="100%")
    return german
