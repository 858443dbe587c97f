"""Reflex configuration. The environment is validated first: a bad value stops with one line."""

import sys
from pathlib import Path
from typing import Any

import reflex as rx

from videotermin_app.core.precompress import write_gzip_sidecars
from videotermin_app.core.security_headers import origin_of
from videotermin_app.core.settings import ConfigError, get_settings
from videotermin_app.core.theme_colors import ACCENT, GRAY, radix_stylesheets
from videotermin_app.core.workers import respawn_failed_workers

try:
    _settings = get_settings()
except ConfigError as _exc:
    print(f"configuration error: {_exc}", file=sys.stderr)
    sys.exit(2)

# A worker that dies is replaced instead of taking the whole server down (core/workers.py).
respawn_failed_workers()


class RadixThemes(rx.plugins.RadixThemesPlugin):
    """Radix Themes with only the colour scales the app uses (core/theme_colors.py), and without
    registering the package for dynamic components: Reflex would otherwise put the whole library
    (every component, 65 KB brotli) into one chunk that every page loads."""

    def get_stylesheet_paths(self, **context: object) -> tuple[str, ...]:
        return radix_stylesheets() if self.enabled else ()

    def get_frontend_dependencies(self, **context: object) -> tuple[str, ...]:
        return ()


class BinarySidecars(rx.plugins.Plugin):
    """After the production build: gzip sidecars for the blur's WebAssembly and model files, which
    Reflex's compressor does not cover (core/precompress.py)."""

    def post_build(self, **context: Any) -> None:
        write_gzip_sidecars(Path(context["static_dir"]))


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
        RadixThemes(theme=rx.theme(accent_color=ACCENT, gray_color=GRAY, radius="medium", scaling="105%")),
        BinarySidecars(),
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
    # Size of what a phone downloads (docs/architecture.md "Page weight"): brotli sidecars first,
    # gzip for browsers without it; no namespace import of every Radix component into the root.
    frontend_compression_formats=["brotli", "gzip"],
    frontend_lazy_bundled_libraries=True,
)
