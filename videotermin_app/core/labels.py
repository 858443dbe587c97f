"""German labels for roles and statuses (one place, through the catalogue)."""

from __future__ import annotations

from videotermin_app.core.i18n import _

ROLE_LABELS = {
    "client": _("Kundin/Kunde"),
    "interpreter": _("Dolmetscherin/Dolmetscher"),
    "representative": _("Gesetzliche Vertretung"),
    "advisor": _("Beraterin/Berater"),
}

LEVEL_LABELS = {
    "green": _("Verbindung gut"),
    "yellow": _("Verbindung eingeschränkt"),
    "red": _("Verbindung schlecht"),
    "": _("Keine Geräteprüfung"),
}


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)
