"""The advisor's survey after **Termin beenden**: three questions written for an advisor.

Asked once per appointment (`Appointment.advisor_survey_done`, set by one conditional UPDATE, so two
tabs cannot both answer), only to the advisor of that appointment and only after it ended (`DONE`).
The answer is stored like a participant's (`survey.add_answer`: random key, ISO week, three numbers)
with `role = "advisor"`; nothing points back to the advisor or the appointment.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from videotermin_app.core.i18n import N_
from videotermin_app.core.models import Appointment, AppointmentStatus, SurveyAnswer
from videotermin_app.privacy.survey import (
    EASE,
    ROLE_ADVISOR,
    SCALE,
    YES_NO,
    Question,
    SurveyError,
    add_answer,
    clean_answers,
)

# The same three columns as the participants' questions, asked the way an advisor sees the appointment.
ADVISOR_QUESTIONS: tuple[Question, ...] = (
    Question("picture_sound", N_("Wie gut waren Bild und Ton bei diesem Termin?"), SCALE),
    Question("ease", N_("Wie einfach konnten Sie das Anliegen per Video besprechen?"), EASE),
    Question("would_use_again", N_("Würden Sie für so ein Anliegen wieder einen Videotermin anbieten?"), YES_NO),
)
ADVISOR_QUESTION_KEYS = tuple(q.key for q in ADVISOR_QUESTIONS)

NOT_OFFERED = N_("Die Umfrage ist für diesen Termin nicht (mehr) möglich.")


def advisor_survey_offered(*, appointment: Appointment | None, advisor_id: int) -> bool:
    """Only the appointment's own advisor, only after it ended, only once."""
    return (
        appointment is not None
        and advisor_id > 0
        and appointment.advisor_id == advisor_id
        and appointment.status == AppointmentStatus.DONE
        and not appointment.advisor_survey_done
    )


def _claim(session: Session, *, appointment_id: int, advisor_id: int) -> bool:
    """Mark the appointment's advisor survey done if it was still open: one conditional UPDATE."""
    table = Appointment.__table__  # type: ignore[attr-defined]
    result = session.connection().execute(
        sa.update(table)
        .where(
            table.c.id == appointment_id,
            table.c.advisor_id == advisor_id,
            table.c.status == AppointmentStatus.DONE.value,
            table.c.advisor_survey_done == sa.false(),
        )
        .values(advisor_survey_done=True)
    )
    return result.rowcount == 1


def close_advisor_survey(
    *,
    session: Session,
    appointment_id: int,
    advisor_id: int,
    answers: Mapping[str, object] | None,
    now: datetime,
) -> SurveyAnswer | None:
    """Store the advisor's answer (`answers`) or skip (`None`) and close the survey (no commit).

    Raises SurveyError (German) when it is not this advisor's ended appointment, was already answered
    or skipped, or a value is not offered; nothing is written then.
    """
    cleaned = clean_answers(answers, ADVISOR_QUESTIONS) if answers is not None else None
    if not _claim(session, appointment_id=appointment_id, advisor_id=advisor_id):
        raise SurveyError(NOT_OFFERED)
    session.expire_all()  # the UPDATE went around the session's objects
    if cleaned is None:
        return None
    return add_answer(session=session, cleaned=cleaned, role=ROLE_ADVISOR, now=now)
