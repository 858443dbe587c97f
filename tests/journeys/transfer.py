"""What a browser downloads to open a page: every response with its type and compressed body size.

Chromium reports each response's body size as it came over the wire (`Request.sizes()`,
`responseBodySize`: after `Content-Encoding`, before decompression), so the sums are the compressed
bytes a phone on mobile data has to fetch. Used by the bundle budget journey and by the bench."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlparse

from playwright.sync_api import Page, Response


@dataclass(frozen=True)
class Fetched:
    path: str
    kind: str  # Playwright's resource type: document, script, stylesheet, font, fetch, websocket, ...
    status: int  # 304: revalidated; a file from the browser's cache says 200 and has no body bytes
    encoding: str  # Content-Encoding ("" when uncompressed)
    body_bytes: int  # compressed, as transferred (0 from the browser's cache)


@dataclass
class TransferLog:
    fetched: list[Fetched] = field(default_factory=list)

    def record(self, response: Response) -> None:
        sizes = response.request.sizes()
        self.fetched.append(
            Fetched(
                path=urlparse(response.url).path,
                kind=response.request.resource_type,
                status=response.status,
                encoding=response.headers.get("content-encoding", ""),
                # from the cache Chromium reports the headers' size subtracted from nothing: below zero
                body_bytes=max(0, int(sizes["responseBodySize"])),
            )
        )

    def bytes_of(self, *kinds: str) -> int:
        return sum(f.body_bytes for f in self.fetched if f.kind in kinds)

    def count_of(self, *kinds: str) -> int:
        return len([f for f in self.fetched if f.kind in kinds])

    def table(self) -> str:
        rows = [f"{f.body_bytes:>8} {f.status} {f.encoding or '-':>4} {f.kind:<10} {f.path}" for f in self.fetched]
        return "\n".join(rows)


def watch(page: Page) -> TransferLog:
    """Record every response of `page` once it has finished (its body size is known only then)."""
    log = TransferLog()
    page.on("requestfinished", lambda request: _finished(log, request.response()))
    return log


def _finished(log: TransferLog, response: Response | None) -> None:
    if response is not None:
        log.record(response)
