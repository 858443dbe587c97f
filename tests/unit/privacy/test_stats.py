"""Anonymous statistics: every category below five cases is shown as "< 5"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from tests.unit.privacy.helpers import booked
from videotermin_app.core.models import Advisor, SurveyAnswer
from videotermin_app.privacy.retention import purge_expired
from videotermin_app.privacy.stats import Count, Share, compute_stats

BERLIN = ZoneInfo("Europe/Berlin")
WEEK_48 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # Monday of 2026-W48
WEEK_49 = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)


def test_count_labels() -> None:
    assert [Count(n).label for n in (0, 1, 4, 5, 6, 120)] == ["< 5", "< 5", "< 5", "5", "6", "120"]
    assert Count(4).shown == 0 and Count(5).shown == 5
    assert Share(Count(5), Count(15)).label == "25 %"
    assert Share(Count(4), Count(15)).is_suppressed and "nicht angezeigt" in Share(Count(4), Count(15)).label
    assert Share(Count(15), Count(4)).is_suppressed  # the complement would tell the small group


def _seed(session: Session, advisor: Advisor) -> None:
    # week 48: 5 calls (two with interpreter), week 49: 4 calls
    for i in range(5):
        booked(
            session,
            advisor,
            WEEK_48 + timedelta(hours=i),
            done=True,
            call_minutes=25,
            interpreter=i < 2,
            checks=("green",),
        )
    for i in range(4):
        booked(session, advisor, WEEK_49 + timedelta(hours=i), done=True, call_minutes=50, checks=("yellow",))
    booked(session, advisor, WEEK_49 + timedelta(days=1))  # booked, no call yet: not counted
    for ease in (5, 5, 5, 5, 5, 4):
        session.add(SurveyAnswer(iso_week="2026-W48", ease=ease, would_use_again=1))
    session.commit()


def test_four_cases_are_hidden_five_are_shown(session: Session, advisor: Advisor) -> None:
    _seed(session, advisor)
    stats = compute_stats(session=session, tz=BERLIN)
    assert [(r.label, r.count.label) for r in stats.calls_per_week] == [("2026-W48", "5"), ("2026-W49", "< 5")]
    durations = {r.label: r.count.label for r in stats.durations}
    assert durations == {
        "unter 10 Min.": "< 5",
        "10–20 Min.": "< 5",
        "20–30 Min.": "5",
        "30–45 Min.": "< 5",
        "über 45 Min.": "< 5",
    }
    assert {r.label: r.count.label for r in stats.device_checks} == {"Grün": "5", "Gelb": "< 5", "Rot": "< 5"}
    assert stats.interpreter_share.is_suppressed  # 2 of 9 calls
    text, rows = stats.survey[1]
    assert text == "Wie einfach war die Teilnahme?"
    assert [r.count.label for r in rows] == ["< 5", "< 5", "< 5", "< 5", "5"]
    again = {r.label: r.count.label for r in stats.survey[2][1]}
    assert again == {"Ja": "6", "Nein": "< 5"}


def test_share_is_shown_when_both_parts_reach_five(session: Session, advisor: Advisor) -> None:
    for i in range(10):
        booked(session, advisor, WEEK_48 + timedelta(hours=i), done=True, call_minutes=15, interpreter=i < 5)
    stats = compute_stats(session=session, tz=BERLIN)
    assert stats.interpreter_share.label == "50 %"


def test_statistics_survive_the_purge(session: Session, advisor: Advisor) -> None:
    _seed(session, advisor)
    before = compute_stats(session=session, tz=BERLIN)
    report = purge_expired(session=session, now=WEEK_49 + timedelta(days=200), retention_days=90)
    session.commit()
    assert report.participants == 12  # 10 clients + 2 interpreters
    after = compute_stats(session=session, tz=BERLIN)
    assert after == before
    assert after.interpreter_share.part == Count(2)
