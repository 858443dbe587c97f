"""German labels for roles and statuses: the one place for them, all through the catalogue.

Role names are written differently on different screens; each variant is a named table here,
so that a screen never spells a role itself.
"""

from __future__ import annotations

from videotermin_app.core.i18n import N_

# Participants and the advisor in the room: call tiles, the waiting list, the chat.
ROLE_LABELS = {
    "client": N_("Kundin/Kunde"),
    "interpreter": N_("Dolmetscherin/Dolmetscher"),
    "representative": N_("Gesetzliche Vertretung"),
    "companion": N_("Beistand / Vertrauensperson"),
    "advisor": N_("Beraterin/Berater"),
}

# The advisor's appointment list and the role choice in the booking form.
BOOKING_ROLE_LABELS = {
    "client": N_("Kundin/Kunde"),
    "interpreter": N_("Dolmetscher/in"),
    "representative": N_("gesetzliche Vertretung"),
    "companion": N_("Beistand / Vertrauensperson"),
}

# Inside a sentence of the invitation, change and cancellation mail ("Sie nehmen als … teil.");
# the client is addressed without a role.
MAIL_ROLE_NAMES = {
    "interpreter": N_("Dolmetscherin oder Dolmetscher"),
    "representative": N_("gesetzliche Vertretung"),
    "companion": N_("Beistand oder Vertrauensperson"),
}

# Advisor accounts on the administration page.
ACCOUNT_ROLE_LABELS = {
    "advisor": N_("Beratung"),
    "admin": N_("Administration"),
}

# The status of an appointment in the advisor's list (keys: `booking.appointments.status_key`).
STATUS_LABELS = {
    "booked": N_("Gebucht"),
    "waiting": N_("Kunde wartet"),
    "in_call": N_("Im Gespräch"),
    "done": N_("Beendet"),
    "cancelled": N_("Abgesagt"),
}

LEVEL_LABELS = {
    "green": N_("Verbindung gut"),
    "yellow": N_("Verbindung eingeschränkt"),
    "red": N_("Verbindung schlecht"),
    "": N_("Keine Geräteprüfung"),
}

# The advisor's hint beside a yellow or red light (the person entered despite the warning).
LEVEL_HINTS = {
    "yellow": N_("Geräteprüfung gelb: Bild und Ton können stocken. Bieten Sie ggf. ein Telefonat an."),
    "red": N_(
        "Geräteprüfung rot: Bild und Ton werden wahrscheinlich nicht gut funktionieren. "
        "Bieten Sie ggf. ein Telefonat an."
    ),
}


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


# the advisor's readiness board (booking/rows.py): consent state and latest device-check light
CONSENT_STATE_LABELS = {
    "none": N_("Noch keine Einwilligung"),
    "given": N_("Eingewilligt"),
    "declined": N_("Einwilligung abgelehnt"),
    "revoked": N_("Einwilligung widerrufen"),
}
CHECK_STATE_LABELS = {
    "none": N_("Noch keine Geräteprüfung"),
    "green": N_("Geräteprüfung: gut"),
    "yellow": N_("Geräteprüfung: eingeschränkt"),
    "red": N_("Geräteprüfung: schlecht"),
}
