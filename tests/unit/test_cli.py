"""The CLI as an operator runs it: a real subprocess against a migrated database."""

from __future__ import annotations

import email
import email.policy
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import select

from tests.support import ROOT, session_for
from videotermin_app.accounts.passwords import verify_password
from videotermin_app.core.models import Advisor, AdvisorRole, Appointment, Participant
from videotermin_app.core.tokens import hash_token


def run_cli(db_url: str, outbox: Path, *args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "VT_DATABASE_URL": db_url,
        "VT_OUTBOX_DIR": str(outbox),
        "VT_BASE_URL": "https://termine.example.org",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "videotermin_app", *args],
        input=stdin,
        capture_output=True,
        check=False,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=60,
    )


def test_create_advisor_with_password_from_stdin(db_url: str, tmp_path: Path) -> None:
    result = run_cli(
        db_url,
        tmp_path,
        "create-advisor",
        "--email",
        "Petra@Example.org",
        "--name",
        "Petra B",
        "--password-stdin",
        "--admin",
        stdin="ein-langes-passwort\n",
    )
    assert result.returncode == 0, result.stderr
    with session_for(db_url) as session:
        advisor = session.exec(select(Advisor)).one()
    assert advisor.email == "petra@example.org" and advisor.role == AdvisorRole.ADMIN
    assert advisor.password_hash.startswith("$argon2") and verify_password(advisor.password_hash, "ein-langes-passwort")


def test_create_advisor_prints_a_generated_password(db_url: str, tmp_path: Path) -> None:
    result = run_cli(db_url, tmp_path, "create-advisor", "--email", "b@example.org", "--name", "B")
    assert result.returncode == 0
    password = result.stdout.split("password: ", 1)[1].strip()
    with session_for(db_url) as session:
        assert verify_password(session.exec(select(Advisor)).one().password_hash, password)


@pytest.mark.parametrize(
    "args",
    [
        ["create-advisor", "--email", "kaputt", "--name", "X"],
        ["create-advisor", "--email", "a@example.org", "--name", "  "],
        ["create-advisor", "--name", "X"],
        ["no-such-command"],
    ],
)
def test_bad_advisor_input_exits_2_with_one_line_and_writes_nothing(
    db_url: str, tmp_path: Path, args: list[str]
) -> None:
    result = run_cli(db_url, tmp_path, *args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    with session_for(db_url) as session:
        assert session.exec(select(Advisor)).all() == []


def test_short_password_from_stdin_is_refused(db_url: str, tmp_path: Path) -> None:
    result = run_cli(
        db_url,
        tmp_path,
        "create-advisor",
        "--email",
        "a@example.org",
        "--name",
        "A",
        "--password-stdin",
        stdin="kurz\n",
    )
    assert result.returncode == 2 and "mindestens" in result.stderr


@pytest.fixture
def with_advisor(db_url: str, tmp_path: Path) -> str:
    assert (
        run_cli(
            db_url,
            tmp_path,
            "create-advisor",
            "--email",
            "a@example.org",
            "--name",
            "Anna Berater",
            "--password-stdin",
            stdin="ein-langes-passwort\n",
        ).returncode
        == 0
    )
    return db_url


def test_create_appointment_books_mails_and_prints_the_link(with_advisor: str, tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    result = run_cli(
        with_advisor,
        outbox,
        "create-appointment",
        "--advisor",
        "a@example.org",
        "--start",
        "2099-12-07T13:00",
        "--client-name",
        "Max Mustermann",
        "--customer-number",
        "123D456789",
        "--email",
        "max@example.org",
        "--duration",
        "45",
    )
    assert result.returncode == 0, result.stderr
    link = result.stdout.strip()
    assert link.startswith("https://termine.example.org/vkid/")
    token = link.rsplit("/", 1)[1]
    with session_for(with_advisor) as session:
        appointment = session.exec(select(Appointment)).one()
        participant = session.exec(select(Participant)).one()
    assert appointment.duration_minutes == 45
    assert appointment.start.isoformat() == "2099-12-07T12:00:00+00:00"  # 13:00 Europe/Berlin
    assert participant.token_hash == hash_token(token) and participant.first_name == "Max"
    mails = list(outbox.glob("*.eml"))
    assert len(mails) == 1
    message = email.message_from_bytes(mails[0].read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "Mein Videotermin: Ihre Einladung am Montag, 7. Dezember 2099 13:00 Uhr"
    assert message["To"] == "Max Mustermann <max@example.org>"
    body = message.get_body(preferencelist=("plain",))
    assert (
        body is not None and link in body.get_content() and "Montag, 7. Dezember 2099 13:00 Uhr" in body.get_content()
    )


@pytest.mark.parametrize(
    "change",
    [
        {"--start": "gestern"},
        {"--start": "2001-01-01T10:00"},
        {"--client-name": "Max"},
        {"--email": "max@"},
        {"--customer-number": ""},
        {"--duration": "0"},
        {"--duration": "zehn"},
        {"--advisor": "nobody@example.org"},
    ],
)
def test_bad_appointment_input_exits_2_and_writes_nothing(
    with_advisor: str, tmp_path: Path, change: dict[str, str]
) -> None:
    args = {
        "--advisor": "a@example.org",
        "--start": "2099-12-07T13:00",
        "--client-name": "Max Mustermann",
        "--customer-number": "123D456789",
        "--email": "max@example.org",
        "--duration": "30",
    }
    args.update(change)
    flat = [item for pair in args.items() for item in pair]
    outbox = tmp_path / "outbox"
    result = run_cli(with_advisor, outbox, "create-appointment", *flat)
    assert result.returncode == 2, result.stdout
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    with session_for(with_advisor) as session:
        assert session.exec(select(Appointment)).all() == []
    assert not list(outbox.glob("*.eml"))


def test_bad_configuration_stops_with_one_line(db_url: str, tmp_path: Path) -> None:
    result = run_cli(db_url, tmp_path, "check-config", VT_TIMEZONE="Nowhere/Land")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()] and "VT_TIMEZONE" in result.stderr


def test_demo_data_is_created_once(db_url: str, tmp_path: Path) -> None:
    outbox = tmp_path / "var" / "outbox"
    first = run_cli(db_url, outbox, "demo")
    second = run_cli(db_url, outbox, "demo")
    assert first.returncode == 0 and second.returncode == 0
    assert "/vkid/" in first.stdout and first.stdout == second.stdout
    with session_for(db_url) as session:
        assert len(session.exec(select(Advisor)).all()) == 1
        assert len(session.exec(select(Appointment)).all()) == 1


def test_check_config_refuses_a_test_switch_in_production(db_url: str, tmp_path: Path) -> None:
    result = run_cli(db_url, tmp_path, "check-config", VT_TEST_MODE="", VT_TEST_ECHO_DROP_RATIO="0.9")
    assert result.returncode == 2 and result.stdout == ""
    refusal = "is a test switch and is refused unless VT_TEST_MODE=1 (never set it in production)"
    assert result.stderr.strip().splitlines() == [f"configuration error: VT_TEST_ECHO_DROP_RATIO: {refusal}"]


def test_check_config_says_when_test_switches_are_on(db_url: str, tmp_path: Path) -> None:
    production = run_cli(db_url, tmp_path, "check-config", VT_TEST_MODE="", VT_TEST_ECHO_DROP_RATIO="")
    assert production.returncode == 0 and "TEST" not in production.stdout
    result = run_cli(db_url, tmp_path, "check-config", VT_TEST_MODE="1", VT_TEST_ECHO_DROP_RATIO="0.9")
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stdout.splitlines() if "TEST" in line] == [
        "TEST SWITCHES ON (VT_TEST_MODE=1; VT_TEST_ECHO_DROP_RATIO=0.9): for tests only, never in production"
    ]


def test_check_config_names_log_format_and_metrics_clients(db_url: str, tmp_path: Path) -> None:
    result = run_cli(db_url, tmp_path, "check-config", VT_LOG_FORMAT="json", VT_METRICS_ALLOW="10.0.0.0/8, ::1")
    assert result.returncode == 0, result.stderr
    assert "log format: json" in result.stdout.splitlines()
    assert "metrics: /metrics answers 10.0.0.0/8, ::1/128" in result.stdout.splitlines()
    for variable, bad in (("VT_LOG_FORMAT", "yaml"), ("VT_METRICS_ALLOW", "jeder")):
        refused = run_cli(db_url, tmp_path, "check-config", **{variable: bad})
        assert refused.returncode == 2 and variable in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1


def test_check_config_validates_reminder_support_line_and_imprint(db_url: str, tmp_path: Path) -> None:
    imprint = tmp_path / "impressum.md"
    imprint.write_text("**Jobcenter Musterstadt**\n\nMusterweg 1", encoding="utf-8")
    result = run_cli(
        db_url,
        tmp_path,
        "check-config",
        VT_REMINDER_HOURS="48",
        VT_SUPPORT_PHONE="0511 6559-1000",
        VT_SUPPORT_HOURS="Montag bis Donnerstag, 8 bis 15 Uhr",
        VT_IMPRINT_FILE=str(imprint),
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "reminder mail: 48 h before the start" in lines
    assert "support line: 0511 6559-1000 (Montag bis Donnerstag, 8 bis 15 Uhr)" in lines
    assert "imprint: VT_IMPRINT_FILE" in lines
    for variable, bad in (
        ("VT_REMINDER_HOURS", "morgen"),
        ("VT_REMINDER_HOURS", "-1"),
        ("VT_SUPPORT_PHONE", "ruf an"),
        ("VT_SUPPORT_HOURS", "x" * 121),
        ("VT_IMPRINT_FILE", str(tmp_path / "fehlt.md")),
    ):
        refused = run_cli(db_url, tmp_path, "check-config", **{variable: bad})
        assert refused.returncode == 2 and variable in refused.stderr, (variable, refused.stderr)
        assert len(refused.stderr.strip().splitlines()) == 1
