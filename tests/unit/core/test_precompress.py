"""core/precompress.py: gzip sidecars for the binary assets Reflex's compressor leaves out."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

from videotermin_app.core.precompress import write_gzip_sidecars


def test_binary_assets_get_a_gzip_sidecar_that_unpacks_to_the_original(tmp_path: Path) -> None:
    assets = tmp_path / "assets"
    assets.mkdir()
    runtime = assets / "selfie_segmentation_solution_simd_wasm_bin-BWcS8PH4.wasm"
    runtime.write_bytes(b"\x00asm\x01\x00\x00\x00" + bytes(range(64)) * 500)  # repetitive, like code
    model = assets / "selfie_segmentation_landscape-De15ejCY.tflite"
    model.write_bytes(b"TFL3" + b"\x10\x20" * 4000)

    written = write_gzip_sidecars(tmp_path)

    assert sorted(written) == sorted([runtime.with_name(runtime.name + ".gz"), model.with_name(model.name + ".gz")])
    for original in (runtime, model):
        sidecar = original.with_name(original.name + ".gz")
        assert gzip.decompress(sidecar.read_bytes()) == original.read_bytes()
        assert sidecar.stat().st_size < original.stat().st_size / 10


def test_small_incompressible_and_other_files_are_left_alone(tmp_path: Path) -> None:
    (tmp_path / "tiny.wasm").write_bytes(b"\x00asm" * 10)  # under 1 KB: headers would cost more
    (tmp_path / "random.tflite").write_bytes(os.urandom(50_000))  # does not compress: served as it is
    (tmp_path / "app.js").write_text("console.log(1);" * 500)  # Reflex's own compressor covers these
    (tmp_path / "graph.binarypb").write_bytes(b"\x01" * 362)

    assert write_gzip_sidecars(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.js", "graph.binarypb", "random.tflite", "tiny.wasm"]


def test_a_rebuild_overwrites_the_sidecar(tmp_path: Path) -> None:
    runtime = tmp_path / "runtime.wasm"
    runtime.write_bytes(b"a" * 10_000)
    write_gzip_sidecars(tmp_path)
    runtime.write_bytes(b"b" * 20_000)
    write_gzip_sidecars(tmp_path)
    assert gzip.decompress((tmp_path / "runtime.wasm.gz").read_bytes()) == b"b" * 20_000
