"""The support line (`VT_SUPPORT_PHONE`, `VT_SUPPORT_HOURS`) as every page and mail shows it."""

from __future__ import annotations

from videotermin_app.core import i18n
from videotermin_app.core.settings import get_settings
from videotermin_app.core.settings_service import phone_href as _phone_href


def phone() -> str:
    return get_settings().support_phone


def phone_href() -> str:
    return _phone_href(get_settings().support_phone)


def hours() -> str:
    """The configured hours, else the brochure's wording (`i18n.SUPPORT_HOURS`) in the page's language."""
    return get_settings().support_hours or i18n._(i18n.SUPPORT_HOURS)
