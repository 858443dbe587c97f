"""Small page objects for the advisor's side, plus reading the outbox."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from playwright.sync_api import Locator, Page, expect
from sqlmodel import select

from tests.journeys.a11y import assert_no_axe_violations
from tests.journeys.server import AppServer
from tests.support import ROOT, session_for
from videotermin_app.accounts.advisors import create_advisor
from videotermin_app.core.models import Advisor

ARTIFACTS = ROOT / "test-artifacts"
LINK_RE = re.compile(r"https?://\S+/vkid/[A-Za-z0-9_-]+(?:\?lang=[a-z]{2})?")


def ensure_advisor(
    server: AppServer, email: str, password: str, *, name: str = "Bernd Berater", admin: bool = False
) -> None:
    with session_for(server.database_url) as session:
        if session.exec(select(Advisor).where(Advisor.email == email)).first() is None:
            create_advisor(session=session, email=email, name=name, password=password, admin=admin)
            session.commit()


def shot(page: Page, name: str) -> None:
    """A screenshot into test-artifacts/ and an axe-core scan of the same state."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    assert_no_axe_violations(page, name)


class LoginPage:
    def __init__(self, page: Page) -> None:
        self.page = page

    def open(self) -> LoginPage:
        self.page.goto("/login")
        expect(self.page.get_by_role("button", name="Anmelden")).to_be_visible()
        return self

    def sign_in(self, email: str, password: str) -> None:
        self.page.get_by_role("textbox", name="E-Mail").fill(email)
        self.page.get_by_label("Passwort").fill(password)
        self.page.get_by_role("button", name="Anmelden").click()


class AdvisorPage:
    def __init__(self, page: Page) -> None:
        self.page = page

    def expect_loaded(self) -> AdvisorPage:
        expect(self.page.get_by_role("heading", name="Meine Termine")).to_be_visible()
        return self

    def card(self, client_name: str) -> Locator:
        return self.page.get_by_role("article").filter(has_text=client_name)

    def open_form(self) -> None:
        self.page.get_by_role("button", name="Termin anlegen").click()
        expect(self.page.get_by_role("button", name="Einladung senden")).to_be_visible()

    def fill_client(self, *, first: str, last: str, number: str, email: str, start: str, duration: str) -> None:
        p = self.page
        p.get_by_role("textbox", name="Vorname", exact=True).fill(first)
        p.get_by_role("textbox", name="Nachname", exact=True).fill(last)
        p.get_by_role("textbox", name="Kundennummer", exact=True).fill(number)
        p.get_by_role("textbox", name="E-Mail", exact=True).fill(email)
        p.get_by_role("textbox", name="Beginn", exact=True).fill(start)
        p.get_by_role("textbox", name="Dauer (Minuten)", exact=True).fill(duration)

    def add_person(self, *, role_label: str, name: str, email: str) -> None:
        p = self.page
        p.get_by_role("button", name="Weitere Person hinzufügen").click()
        group = p.get_by_role("group").last
        group.get_by_role("combobox", name="Rolle").select_option(label=role_label)
        group.get_by_role("textbox", name="Name").fill(name)
        group.get_by_role("textbox", name="Mail-Adresse").fill(email)

    def send(self) -> None:
        self.page.get_by_role("button", name="Einladung senden").click()


@dataclass
class Mail:
    path: Path
    message: EmailMessage

    @property
    def to(self) -> str:
        return str(self.message["To"])

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        body = self.message.get_body(preferencelist=("plain",))
        assert body is not None
        return str(body.get_content())

    @property
    def link(self) -> str:
        found = LINK_RE.search(self.text)
        assert found, self.text
        return found.group(0)

    def attachments(self) -> dict[str, tuple[str, bytes]]:
        return {
            part.get_filename() or "": (part.get_content_type(), part.get_payload(decode=True))
            for part in self.message.iter_attachments()
        }


def read_outbox(outbox: Path) -> list[Mail]:
    mails = []
    for path in sorted(outbox.glob("*.eml")):
        mails.append(Mail(path, message_from_bytes(path.read_bytes(), policy=policy.default)))  # type: ignore[arg-type]
    return mails


def wait_for_mails(
    outbox: Path, *, to: str, subject_contains: str, count: int = 1, timeout: float = 15.0
) -> list[Mail]:
    """The mails to `to` whose subject contains the text (waits for the background send)."""
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in read_outbox(outbox) if to in m.to and subject_contains in m.subject]
        if len(found) >= count or time.monotonic() > deadline:
            assert len(found) >= count, (
                f"no mail to {to} with {subject_contains!r}: {[m.subject for m in read_outbox(outbox)]}"
            )
            return found
        time.sleep(0.2)
