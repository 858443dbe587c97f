"""Reflex's toaster, whose script loads after the page has loaded, not with it (`lazy_toaster.jsx`).

The app shows no toast of its own (a failed event fills `ui.outage_notice` instead); Reflex's
connection overlay does, when the socket cannot reach the server. `rx.App(toaster=lazy_toaster())`
keeps that toast and takes sonner out of the first download of every page (docs/architecture.md,
"Page weight")."""

from __future__ import annotations

import reflex as rx


class LazyToaster(rx.Component):
    library = rx.asset("lazy_toaster.jsx", shared=True).importable_path
    tag = "LazyToaster"
    is_default = False
    lib_dependencies: list[str] = ["sonner@2.0.8"]  # the version of Reflex's own toast provider

    close_button: rx.Var[bool]
    expand: rx.Var[bool]
    position: rx.Var[str]
    rich_colors: rx.Var[bool]


def lazy_toaster() -> rx.Component:
    # the props of Reflex's own provider (reflex_components_sonner's toast.provider defaults)
    return LazyToaster.create(close_button=False, expand=True, position="bottom-right", rich_colors=True)
