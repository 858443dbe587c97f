"""Gzip sidecars for the build's binary assets, which Reflex's own compressor leaves out.

Reflex writes `.br` and `.gz` beside JavaScript, CSS, HTML and a few text formats only, so the
background blur's WebAssembly runtime (5.6 MB) and segmentation model would travel uncompressed to a
phone on mobile data. Reflex's static server (`PrecompressedStaticFiles`) serves any sidecar that lies
beside a file, with the original's content type, so writing `.gz` files after the build is enough
(`rxconfig.py` calls this from a plugin's `post_build`). gzip from the standard library: 5.6 MB of
WebAssembly become 1.7 MB in about 0.6 s; brotli's best level would save another 0.5 MB but costs
about 20 s per build and a further dependency."""

from __future__ import annotations

import gzip
from pathlib import Path

BINARY_SUFFIXES = (".wasm", ".tflite")
MIN_BYTES = 1024  # below this the headers cost more than compression saves
MIN_SAVING = 0.05  # a sidecar must be at least this much smaller, or the original is served


def write_gzip_sidecars(static_dir: Path) -> list[Path]:
    """Write `NAME.gz` beside every binary asset under `static_dir` that compresses; the sidecars written."""
    written: list[Path] = []
    for path in sorted(static_dir.rglob("*")):
        if path.suffix not in BINARY_SUFFIXES or not path.is_file():
            continue
        raw = path.read_bytes()
        if len(raw) < MIN_BYTES:
            continue
        packed = gzip.compress(raw, compresslevel=9, mtime=0)
        if len(packed) > len(raw) * (1 - MIN_SAVING):
            continue
        sidecar = path.with_name(path.name + ".gz")
        sidecar.write_bytes(packed)
        written.append(sidecar)
    return written
