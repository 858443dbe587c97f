"""Sound and browser notification for the advisor when someone starts waiting."""

from __future__ import annotations

import reflex as rx


class WaitingAlert(rx.NoSSRComponent):
    library = rx.asset("waiting_alert.jsx", shared=True).importable_path
    tag = "WaitingAlert"
    is_default = False

    seq: rx.Var[int]
    text: rx.Var[str]
    title: rx.Var[str]


waiting_alert = WaitingAlert.create
