"""Who else takes part in a participant's appointment (step 1 and the waiting area): role and name."""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx
from reflex.vars import ArrayVar

from videotermin_app.core.views_text import _


def people_list(people: ArrayVar[Sequence[str]]) -> rx.Component:
    """A labelled list of "Rolle: Name" lines; nothing when the person is the only one invited."""
    component: rx.Component = rx.cond(
        people.length() > 0,
        rx.vstack(
            rx.text(_("Außerdem nehmen teil:"), id="other-people-title", weight="medium"),
            rx.el.ul(
                rx.foreach(people, lambda line: rx.el.li(line)),
                aria_labelledby="other-people-title",
                style={"margin": "0", "paddingInlineStart": "1.25rem"},
            ),
            spacing="1",
            width="100%",
            data_testid="other-people",
        ),
    )
    return component
