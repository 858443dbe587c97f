"""How long a browser may keep what the app serves (`Cache-Control`).

The build names every script and stylesheet after its content (`/assets/<name>-<8-character hash>.js`):
such a file never changes, so a browser keeps it for a year without asking again, and a returning
visitor on mobile data loads no script twice. Everything else (the HTML of each page, the unhashed
stylesheet, icons) must be revalidated on every visit, so a new release is seen at once; a personal
link's page and the app's own answers are never stored at all (they say so themselves).
"""

from __future__ import annotations

import re

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
HASHED_ASSET = re.compile(r"^/assets/[\w.-]+-[\w-]{8}\.(?:js|mjs|css|woff2?|ttf|svg|png|webp|wasm|tflite|binarypb)$")


def cache_control(path: str) -> str:
    """The `Cache-Control` for a GET of `path` that the app did not give one itself."""
    return IMMUTABLE if HASHED_ASSET.match(path) else REVALIDATE
