"""The Reflex app: pages, the HTTP front door, the security headers and the log setup. Assembly only."""

from pathlib import Path

import reflex as rx
from reflex import constants
from reflex.config import get_config
from reflex.event import EventSpec
from reflex.utils.prerequisites import get_web_dir
from starlette.types import ASGIApp

from videotermin_app.accounts.state_auth import AuthState
from videotermin_app.api import backend_error, front_door, with_security_headers
from videotermin_app.booking.state_appointments import AppointmentsState
from videotermin_app.core import i18n, routes
from videotermin_app.core.i18n import _
from videotermin_app.core.logs import configure_logging
from videotermin_app.core.settings import get_settings
from videotermin_app.core.state_lang import LanguageMiddleware
from videotermin_app.core.workers import announce_worker, keep_relays_running
from videotermin_app.device_check.registry import closed_at_shutdown
from videotermin_app.mail.reminder_task import reminder_loop
from videotermin_app.pages.accessibility import accessibility_page
from videotermin_app.pages.advisor import advisor_page
from videotermin_app.pages.easy_language import easy_language_page
from videotermin_app.pages.help import help_page
from videotermin_app.pages.home import home_page
from videotermin_app.pages.imprint import imprint_page
from videotermin_app.pages.login import login_page
from videotermin_app.pages.privacy import privacy_page
from videotermin_app.pages.revoke import revoke_page
from videotermin_app.pages.stats import stats_page
from videotermin_app.pages.vkid import vkid_page
from videotermin_app.privacy.retention_task import retention_loop
from videotermin_app.privacy.state_revoke_link import RevokeLinkState
from videotermin_app.privacy.state_stats import StatsState
from videotermin_app.room.closing_task import closing_loop
from videotermin_app.room.state_advisor_room import AdvisorRoomState
from videotermin_app.room.state_waiting import WaitingState
from videotermin_app.ui.lazy_toaster import lazy_toaster
from videotermin_app.ui.outage_notice import NOTICE_ID, NOTICE_TEXT
from videotermin_app.wizard.state_journey import JourneyState


def built_pages_dir() -> Path:
    """Where Reflex's mounted frontend serves the built pages from (see reflex.utils.exec.get_frontend_mount)."""
    frontend_path = get_config().frontend_path.strip("/")
    return (get_web_dir() / constants.Dirs.STATIC / frontend_path).resolve()


class App(rx.App):
    """Reflex's app with `api.SecurityHeaders` around the whole ASGI app it builds.

    `api_transformer` wraps only the inner app; Reflex puts its CORS and error middleware outside
    of it, so their answers (a refused CORS preflight, a 500) would go out without the headers."""

    def __call__(self) -> ASGIApp:
        return with_security_headers(super().__call__(), base_url=get_settings().base_url, pages_dir=built_pages_dir())


def failed_event(exception: Exception) -> EventSpec:
    """A failed event: logged with its traceback (`api.backend_error`), and the page shows the calm
    outage line (`ui.outage_notice`) instead of Reflex's English toast."""
    backend_error(exception)
    return rx.set_value(NOTICE_ID, i18n._(NOTICE_TEXT))  # in the language of the failed event's tab


configure_logging(log_format=get_settings().log_format)
# The browser loads `/i18n/<lang>.json` when a language is chosen (core/views_text.py).
i18n.write_client_catalogues(Path(__file__).resolve().parents[1] / "assets" / "i18n")
app = App(
    api_transformer=front_door,
    backend_exception_handler=failed_event,
    html_lang="de",
    stylesheets=["/videotermin.css"],
    toaster=lazy_toaster(),  # sonner after the page, not with it (page weight, ui/lazy_toaster.py)
)
app.add_page(home_page, route=routes.HOME, title=_("Mein Videotermin"))
app.add_page(
    vkid_page,
    route=routes.VKID,
    title=_("Ihr Videotermin – Mein Videotermin"),
    on_load=[JourneyState.load, WaitingState.resume],
)
app.add_page(login_page, route=routes.LOGIN, title=_("Anmeldung – Mein Videotermin"), on_load=AuthState.login_load)
app.add_page(
    advisor_page,
    route=routes.ADVISOR,
    title=_("Meine Termine – Mein Videotermin"),
    on_load=[AuthState.guard, AppointmentsState.load, AdvisorRoomState.load],
)
app.add_page(
    revoke_page,
    route=routes.REVOKE,
    title=_("Einwilligung widerrufen – Mein Videotermin"),
    on_load=RevokeLinkState.load,
)
app.add_page(privacy_page, route=routes.PRIVACY, title=_("Datenschutz – Mein Videotermin"))
app.add_page(
    stats_page, route=routes.STATS, title=_("Statistik – Mein Videotermin"), on_load=[AuthState.guard, StatsState.load]
)
app.add_page(help_page, route=routes.HELP, title=_("Hilfe – Mein Videotermin"))
app.add_page(
    accessibility_page, route=routes.ACCESSIBILITY, title=_("Erklärung zur Barrierefreiheit – Mein Videotermin")
)
app.add_page(imprint_page, route=routes.IMPRINT, title=_("Impressum – Mein Videotermin"))
app.add_page(easy_language_page, route=routes.EASY_LANGUAGE, title=_("Leichte Sprache – Mein Videotermin"))
app.add_middleware(LanguageMiddleware())
app.register_lifespan_task(retention_loop)
app.register_lifespan_task(reminder_loop)
app.register_lifespan_task(closing_loop)
app.register_lifespan_task(closed_at_shutdown)
app.register_lifespan_task(announce_worker)
app.register_lifespan_task(keep_relays_running)
