"""German help for step 3: how to allow camera and microphone again in the person's browser, and
what a failed `getUserMedia` means. Used by step 3 (for the person's own browser) and `/help` (all)."""

from __future__ import annotations

from dataclasses import dataclass

from videotermin_app.core import support
from videotermin_app.core.i18n import N_, _
from videotermin_app.wizard.user_agent import describe

RELOAD = N_("Laden Sie danach diese Seite neu und klicken Sie noch einmal auf „Kamera und Mikrofon freigeben“.")


@dataclass(frozen=True)
class BrowserHelp:
    kind: str
    title: str
    steps: list[str]


def _catalogue() -> dict[str, BrowserHelp]:
    entries = [
        BrowserHelp(
            "chrome_desktop",
            _("Chrome am Computer"),
            [
                _("Klicken Sie links neben der Internetadresse auf das Symbol (Schloss oder Regler)."),
                _("Stellen Sie bei „Kamera“ und „Mikrofon“ den Schalter auf „Zulassen“ bzw. schalten Sie ihn ein."),
                _(RELOAD),
            ],
        ),
        BrowserHelp(
            "edge_desktop",
            _("Edge am Computer"),
            [
                _("Klicken Sie links neben der Internetadresse auf das Schloss-Symbol."),
                _("Wählen Sie „Berechtigungen für diese Website“ und stellen Sie Kamera und Mikrofon auf „Zulassen“."),
                _(RELOAD),
            ],
        ),
        BrowserHelp(
            "firefox_desktop",
            _("Firefox am Computer"),
            [
                _("Klicken Sie in der Adressleiste auf das durchgestrichene Kamera- oder Mikrofon-Symbol."),
                _("Entfernen Sie bei Kamera und Mikrofon den Eintrag „Blockiert“ mit dem Kreuz."),
                _(RELOAD),
            ],
        ),
        BrowserHelp(
            "safari_mac",
            _("Safari am Mac"),
            [
                _("Öffnen Sie im Menü „Safari“ den Punkt „Einstellungen für diese Website …“."),
                _("Stellen Sie „Kamera“ und „Mikrofon“ auf „Erlauben“."),
                _(RELOAD),
            ],
        ),
        BrowserHelp(
            "chrome_android",
            _("Android-Smartphone oder -Tablet"),
            [
                _("Tippen Sie links neben der Internetadresse auf das Symbol und dann auf „Berechtigungen“."),
                _(
                    "Erlauben Sie Kamera und Mikrofon. Falls das nicht geht: Öffnen Sie die Einstellungen des Geräts, "
                    "dann „Apps“, Ihren Browser, „Berechtigungen“, und erlauben Sie dort Kamera und Mikrofon."
                ),
                _(RELOAD),
            ],
        ),
        BrowserHelp(
            "safari_iphone",
            _("iPhone oder iPad"),
            [
                _(
                    "Tippen Sie in der Adressleiste auf „aA“ (oder das Einstellungen-Symbol) und dann auf "
                    "„Website-Einstellungen“."
                ),
                _(
                    "Stellen Sie „Kamera“ und „Mikrofon“ auf „Erlauben“. Alternativ: Einstellungen des iPhones, "
                    "„Apps“, „Safari“, dann bei „Kamera“ und „Mikrofon“ „Erlauben“ wählen."
                ),
                _(RELOAD),
            ],
        ),
        BrowserHelp(
            "other",
            _("Andere Browser"),
            [
                _(
                    "Öffnen Sie die Website-Einstellungen Ihres Browsers (meist über das Symbol links neben der "
                    "Internetadresse) und erlauben Sie Kamera und Mikrofon für diese Seite."
                ),
                _("Sie können die Freigabe auch über Löschen des Cookie- und Browserverlaufes zurücksetzen."),
                _(RELOAD),
            ],
        ),
    ]
    return {entry.kind: entry for entry in entries}


def browser_kind(user_agent: str) -> str:
    """One of the catalogue's kinds for a User-Agent header."""
    info = describe(user_agent)
    os_name, family = info.operating_system, info.browser_family
    if os_name.startswith("iOS") or "iPhone" in user_agent or "iPad" in user_agent:
        return "safari_iphone"
    if os_name.startswith("Android"):
        return "chrome_android"
    if family == "Edge":
        return "edge_desktop"
    if family == "Firefox":
        return "firefox_desktop"
    if family == "Safari":
        return "safari_mac"
    if family in ("Chrome", "Chromium", "Opera"):
        return "chrome_desktop"
    return "other"


def permission_help(user_agent: str) -> BrowserHelp:
    """How to allow camera and microphone again in this person's browser."""
    return _catalogue()[browser_kind(user_agent)]


def all_browser_help() -> list[BrowserHelp]:
    return list(_catalogue().values())


def media_error_text(error_name: str) -> str:
    """What a failed camera/microphone request means, in plain German."""
    if error_name in ("NotAllowedError", "PermissionDeniedError", "SecurityError"):
        return _("Ihr Browser hat den Zugriff auf Kamera und Mikrofon blockiert. So erlauben Sie ihn wieder:")
    if error_name in ("NotFoundError", "DevicesNotFoundError", "OverconstrainedError"):
        return _(
            "Es wurde kein Mikrofon gefunden. Bitte schließen Sie ein Mikrofon oder Headset an und "
            "versuchen Sie es noch einmal."
        )
    if error_name in ("NotReadableError", "TrackStartError", "AbortError"):
        return _(
            "Kamera oder Mikrofon werden gerade von einem anderen Programm benutzt (zum Beispiel einer "
            "anderen Videokonferenz). Bitte schließen Sie dieses Programm und versuchen Sie es noch einmal."
        )
    if error_name == "NotSupportedError":
        return _(
            "Ihr Browser kann keine Videotermine durchführen. Bitte verwenden Sie einen aktuellen Browser "
            "wie Chrome, Edge, Firefox oder Safari."
        )
    return _(
        "Kamera und Mikrofon konnten nicht gestartet werden. Bitte versuchen Sie es noch einmal oder rufen "
        "Sie den technischen Support an: {phone}."
    ).format(phone=support.phone())


def is_blocked(error_name: str) -> bool:
    return error_name in ("NotAllowedError", "PermissionDeniedError", "SecurityError")
