"""Anonymous statistics: counts only, and no figure that could point to one person.

Every category with fewer than `MIN_CASES` cases is shown as "< 5" (`Count.label`), also 0: a
visible 0 next to a small group can tell what each of the others did. A share is shown only
when both of its parts (with and without) reach `MIN_CASES`. No totals are shown, so a hidden
count cannot be recovered by subtracting the visible ones from a total.
Everything used here survives the retention purge (appointment times, status, `has_interpreter`,
device-check levels, anonymous survey answers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo

from sqlmodel import Session, select

from videotermin_app.core.i18n import N_, _
from videotermin_app.core.models import (
    Appointment,
    DeviceCheck,
    Participant,
    ParticipantRole,
)
from videotermin_app.privacy.advisor_survey import ADVISOR_QUESTIONS
from videotermin_app.privacy.survey import (
    QUESTIONS,
    ROLE_ADVISOR,
    ROLE_PARTICIPANT,
    Question,
    answer_counts,
    iso_week,
)

MIN_CASES = 5
SUPPRESSED = f"< {MIN_CASES}"

# Call duration buckets: (label, chart label, lower bound inclusive, upper bound exclusive) in minutes.
DURATION_BUCKETS: tuple[tuple[str, str, float, float], ...] = (
    (N_("unter 10 Min."), "0–10", 0, 10),
    (N_("10–20 Min."), "10–20", 10, 20),
    (N_("20–30 Min."), "20–30", 20, 30),
    (N_("30–45 Min."), "30–45", 30, 45),
    (N_("über 45 Min."), "45+", 45, float("inf")),
)
LEVELS: tuple[tuple[str, str], ...] = (("green", N_("Grün")), ("yellow", N_("Gelb")), ("red", N_("Rot")))


@dataclass(frozen=True)
class Count:
    """A count as it may be shown: below MIN_CASES only as "< 5"."""

    value: int

    @property
    def is_suppressed(self) -> bool:
        return self.value < MIN_CASES

    @property
    def label(self) -> str:
        return SUPPRESSED if self.is_suppressed else str(self.value)

    @property
    def shown(self) -> int:
        """The value a chart may draw (0 for a suppressed count)."""
        return 0 if self.is_suppressed else self.value


@dataclass(frozen=True)
class Share:
    part: Count
    rest: Count

    @property
    def is_suppressed(self) -> bool:
        return self.part.is_suppressed or self.rest.is_suppressed

    @property
    def label(self) -> str:
        if self.is_suppressed:
            return _("nicht angezeigt (weniger als {n} Fälle)").format(n=MIN_CASES)
        percent = round(100 * self.part.value / (self.part.value + self.rest.value))
        return f"{percent} %"


@dataclass(frozen=True)
class Row:
    label: str
    count: Count
    short: str = ""  # the label under a chart bar, where space is tight

    @property
    def tick(self) -> str:
        return self.short or self.label


@dataclass
class Stats:
    calls_per_week: list[Row] = field(default_factory=list)
    durations: list[Row] = field(default_factory=list)
    device_checks: list[Row] = field(default_factory=list)
    interpreter_share: Share = field(default_factory=lambda: Share(Count(0), Count(0)))
    survey: list[tuple[str, list[Row]]] = field(default_factory=list)  # participants: (question text, rows)
    advisor_survey: list[tuple[str, list[Row]]] = field(default_factory=list)  # advisors, the same way


def _bucket(minutes: float) -> str:
    for label, _short, low, high in DURATION_BUCKETS:
        if low <= minutes < high:
            return label
    return DURATION_BUCKETS[0][0]  # a negative duration (clock skew) counts as short


def compute_stats(*, session: Session, tz: tzinfo) -> Stats:
    """All figures of the `/stats` page."""
    calls = session.exec(select(Appointment).where(Appointment.call_started_at.is_not(None))).all()  # type: ignore[union-attr]
    with_interpreter_ids = set(
        session.exec(select(Participant.appointment_id).where(Participant.role == ParticipantRole.INTERPRETER)).all()
    )
    weeks: dict[str, int] = {}
    durations = {label: 0 for label, _short, _low, _high in DURATION_BUCKETS}
    interpreted = 0
    for call in calls:
        assert call.call_started_at is not None
        week = iso_week(call.call_started_at.astimezone(tz))
        weeks[week] = weeks.get(week, 0) + 1
        if call.call_ended_at is not None:
            minutes = (call.call_ended_at - call.call_started_at).total_seconds() / 60
            durations[_bucket(minutes)] += 1
        if call.has_interpreter or call.id in with_interpreter_ids:
            interpreted += 1
    levels = {key: 0 for key, _label in LEVELS}
    for level in session.exec(select(DeviceCheck.level)).all():
        if level in levels:
            levels[level] += 1
    return Stats(
        calls_per_week=[Row(week, Count(n)) for week, n in sorted(weeks.items())],
        durations=[Row(label, Count(durations[label]), short) for label, short, _low, _high in DURATION_BUCKETS],
        device_checks=[Row(label, Count(levels[key])) for key, label in LEVELS],
        interpreter_share=Share(Count(interpreted), Count(len(calls) - interpreted)),
        survey=_survey_rows(session, ROLE_PARTICIPANT, QUESTIONS),
        advisor_survey=_survey_rows(session, ROLE_ADVISOR, ADVISOR_QUESTIONS),
    )


def _survey_rows(session: Session, role: str, questions: tuple[Question, ...]) -> list[tuple[str, list[Row]]]:
    """Per question of `role`'s survey: its text and one row per offered answer (only that role's answers)."""
    answers = answer_counts(session=session, role=role, questions=questions)
    return [
        (
            _(q.text),
            [Row(_(c.label), Count(answers[q.key][c.value]), c.label.split(" ", 1)[0]) for c in q.choices],
        )
        for q in questions
    ]
