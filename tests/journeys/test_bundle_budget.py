"""The personal link on a phone: what the browser downloads until **Ich stimme zu** can be clicked.

Issue 15: most clients open their link on a smartphone on mobile data, so the scripts and
stylesheets of steps 1–2 have a budget in compressed bytes (as transferred, `tests/journeys/transfer.py`).
The figures and what makes them up are in docs/architecture.md ("Page weight")."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, expect

from tests.journeys.seed import book
from tests.journeys.server import AppServer
from tests.journeys.transfer import watch

# Measured 228 KB (190 KB JavaScript in 32 files, 39 KB CSS), brotli, Reflex 0.10.1; before issue 15
# 362 KB (278 KB JavaScript, 84 KB CSS, gzip). Device choice, background blur and the pre-connection then
# added 18 KB to the /vkid page; loading the call, the device check, the device choice and the browser
# check only when they are shown (NoSSRComponent: a lazy import()) took 9 KB back: 237 KB. The margin
# also holds when the machine is so slow that the toaster (ui/lazy_toaster.py, 7 KB, fetched 2 s after
# the page loaded) comes before the button.
BUDGET_BYTES = 246_000
CODE = ("script", "stylesheet")
COMPRESSIBLE_FROM = 1_024  # Reflex precompresses files from 256 bytes; tiny ones may come as they are


def test_the_consent_page_stays_within_its_budget(app_server: AppServer, client_context: BrowserContext) -> None:
    seeded = book(app_server)
    page = client_context.new_page()
    log = watch(page)
    page.goto(f"/vkid/{seeded.tokens['client']}")
    expect(page.get_by_role("button", name="Ich stimme zu")).to_be_enabled()
    loaded = log.bytes_of(*CODE)
    report = f"{loaded} bytes of JavaScript and CSS in {log.count_of(*CODE)} files:\n{log.table()}"
    assert log.count_of("script") > 0 and log.count_of("stylesheet") > 0, report
    assert loaded <= BUDGET_BYTES, report
    # compression as good as the server can do: brotli, which Chromium asks for (also over plain http)
    unbrotlied = [f for f in log.fetched if f.kind in CODE and f.encoding != "br" and f.body_bytes >= COMPRESSIBLE_FROM]
    assert not unbrotlied, report


def test_a_returning_visit_loads_no_script_or_stylesheet_again(
    app_server: AppServer, client_context: BrowserContext
) -> None:
    """A returning visit loads every hashed script and stylesheet from the browser's cache."""
    seeded = book(app_server)
    page = client_context.new_page()
    page.goto(f"/vkid/{seeded.tokens['client']}")
    expect(page.get_by_role("button", name="Ich stimme zu")).to_be_enabled()
    again = client_context.new_page()
    log = watch(again)
    again.goto(f"/vkid/{seeded.tokens['client']}")
    expect(again.get_by_role("button", name="Ich stimme zu")).to_be_enabled()
    # hashed, so cached for a year without asking again (core/caching.py): no byte, no 304
    assert log.count_of(*CODE) > 0 and log.bytes_of(*CODE) == 0, log.table()
    assert all(f.status == 200 for f in log.fetched if f.kind in CODE), log.table()
