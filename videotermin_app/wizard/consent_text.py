"""The consent declaration of step 2 (the brochure's "Einwilligungserklärung"), in one place.

`CONSENT_VERSION` names the wording; every ConsentRecord stores it. Change the text only together
with a new version, so each record keeps saying which wording the person agreed to.

Every text here is the German source (marked with `N_`): the German declaration is the legally binding
one and is always shown; a screen in another language shows its translation beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from videotermin_app.core.i18n import N_

CONSENT_VERSION = "2025-05"
VERSION_LABEL = N_("Fassung {version}")


@dataclass(frozen=True)
class ConsentPoint:
    template: str
    items: list[str] = field(default_factory=list)
    params: dict[str, object] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The German text with its parameters filled in."""
        return self.template.format(**self.params) if self.params else self.template


@dataclass(frozen=True)
class ConsentText:
    version: str
    version_label: str
    title: str
    intro: list[str]
    points_lead: str
    points: list[ConsentPoint]
    closing: list[str]


def stored_data_items() -> list[str]:
    """What point 2 lists as stored (the same list the revocation and the purge delete)."""
    return [
        N_("Kundennummer (nur für Kundinnen und Kunden relevant)"),
        N_("Vorname und Nachname (nur für Kundinnen und Kunden relevant)"),
        N_("Rolle, z. B. Dolmetschende, gesetzliche Vertretung (nicht für Kundinnen und Kunden relevant)"),
        N_("IP-Adresse"),
        N_(
            "Gerätespezifische Parameter: verwendetes Betriebssystem, verwendetes Endgerät, verwendeter Browser, "
            "Upload- und Downloadrate, Übertragungsqualität"
        ),
    ]


def consent_text(*, retention_days: int) -> ConsentText:
    """The full declaration with the configured retention period."""
    return ConsentText(
        version=CONSENT_VERSION,
        version_label=VERSION_LABEL.format(version=CONSENT_VERSION),
        title=N_("Einwilligungserklärung"),
        intro=[
            N_(
                "Das Angebot „Mein Videotermin“ ist freiwillig und vertraulich. Die Hinweise zu den technischen "
                "Voraussetzungen und Datenschutzbestimmungen habe ich gelesen, verstanden und zur Kenntnis genommen."
            ),
        ],
        points_lead=N_("Ihre Einwilligung umfasst:"),
        points=[
            ConsentPoint(
                N_(
                    "Die technische Überprüfung Ihrer verwendeten Endgeräte, hinsichtlich ihrer Eignung "
                    "für eine Teilnahme am Videogespräch."
                )
            ),
            ConsentPoint(
                N_(
                    "Die Speicherung folgender Daten zur Videokommunikation, welche nach {days} Tagen automatisch "
                    "gelöscht werden:"
                ),
                stored_data_items(),
                {"days": retention_days},
            ),
            ConsentPoint(
                N_(
                    "Die Teilnahme weiterer Teilnehmerinnen/Teilnehmer an dem Videotermin, sofern dies im "
                    "Vorfeld mit Ihnen vereinbart wurde."
                )
            ),
            ConsentPoint(
                N_(
                    "Die Durchführung von statistischen Auswertungen zum Videogespräch. Dabei werden nur Daten "
                    "gespeichert, die keinen Rückschluss auf Ihre Person zulassen. Auf Basis der statistischen "
                    "Auswertung soll insbesondere die Nutzung der Videokommunikation verbessert werden."
                )
            ),
            ConsentPoint(
                N_(
                    "Die Durchführung einer kurzen Umfrage anhand von drei Fragen im Anschluss an das geführte "
                    "Videogespräch. Die Umfrage ist für Sie freiwillig, anonym und Sie können diese jederzeit "
                    "abbrechen. Die gespeicherten Daten lassen keinen direkten Bezug auf das Gespräch und Ihre "
                    "Person zu und werden zur Verbesserung der Anwenderfreundlichkeit genutzt."
                )
            ),
        ],
        closing=[
            N_(
                "Ihre Einwilligung kann von Ihnen ohne Angabe von Gründen jederzeit mit Wirkung für die Zukunft "
                "widerrufen werden. Falls Sie der Einwilligung nicht zustimmen möchten, werden Ihnen dadurch keine "
                "Nachteile entstehen. Die Teilnahme an dem geplanten Videotermin mit Ihrer Ansprechpartnerin bzw. "
                "Ihrem Ansprechpartner ist dann aber nicht möglich. Bei weiteren Fragen kontaktieren Sie bitte Ihre "
                "zuständige Agentur für Arbeit, Ihre Familienkasse bzw. Ihr Jobcenter."
            ),
            N_(
                "Die Bundesagentur für Arbeit führt keine Aufzeichnungen oder Mitschnitte der Kommunikation im Rahmen "
                "des Videotermins durch. Darüber hinaus greift die Bundesagentur für Arbeit nicht auf die Daten auf "
                "Ihrem PC, Tablet oder Smartphone zu."
            ),
            N_(
                "Bitte stellen Sie sicher, dass keine anderen Personen als Sie selbst das Videogespräch mitverfolgen "
                "können. Das Mithören und Mitsehen durch andere Personen als Sie, bedarf der vorherigen Einwilligung "
                "seitens Ihres Kommunikationspartners der Agentur für Arbeit bzw. des Jobcenters. Weiterhin können Sie "
                "einen Beistand / eine Vertrauensperson in das Gespräch mitnehmen, dies bedarf aber wie bei einem "
                "Gespräch am gleichen Ort der Offenlegung ggü. dem Kommunikationspartner."
            ),
            N_(
                "Ein Mitschneiden des Gesprächs sowie die missbräuchliche Nutzung oder Veröffentlichung des Videotermins "
                "ist untersagt. Eine Zuwiderhandlung kann zivil- und strafrechtliche Konsequenzen haben."
            ),
        ],
    )


DECLINED_TITLE = N_("Sie haben nicht zugestimmt")
DECLINED_TEXT = N_(
    "Ohne Ihre Zustimmung kann der Termin leider nicht per Video stattfinden. Dadurch entstehen Ihnen keine "
    "Nachteile. Bitte rufen Sie Ihre Ansprechpartnerin oder Ihren Ansprechpartner im Jobcenter an, um den Termin "
    "vor Ort oder telefonisch zu führen. Sie können Ihre Entscheidung hier jederzeit ändern."
)
