from __future__ import annotations

import pytest

from videotermin_app.wizard.user_agent import (
    DeviceInfo,
    browser_is_supported,
    describe,
    unsupported_browser_text,
)

GALAXY = (
    "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.6778.81 Mobile Safari/537.36"
)
WINDOWS_CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
OLD_SAFARI = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/13.1 Safari/605.1.15"
)
OLD_CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.88 Safari/537.36"
)
IE11 = "Mozilla/5.0 (Windows NT 6.1; Trident/7.0; rv:11.0) like Gecko"
REDUCED_ANDROID = (
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"
)


def test_android_phone() -> None:
    assert describe(GALAXY) == DeviceInfo(
        "Android 14", "Samsung SM-S911B", "Chrome 131", browser_family="Chrome", browser_major=131
    )


def test_desktop_and_iphone() -> None:
    desktop = describe(WINDOWS_CHROME)
    assert (desktop.operating_system, desktop.device, desktop.browser) == ("Windows 10", "Desktop", "Chrome 131")
    phone = describe(IPHONE)
    assert (phone.operating_system, phone.device, phone.browser) == ("iOS 17.5", "iPhone", "Safari 17")


def test_reduced_user_agent_is_a_smartphone() -> None:
    assert describe(REDUCED_ANDROID).device == "Smartphone"


@pytest.mark.parametrize("ua", ["", "garbage", "x" * 5000, "\x00\n\t"])
def test_unknown_is_unbekannt(ua: str) -> None:
    info = describe(ua)
    assert info.browser == "Unbekannt"
    assert all(len(part) <= 80 for part in (info.operating_system, info.device, info.browser))


def test_long_parts_are_truncated() -> None:
    ua = f"Mozilla/5.0 (Linux; Android 14; {'Z' * 200} Build/X) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"
    info = describe(ua)
    assert len(info.device) <= 80


@pytest.mark.parametrize(
    ("ua", "supported"),
    [
        (GALAXY, True),
        (WINDOWS_CHROME, True),
        (IPHONE, True),
        (OLD_SAFARI, False),
        (OLD_CHROME, False),
        (IE11, False),
        ("", True),
    ],
)
def test_browser_is_supported(ua: str, supported: bool) -> None:
    assert browser_is_supported(ua) is supported
    assert browser_is_supported(describe(ua)) is supported


def test_unsupported_text_names_the_browser() -> None:
    text = unsupported_browser_text(IE11)
    assert "IE 11" in text and "aktualisieren" in text
