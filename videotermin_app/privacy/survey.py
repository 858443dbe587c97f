"""The anonymous three-question survey after the call.

What is stored is one `SurveyAnswer` row: a random key (uuid4 hex), the ISO week ("2026-W48") and
up to three small numbers. Nothing points back to the participant, the appointment, the advisor or
the exact time; the participant only gets `survey_done = True`, so one participation gives at most
one answer. Skipping marks the participation done and stores nothing; leaving half-way stores
nothing (nothing is written before **Absenden**).

Order of rows. The random key alone does not help if the storage keeps insertion order:
- SQLite: the table is `WITHOUT ROWID` (see the migration), so there is no hidden monotonic rowid
  and rows are stored in the order of the random key.
- PostgreSQL: heap position (`ctid`) and the inserting transaction id (`xmin`) do follow insertion,
  and `xmin` of a fresh answer is close to the `xmin` of the participant row updated with it.
  The app never reads system columns or lists raw rows: statistics only count per question and
  value (`answer_counts`), never in storage order. In addition `reshuffle_answers` (run by the
  hourly retention task) rewrites the table in the order of the random key in one transaction
  (TRUNCATE, then one INSERT), which gives every row new heap positions, one shared `xmin` and
  `cmin`, and leaves no dead tuple with an earlier `xmin` behind (tested on PostgreSQL). Between an
  answer and the next reshuffle (at most about an hour) someone with direct database access could
  still link them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from videotermin_app.core.i18n import N_, UserError, _
from videotermin_app.core.models import AppointmentStatus, MemberStatus, Participant, SurveyAnswer
from videotermin_app.room.rooms import participant_key, seat
from videotermin_app.wizard.links import LinkTarget


class SurveyError(UserError, ValueError):
    """A survey answer that cannot be stored; the message is a marked German text (`translated()`)."""


@dataclass(frozen=True)
class Choice:
    value: int
    label: str


@dataclass(frozen=True)
class Question:
    key: str  # the SurveyAnswer column
    text: str
    choices: tuple[Choice, ...]

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(choice.value for choice in self.choices)


SCALE = (
    Choice(1, N_("1 – sehr schlecht")),
    Choice(2, "2"),
    Choice(3, "3"),
    Choice(4, "4"),
    Choice(5, N_("5 – sehr gut")),
)
EASE = (
    Choice(1, N_("1 – sehr schwer")),
    Choice(2, "2"),
    Choice(3, "3"),
    Choice(4, "4"),
    Choice(5, N_("5 – sehr einfach")),
)
YES_NO = (Choice(1, N_("Ja")), Choice(0, N_("Nein")))

# The three questions, in the order shown. Texts are marked German source strings, translated when shown.
QUESTIONS: tuple[Question, ...] = (
    Question("picture_sound", N_("Wie gut waren Bild und Ton?"), SCALE),
    Question("ease", N_("Wie einfach war die Teilnahme?"), EASE),
    Question("would_use_again", N_("Würden Sie wieder einen Videotermin nutzen?"), YES_NO),
)
QUESTION_KEYS = tuple(q.key for q in QUESTIONS)

# Who answered, stored with every answer (`SurveyAnswer.role`), so the statistics can show the advisors'
# answers apart. The advisor's questions (privacy/advisor_survey.py) use the same three columns.
ROLE_PARTICIPANT = "participant"
ROLE_ADVISOR = "advisor"


def _offered(questions: tuple[Question, ...]) -> dict[str, frozenset[str]]:
    return {q.key: frozenset({"", *(str(v) for v in q.values)}) for q in questions}


_OFFERED = _offered(QUESTIONS)


def is_offered(key: object, value: object, questions: tuple[Question, ...] = QUESTIONS) -> bool:
    """Whether the browser's choice is one the survey offers: an existing question key and, as text,
    one of its values or '' (no answer)."""
    offered = _OFFERED if questions is QUESTIONS else _offered(questions)
    return isinstance(key, str) and isinstance(value, str) and value in offered.get(key, frozenset())


ALREADY_DONE = N_("Sie haben die Umfrage für diesen Termin bereits beantwortet oder übersprungen. Vielen Dank!")


def iso_week(moment: datetime) -> str:
    """'2026-W48': the only time an answer keeps."""
    year, week, _day = moment.isocalendar()
    return f"{year}-W{week:02d}"


def clean_answers(answers: Mapping[str, object], questions: tuple[Question, ...] = QUESTIONS) -> dict[str, int | None]:
    """The answers as numbers (None: not answered); SurveyError for an unknown key or a value not offered."""
    unknown = set(answers) - {q.key for q in questions}
    if unknown:
        raise SurveyError(N_("Diese Frage gehört nicht zur Umfrage."))
    cleaned: dict[str, int | None] = {}
    for question in questions:
        raw = answers.get(question.key)
        if raw is None or raw == "":
            cleaned[question.key] = None
            continue
        try:
            value = int(str(raw).strip())
        except ValueError:
            value = None
        if value is None or value not in question.values:
            raise SurveyError(
                N_("Bitte wählen Sie bei „{question}“ eine der angebotenen Antworten."), question=_(question.text)
            )
        cleaned[question.key] = value
    return cleaned


def survey_offered(*, session: Session, target: LinkTarget) -> bool:
    """Whether the link's person may answer now: the appointment is over (the advisor ended it, or
    it was closed after everyone left), or they hung up (**Auflegen**) while it still runs.
    Whether they already answered is `participant.survey_done` (asked once per participation)."""
    if target.appointment.status == AppointmentStatus.DONE:
        return True
    if target.appointment.status == AppointmentStatus.CANCELLED:
        return False
    member = seat(
        session=session, appointment_id=target.appointment.id or 0, key=participant_key(target.participant.id or 0)
    )
    return member is not None and member.status == MemberStatus.LEFT


def submit_survey(
    *, session: Session, participant: Participant, answers: Mapping[str, object], now: datetime
) -> SurveyAnswer | None:
    """Store one anonymous answer and close the survey for this participation (no commit).

    Every question is voluntary: an answer with no value at all stores nothing (like skipping).
    Raises SurveyError (German) when the survey was already done or a value is not offered;
    nothing is written then.
    """
    if participant.survey_done:
        raise SurveyError(ALREADY_DONE)
    cleaned = clean_answers(answers)
    participant.survey_done = True
    session.add(participant)
    return add_answer(session=session, cleaned=cleaned, role=ROLE_PARTICIPANT, now=now)


def add_answer(*, session: Session, cleaned: Mapping[str, int | None], role: str, now: datetime) -> SurveyAnswer | None:
    """One anonymous row (no commit): the ISO week, the role and the numbers; nothing when all are None."""
    if all(value is None for value in cleaned.values()):
        return None
    answer = SurveyAnswer(
        iso_week=iso_week(now),
        picture_sound=cleaned.get("picture_sound"),
        ease=cleaned.get("ease"),
        would_use_again=cleaned.get("would_use_again"),
        role=role,
    )
    session.add(answer)
    return answer


def skip_survey(*, session: Session, participant: Participant) -> None:
    """**Umfrage überspringen**: the survey is closed, nothing is stored (no commit)."""
    if participant.survey_done:
        raise SurveyError(ALREADY_DONE)
    participant.survey_done = True
    session.add(participant)


def answer_counts(
    *, session: Session, role: str = ROLE_PARTICIPANT, questions: tuple[Question, ...] = QUESTIONS
) -> dict[str, dict[int, int]]:
    """Per question key: how many answers of `role` gave each value (aggregated, never raw rows)."""
    counts: dict[str, dict[int, int]] = {q.key: dict.fromkeys(q.values, 0) for q in questions}
    for question in questions:
        column = getattr(SurveyAnswer, question.key)
        query = select(column, sa.func.count()).where(column.is_not(None), SurveyAnswer.role == role)
        rows = session.exec(query.group_by(column)).all()
        for value, count in rows:
            if value in counts[question.key]:
                counts[question.key][value] = int(count)
    return counts


def reshuffle_answers(*, session: Session) -> int:
    """Rewrite all answers in the order of their random key (no commit); returns how many.

    Gives every row a new physical position and, on PostgreSQL, one shared transaction id and command
    id, so storage order, `ctid`, `xmin` and `cmin` no longer tell when an answer came in. On
    PostgreSQL the table is emptied with TRUNCATE (a new, empty file; the old one with every earlier
    tuple, dead or alive, is removed at commit), so no dead copy keeps an answer's original `xmin`.
    The rows go back in one INSERT statement. Plain SQL statements: the caller's session and its
    objects are left alone.
    """
    table = SurveyAnswer.__table__  # type: ignore[attr-defined]
    connection = session.connection()
    rows = [dict(row._mapping) for row in connection.execute(sa.select(table).order_by(table.c.id))]
    if not rows:
        return 0
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text(f"TRUNCATE TABLE {table.name}"))
    else:
        connection.execute(sa.delete(table))
    connection.execute(sa.insert(table).values(rows))
    return len(rows)
