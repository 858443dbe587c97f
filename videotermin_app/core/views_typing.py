"""A typed bridge over a place where mypy cannot see Reflex's own types.

A state method decorated with `@rx.event` is typed by Reflex through `EventNamespace.__new__`,
which mypy reads as an `EventNamespace` instance, not as the `EventHandler` that the state class
holds at runtime. `bind` calls such a handler with its arguments and returns the `EventSpec`.

(The component factories, `rx.box` and the like, come from the `reflex_components_*` packages,
which ship no `py.typed` marker, so mypy reads them as `Any`; views state their result's type by
annotating it: `component: rx.Component = rx.box(...)`.)
"""

from __future__ import annotations

from reflex.event import EventHandler, EventSpec


def bind(handler: object, *args: object) -> EventSpec:
    """`State.handler(*args)`: the event a component triggers, with its arguments (Vars or values)."""
    if not isinstance(handler, EventHandler):
        raise TypeError(f"expected a Reflex event handler, got {type(handler).__name__}")
    return handler(*args)
