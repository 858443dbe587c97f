"""What the statistics page shows of a figure: one plain row per bar and table line."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class StatRow:
    """One bar of a chart and the same line of its table (`value` drawn, `label` written)."""

    name: str = ""
    tick: str = ""
    value: int = 0
    label: str = ""
