"""Journey fixtures: the real app in production mode and Chromium with fake camera and microphone.

Every browser context a journey opens is watched for Content-Security-Policy violations (the
`securitypolicyviolation` event of every page and frame, and Chromium's console reports); a journey
that caused any fails at teardown with the violations listed."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Playwright, sync_playwright

from tests.journeys import a11y
from tests.journeys.server import AppServer

CHROMIUM_ARGS = [
    "--use-fake-ui-for-media-stream",
    # three fake cameras beside the fake microphones and speakers, so the device choice and **Kamera
    # wechseln** can be exercised (test_devices.py); fake_device_0 (I420) is the default. fake_device_1
    # delivers Y16 (a depth format) that WebRTC does not send; journeys switch to fake_device_2 (MJPEG).
    "--use-fake-device-for-media-stream=device-count=3",
    "--autoplay-policy=no-user-gesture-required",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_executable() -> str | None:
    """docs/contract.md: PLAYWRIGHT_CHROMIUM_EXECUTABLE, else /usr/bin/chromium, else Playwright's own."""
    explicit = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE")
    if explicit:
        return explicit
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or None


CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__vtCspViolation(
    `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile || document.location.pathname}:` +
      `${e.lineNumber} (${(e.sample || "").slice(0, 80)})`
  );
});
"""
CSP_CONSOLE_MARKERS = ("Content Security Policy", "Content-Security-Policy")


def watch_csp(context: BrowserContext, violations: list[str]) -> None:
    """Collect every CSP violation of every page of `context` into `violations`."""

    def reported(source: dict[str, object], text: str) -> None:
        page = source.get("page")
        where = page.url if isinstance(page, Page) else "?"
        violations.append(f"{where}: {text}")

    def console(message: ConsoleMessage) -> None:
        if any(marker in message.text for marker in CSP_CONSOLE_MARKERS):
            violations.append(f"console {message.type} on {message.page.url if message.page else '?'}: {message.text}")

    context.expose_binding("__vtCspViolation", reported)
    context.add_init_script(CSP_LISTENER)
    context.on("console", console)


@pytest.fixture(autouse=True)
def csp_violations(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every context opened during a journey (through any `Browser.new_context`) is watched."""
    violations: list[str] = []
    original = Browser.new_context

    def new_context(self: Browser, *args: object, **kwargs: object) -> BrowserContext:
        context = original(self, *args, **kwargs)  # type: ignore[arg-type]
        watch_csp(context, violations)
        return context

    monkeypatch.setattr(Browser, "new_context", new_context)
    yield violations
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(violations)), pytrace=False)


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    # /metrics for 127.0.0.1 only, so test_health can show a refused client (from 127.0.0.2); the background
    # blur is given up only below 1 frame per second (the journeys' browser segments with software graphics
    # on shared cores, far below the default of 10; test_background_blur.py makes a slower device itself)
    env = {"VT_METRICS_ALLOW": "127.0.0.1", "VT_BLUR_MIN_FPS": "1"}
    server = AppServer(workdir=tmp_path_factory.mktemp("app"), extra_env=env).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


def launch(playwright: Playwright, *, fake_ui: bool = True) -> Browser:
    args = CHROMIUM_ARGS if fake_ui else [a for a in CHROMIUM_ARGS if a != "--use-fake-ui-for-media-stream"]
    return playwright.chromium.launch(executable_path=chromium_executable(), args=args)


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = launch(playwright)
    yield browser
    browser.close()


def _context(browser: Browser, app_server: AppServer, **kw: object) -> BrowserContext:
    context = browser.new_context(base_url=app_server.base_url, locale="de-DE", timezone_id="Europe/Berlin", **kw)  # type: ignore[arg-type]
    context.grant_permissions(["camera", "microphone"], origin=app_server.base_url)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def client_context(browser: Browser, app_server: AppServer) -> Iterator[BrowserContext]:
    """The client's browser (a phone-sized viewport)."""
    context = _context(browser, app_server, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield context
    context.close()


@pytest.fixture
def advisor_context(browser: Browser, app_server: AppServer) -> Iterator[BrowserContext]:
    """The advisor's browser (a desktop), separate cookies and storage from the client's."""
    context = _context(browser, app_server, viewport={"width": 1366, "height": 800})
    yield context
    context.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The axe-core figures of this run: how many page states at which sizes were scanned."""
    if not a11y.SCANS:
        return
    sizes = sorted({label.rsplit(" @ ", 1)[-1] for label in a11y.SCANS})
    terminalreporter.section("axe-core scans (WCAG 2.1 A/AA)")
    terminalreporter.write_line(f"{len(a11y.SCANS)} scan(s) at {', '.join(sizes)} (any violation fails its journey)")
    for label in a11y.SCANS:
        terminalreporter.write_line(f"  {label}")
