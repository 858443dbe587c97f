"""`/stats`: anonymous statistics (advisors and admins)."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core import i18n
from videotermin_app.core.views_text import _
from videotermin_app.privacy.advisor_survey import ADVISOR_QUESTIONS
from videotermin_app.privacy.rows import StatRow
from videotermin_app.privacy.state_stats import StatsState
from videotermin_app.privacy.survey import QUESTIONS
from videotermin_app.privacy.views_stats import stats_figure, suppression_note
from videotermin_app.ui.layout import page_frame


def _survey() -> list[rx.Component]:
    return [
        stats_figure(
            _(q.text),
            StatsState.survey[i].to(list[StatRow]),
            column=_("Antwort"),
            figure_id=f"stats-survey-{q.key}",
        )
        for i, q in enumerate(QUESTIONS)
    ]


def _advisor_survey() -> list[rx.Component]:
    return [
        stats_figure(
            _(q.text),
            StatsState.advisor_survey[i].to(list[StatRow]),
            column=_("Antwort"),
            figure_id=f"stats-advisor-survey-{q.key}",
        )
        for i, q in enumerate(ADVISOR_QUESTIONS)
    ]


def stats_page() -> rx.Component:
    return page_frame(
        rx.heading(_("Statistik"), size="7", as_="h1"),
        rx.cond(
            StatsState.is_loaded,
            rx.cond(
                StatsState.is_allowed,
                rx.vstack(
                    suppression_note(),
                    rx.grid(
                        stats_figure(
                            _("Gespräche je Kalenderwoche"),
                            StatsState.weeks,
                            column=_("Kalenderwoche"),
                            figure_id="stats-weeks",
                        ),
                        stats_figure(
                            _("Dauer der Gespräche"),
                            StatsState.durations,
                            column=_("Dauer"),
                            figure_id="stats-durations",
                        ),
                        stats_figure(
                            _("Ergebnisse der Geräteüberprüfung"),
                            StatsState.device_checks,
                            column=_("Ergebnis"),
                            figure_id="stats-device-checks",
                        ),
                        rx.card(
                            rx.heading(_("Gespräche mit Dolmetschenden"), size="4", as_="h2"),
                            rx.text(
                                _("Anteil: "), rx.text.strong(StatsState.interpreter_label), id="stats-interpreter"
                            ),
                            width="100%",
                        ),
                        rx.heading(
                            _("Umfrage nach dem Gespräch: Teilnehmende"), size="5", as_="h2", grid_column="1 / -1"
                        ),
                        *_survey(),
                        rx.heading(_("Umfrage nach dem Gespräch: Beratende"), size="5", as_="h2", grid_column="1 / -1"),
                        *_advisor_survey(),
                        columns=rx.breakpoints(initial="1", md="2"),
                        spacing="4",
                        width="100%",
                    ),
                    spacing="4",
                    width="100%",
                ),
                rx.callout(_("Die Statistik ist nur für Beratende und Administratoren."), icon="lock", role="alert"),
            ),
            rx.center(rx.spinner(size="3"), width="100%", padding="2rem"),
        ),
        languages=i18n.ADVISOR_LANGUAGES,
    )
