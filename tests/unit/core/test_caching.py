from __future__ import annotations

import pytest

from videotermin_app.core.caching import IMMUTABLE, REVALIDATE, cache_control


@pytest.mark.parametrize(
    "path",
    [
        "/assets/_advisor_._index-D4_zS1Yg.js",
        "/assets/__reflex_global_styles-BbYoze-C.css",
        "/assets/chunk-ABCDEFGH.mjs",
        "/assets/selfie_segmentation_landscape-De15ejCY.tflite",  # the background blur's model
        "/assets/selfie_segmentation_solution_simd_wasm_bin-BWcS8PH4.wasm",
    ],
)
def test_hashed_build_files_are_kept_for_a_year(path: str) -> None:
    assert cache_control(path) == IMMUTABLE


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/help/",
        "/vkid/abc",
        "/videotermin.css",  # not named after its content
        "/favicon.ico",
        "/assets/index.js",  # no hash
        "/assets/x-ABCDEFGH.js/../../etc",  # not a file name
        "/other/app-ABCDEFGH.js",  # outside the build's assets
    ],
)
def test_everything_else_is_revalidated(path: str) -> None:
    assert cache_control(path) == REVALIDATE
