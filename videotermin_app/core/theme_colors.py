"""The Radix colour scales the screens use, and the stylesheets that hold exactly those.

Radix Themes' `styles.css` carries all 31 colour scales (light, dark and P3 each): 35 KB of the
82 KB (gzip) the first page needs. The app loads the tokens' base, the scales below, the components
and the utilities instead (`rxconfig.py`). A screen that uses another scale must add it here;
`tests/unit/core/test_theme_colors.py` finds every scale named in the code and fails otherwise."""

from __future__ import annotations

ACCENT = "blue"
GRAY = "slate"
# every `color_scheme=`, `rx.color(...)` and `color=` scale of views, ui and pages, plus accent and gray
SCALES = (ACCENT, GRAY, "gray", "red", "green", "grass", "amber", "orange")

RADIX = "@radix-ui/themes"


def radix_stylesheets() -> tuple[str, ...]:
    """Radix Themes' stylesheets in the order of its own `styles.css`: tokens, components, utilities."""
    return (
        f"{RADIX}/tokens/base.css",
        *(f"{RADIX}/tokens/colors/{scale}.css" for scale in SCALES),
        f"{RADIX}/components.css",
        f"{RADIX}/utilities.css",
    )
