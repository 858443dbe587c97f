"""A hostile page or client meets the app's headers: CSP, framing, sniffing, referrer, permissions,
CORS and the socket's origin check, on pages, built assets, `/health` and the neutral page."""

from __future__ import annotations

import re

import httpx
import pytest
import websocket
from playwright.sync_api import BrowserContext, expect

from tests.journeys.server import AppServer
from tests.support import ROOT
from videotermin_app.core.security_headers import hashes_of_pages, inline_script_hashes, security_headers

FOREIGN_ORIGIN = "http://evil.example"
BUILT_PAGES = ROOT / ".web" / "build" / "client"


def expected(app_server: AppServer) -> dict[str, str]:
    return dict(security_headers(base_url=app_server.base_url, script_hashes=hashes_of_pages(BUILT_PAGES)))


def assert_security_headers(response: httpx.Response, app_server: AppServer) -> None:
    for name, value in expected(app_server).items():
        assert response.headers.get(name) == value, f"{response.request.url}: {name}"
    assert "strict-transport-security" not in response.headers  # VT_BASE_URL is http here


@pytest.fixture
def http(app_server: AppServer) -> httpx.Client:
    return httpx.Client(base_url=app_server.base_url, timeout=10, follow_redirects=False)


def test_the_policy_is_strict_for_scripts(app_server: AppServer) -> None:
    csp = expected(app_server)["content-security-policy"]
    script_src = next(d for d in csp.split("; ") if d.startswith("script-src "))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    for directive in ("frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'self'"):
        assert directive in csp
    assert f"connect-src 'self' ws://127.0.0.1:{app_server.port}" in csp


@pytest.mark.parametrize("path", ["/", "/help/", "/login/", "/datenschutz/", "/advisor/", "/stats/"])
def test_every_page_carries_the_headers_and_its_inline_scripts_are_allowed(
    app_server: AppServer, http: httpx.Client, path: str
) -> None:
    response = http.get(path)
    assert response.status_code == 200
    assert_security_headers(response, app_server)
    inline = inline_script_hashes(response.content)
    assert inline, "the built pages have inline scripts; the test would prove nothing without them"
    allowed = re.findall(r"'sha256-[A-Za-z0-9+/=]+'", response.headers["content-security-policy"])
    assert set(inline) <= set(allowed)


def test_a_hashed_asset_health_a_redirect_and_the_neutral_page_carry_the_headers(
    app_server: AppServer, http: httpx.Client
) -> None:
    page = http.get("/").text
    asset = re.search(r'(/assets/[\w.-]+-[\w-]{8}\.js)"', page)
    assert asset is not None
    answer = http.get(asset.group(1))
    assert answer.status_code == 200 and "javascript" in answer.headers["content-type"]
    assert_security_headers(answer, app_server)
    assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"  # named after its content
    assert http.get("/").headers["cache-control"] == "no-cache"  # a page: revalidated on every visit
    assert http.get("/videotermin.css").headers["cache-control"] == "no-cache"  # not named after its content

    health = http.get("/health")
    assert health.status_code == 200
    assert_security_headers(health, app_server)

    redirect = http.get("/help")  # the built pages live at "/help/": a redirect
    assert redirect.status_code == 307 and redirect.headers["location"].endswith("/help/")
    assert_security_headers(redirect, app_server)

    neutral = http.get("/vkid/unknown")
    assert neutral.status_code == 404 and "Dieser Link ist nicht (mehr) gültig" in neutral.text
    assert neutral.headers["cache-control"] == "no-store"
    assert_security_headers(neutral, app_server)


def test_a_foreign_origin_gets_no_cors_allowance(app_server: AppServer, http: httpx.Client) -> None:
    own = http.get("/health", headers={"Origin": app_server.base_url})
    assert own.headers.get("access-control-allow-origin") == app_server.base_url

    foreign = http.get("/health", headers={"Origin": FOREIGN_ORIGIN})
    assert "access-control-allow-origin" not in foreign.headers  # the browser hides the answer from the page

    preflight = http.options("/health", headers={"Origin": FOREIGN_ORIGIN, "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 400 and "access-control-allow-origin" not in preflight.headers
    assert_security_headers(preflight, app_server)  # also on the answers of Reflex's CORS middleware


def test_the_socket_refuses_a_foreign_origin(app_server: AppServer) -> None:
    url = f"ws://127.0.0.1:{app_server.port}/_event/?EIO=4&transport=websocket"
    with pytest.raises(websocket.WebSocketException):
        websocket.create_connection(url, origin=FOREIGN_ORIGIN, timeout=10)

    own = websocket.create_connection(url, origin=app_server.base_url, timeout=10)
    try:
        assert own.recv().startswith("0{")  # engine.io's "open" packet
    finally:
        own.close()


def test_the_app_cannot_be_framed(app_server: AppServer, client_context: BrowserContext) -> None:
    """A foreign page that embeds the app in a frame gets Chromium's error page in it, while a frame
    of its own loads (frame-ancestors 'none'; Chromium reports this violation to nobody's console)."""
    page = client_context.new_page()
    frames = f'<iframe src="{app_server.base_url}/help/"></iframe><iframe src="{FOREIGN_ORIGIN}/inner"></iframe>'
    page.route(f"{FOREIGN_ORIGIN}/", lambda route: route.fulfill(content_type="text/html", body=frames))
    page.route(f"{FOREIGN_ORIGIN}/inner", lambda route: route.fulfill(content_type="text/html", body="<p>ok</p>"))
    page.goto(f"{FOREIGN_ORIGIN}/")
    expect(page.frame_locator(f'iframe[src="{FOREIGN_ORIGIN}/inner"]').get_by_text("ok")).to_be_visible()
    app_frame = next(f for f in page.frames if f.parent_frame is not None and FOREIGN_ORIGIN not in f.url)
    assert app_frame.url.startswith("chrome-error://")


def test_an_injected_script_is_blocked_and_the_watch_sees_it(
    app_server: AppServer, client_context: BrowserContext, csp_violations: list[str]
) -> None:
    """What an HTML injection would do: the browser refuses to run it, and the journeys' CSP watch
    reports it (so a journey whose own page breaks the policy fails). Taken out of the list here."""
    page = client_context.new_page()
    page.goto("/help/")
    expect(page.get_by_role("heading", name="Hilfe zu Mein Videotermin")).to_be_visible()
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.__injected = true"; document.body.appendChild(s); }"""
    )
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.__injected === undefined")
    provoked = [v for v in csp_violations if "script-src" in v]
    assert provoked, csp_violations
    for violation in provoked:
        csp_violations.remove(violation)
