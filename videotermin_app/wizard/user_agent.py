"""Operating system, device and browser from the User-Agent header (brochure: "Verwendetes
Betriebssystem / Endgerät / Browser"), and whether the browser is too old for the video call."""

from __future__ import annotations

from dataclasses import dataclass

from ua_parser import parse

from videotermin_app.core.i18n import _

UNKNOWN = "Unbekannt"
MAX_LENGTH = 80

# Oldest versions we support: RTCPeerConnection with unified plan, replaceTrack and getStats in
# the standard shape (Chrome 80 / Edge 80, Firefox 78 ESR, Safari 14 with VP8). Any IE: never.
MIN_VERSIONS = {
    "Chrome": 80,
    "Chromium": 80,
    "Edge": 80,
    "Opera": 67,
    "Samsung Internet": 13,
    "Firefox": 78,
    "Safari": 14,
}
_FAMILIES = {  # ua-parser family -> the name we show and check
    "Chrome Mobile": "Chrome",
    "Chrome Mobile iOS": "Chrome",
    "Chrome Mobile WebView": "Chrome",
    "HeadlessChrome": "Chrome",
    "Firefox Mobile": "Firefox",
    "Firefox iOS": "Firefox",
    "Mobile Safari": "Safari",
    "Mobile Safari UI/WKWebView": "Safari",
    "Edge Mobile": "Edge",
    "Opera Mobile": "Opera",
}
_GENERIC_PHONES = ("Generic Smartphone", "Generic_Android", "Generic Android", "K")  # "K": reduced UA
_OLD_IE = ("IE", "IE Mobile")
_DESKTOP_OS = ("Windows", "Mac OS X", "macOS", "Linux", "Ubuntu", "Fedora", "Chrome OS", "ChromeOS")


@dataclass(frozen=True)
class DeviceInfo:
    operating_system: str
    device: str
    browser: str
    browser_family: str = UNKNOWN
    browser_major: int | None = None


def _clip(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text[:MAX_LENGTH] if text and text != "Other" else UNKNOWN


def _join(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def _major(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def describe(user_agent: str) -> DeviceInfo:
    """e.g. DeviceInfo("Android 14", "Samsung SM-S911B", "Chrome 131"); unknown parts "Unbekannt"."""
    result = parse((user_agent or "")[:2000])
    ua, os_, dev = result.user_agent, result.os, result.device
    version = ".".join(v for v in (os_.major, os_.minor) if v) if os_ else ""
    os_name = _clip(_join(os_.family, version) if os_ and os_.family != "Other" else None)
    family = _FAMILIES.get(ua.family, ua.family) if ua and ua.family != "Other" else None
    major = _major(ua.major) if ua else None
    browser = _clip(_join(family, str(major) if major is not None else None) if family else None)
    if dev and dev.family not in ("Other", "", None):
        device = _clip(dev.family)
        if device in _GENERIC_PHONES:
            device = _("Smartphone")
    elif os_ and (os_.family in ("Android", "iOS")):
        device = _("Smartphone")
    elif os_ and os_.family in _DESKTOP_OS:
        device = _("Desktop")
    else:
        device = UNKNOWN
    return DeviceInfo(os_name, device, browser, browser_family=_clip(family), browser_major=major)


def browser_is_supported(info_or_ua: DeviceInfo | str) -> bool:
    """False only for browsers known to be too old (or any Internet Explorer); unknown ones pass,
    the test call then shows whether they work."""
    info = describe(info_or_ua) if isinstance(info_or_ua, str) else info_or_ua
    if info.browser_family in _OLD_IE:
        return False
    minimum = MIN_VERSIONS.get(info.browser_family)
    if minimum is None or info.browser_major is None:
        return True
    return info.browser_major >= minimum


def unsupported_browser_text(info_or_ua: DeviceInfo | str) -> str:
    """German explanation for step 4 when `browser_is_supported` is False."""
    info = describe(info_or_ua) if isinstance(info_or_ua, str) else info_or_ua
    return _(
        "Ihr Browser ({browser}) ist zu alt für Videotermine. Bitte aktualisieren Sie ihn oder "
        "verwenden Sie einen aktuellen Browser wie Chrome, Edge, Firefox oder Safari."
    ).format(browser=info.browser)
