"""HTTP in front of the Reflex app: `/health`, `/metrics` (Prometheus, only for `VT_METRICS_ALLOW`), the neutral answer for a bad personal link
or revocation link (`/widerruf/{token}`), and the
security headers of every answer.

`FrontDoor` is wrapped around Reflex's ASGI app through `rx.App(api_transformer=...)`, so its
answers win over the mounted frontend. Every unknown, cancelled, expired or revoked token gets the
same page and the same status, which reveals nothing about whether a token ever existed.

`SecurityHeaders` wraps the whole ASGI app (outside Reflex's CORS and error middleware, see
`videotermin_app.App`), so every HTTP answer carries the headers of `core/security_headers.py`:
pages, built assets, `/health`, the neutral page, redirects, CORS refusals and errors.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from videotermin_app.core import i18n, routes, support
from videotermin_app.core.caching import cache_control
from videotermin_app.core.security_headers import hashes_of_pages, security_headers

NO_STORE = [(b"cache-control", b"no-store")]
backend_log = logging.getLogger("videotermin_app.backend")
RETRY_AFTER_SECONDS = 60  # what a 503 (database unreachable) asks the browser to wait
UNAVAILABLE_HEADERS = {"cache-control": "no-store", "retry-after": str(RETRY_AFTER_SECONDS)}


def request_language(scope: Scope) -> str:
    """`?lang=xx`, else the device's remembered choice (cookie `vt_lang`, see core/vt_i18n.jsx), else German."""
    raw: bytes = scope.get("query_string", b"")
    query: list[str] = parse_qs(raw.decode("latin-1")).get("lang", [""])
    if query[0] in i18n.LANGUAGES:
        return query[0]
    return i18n.normalized(Request(scope).cookies.get("vt_lang", ""))


def neutral_page_html(code: str = i18n.DEFAULT_LANGUAGE) -> str:
    return _notice_page(i18n.INVALID_LINK_TITLE, i18n.INVALID_LINK_TEXT, code)


def unavailable_page_html(code: str = i18n.DEFAULT_LANGUAGE) -> str:
    """The answer to a personal link while the database cannot be reached (503)."""
    return _notice_page(i18n.UNAVAILABLE_TITLE, i18n.UNAVAILABLE_TEXT, code)


def _language_form(code: str) -> str:
    """The **Sprache** choice without script (the page allows none): a GET form that reloads with `?lang=`."""
    options = "".join(
        f'<option value="{c}" lang="{c}"{" selected" if c == code else ""}>{html.escape(i18n.LANGUAGE_NAMES[c])}</option>'
        for c in i18n.LANGUAGES
    )
    return (
        '<form method="get" class="lang"><label for="lang">Sprache</label> '
        f'<select id="lang" name="lang">{options}</select> '
        f'<button type="submit">{html.escape(i18n._("Sprache wechseln"))}</button></form>'
    )


def _notice_page(title_source: str, body_source: str, code: str) -> str:
    with i18n.language(code) as lang:
        title = html.escape(i18n._(title_source))
        body_text = i18n._(body_source)
        support_label = i18n._("Technischer Support")
        hours = support.hours()
        help_text = i18n._("Hilfe zu Mein Videotermin")
        imprint = i18n._("Impressum")
        form = _language_form(lang)
    direction = "rtl" if lang in i18n.RTL_LANGUAGES else "ltr"
    return f"""<!DOCTYPE html>
<html lang="{lang}" dir="{direction}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>{title} – Mein Videotermin</title>
<style>body{{font-family:system-ui,sans-serif;margin:0;background:#f4f6fa;color:#1b1f29}}
main{{max-width:36rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:12px;line-height:1.6}}
h1{{font-size:1.5rem}}a{{color:#0b57d0}}.lang{{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}}
select,button{{font:inherit;padding:.25rem .5rem}}</style></head>
<body><main>{form}<p><strong>Mein Videotermin</strong></p><h1>{title}</h1>
<p>{html.escape(body_text)}</p>
<p>{html.escape(support_label)}: <a href="{html.escape(support.phone_href())}" dir="ltr">{html.escape(support.phone())}</a>
({html.escape(hours)})</p>
<p><a href="{routes.HELP}?lang={lang}">{html.escape(help_text)}</a> ·
<a href="{routes.IMPRINT}?lang={lang}">{html.escape(imprint)}</a></p></main></body></html>"""


def _token_is_valid(token: str) -> bool:
    from videotermin_app.core.db import session_scope
    from videotermin_app.wizard.links import resolve

    with session_scope() as session:
        return resolve(session=session, token=token) is not None


def _revocation_token_is_valid(token: str) -> bool:
    from videotermin_app.core.db import session_scope
    from videotermin_app.privacy.revocation_links import look_up

    with session_scope() as session:
        return look_up(session=session, token=token) is not None


def _metrics_body() -> bytes:
    """The scrape: room figures from the database (two counting queries, in a thread), this process's rest."""
    from sqlalchemy.exc import SQLAlchemyError

    from videotermin_app.core.db import session_scope
    from videotermin_app.core.metrics import exposition
    from videotermin_app.device_check.registry import registry
    from videotermin_app.room.rooms import room_figures

    waiting: int | None
    calls: int | None
    try:
        with session_scope() as session:
            waiting, calls = room_figures(session=session)
    except SQLAlchemyError:  # the scrape still answers; videotermin_database_up says 0
        waiting = calls = None
    return exposition(waiting=waiting, calls=calls, echo_peers=len(registry))


def metrics_client_allowed(scope: Scope) -> bool:
    """Only clients in `VT_METRICS_ALLOW` (default loopback), read through `VT_TRUSTED_PROXIES` hops."""
    from videotermin_app.core.client_address import client_ip
    from videotermin_app.core.metrics import client_allowed
    from videotermin_app.core.settings import get_settings

    settings = get_settings()
    client = scope.get("client") or ("", 0)
    forwarded = Headers(scope=scope).get("x-forwarded-for", "")
    address = client_ip(peer=str(client[0]), forwarded_for=forwarded, trusted_proxies=settings.trusted_proxies)
    return client_allowed(address=address, networks=settings.metrics_allow)


def _health() -> dict[str, Any]:
    from videotermin_app.core.db import database_ok

    ok = database_ok()
    return {"status": "ok" if ok else "error", "database": "ok" if ok else "unreachable", "service": "mein-videotermin"}


class FrontDoor:
    """ASGI middleware for the routes of our own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        if path == routes.HEALTH:
            body = await run_in_threadpool(_health)
            response: Response = JSONResponse(body, status_code=200 if body["status"] == "ok" else 503)
            await response(scope, receive, send)
            return
        if path == routes.METRICS:
            if metrics_client_allowed(scope):
                from videotermin_app.core.metrics import CONTENT_TYPE

                body_bytes = await run_in_threadpool(_metrics_body)
                response = Response(body_bytes, headers={"content-type": CONTENT_TYPE, "cache-control": "no-store"})
            else:  # the same neutral answer as any unknown address
                response = HTMLResponse(neutral_page_html(), status_code=404, headers={"cache-control": "no-store"})
            await response(scope, receive, send)
            return
        is_get = scope.get("method") in ("GET", "HEAD")
        is_revocation = path.startswith(routes.REVOKE_PREFIX) and is_get
        is_link = (path.startswith(routes.VKID_PREFIX) and is_get) or is_revocation
        if is_link:
            token = routes.token_from_path(path, routes.REVOKE_PREFIX if is_revocation else routes.VKID_PREFIX)
            check = _revocation_token_is_valid if is_revocation else _token_is_valid
            try:
                valid = bool(token) and await run_in_threadpool(check, token)
            except SQLAlchemyError:
                backend_log.exception("the database is unreachable: a personal link got the 503 notice")
                response = HTMLResponse(
                    unavailable_page_html(request_language(scope)), status_code=503, headers=UNAVAILABLE_HEADERS
                )
                await response(scope, receive, send)
                return
            if not valid:
                response = HTMLResponse(
                    neutral_page_html(request_language(scope)), status_code=404, headers={"cache-control": "no-store"}
                )
                await response(scope, receive, send)
                return
        # a personal link's page is never cached: after a cancellation or revocation it must not reappear
        if is_link:
            await self.app(scope, receive, _with_headers(send, NO_STORE))
        elif scope.get("method") in ("GET", "HEAD"):
            await self.app(scope, receive, _with_default_cache_control(send, cache_control(path)))
        else:
            await self.app(scope, receive, send)


def _with_headers(send: Send, extra: list[tuple[bytes, bytes]]) -> Send:
    """`send` with `extra` replacing any header of the same name in the answer's start."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            ours = {name for name, _ in extra}
            message["headers"] = [h for h in message.get("headers", []) if h[0].lower() not in ours] + extra
        await send(message)

    return wrapped


def _with_default_cache_control(send: Send, value: str) -> Send:
    """`send` with `Cache-Control: value` on a successful answer that carries none of its own."""
    encoded = value.encode("latin-1")

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start" and message.get("status", 200) in (200, 203, 204, 206, 304):
            headers = message.get("headers", [])
            if not any(name.lower() == b"cache-control" for name, _ in headers):
                message["headers"] = [*headers, (b"cache-control", encoded)]
        await send(message)

    return wrapped


def front_door(app: ASGIApp) -> ASGIApp:
    return FrontDoor(app)


class SecurityHeaders:
    """ASGI middleware: the headers of `core/security_headers.py` on every HTTP answer.

    `pages_dir` is the directory of the built frontend; the CSP allows the inline scripts of its
    HTML files by their hashes. They are read again whenever the build's `index.html` changes
    (a rebuild), so a restart is never needed for the hashes to match the served pages."""

    def __init__(self, app: ASGIApp, *, base_url: str, pages_dir: Path | None = None) -> None:
        self.app = app
        self.base_url = base_url
        self.pages_dir = pages_dir
        self._stamp: tuple[int, int] | None = None
        self._headers = self._encode(())

    def _encode(self, script_hashes: tuple[str, ...]) -> list[tuple[bytes, bytes]]:
        return [
            (name.encode("latin-1"), value.encode("latin-1"))
            for name, value in security_headers(base_url=self.base_url, script_hashes=script_hashes)
        ]

    def headers(self) -> list[tuple[bytes, bytes]]:
        """The encoded headers, with the hashes of the current build."""
        if self.pages_dir is None:
            return self._headers
        try:
            info = (self.pages_dir / "index.html").stat()
            stamp: tuple[int, int] | None = (info.st_mtime_ns, info.st_size)
        except OSError:
            stamp = None
        if stamp != self._stamp:
            self._headers = self._encode(hashes_of_pages(self.pages_dir))
            self._stamp = stamp
        return self._headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, _with_headers(send, self.headers()))


def with_security_headers(app: ASGIApp, *, base_url: str, pages_dir: Path | None = None) -> ASGIApp:
    return SecurityHeaders(app, base_url=base_url, pages_dir=pages_dir)


__all__ = ["FrontDoor", "Request", "SecurityHeaders", "front_door", "neutral_page_html", "with_security_headers"]


def backend_error(exception: Exception) -> None:
    """The log half of the app's backend exception handler: the traceback goes to the log only.

    Reflex's default answers every failed event (for instance while Redis is unreachable) with an
    English toast that falls back to `window.alert` through an evaluated script, which the CSP
    forbids. The page keeps what it shows; the event is lost and the next one is tried afresh; the
    app's handler (`videotermin_app.failed_event`) adds the calm German outage line."""
    backend_log.error("event failed", exc_info=(type(exception), exception, exception.__traceback__))
