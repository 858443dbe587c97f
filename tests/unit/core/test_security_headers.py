"""The security headers: the policy, its script hashes, HSTS only over https, and the middleware."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from videotermin_app.api import front_door, with_security_headers
from videotermin_app.core.security_headers import (
    HSTS_MAX_AGE_SECONDS,
    MAX_HTML_FILE_BYTES,
    PERMISSIONS_POLICY,
    content_security_policy,
    hashes_of_pages,
    inline_script_hashes,
    origin_of,
    script_hash,
    security_headers,
    websocket_origin_of,
)

PAGE = b"""<html><head><script src="/assets/a.js"></script><script type="module" async="">import "/x.js";</script>
</head><body><SCRIPT>window.a = 1;</SCRIPT><script id="_R_">$RC("B:1","S:1")</script></body></html>"""


def _sha(text: bytes) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text).digest()).decode() + "'"


def test_the_bounds_are_what_the_docs_say() -> None:
    assert HSTS_MAX_AGE_SECONDS == 365 * 24 * 3600
    assert MAX_HTML_FILE_BYTES == 2_000_000


def test_origins_drop_paths_and_default_ports() -> None:
    assert origin_of("https://VT.example.org/base/") == "https://vt.example.org"
    assert origin_of("https://vt.example.org:443") == "https://vt.example.org"
    assert origin_of("http://127.0.0.1:3000/") == "http://127.0.0.1:3000"
    assert origin_of("http://[::1]:8080") == "http://[::1]:8080"
    assert websocket_origin_of("https://vt.example.org:8443/x") == "wss://vt.example.org:8443"
    assert websocket_origin_of("http://localhost:3000") == "ws://localhost:3000"


def test_inline_scripts_are_hashed_exactly_as_written_and_external_ones_not() -> None:
    assert inline_script_hashes(PAGE) == [
        _sha(b'import "/x.js";'),
        _sha(b"window.a = 1;"),
        _sha(b'$RC("B:1","S:1")'),
    ]
    assert script_hash(b"") == _sha(b"")


def test_hashes_of_pages_reads_every_built_page_once(tmp_path: Path) -> None:
    (tmp_path / "help").mkdir()
    (tmp_path / "index.html").write_bytes(PAGE)
    (tmp_path / "help" / "index.html").write_bytes(b"<script>window.b = 2;</script><script>window.a = 1;</script>")
    (tmp_path / "huge.html").write_bytes(b"<script>evil()</script>" + b" " * MAX_HTML_FILE_BYTES)
    found = hashes_of_pages(tmp_path)
    assert found == tuple(sorted({*inline_script_hashes(PAGE), _sha(b"window.b = 2;")}))
    assert _sha(b"evil()") not in found
    assert hashes_of_pages(tmp_path / "missing") == ()


def test_the_policy_forbids_injected_script_framing_plugins_and_foreign_connections() -> None:
    csp = content_security_policy(base_url="https://vt.example.org", script_hashes=["'sha256-abc='"])
    directives = dict(d.split(" ", 1) for d in csp.split("; "))
    # WebAssembly from the app's own files (the background blur), never eval() of script
    assert directives["script-src"] == "'self' 'wasm-unsafe-eval' 'sha256-abc='"
    assert directives["default-src"] == "'self'"
    assert directives["connect-src"] == "'self' wss://vt.example.org"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["style-src"] == "'self' 'unsafe-inline'"  # Radix and Emotion write style elements
    assert directives["media-src"] == "'self' blob: mediastream:"
    assert "'unsafe-eval'" not in csp and "unsafe-inline" not in directives["script-src"]


def test_hsts_only_when_the_base_url_is_https() -> None:
    over_https = dict(security_headers(base_url="https://vt.example.org"))
    assert over_https["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    over_http = dict(security_headers(base_url="http://localhost:3000"))
    assert "strict-transport-security" not in over_http
    assert over_http["x-content-type-options"] == "nosniff"
    assert over_http["referrer-policy"] == "no-referrer"
    assert over_http["permissions-policy"] == PERMISSIONS_POLICY
    assert over_http["x-frame-options"] == "DENY"


def test_permissions_policy_allows_camera_microphone_and_screen_to_the_app_only() -> None:
    rules = dict(rule.split("=") for rule in PERMISSIONS_POLICY.split(", "))
    assert rules["camera"] == rules["microphone"] == rules["display-capture"] == "(self)"
    assert rules["geolocation"] == rules["payment"] == rules["usb"] == "()"


def _app(pages: Path) -> TestClient:
    inner = Starlette(
        routes=[
            Route("/moved", lambda request: RedirectResponse("/help/")),
            Route("/{path:path}", lambda request: PlainTextResponse("spa", headers={"referrer-policy": "unsafe-url"})),
        ]
    )
    return TestClient(with_security_headers(front_door(inner), base_url="https://vt.example.org", pages_dir=pages))


def test_every_answer_carries_the_headers_and_ours_win(tmp_path: Path, configured: str) -> None:
    (tmp_path / "index.html").write_bytes(PAGE)
    client = _app(tmp_path)
    expected = dict(security_headers(base_url="https://vt.example.org", script_hashes=hashes_of_pages(tmp_path)))
    for answer in (client.get("/help/"), client.get("/moved", follow_redirects=False), client.get("/health")):
        assert {name: answer.headers[name] for name in expected} == expected
    neutral = client.get("/vkid/unknown")
    assert neutral.status_code == 404 and neutral.headers["cache-control"] == "no-store"
    assert neutral.headers["content-security-policy"] == expected["content-security-policy"]


def test_a_rebuild_changes_the_hashes_without_a_restart(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_bytes(b"<script>one()</script>")
    client = _app(tmp_path)
    assert _sha(b"one()") in client.get("/").headers["content-security-policy"]
    (tmp_path / "index.html").write_bytes(b"<script>second()</script>")
    csp = client.get("/").headers["content-security-policy"]
    assert _sha(b"second()") in csp and _sha(b"one()") not in csp
