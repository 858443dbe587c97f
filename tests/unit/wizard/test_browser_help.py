"""Help for a blocked camera follows the person's browser."""

from __future__ import annotations

import pytest

from videotermin_app.wizard import browser_help

UAS = {
    "chrome_desktop": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "edge_desktop": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    "firefox_desktop": "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "safari_mac": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Safari/605.1.15",
    "chrome_android": "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36",
    "safari_iphone": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "other": "",
}


@pytest.mark.parametrize("kind", list(UAS))
def test_kind_from_user_agent(kind: str) -> None:
    assert browser_help.browser_kind(UAS[kind]) == kind
    assert browser_help.permission_help(UAS[kind]).steps


def test_error_texts() -> None:
    assert browser_help.is_blocked("NotAllowedError")
    assert "blockiert" in browser_help.media_error_text("NotAllowedError")
    assert "Mikrofon" in browser_help.media_error_text("NotFoundError")
    assert "0800 4 555501" in browser_help.media_error_text("Weird")
    assert len(browser_help.all_browser_help()) == len(UAS)
