"""German labels for roles and statuses: the one place for them, all through the catalogue.

Role names are written differently on different screens; each variant is a named table here,
so that a screen never spells a role itself.
"""

from __future__ import annotations

from videotermin_app.core.i18n import _

# Participants and the advisor in the room: call tiles, the waiting list, the chat.
ROLE_LABELS = {
    "client": _("Kundin/Kunde"),
    "interpreter": _("Dolmetscherin/Dolmetscher"),
    "representative": _("Gesetzliche Vertretung"),
    "companion": _("Beistand / Vertrauensperson"),
    "advisor": _("Beraterin/Berater"),
}

# The advisor's appointment list and the role choice in the booking form.
BOOKING_ROLE_LABELS = {
    "client": _("Kundin/Kunde"),
    "interpreter": _("Dolmetscher/in"),
    "representative": _("gesetzliche Vertretung"),
    "companion": _("Beistand / Vertrauensperson"),
}

# Inside a sentence of the invitation, change and cancellation mail ("Sie nehmen als … teil.");
# the client is addressed without a role.
MAIL_ROLE_NAMES = {
    "interpreter": _("Dolmetscherin oder Dolmetscher"),
    "representative": _("gesetzliche Vertretung"),
    "companion": _("Beistand oder Vertrauensperson"),
}

# Advisor accounts on the administration page.
ACCOUNT_ROLE_LABELS = {
    "advisor": _("Beratung"),
    "admin": _("Administration"),
}

# The status of an appointment in the advisor's list (keys: `booking.appointments.status_key`).
STATUS_LABELS = {
    "booked": _("Gebucht"),
    "waiting": _("Kunde wartet"),
    "in_call": _("Im Gespräch"),
    "done": _("Beendet"),
    "cancelled": _("Abgesagt"),
}

LEVEL_LABELS = {
    "green": _("Verbindung gut"),
    "yellow": _("Verbindung eingeschränkt"),
    "red": _("Verbindung schlecht"),
    "": _("Keine Geräteprüfung"),
}


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


# the advisor's readiness board (booking/rows.py): consent state and latest device-check light
CONSENT_STATE_LABELS = {
    "none": _("Noch keine Einwilligung"),
    "given": _("Eingewilligt"),
    "declined": _("Einwilligung abgelehnt"),
    "revoked": _("Einwilligung widerrufen"),
}
CHECK_STATE_LABELS = {
    "none": _("Noch keine Geräteprüfung"),
    "green": _("Geräteprüfung: gut"),
    "yellow": _("Geräteprüfung: eingeschränkt"),
    "red": _("Geräteprüfung: schlecht"),
}
