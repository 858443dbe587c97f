"""`/stats`: anonymous statistics for advisors and admins (figures from privacy/stats.py)."""

from __future__ import annotations

import reflex as rx

from videotermin_app.accounts.state_auth import NotSignedIn, advisor_state, as_advisor
from videotermin_app.core.settings import get_settings
from videotermin_app.privacy.rows import StatRow
from videotermin_app.privacy.stats import Row, compute_stats


def _rows(rows: list[Row]) -> list[StatRow]:
    """Chart and table rows: a suppressed count is drawn as 0 and labelled "< 5"."""
    return [StatRow(name=r.label, tick=r.tick, value=r.count.shown, label=r.count.label) for r in rows]


@advisor_state
class StatsState(rx.State):
    is_loaded: bool = False
    is_allowed: bool = False
    weeks: rx.Field[list[StatRow]] = rx.field(default_factory=list)
    durations: rx.Field[list[StatRow]] = rx.field(default_factory=list)
    device_checks: rx.Field[list[StatRow]] = rx.field(default_factory=list)
    interpreter_label: str = ""
    # rows per question, in the order of QUESTIONS
    survey: rx.Field[list[list[StatRow]]] = rx.field(default_factory=lambda: [[], [], []])
    # the advisors' answers, apart, in the order of ADVISOR_QUESTIONS
    advisor_survey: rx.Field[list[list[StatRow]]] = rx.field(default_factory=lambda: [[], [], []])

    @rx.event
    async def load(self) -> None:
        """Figures only for a signed-in advisor or administrator, checked in the database (off the loop)."""
        tz = get_settings().timezone
        try:
            stats = await as_advisor(self, lambda session, _advisor: compute_stats(session=session, tz=tz))
        except NotSignedIn:
            self.reset()  # type: ignore[no-untyped-call]  # Reflex's reset is unannotated
            self.is_allowed, self.is_loaded = False, True
            return
        self.is_allowed = True
        self.weeks = _rows(stats.calls_per_week)
        self.durations = _rows(stats.durations)
        self.device_checks = _rows(stats.device_checks)
        self.interpreter_label = stats.interpreter_share.label
        self.survey = [_rows(rows) for _text, rows in stats.survey]
        self.advisor_survey = [_rows(rows) for _text, rows in stats.advisor_survey]
        self.is_loaded = True
