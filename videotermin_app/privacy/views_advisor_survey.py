"""The advisor's three questions after **Termin beenden**, in the workspace (handed in by pages/advisor.py)."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core.views_text import _
from videotermin_app.privacy.advisor_survey import ADVISOR_QUESTIONS
from videotermin_app.privacy.state_advisor_survey import AdvisorSurveyState
from videotermin_app.privacy.views_survey import survey_question


def advisor_survey() -> rx.Component:
    """The survey card while it is open; afterwards the thanks (or why it could not be stored)."""
    component: rx.Component = rx.cond(
        AdvisorSurveyState.is_open,
        rx.card(
            rx.vstack(
                rx.heading(_("Wie lief der Videotermin?"), size="5", as_="h2"),
                rx.text(
                    _(
                        "Drei kurze Fragen an Sie als Beraterin oder Berater. Die Umfrage ist freiwillig und "
                        "anonym: Ihre Antworten werden ohne Bezug zu Ihnen oder zu diesem Termin gespeichert. "
                        "Sie können einzelne Fragen auslassen."
                    ),
                ),
                *[
                    survey_question(i, q, AdvisorSurveyState.answers, AdvisorSurveyState.choose, "advisor-survey")
                    for i, q in enumerate(ADVISOR_QUESTIONS, start=1)
                ],
                rx.cond(
                    AdvisorSurveyState.error != "",
                    rx.callout(
                        AdvisorSurveyState.error, icon="triangle_alert", color_scheme="red", role="alert", width="100%"
                    ),
                ),
                rx.flex(
                    rx.button(_("Absenden"), on_click=AdvisorSurveyState.submit, size="3"),
                    rx.button(_("Umfrage überspringen"), on_click=AdvisorSurveyState.skip, size="3", variant="outline"),
                    spacing="3",
                    wrap="wrap",
                ),
                spacing="4",
            ),
            width="100%",
            id="advisor-survey",
        ),
        rx.fragment(
            rx.cond(
                AdvisorSurveyState.is_sent,
                rx.callout(_("Vielen Dank für Ihre Antworten!"), icon="check", color_scheme="green", role="status"),
            ),
            rx.cond(
                AdvisorSurveyState.error != "",
                rx.callout(AdvisorSurveyState.error, icon="info", color_scheme="gray", role="status"),
            ),
        ),
    )
    return component
