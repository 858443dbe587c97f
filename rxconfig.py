"""Reflex configuration. The environment is validated first: a bad value stops with one line."""

import sys

import reflex as rx

from videotermin_app.core.security_headers import origin_of
from videotermin_app.core.settings import ConfigError, get_settings
from videotermin_app.core.workers import respawn_failed_workers

try:
    _settings = get_settings()
except ConfigError as _exc:
    print(f"configuration error: {_exc}", file=sys.stderr)
    sys.exit(2)

# A worker that dies is replaced instead of taking the whole server down (core/workers.py).
respawn_failed_workers()

config = rx.Config(
    app_name="videotermin_app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    redis_url=_settings.redis_url,
    # Behind a TLS reverse proxy the browser reaches the backend (websocket `/_event`) at the public
    # base, never at the app's own port; Reflex's default would drop the port of an https page.
    **({"api_url": _settings.base_url} if _settings.is_https else {}),
    # CORS (Starlette) and the socket's handshake (python-engineio) accept only the app's own origin.
    cors_allowed_origins=[origin_of(_settings.base_url)],
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="blue", gray_color="slate", radius="medium", scaling="105%")
        )
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
