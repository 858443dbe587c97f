"""What the screen reader says when the room changes: being fetched into the call, someone joining
or leaving. Plain Python; `CallState` puts the sentence into a polite live region."""

from __future__ import annotations

from videotermin_app.core.capacity import MAX_PEOPLE_IN_CALL
from videotermin_app.core.i18n import _

MAX_ANNOUNCED_NAMES = MAX_PEOPLE_IN_CALL  # more changes at once are summed up
MAX_ANNOUNCEMENT_LENGTH = 400  # characters; a live region reads everything, keep it short


def announcement(
    *, status_before: str, status_after: str, others_before: dict[str, str], others_after: dict[str, str]
) -> str:
    """One short German sentence (or a few) about what changed, "" when nothing worth saying did.

    `status_*` are the own member status (`waiting`, `admitted`, ...); `others_*` map the other
    admitted members' keys to their display names."""
    parts: list[str] = []
    if status_after == "admitted" and status_before != "admitted":
        parts.append(_("Sie werden abgeholt. Das Gespräch beginnt."))
    if status_before == "admitted" and status_after == "admitted":
        joined = [name for key, name in others_after.items() if key not in others_before]
        left = [name for key, name in others_before.items() if key not in others_after]
        for name in joined[:MAX_ANNOUNCED_NAMES]:
            parts.append(_("{name} ist jetzt im Gespräch.").format(name=name or _("Eine Person")))
        for name in left[:MAX_ANNOUNCED_NAMES]:
            parts.append(_("{name} hat das Gespräch verlassen.").format(name=name or _("Eine Person")))
    elif status_after == "admitted" and others_after:
        names = ", ".join(name for name in list(others_after.values())[:MAX_ANNOUNCED_NAMES] if name)
        if names:
            parts.append(_("Im Gespräch: {names}.").format(names=names))
    if status_before == "admitted" and status_after in ("left", "ended"):
        parts.append(_("Das Gespräch ist beendet."))
    return " ".join(parts)[:MAX_ANNOUNCEMENT_LENGTH]
