"""The five steps of the brochure as a list; the current one carries aria-current="step"."""

from __future__ import annotations

import reflex as rx
from reflex.vars import NumberVar

from videotermin_app.core.views_text import Text, _


def step_names() -> list[Text]:
    return [_("Link öffnen"), _("Zustimmen"), _("Freigeben"), _("Geräte prüfen"), _("Raum betreten")]


def _item(current: NumberVar[int], number: int, name: Text) -> rx.Component:
    is_current = current == number
    is_done = current > number
    component: rx.Component = rx.el.li(
        rx.box(
            rx.cond(is_done, rx.icon("check", size=16), rx.text(str(number), weight="bold", size="2")),
            width="2rem",
            height="2rem",
            border_radius="50%",
            display="flex",
            align_items="center",
            justify_content="center",
            background_color=rx.cond(
                is_current, rx.color("accent", 9), rx.cond(is_done, rx.color("grass", 4), rx.color("gray", 3))
            ),
            color=rx.cond(is_current, "white", rx.color("gray", 12)),
            aria_hidden="true",
        ),
        rx.text(
            rx.el.span(
                _("Schritt {n}: ").format(n=number),
                style={
                    "position": "absolute",
                    "width": "1px",
                    "height": "1px",
                    "overflow": "hidden",
                    "clip": "rect(0 0 0 0)",
                },
            ),
            name,
            size="1",
            weight=rx.cond(is_current, "bold", "regular"),
            align="center",
        ),
        custom_attrs={"aria-current": rx.cond(is_current, "step", "false")},
        display="flex",
        flex_direction="column",
        align_items="center",
        gap="0.25rem",
        flex="1",
        min_width="0",
    )
    return component


def step_indicator(current: NumberVar[int]) -> rx.Component:
    """`current` is the number of the step the person is on (1 to 5)."""
    component: rx.Component = rx.el.nav(
        rx.el.ol(
            *[_item(current, i + 1, name) for i, name in enumerate(step_names())],
            style={"display": "flex", "gap": "0.25rem", "listStyle": "none", "padding": 0, "margin": 0},
        ),
        aria_label=_("Ihre Schritte zum Videotermin"),
        width="100%",
    )
    return component
