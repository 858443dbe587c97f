"""The advisor adds an interpreter to a booked appointment and later takes her off again: the mail
with her own link arrives and opens, the client's open page names her at once (no reload), and once
removed she leaves the waiting area at once, every open page of her link shows the neutral notice,
the client's page drops her live, and she gets a short mail."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, expect

from tests.journeys.a11y import assert_no_axe_violations
from tests.journeys.pages_advisor import wait_for_mails
from tests.journeys.pages_call import AdvisorDesk
from tests.journeys.seed import book, ready_for_room, room_statuses, unique_advisor
from tests.journeys.server import AppServer

INTERPRETER = "olga.teilnahme@example.org"
SHOTS = Path("/tmp/wt-people")


def _shots(page: Page, name: str) -> None:
    """The screen at phone and laptop size (looked at by hand, kept outside the repository)."""
    SHOTS.mkdir(exist_ok=True)
    for width, height in ((390, 844), (1366, 768)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def test_add_an_interpreter_then_remove_her(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    seeded = book(
        app_server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=3), first_name="Paula", last_name="Teil"
    )
    desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
    page = desk.page
    # the client's page is open before anyone else is invited: nobody else named yet
    client = client_context.new_page()
    client.goto(f"/vkid/{seeded.tokens['client']}")
    expect(client.get_by_text("Ihr persönlicher Termin")).to_be_visible()
    expect(client.get_by_test_id("other-people")).to_have_count(0)
    card = page.locator("article").filter(has_text="Paula Teil")
    card.get_by_role("button", name="Person hinzufügen").click()
    form = card.get_by_role("form", name="Person hinzufügen")
    form.get_by_role("combobox", name="Rolle").select_option(label="Dolmetscher/in")
    form.get_by_role("textbox", name="Name").fill("Olga Petrova")
    form.get_by_role("textbox", name="Mail-Adresse").fill("olga@@kaputt")
    form.get_by_role("button", name="Person einladen").click()
    expect(form.get_by_text("ist ungültig")).to_be_visible()  # a German message at the field, nothing written
    assert_no_axe_violations(page, "add person form with an error")
    _shots(page, "advisor-add-person")
    form.get_by_role("textbox", name="Mail-Adresse").fill(INTERPRETER)
    form.get_by_role("button", name="Person einladen").click()
    expect(page.get_by_text("Die Person ist eingeladen")).to_be_visible()
    expect(card.get_by_text("Olga Petrova")).to_be_visible()
    _shots(page, "advisor-card-with-interpreter")

    # the client's open page names her at once, without a reload (delivered to the tab)
    expect(client.get_by_text("Dolmetscherin/Dolmetscher: Olga Petrova")).to_be_visible()

    # her own mail, her own link; her page names the client
    mail = wait_for_mails(app_server.outbox, to=INTERPRETER, subject_contains="Ihre Einladung")[0]
    assert "Dolmetscherin oder Dolmetscher" in mail.text
    olga = client_context.new_page()
    olga.goto(mail.link)
    expect(olga.get_by_text("Kundin/Kunde: Paula Teil")).to_be_visible()
    assert INTERPRETER not in client.content()
    assert_no_axe_violations(client, "client's page naming the others")
    _shots(client, "client-names-others")

    # she waits in the waiting area when the advisor takes her off the appointment
    token = mail.link.rsplit("/", 1)[1]
    ready_for_room(app_server, dataclasses.replace(seeded, tokens={"interpreter": token}), "interpreter")
    olga.reload()
    olga.get_by_role("button", name="Beratungsraum betreten").click()
    expect(olga.get_by_role("heading", name="Sie sind im virtuellen Wartebereich")).to_be_visible()
    expect(olga.get_by_text("Kundin/Kunde: Paula Teil")).to_be_visible()
    olga_step1 = client_context.new_page()  # a second page of her link, still at step 1
    olga_step1.goto(mail.link)
    expect(olga_step1.get_by_text("Kundin/Kunde: Paula Teil")).to_be_visible()
    card.get_by_role("button", name="Ausladen: Olga Petrova").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Der persönliche Link wird sofort ungültig")
    assert_no_axe_violations(page, "remove person dialog")
    _shots(page, "advisor-remove-dialog")
    dialog.get_by_role("button", name="Person ausladen").click()
    expect(page.get_by_text("Die Person ist ausgeladen")).to_be_visible()
    expect(card.get_by_text("Olga Petrova")).to_have_count(0)
    for her_page in (olga, olga_step1):  # live, from the waiting area and from step 1
        expect(her_page.get_by_role("heading", name="Dieser Link ist nicht (mehr) gültig")).to_be_visible()
        expect(her_page.get_by_text("Bitte prüfen Sie, ob Sie den vollständigen Link")).to_be_visible()
    expect(olga.get_by_role("button", name="Auflegen")).to_have_count(0)
    # the client's open page drops her at once
    expect(client.get_by_text("Olga Petrova")).to_have_count(0)
    expect(client.get_by_test_id("other-people")).to_have_count(0)
    _shots(olga_step1, "removed-person-step1")
    assert room_statuses(app_server, seeded.appointment_id) == ["left"]
    olga.goto(mail.link)
    expect(olga.get_by_role("heading", name="Dieser Link ist nicht (mehr) gültig")).to_be_visible()
    removal = wait_for_mails(app_server.outbox, to=INTERPRETER, subject_contains="entfällt")[0]
    assert "nicht mehr daran teil" in removal.text
    client.reload()
    expect(client.get_by_text("Ihr persönlicher Termin")).to_be_visible()
    expect(client.get_by_text("Olga Petrova")).to_have_count(0)
