"""The real client address through VT_TRUSTED_PROXIES hops of X-Forwarded-For, and its setting."""

from __future__ import annotations

import argparse

import pytest

from videotermin_app.cli import cmd_check_config
from videotermin_app.core.client_address import MAX_FORWARDED_FOR_LENGTH, client_ip, parse_address
from videotermin_app.core.settings import MAX_TRUSTED_PROXIES, ConfigError, load_settings

PEER = "10.0.0.5"


def test_the_bounds() -> None:
    assert MAX_TRUSTED_PROXIES == 10
    assert MAX_FORWARDED_FOR_LENGTH == 4096


@pytest.mark.parametrize(
    ("forwarded_for", "trusted", "expected"),
    [
        ("", 0, PEER),
        ("198.51.100.7", 0, PEER),  # no proxy configured: the header is the client's invention
        ("198.51.100.7", 1, "198.51.100.7"),
        ("6.6.6.6, 198.51.100.7", 1, "198.51.100.7"),  # the client's own entry on the left is never read
        ("6.6.6.6, 198.51.100.7, 10.0.0.2", 2, "198.51.100.7"),
        ("198.51.100.7", 2, PEER),  # fewer entries than proxies: never trust more hops
        ("", 1, PEER),
        ("kaputt", 1, PEER),
        ("6.6.6.6, kaputt", 1, PEER),  # a malformed entry where the client should be
        ("6.6.6.6,,198.51.100.7", 1, "198.51.100.7"),
        ("2001:DB8::7", 1, "2001:db8::7"),
        ("[2001:db8::7]:443", 1, "2001:db8::7"),
        ("198.51.100.7:5555", 1, "198.51.100.7"),
        ("::ffff:198.51.100.7", 1, "198.51.100.7"),
        ("6.6.6.6, " * 2000 + "198.51.100.7", 1, PEER),  # absurdly long: ignored as a whole
    ],
)
def test_client_ip_reads_exactly_the_configured_hops(forwarded_for: str, trusted: int, expected: str) -> None:
    assert client_ip(peer=PEER, forwarded_for=forwarded_for, trusted_proxies=trusted) == expected


def test_a_bad_peer_is_no_address() -> None:
    assert client_ip(peer="", forwarded_for="", trusted_proxies=0) == ""
    assert client_ip(peer="nonsense", forwarded_for="198.51.100.7", trusted_proxies=1) == "198.51.100.7"
    assert parse_address(" 203.0.113.9 ") == "203.0.113.9" and parse_address("300.1.1.1") == ""


def test_trusted_proxies_setting() -> None:
    assert load_settings({}).trusted_proxies == 0
    assert load_settings({"VT_TRUSTED_PROXIES": "2"}).trusted_proxies == 2
    for bad in ("-1", "zwei", str(MAX_TRUSTED_PROXIES + 1), "1.5"):
        with pytest.raises(ConfigError, match="VT_TRUSTED_PROXIES"):
            load_settings({"VT_TRUSTED_PROXIES": bad})
    with pytest.raises(ConfigError, match=r"REFLEX_TRUSTED_PROXY_HOPS.*VT_TRUSTED_PROXIES"):
        load_settings({"REFLEX_TRUSTED_PROXY_HOPS": "1"})


def test_https_base_url_makes_cookies_secure() -> None:
    assert load_settings({"VT_BASE_URL": "https://termine.example.org"}).is_https
    assert not load_settings({}).is_https


def test_check_config_shows_the_trusted_proxies(capsys: pytest.CaptureFixture[str]) -> None:
    assert cmd_check_config(argparse.Namespace(), load_settings({"VT_TRUSTED_PROXIES": "1"})) == 0
    assert "trusted proxies: 1" in capsys.readouterr().out
