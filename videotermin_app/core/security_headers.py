"""The security headers of every HTTP answer (docs/contract.md, "Response headers").

Plain Python: the ASGI middleware in `api.py` adds what `security_headers` returns. The
Content-Security-Policy allows scripts only from the app's own origin plus the inline scripts of
the built HTML pages, each by its SHA-256 (`inline_script_hashes`); no `'unsafe-inline'` and no
`'unsafe-eval'` for scripts. Styles need `'unsafe-inline'`: Radix and Emotion write `<style>`
elements and `style` attributes at runtime.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

HSTS_MAX_AGE_SECONDS = 31_536_000
"""One year: how long a browser keeps to https once it has seen the app over https."""

MAX_HTML_FILE_BYTES = 2_000_000
"""Built pages larger than this are not read for inline scripts (no built page comes near it)."""

PERMISSIONS_POLICY = (
    "camera=(self), microphone=(self), display-capture=(self), fullscreen=(self), autoplay=(self), "
    "geolocation=(), payment=(), usb=(), serial=(), hid=(), midi=(), accelerometer=(), gyroscope=(), magnetometer=()"
)

# A <script> element without a src attribute and its text exactly as the browser hashes it.
_INLINE_SCRIPT = re.compile(rb"<script(\s[^>]*)?>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SRC_ATTRIBUTE = re.compile(rb"\ssrc\s*=", re.IGNORECASE)


def origin_of(base_url: str) -> str:
    """`scheme://host[:port]` of a base URL, lower case, without a default port or a path."""
    parts = urlsplit(base_url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    port = parts.port
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}" if port is None or port == default else f"{scheme}://{host}:{port}"


def websocket_origin_of(base_url: str) -> str:
    """The origin of the app's own websocket (`/_event`): `ws://` beside http, `wss://` beside https."""
    origin = origin_of(base_url)
    return (
        "wss://" + origin.removeprefix("https://")
        if origin.startswith("https://")
        else "ws://" + origin.removeprefix("http://")
    )


def is_https(base_url: str) -> bool:
    return urlsplit(base_url).scheme.lower() == "https"


def script_hash(script: bytes) -> str:
    """The CSP source expression of one inline script's text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode("ascii") + "'"


def inline_script_hashes(html: bytes) -> list[str]:
    """The hash source of every inline script of one HTML page (scripts with `src` have none)."""
    return [
        script_hash(body)
        for attributes, body in _INLINE_SCRIPT.findall(html)
        if not _SRC_ATTRIBUTE.search(attributes or b"")
    ]


def hashes_of_pages(directory: Path) -> tuple[str, ...]:
    """The sorted, distinct inline-script hashes of every `.html` file below `directory`."""
    found: set[str] = set()
    if not directory.is_dir():
        return ()
    for page in directory.rglob("*.html"):
        try:
            if page.stat().st_size > MAX_HTML_FILE_BYTES:
                continue
            found.update(inline_script_hashes(page.read_bytes()))
        except OSError:
            continue
    return tuple(sorted(found))


def content_security_policy(*, base_url: str, script_hashes: Iterable[str] = ()) -> str:
    """The policy for every answer. Each directive is explained in docs/architecture.md."""
    # 'wasm-unsafe-eval': WebAssembly compiled from the app's own files (the background blur's
    # segmentation runtime); it allows no eval() of JavaScript.
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *script_hashes])
    directives = [
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob: mediastream:",
        "font-src 'self' data:",
        f"connect-src 'self' {websocket_origin_of(base_url)}",
        "worker-src 'self' blob:",
        "manifest-src 'self'",
        "frame-src 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    return "; ".join(directives)


def security_headers(*, base_url: str, script_hashes: Iterable[str] = ()) -> list[tuple[str, str]]:
    """Name and value of every security header, names in lower case. HSTS only over https."""
    headers = [
        ("content-security-policy", content_security_policy(base_url=base_url, script_hashes=script_hashes)),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("permissions-policy", PERMISSIONS_POLICY),
        ("x-frame-options", "DENY"),
    ]
    if is_https(base_url):
        headers.append(("strict-transport-security", f"max-age={HSTS_MAX_AGE_SECONDS}; includeSubDomains"))
    return headers
