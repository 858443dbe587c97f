"""HTTP in front of the Reflex app: `/health` and the neutral answer for a bad personal link.

Wrapped around Reflex's ASGI app through `rx.App(api_transformer=...)`, so these answers win
over the mounted frontend. Every unknown, cancelled, expired or revoked token gets the same
page and the same status, which reveals nothing about whether a token ever existed.
"""

from __future__ import annotations

import html
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from videotermin_app.core import i18n, routes

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"permissions-policy", b"camera=(self), microphone=(self), display-capture=(self)"),
]


def neutral_page_html() -> str:
    title = html.escape(i18n.INVALID_LINK_TITLE)
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>{title} – Mein Videotermin</title>
<style>body{{font-family:system-ui,sans-serif;margin:0;background:#f4f6fa;color:#1b1f29}}
main{{max-width:36rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:12px;line-height:1.6}}
h1{{font-size:1.5rem}}a{{color:#0b57d0}}</style></head>
<body><main><p><strong>Mein Videotermin</strong></p><h1>{title}</h1>
<p>{html.escape(i18n.INVALID_LINK_TEXT)}</p>
<p>{html.escape(i18n._("Technischer Support"))}: <a href="{i18n.SUPPORT_PHONE_HREF}">{i18n.SUPPORT_PHONE}</a>
({html.escape(i18n.SUPPORT_HOURS)})</p>
<p><a href="{routes.HELP}">{html.escape(i18n._("Hilfe zu Mein Videotermin"))}</a></p></main></body></html>"""


def _token_is_valid(token: str) -> bool:
    from videotermin_app.core.db import session_scope
    from videotermin_app.wizard.links import resolve

    with session_scope() as session:
        return resolve(session=session, token=token) is not None


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
        token = routes.token_from_path(path)
        is_link = path.startswith(routes.VKID_PREFIX) and scope.get("method") in ("GET", "HEAD")
        if is_link and (not token or not await run_in_threadpool(_token_is_valid, token)):
            response = HTMLResponse(neutral_page_html(), status_code=404, headers={"cache-control": "no-store"})
            await response(scope, receive, send)
            return
        # a personal link's page is never cached: after a cancellation or revocation it must not reappear
        extra = [*SECURITY_HEADERS, (b"cache-control", b"no-store")] if is_link else SECURITY_HEADERS
        await self.app(scope, receive, self._with_headers(send, extra))

    @staticmethod
    def _with_headers(send: Send, extra: list[tuple[bytes, bytes]]) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                ours = {name for name, _ in extra}
                message["headers"] = [h for h in message.get("headers", []) if h[0].lower() not in ours] + extra
            await send(message)

        return wrapped


def front_door(app: ASGIApp) -> ASGIApp:
    return FrontDoor(app)


__all__ = ["FrontDoor", "Request", "front_door", "neutral_page_html"]
