"""Every Radix colour scale a screen names has its stylesheet loaded (core/theme_colors.py).

The app loads only some of Radix Themes' colour scales; a badge in a scale that is not loaded
would show without colour. This finds the scales named in screen code (`color_scheme="…"`,
`rx.color("…", n)`, tables of colours) and in the app's stylesheet (`var(--amber-9)`)."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import get_args

from tests.support import ROOT
from videotermin_app.core.theme_colors import ACCENT, GRAY, SCALES, radix_stylesheets
from videotermin_app.device_check.grading import Level

PACKAGE = ROOT / "videotermin_app"
# Radix Themes 3's colour scales (node_modules/@radix-ui/themes/tokens/colors/*.css)
RADIX_SCALES = {
    "amber",
    "blue",
    "bronze",
    "brown",
    "crimson",
    "cyan",
    "gold",
    "grass",
    "gray",
    "green",
    "indigo",
    "iris",
    "jade",
    "lime",
    "mauve",
    "mint",
    "olive",
    "orange",
    "pink",
    "plum",
    "purple",
    "red",
    "ruby",
    "sage",
    "sand",
    "sky",
    "slate",
    "teal",
    "tomato",
    "violet",
    "yellow",
}
TRAFFIC_LIGHT = set(get_args(Level))  # "green", "yellow", "red" as levels (shown in red, amber, green)


def screen_modules() -> list[Path]:
    return [
        path for path in PACKAGE.rglob("*.py") if path.name.startswith("views") or path.parent.name in ("ui", "pages")
    ]


def scales_named_in(path: Path) -> set[str]:
    return {
        node.value
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and node.value in RADIX_SCALES
    }


def test_every_scale_the_screens_name_is_loaded() -> None:
    named = {(scale, path.relative_to(ROOT).as_posix()) for path in screen_modules() for scale in scales_named_in(path)}
    assert {scale for scale, _ in named} >= {"gray", "red", "amber"}, "the scan found nothing: it proves nothing"
    missing = sorted((scale, where) for scale, where in named if scale not in SCALES and scale not in TRAFFIC_LIGHT)
    assert not missing, f"add these scales to core/theme_colors.py SCALES: {missing}"


def test_every_scale_the_stylesheet_uses_is_loaded() -> None:
    css = (ROOT / "assets" / "videotermin.css").read_text(encoding="utf-8")
    used = set(re.findall(r"var\(--([a-z]+)-a?\d+\)", css)) & RADIX_SCALES
    assert used <= set(SCALES), sorted(used - set(SCALES))


def test_the_stylesheets_hold_tokens_each_scale_components_and_utilities_in_radix_order() -> None:
    sheets = radix_stylesheets()
    assert sheets[0].endswith("/tokens/base.css") and sheets[-2:] == (
        "@radix-ui/themes/components.css",
        "@radix-ui/themes/utilities.css",
    )
    assert {Path(s).stem for s in sheets if "/colors/" in s} == set(SCALES) >= {ACCENT, GRAY}
