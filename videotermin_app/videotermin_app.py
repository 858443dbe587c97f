"""The Reflex app: pages and the HTTP front door. Assembly only."""

import reflex as rx

from videotermin_app.accounts.state_auth import AuthState
from videotermin_app.api import front_door
from videotermin_app.booking.state_appointments import AppointmentsState
from videotermin_app.core import routes
from videotermin_app.core.i18n import _
from videotermin_app.device_check.registry import closed_at_shutdown
from videotermin_app.pages.advisor import advisor_page
from videotermin_app.pages.help import help_page
from videotermin_app.pages.home import home_page
from videotermin_app.pages.login import login_page
from videotermin_app.pages.privacy import privacy_page
from videotermin_app.pages.stats import stats_page
from videotermin_app.pages.vkid import vkid_page
from videotermin_app.privacy.retention_task import retention_loop
from videotermin_app.privacy.state_stats import StatsState
from videotermin_app.room.state_advisor_room import AdvisorRoomState
from videotermin_app.room.state_waiting import WaitingState
from videotermin_app.wizard.state_journey import JourneyState
from videotermin_app.wizard.state_media import MediaState

app = rx.App(api_transformer=front_door, html_lang="de", stylesheets=["/videotermin.css"])
app.add_page(home_page, route=routes.HOME, title=_("Mein Videotermin"))
app.add_page(
    vkid_page,
    route=routes.VKID,
    title=_("Ihr Videotermin – Mein Videotermin"),
    on_load=[JourneyState.load, MediaState.detect, WaitingState.resume],
)
app.add_page(login_page, route=routes.LOGIN, title=_("Anmeldung – Mein Videotermin"), on_load=AuthState.login_load)
app.add_page(
    advisor_page,
    route=routes.ADVISOR,
    title=_("Meine Termine – Mein Videotermin"),
    on_load=[AuthState.guard, AppointmentsState.load, AdvisorRoomState.load],
)
app.add_page(privacy_page, route=routes.PRIVACY, title=_("Datenschutz – Mein Videotermin"))
app.add_page(
    stats_page, route=routes.STATS, title=_("Statistik – Mein Videotermin"), on_load=[AuthState.guard, StatsState.load]
)
app.add_page(help_page, route=routes.HELP, title=_("Hilfe – Mein Videotermin"))
app.register_lifespan_task(retention_loop)
app.register_lifespan_task(closed_at_shutdown)
