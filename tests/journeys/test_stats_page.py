"""The statistics page shows counts, and "< 5" for every group with fewer than five cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from playwright.sync_api import BrowserContext, expect
from sqlmodel import select

from tests.journeys.a11y import assert_no_axe_violations
from tests.journeys.pages_advisor import LoginPage
from tests.journeys.seed import ADVISOR_EMAIL, ADVISOR_PASSWORD
from tests.journeys.server import AppServer
from tests.support import ROOT, session_for
from videotermin_app.accounts.advisors import create_advisor
from videotermin_app.booking.booking import PersonInput, book_appointment
from videotermin_app.core.models import Advisor, AppointmentStatus, SurveyAnswer

ARTIFACTS = ROOT / "test-artifacts"
WEEK_10 = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)  # Monday of 2025-W10; far before any other journey's data


def seed_calls(server: AppServer) -> None:
    """Five calls of 25 minutes in 2025-W10, four of 50 minutes in 2025-W11."""
    with session_for(server.database_url) as session:
        advisor = session.exec(select(Advisor).where(Advisor.email == ADVISOR_EMAIL)).first() or create_advisor(
            session=session, email=ADVISOR_EMAIL, name="Bernd Berater", password=ADVISOR_PASSWORD
        )
        starts = [(WEEK_10 + timedelta(hours=i), 25) for i in range(5)]
        starts += [(WEEK_10 + timedelta(days=7, hours=i), 50) for i in range(4)]
        for start, minutes in starts:
            booking = book_appointment(
                session=session,
                advisor=advisor,
                start=start,
                duration_minutes=30,
                now=start - timedelta(days=1),
                client=PersonInput("Max", "Mustermann", "kunde@example.org", customer_number="123D456789"),
            )
            booking.appointment.status = AppointmentStatus.DONE
            booking.appointment.call_started_at = start
            booking.appointment.call_ended_at = start + timedelta(minutes=minutes)
        # advisors' answers (stored with their role) beside the participants': shown apart
        for _i in range(6):
            session.add(SurveyAnswer(iso_week="2025-W10", ease=2, role="advisor"))
            session.add(SurveyAnswer(iso_week="2025-W10", ease=4, role="participant"))
        session.commit()


def test_stats_page_hides_small_groups(
    app_server: AppServer, client_context: BrowserContext, advisor_context: BrowserContext
) -> None:
    seed_calls(app_server)
    ARTIFACTS.mkdir(exist_ok=True)
    for name, context in (("desktop", advisor_context), ("phone", client_context)):
        page = context.new_page()
        page.goto("/stats")  # not signed in: only the login, no figures
        expect(page.get_by_role("button", name="Anmelden")).to_be_visible()
        expect(page.get_by_role("heading", name="Statistik", exact=True)).to_have_count(0)
        LoginPage(page).sign_in(ADVISOR_EMAIL, ADVISOR_PASSWORD)
        expect(page.get_by_role("button", name="Abmelden")).to_be_visible()
        page.goto("/stats")
        expect(page.get_by_role("heading", name="Statistik", exact=True)).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / f"stats-{name}.png"), full_page=True)
        weeks = page.get_by_role("table", name="Gespräche je Kalenderwoche")
        # the count cell of each week's row, exactly (the week label "2025-W10" itself contains a 5)
        for week, count in (("2025-W10", "5"), ("2025-W11", "< 5")):
            row = weeks.get_by_role("row").filter(has=page.get_by_role("rowheader", name=week, exact=True))
            expect(row.get_by_role("cell")).to_have_count(1)
            expect(row.get_by_role("cell")).to_have_text(count, use_inner_text=True)
        expect(page.locator("#stats-weeks .recharts-bar-rectangle").first).to_be_attached()
        # participants' and advisors' answers apart, each under its own heading and question
        expect(page.get_by_role("heading", name="Umfrage nach dem Gespräch: Teilnehmende")).to_be_visible()
        expect(page.get_by_role("heading", name="Umfrage nach dem Gespräch: Beratende")).to_be_visible()
        clients = page.get_by_role("table", name="Wie einfach war die Teilnahme?")
        advisors = page.get_by_role("table", name="Wie einfach konnten Sie das Anliegen per Video besprechen?")
        for table, shown, hidden in ((clients, "4", "2"), (advisors, "2", "4")):
            for answer, at_least in ((shown, True), (hidden, False)):
                row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=answer, exact=True))
                cell = row.get_by_role("cell")
                if at_least:
                    expect(cell).not_to_have_text("< 5", use_inner_text=True)
                else:
                    expect(cell).to_have_text("< 5", use_inner_text=True)
        expect(page.get_by_text("Gruppen mit weniger als 5 Fällen", exact=False)).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / f"stats-{name}.png"), full_page=True)
        assert_no_axe_violations(page, f"stats-{name}")
