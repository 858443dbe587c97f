"""After the call: the three voluntary questions, then the closing words."""

from __future__ import annotations

from typing import Any

import reflex as rx

from videotermin_app.core.views_text import Text, _
from videotermin_app.core.views_typing import bind
from videotermin_app.privacy.state_survey import SurveyState
from videotermin_app.privacy.survey import QUESTIONS, Question
from videotermin_app.wizard.state_journey import JourneyState


def survey_question(
    number: int, question: Question, answers: Any, choose: object, prefix: str = "survey"
) -> rx.Component:
    """One question as a labelled radio group, controlled by `answers[question.key]` and `choose(key, value)`."""
    label_id = f"{prefix}-q-{question.key}"
    component: rx.Component = rx.box(
        rx.text(f"{number}. ", _(question.text), id=label_id, weight="bold", size="4", as_="p"),
        rx.radio_group.root(
            rx.flex(
                *[
                    rx.text(
                        rx.flex(
                            rx.radio_group.item(value=str(choice.value)), _(choice.label), spacing="2", align="center"
                        ),
                        as_="label",
                        size="3",
                        padding_y="0.35rem",
                        padding_inline_end="0.75rem",
                    )
                    for choice in question.choices
                ],
                direction=rx.breakpoints(initial="column", sm="row"),
                wrap="wrap",
                spacing=rx.breakpoints(initial="0", sm="3"),
            ),
            value=answers[question.key],
            on_change=lambda value: bind(choose, question.key, value),
            aria_labelledby=label_id,
            size="3",
            margin_top="0.5rem",
        ),
        width="100%",
    )
    return component


def survey_form(title: Text = "", level: str = "h1") -> rx.Component:
    component: rx.Component = rx.card(
        rx.vstack(
            rx.heading(
                _("Ihr Videotermin ist beendet") if isinstance(title, str) and not title else title,
                size="6" if level == "h1" else "5",
                as_=level,
            ),
            rx.text(
                _(
                    "Helfen Sie uns mit drei kurzen Fragen, „Mein Videotermin“ zu verbessern. Die Umfrage ist "
                    "freiwillig und anonym: Ihre Antworten werden ohne Bezug zu Ihrer Person oder zu diesem "
                    "Gespräch gespeichert. Sie können einzelne Fragen auslassen."
                ),
            ),
            *[survey_question(i, q, SurveyState.answers, SurveyState.choose) for i, q in enumerate(QUESTIONS, start=1)],
            rx.cond(
                SurveyState.error != "",
                rx.callout(SurveyState.error, icon="triangle_alert", color_scheme="red", role="alert", width="100%"),
            ),
            rx.flex(
                rx.button(_("Absenden"), on_click=SurveyState.submit, size="3"),
                rx.button(_("Umfrage überspringen"), on_click=SurveyState.skip, size="3", variant="outline"),
                spacing="3",
                wrap="wrap",
            ),
            spacing="4",
        ),
        width="100%",
    )
    return component


def call_finished() -> rx.Component:
    """What `/vkid/{token}` shows once the appointment is over."""
    component: rx.Component = rx.cond(
        JourneyState.is_survey_open,
        survey_form(),
        rx.card(
            rx.vstack(
                rx.heading(_("Ihr Videotermin ist beendet"), size="6", as_="h1"),
                rx.cond(SurveyState.is_sent, rx.text(_("Vielen Dank für Ihre Antworten!"), weight="bold")),
                rx.text(
                    _("Schön, dass Sie „Mein Videotermin“ genutzt haben. Sie können dieses Fenster jetzt schließen.")
                ),
                spacing="3",
            ),
            width="100%",
        ),
    )
    return component


def survey_after_leaving() -> rx.Component:
    """Below **Wieder eintreten** after the person hung up: the survey at once (asked once)."""
    component: rx.Component = rx.cond(
        JourneyState.survey_done,
        rx.cond(SurveyState.is_sent, rx.text(_("Vielen Dank für Ihre Antworten!"), weight="bold")),
        survey_form(_("Wie war Ihr Videotermin?"), "h2"),
    )
    return component
