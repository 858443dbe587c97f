"""One statistic: a bar chart for the eye and the same numbers as a plain table for everyone."""

from __future__ import annotations

from typing import Any

import reflex as rx

from videotermin_app.core.views_text import Text, _
from videotermin_app.privacy.stats import MIN_CASES

_VISUALLY_HIDDEN = {
    "position": "absolute",
    "width": "1px",
    "height": "1px",
    "overflow": "hidden",
    "clip": "rect(0 0 0 0)",
    "white-space": "nowrap",
}


def _table(rows: Any, caption: Text, column: Text) -> rx.Component:
    component: rx.Component = rx.table.root(
        rx.el.caption(caption, style=_VISUALLY_HIDDEN),
        rx.table.header(
            rx.table.row(rx.table.column_header_cell(column), rx.table.column_header_cell(_("Anzahl"), justify="end"))
        ),
        rx.table.body(
            rx.foreach(
                rows,
                lambda row: rx.table.row(
                    rx.table.row_header_cell(_(row.name)), rx.table.cell(row.label, justify="end")
                ),
            ),
        ),
        size="1",
        variant="surface",
        width="100%",
    )
    return component


def stats_figure(title: Text, rows: Any, *, column: Text, figure_id: str) -> rx.Component:
    component: rx.Component = rx.card(
        rx.vstack(
            rx.heading(title, size="4", as_="h2"),
            rx.box(
                rx.recharts.bar_chart(
                    rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
                    rx.recharts.x_axis(data_key="tick", interval=0, font_size=12),
                    rx.recharts.y_axis(allow_decimals=False, width=32, font_size=12),
                    rx.recharts.bar(
                        rx.recharts.label_list(data_key="label", position="top", font_size=12),
                        data_key="value",
                        fill=rx.color("accent", 9),
                        is_animation_active=False,
                    ),
                    data=rows.to(list[dict[str, Any]]),  # the chart takes the rows as plain JSON objects
                    margin={"top": 20, "right": 8, "left": 0, "bottom": 0},
                    width="100%",
                    height=220,
                    custom_attrs={"accessibilityLayer": False},  # no focus stop inside the hidden picture
                ),
                aria_hidden="true",
                custom_attrs={"inert": True},  # the table below has the same numbers for everyone
                width="100%",
            ),
            _table(rows, title, column),
            spacing="3",
            width="100%",
        ),
        id=figure_id,
        width="100%",
    )
    return component


def suppression_note() -> rx.Component:
    component: rx.Component = rx.text(
        _(
            "Alle Zahlen sind anonym. Gruppen mit weniger als {n} Fällen werden als „< {n}“ gezeigt und im "
            "Diagramm nicht gezeichnet, damit keine Zahl auf eine einzelne Person hinweist."
        ).format(n=MIN_CASES),
        size="2",
        color_scheme="gray",
    )
    return component
