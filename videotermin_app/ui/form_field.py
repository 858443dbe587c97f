"""A labelled input with its German error message underneath (linked for screen readers)."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import StringVar


def field_error(message: Any, error_id: Any) -> rx.Component:
    component: rx.Component = rx.cond(
        message != "",
        rx.text(message, id=error_id, color_scheme="red", size="2", role="alert"),
    )
    return component


def form_field(label: Any, name: Any, *, error: Any = "", field_id: Any = None, **input_props: Any) -> rx.Component:
    field_id = field_id if field_id is not None else f"field-{name}"
    error_id = field_id + "-error" if isinstance(field_id, StringVar) else f"{field_id}-error"
    component: rx.Component = rx.vstack(
        rx.el.label(label, html_for=field_id, style={"fontWeight": "500"}),
        rx.input(
            id=field_id,
            name=name,
            size="3",
            width="100%",
            aria_describedby=error_id,
            aria_invalid=rx.cond(error != "", "true", "false"),
            **input_props,
        ),
        field_error(error, error_id),
        spacing="1",
        width="100%",
    )
    return component


def notice(message: Any, *, color: str = "green", icon: str = "info") -> rx.Component:
    component: rx.Component = rx.cond(
        message != "",
        rx.callout(message, icon=icon, color_scheme=color, role="status", width="100%"),
    )
    return component
