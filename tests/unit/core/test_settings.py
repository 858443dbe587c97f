from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from videotermin_app.core.settings import PROJECT_ROOT, ConfigError, load_settings


def test_defaults() -> None:
    s = load_settings({})
    assert s.port == 3000
    assert s.base_url == "http://localhost:3000"
    assert s.database_url == f"sqlite:///{PROJECT_ROOT / 'var' / 'videotermin.db'}"
    assert s.outbox_dir == PROJECT_ROOT / "var" / "outbox"
    assert s.ice_servers == [] and s.retention_days == 90
    assert s.timezone.key == "Europe/Berlin" and s.redis_url is None and s.smtp_url is None


def test_port_feeds_default_base_url() -> None:
    assert load_settings({"PORT": "8080"}).base_url == "http://localhost:8080"


def test_values_are_taken() -> None:
    s = load_settings(
        {
            "VT_BASE_URL": "https://termine.example.org/",
            "VT_DATABASE_URL": "postgresql+psycopg://u@h/db",
            "REFLEX_REDIS_URL": "redis://127.0.0.1:6379",
            "VT_SMTP_URL": "smtps://u:p@mail:465",
            "VT_OUTBOX_DIR": "/tmp/out",
            "VT_ICE_SERVERS": '[{"urls": ["turn:t.example.org:3478"], "username": "u"}]',
            "VT_RETENTION_DAYS": "30",
            "VT_TIMEZONE": "Europe/Vienna",
        }
    )
    assert s.base_url == "https://termine.example.org"
    assert s.outbox_dir == Path("/tmp/out") and s.retention_days == 30 and s.timezone.key == "Europe/Vienna"
    assert s.ice_servers[0]["username"] == "u"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PORT", "abc"),
        ("PORT", "0"),
        ("PORT", "70000"),
        ("VT_BASE_URL", "localhost:3000"),
        ("VT_BASE_URL", "ftp://x"),
        ("VT_DATABASE_URL", "not a url"),
        ("VT_DATABASE_URL", "mysql://u@h/db"),
        ("REFLEX_REDIS_URL", "http://localhost"),
        ("VT_SMTP_URL", "mail.example.org"),
        ("VT_SMTP_URL", "smtp://host:notaport"),
        ("VT_ICE_SERVERS", "[{"),
        ("VT_ICE_SERVERS", '{"urls": "stun:x"}'),
        ("VT_ICE_SERVERS", '[{"urls": "http://x"}]'),
        ("VT_RETENTION_DAYS", "-1"),
        ("VT_RETENTION_DAYS", "ninety"),
        ("VT_TIMEZONE", "Mars/Olympus"),
        ("VT_REMINDER_HOURS", "337"),
        ("VT_BLUR_MIN_FPS", "31"),
        ("VT_BLUR_MIN_FPS", "-1"),
        ("VT_REMINDER_HOURS", "1.5"),
        ("VT_SUPPORT_PHONE", "support@example.org"),
        ("VT_SUPPORT_HOURS", "Mo–Fr\n8–18"),
        ("VT_IMPRINT_FILE", "/nonexistent/impressum.md"),
    ],
)
def test_bad_values_name_the_variable(name: str, value: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings({name: value})
    assert info.value.variable == name
    assert str(info.value).startswith(f"{name}: ")
    assert "\n" not in str(info.value)


def test_test_switches_are_refused_outside_test_mode() -> None:
    """Set in production, VT_TEST_ECHO_DROP_RATIO would silently degrade every device check."""
    for env in ({"VT_TEST_ECHO_DROP_RATIO": "0.9"}, {"VT_TEST_ECHO_DROP_RATIO": "0.9", "VT_TEST_MODE": "0"}):
        with pytest.raises(ConfigError) as info:
            load_settings(env)
        assert info.value.variable == "VT_TEST_ECHO_DROP_RATIO" and "VT_TEST_MODE=1" in str(info.value)
    production = load_settings({})
    assert (production.test_mode, production.test_echo_drop_ratio, production.test_switches) == (False, 0.0, {})
    for name in ("VT_TEST_CALL_GRACE_SECONDS", "VT_TEST_CLOSE_CHECK_SECONDS"):
        with pytest.raises(ConfigError) as info:
            load_settings({name: "5"})
        assert info.value.variable == name and "VT_TEST_MODE=1" in str(info.value)
    # production keeps minutes for the grace period
    assert production.call_grace == timedelta(minutes=10)
    assert load_settings({"VT_CALL_GRACE_MINUTES": "1"}).call_grace == timedelta(minutes=1)


def test_test_switches_work_in_test_mode() -> None:
    s = load_settings({"VT_TEST_MODE": "1", "VT_TEST_ECHO_DROP_RATIO": "0.9"})
    assert (s.test_mode, s.test_echo_drop_ratio, s.test_switches) == (True, 0.9, {"VT_TEST_ECHO_DROP_RATIO": "0.9"})
    assert load_settings({"VT_TEST_MODE": "1"}).test_switches == {}
    quick = load_settings({"VT_TEST_MODE": "1", "VT_TEST_CALL_GRACE_SECONDS": "12", "VT_TEST_CLOSE_CHECK_SECONDS": "2"})
    assert quick.call_grace == timedelta(seconds=12) and quick.test_close_check_seconds == 2
    assert quick.test_switches == {"VT_TEST_CALL_GRACE_SECONDS": "12", "VT_TEST_CLOSE_CHECK_SECONDS": "2"}
    for name, value in (
        ("VT_TEST_MODE", "yes"),
        ("VT_TEST_ECHO_DROP_RATIO", "1.5"),
        ("VT_TEST_CALL_GRACE_SECONDS", "0"),
        ("VT_TEST_CALL_GRACE_SECONDS", "601"),
        ("VT_TEST_CLOSE_CHECK_SECONDS", "61"),
        ("VT_TEST_CLOSE_CHECK_SECONDS", "2.5"),
    ):
        with pytest.raises(ConfigError) as info:
            load_settings({"VT_TEST_MODE": "1", name: value})
        assert info.value.variable == name


def test_service_settings_defaults_and_imprint_file(tmp_path: Path) -> None:
    defaults = load_settings({})
    assert (defaults.reminder_hours, defaults.support_phone, defaults.support_hours, defaults.imprint_text) == (
        24,
        "0800 4 555501",
        "",
        "",
    )
    assert load_settings({"VT_REMINDER_HOURS": "0"}).reminder_hours == 0
    imprint = tmp_path / "impressum.md"
    imprint.write_text("  **Jobcenter Musterstadt**\n", encoding="utf-8")
    assert load_settings({"VT_IMPRINT_FILE": str(imprint)}).imprint_text == "**Jobcenter Musterstadt**"
    for content in (b"", b"\xff\xfe kaputt", b"x" * (64 * 1024 + 1)):
        imprint.write_bytes(content)
        with pytest.raises(ConfigError) as info:
            load_settings({"VT_IMPRINT_FILE": str(imprint)})
        assert info.value.variable == "VT_IMPRINT_FILE"


def test_the_support_phone_becomes_a_tel_link() -> None:
    from videotermin_app.core.settings_service import phone_href

    assert phone_href("0800 4 555501") == "tel:+498004555501"
    assert phone_href("0511 6559-1000") == "tel:+4951165591000"
    assert phone_href("+49 (511) 6559 1000") == "tel:+4951165591000"
    assert phone_href("0049 511 1") == "tel:+495111"


def test_the_pre_connection_switch_only_in_test_mode() -> None:
    with pytest.raises(ConfigError) as info:
        load_settings({"VT_TEST_PRECONNECT_OFF": "1"})
    assert info.value.variable == "VT_TEST_PRECONNECT_OFF"
    s = load_settings({"VT_TEST_MODE": "1", "VT_TEST_PRECONNECT_OFF": "1"})
    assert (s.test_preconnect_off, s.test_switches) == (True, {"VT_TEST_PRECONNECT_OFF": "1"})
    with pytest.raises(ConfigError):
        load_settings({"VT_TEST_MODE": "1", "VT_TEST_PRECONNECT_OFF": "yes"})
