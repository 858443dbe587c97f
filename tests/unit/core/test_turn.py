"""TURN credentials from coturn's shared secret, their settings, and that the secret stays on the server."""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from videotermin_app.cli import cmd_check_config
from videotermin_app.core import turn
from videotermin_app.core.settings import (
    DEFAULT_TURN_TTL,
    MAX_TURN_TTL,
    MAX_TURN_URLS,
    MIN_TURN_SECRET_LENGTH,
    MIN_TURN_TTL,
    ConfigError,
    load_settings,
)

SECRET = "geheim-und-lang-genug-1234"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
ENV = {"VT_TURN_URLS": "turn:turn.example.org:3478, turns:turn.example.org:5349", "VT_TURN_SECRET": SECRET}
PACKAGE = Path(__file__).resolve().parents[3] / "videotermin_app"


def test_the_bounds() -> None:
    assert (MIN_TURN_TTL, DEFAULT_TURN_TTL, MAX_TURN_TTL) == (60, 3600, 86_400)
    assert MIN_TURN_SECRET_LENGTH == 16
    assert MAX_TURN_URLS == 8
    assert (turn.RENEW_AT, turn.RENEW_NOT_BEFORE, turn.OPAQUE_ID_BYTES) == (0.8, 0.5, 8)


def test_settings_read_urls_secret_and_ttl() -> None:
    settings = load_settings({**ENV, "VT_TURN_TTL": "600"})
    assert settings.turn_urls == ("turn:turn.example.org:3478", "turns:turn.example.org:5349")
    assert settings.turn_secret == SECRET and settings.turn_ttl == 600
    assert SECRET not in repr(settings)
    assert load_settings({}).turn_urls == () and load_settings({}).turn_ttl == 3600


@pytest.mark.parametrize(
    ("env", "variable", "words"),
    [
        ({"VT_TURN_URLS": "turn:h:3478"}, "VT_TURN_SECRET", "static-auth-secret"),
        ({"VT_TURN_SECRET": SECRET}, "VT_TURN_URLS", "turn:host"),
        ({"VT_TURN_URLS": "stun:h:3478", "VT_TURN_SECRET": SECRET}, "VT_TURN_URLS", "turn:host:3478"),
        ({"VT_TURN_URLS": "turn://h:3478", "VT_TURN_SECRET": SECRET}, "VT_TURN_URLS", "turn:host:3478"),
        ({"VT_TURN_URLS": "https://h", "VT_TURN_SECRET": SECRET}, "VT_TURN_URLS", "turn:host:3478"),
        ({"VT_TURN_URLS": ",".join(["turn:h"] * 9), "VT_TURN_SECRET": SECRET}, "VT_TURN_URLS", "at most 8"),
        ({"VT_TURN_URLS": "turn:h", "VT_TURN_SECRET": "kurz"}, "VT_TURN_SECRET", "at least 16"),
        ({**ENV, "VT_TURN_TTL": "59"}, "VT_TURN_TTL", "between 60 and 86400"),
        ({**ENV, "VT_TURN_TTL": "86401"}, "VT_TURN_TTL", "between 60 and 86400"),
        ({**ENV, "VT_TURN_TTL": "eine Stunde"}, "VT_TURN_TTL", "whole number"),
    ],
)
def test_bad_turn_settings_name_the_variable(env: dict[str, str], variable: str, words: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(env)
    assert raised.value.variable == variable
    assert words in str(raised.value)
    assert SECRET not in str(raised.value)


def test_credential_is_coturns_rest_api_scheme() -> None:
    credential = turn.derive(secret=SECRET, expires_at=1_800_000_000, opaque_id="abc")
    assert credential.username == "1800000000:abc"
    expected = base64.b64encode(hmac.new(SECRET.encode(), b"1800000000:abc", hashlib.sha1).digest()).decode()
    assert credential.credential == expected
    assert credential.expires_at == 1_800_000_000


def test_ice_servers_add_one_turn_entry_with_a_fresh_credential() -> None:
    settings = load_settings({**ENV, "VT_ICE_SERVERS": '[{"urls": "stun:stun.example.org:3478"}]'})
    servers, expires_at = turn.ice_servers(settings=settings, now=NOW)
    assert servers[0] == {"urls": "stun:stun.example.org:3478"}
    entry = servers[1]
    assert entry["urls"] == ["turn:turn.example.org:3478", "turns:turn.example.org:5349"]
    assert expires_at == int(NOW.timestamp()) + 3600
    assert str(entry["username"]).startswith(f"{expires_at}:")
    again, _ = turn.ice_servers(settings=settings, now=NOW)
    assert again[1]["username"] != entry["username"]  # one opaque id per tab, unlinkable


def test_without_turn_only_the_static_servers() -> None:
    settings = load_settings({"VT_ICE_SERVERS": '[{"urls": "stun:s:3478"}]'})
    assert turn.ice_servers(settings=settings, now=NOW) == ([{"urls": "stun:s:3478"}], 0)
    assert turn.renew_after_ms(settings) == 0


def test_the_secret_never_appears_in_what_a_tab_gets() -> None:
    settings = load_settings(ENV)
    servers, _ = turn.ice_servers(settings=settings, now=NOW)
    assert SECRET not in json.dumps(servers)


def test_renewal_only_after_half_the_lifetime() -> None:
    settings = load_settings({**ENV, "VT_TURN_TTL": "1000"})
    _, expires_at = turn.ice_servers(settings=settings, now=NOW)
    assert not turn.renew_due(expires_at=expires_at, ttl=1000, now=NOW + timedelta(seconds=499))
    assert turn.renew_due(expires_at=expires_at, ttl=1000, now=NOW + timedelta(seconds=500))
    assert turn.renew_after_ms(settings) == 800_000


def test_only_the_turn_module_reads_the_secret() -> None:
    """The secret goes nowhere but into the HMAC: no state, view or prop reads the setting."""
    found = subprocess.run(
        ["grep", "-rl", "turn_secret", str(PACKAGE), "--include=*.py", "--include=*.jsx"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    assert sorted(Path(p).relative_to(PACKAGE).as_posix() for p in found) == ["core/settings.py", "core/turn.py"]


def test_check_config_shows_turn_without_the_secret(capsys: pytest.CaptureFixture[str]) -> None:
    assert cmd_check_config(argparse.Namespace(), load_settings(ENV)) == 0
    out = capsys.readouterr().out
    assert "turn:turn.example.org:3478" in out and "3600 s" in out
    assert SECRET not in out
