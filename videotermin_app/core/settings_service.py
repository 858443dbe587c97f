"""The service settings of `core/settings.py`: the reminder, the support line and the imprint.

Plain parsing helpers, read only by `settings.load_settings`; a wrong value raises `ConfigError`
naming the variable (imported lazily there, so this module imports nothing of the app).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

DEFAULT_REMINDER_HOURS = 24
MAX_REMINDER_HOURS = 336  # two weeks: a reminder further ahead reminds of nothing
DEFAULT_SUPPORT_PHONE = "0800 4 555501"
MAX_SUPPORT_HOURS_LENGTH = 120
MAX_IMPRINT_BYTES = 64 * 1024
SUPPORT_PHONE_RE = re.compile(r"\+?[0-9][0-9 /()-]{4,30}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

Refuse = Callable[[str, str], Exception]


def support_phone(env: dict[str, str], refuse: Refuse) -> str:
    raw = env.get("VT_SUPPORT_PHONE", "").strip()
    if not raw:
        return DEFAULT_SUPPORT_PHONE
    if not SUPPORT_PHONE_RE.fullmatch(raw):
        raise refuse("VT_SUPPORT_PHONE", f"expected a phone number like 0800 4 555501, got {raw[:60]!r}")
    return raw


def support_hours(env: dict[str, str], refuse: Refuse) -> str:
    """'' means the default wording (translated where it is shown)."""
    raw = env.get("VT_SUPPORT_HOURS", "").strip()
    if len(raw) > MAX_SUPPORT_HOURS_LENGTH or _CONTROL.search(raw):
        raise refuse("VT_SUPPORT_HOURS", f"one line of at most {MAX_SUPPORT_HOURS_LENGTH} characters")
    return raw


def imprint_text(env: dict[str, str], refuse: Refuse) -> str:
    """The Markdown of `VT_IMPRINT_FILE` ('' means the brochure's publisher)."""
    raw = env.get("VT_IMPRINT_FILE", "").strip()
    if not raw:
        return ""
    path = Path(raw)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise refuse("VT_IMPRINT_FILE", f"cannot read {raw!r} ({exc.strerror or exc})") from None
    if len(data) > MAX_IMPRINT_BYTES:
        raise refuse("VT_IMPRINT_FILE", f"{raw!r} is larger than {MAX_IMPRINT_BYTES // 1024} KiB")
    try:
        text = data.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise refuse("VT_IMPRINT_FILE", f"{raw!r} is not UTF-8 text") from None
    if not text:
        raise refuse("VT_IMPRINT_FILE", f"{raw!r} is empty")
    return text


def phone_href(phone: str) -> str:
    """`tel:` link of a German phone number: 0800 4 555501 -> tel:+498004555501."""
    digits = re.sub(r"[^0-9+]", "", phone)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+49" + digits[1:]
    return f"tel:{digits}"
