"""A blank Reflex app of the same version: one heading, one paragraph, one button with a server event."""

import reflex as rx


class State(rx.State):
    agreed: bool = False

    @rx.event
    def agree(self) -> None:
        self.agreed = True


def index() -> rx.Component:
    return rx.container(
        rx.heading("Einwilligungserklärung"),
        rx.text("Ein leerer Vergleichsaufbau."),
        rx.button("Ich stimme zu", on_click=State.agree),
        rx.cond(State.agreed, rx.text("Danke.")),
    )


app = rx.App()
app.add_page(index)
