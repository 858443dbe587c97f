"""The Reflex app: pages and the HTTP front door. Assembly only."""

import reflex as rx

from videotermin_app import routes
from videotermin_app.api import front_door
from videotermin_app.pages.help import help_page
from videotermin_app.pages.home import home_page
from videotermin_app.pages.vkid import vkid_page
from videotermin_app.state.journey import JourneyState
from videotermin_app.state.media import MediaState

app = rx.App(api_transformer=front_door)
app.add_page(home_page, route=routes.HOME, title="Mein Videotermin")
app.add_page(vkid_page, route=routes.VKID, title="Ihr Videotermin – Mein Videotermin", on_load=[JourneyState.load, MediaState.detect])
app.add_page(help_page, route=routes.HELP, title="Hilfe – Mein Videotermin")
