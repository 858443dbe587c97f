"""Command line: `python -m videotermin_app COMMAND`. Bad input: one line on stderr, exit 2."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import NoReturn

from videotermin_app.core.settings import ConfigError, Settings, get_settings


class CliError(Exception):
    """One line for stderr; the command exits with status 2 and writes nothing."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise CliError(f"{self.prog}: {message}")


def parse_start(raw: str, settings: Settings) -> datetime:
    try:
        moment = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise CliError(f"--start: not an ISO 8601 date and time: {raw!r} (e.g. 2026-12-07T13:00)") from None
    return moment.replace(tzinfo=settings.timezone) if moment.tzinfo is None else moment


def _split_name(raw: str) -> tuple[str, str]:
    parts = raw.strip().rsplit(" ", 1)
    if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
        raise CliError(f"--client-name: give first and last name, e.g. 'Max Mustermann', got {raw!r}")
    return parts[0].strip(), parts[1].strip()


def cmd_check_config(args: argparse.Namespace, settings: Settings) -> int:
    print(f"configuration ok (database: {settings.database_url.split('://', 1)[0]}, port {settings.port})")
    print(f"trusted proxies: {settings.trusted_proxies} (client address read through that many X-Forwarded-For hops)")
    if settings.turn_urls:  # never the secret
        print(f"TURN: {', '.join(settings.turn_urls)} (shared secret set, credentials live {settings.turn_ttl} s)")
    else:
        print("TURN: none (VT_TURN_URLS unset; calls between two home networks may fail)")
    print(f"log format: {settings.log_format}")
    print(f"metrics: /metrics answers {', '.join(settings.metrics_allow)}")
    reminder = f"{settings.reminder_hours} h before the start" if settings.reminder_hours else "off"
    print(f"reminder mail: {reminder}")
    print(f"support line: {settings.support_phone} ({settings.support_hours or 'default hours'})")
    print(
        f"imprint: {'VT_IMPRINT_FILE' if settings.imprint_text else 'the brochure publisher (VT_IMPRINT_FILE unset)'}"
    )
    if settings.test_mode:
        switches = ", ".join(f"{name}={value}" for name, value in settings.test_switches.items()) or "none set"
        print(f"TEST SWITCHES ON (VT_TEST_MODE=1; {switches}): for tests only, never in production")
    return 0


def cmd_create_advisor(args: argparse.Namespace, settings: Settings) -> int:
    from videotermin_app.accounts.advisors import AdvisorError, create_advisor
    from videotermin_app.accounts.passwords import generate_password
    from videotermin_app.core.db import session_scope

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        generated = False
    else:
        password, generated = generate_password(), True
    try:
        with session_scope() as session:
            advisor = create_advisor(
                session=session, email=args.email, name=args.name, password=password, admin=args.admin
            )
            line = f"created {advisor.role.value} {advisor.email}"
    except AdvisorError as exc:
        raise CliError(str(exc)) from None
    print(line)
    if generated:
        print(f"password: {password}")
    return 0


def cmd_create_appointment(args: argparse.Namespace, settings: Settings) -> int:
    from videotermin_app.accounts.advisors import find_advisor
    from videotermin_app.booking.booking import BookingError, PersonInput, book_appointment
    from videotermin_app.core.db import session_scope
    from videotermin_app.mail.notify import send_invitations

    start = parse_start(args.start, settings)
    first, last = _split_name(args.client_name)
    try:
        with session_scope() as session:
            advisor = find_advisor(session=session, email=args.advisor)
            if advisor is None:
                raise CliError(f"--advisor: no advisor with e-mail {args.advisor!r}")
            booking = book_appointment(
                session=session,
                advisor=advisor,
                start=start,
                duration_minutes=args.duration,
                client=PersonInput(
                    first_name=first, last_name=last, email=args.email, customer_number=args.customer_number
                ),
            )
            links = send_invitations(session=session, booking=booking, settings=settings)
    except BookingError as exc:
        raise CliError(str(exc)) from None
    for outcome in links:
        print(outcome.link if outcome.sent else f"{outcome.link}  (invitation NOT sent: {outcome.error})")
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from videotermin_app.booking.demo import DEMO_EMAIL, DEMO_PASSWORD, ensure_demo_data
    from videotermin_app.core.db import session_scope
    from videotermin_app.core.routes import personal_link

    link_file = settings.outbox_dir.parent / "demo-link.txt"
    with session_scope() as session:
        result = ensure_demo_data(session=session)
        if result.booking is not None:
            _participant, token = result.booking.invitations[0]
            link_file.parent.mkdir(parents=True, exist_ok=True)
            link_file.write_text(personal_link(settings.base_url, token) + "\n", encoding="utf-8")
    print(f"Demo-Anmeldung:  {settings.base_url}/login  E-Mail {DEMO_EMAIL}  Passwort {DEMO_PASSWORD}")
    if link_file.exists():
        print(f"Demo-Kundenlink: {link_file.read_text(encoding='utf-8').strip()}")
    return 0


def cmd_purge(args: argparse.Namespace, settings: Settings) -> int:
    from videotermin_app.core.db import session_scope
    from videotermin_app.core.models import utcnow
    from videotermin_app.privacy.retention import purge_all

    now = utcnow()
    if args.now:
        try:
            given = parse_start(args.now, settings)
        except CliError:
            raise CliError(f"--now: not an ISO 8601 date and time: {args.now!r}") from None
        if given > now:
            raise CliError("--now: a purge cannot run ahead of the clock (give a time in the past)")
        now = given
    with session_scope() as session:
        report = purge_all(
            session=session, now=now, retention_days=settings.retention_days, outbox_dir=settings.outbox_dir
        )
    print(f"{report.summary()} (retention {settings.retention_days} days, as of {now.isoformat(timespec='seconds')})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m videotermin_app", description="Mein Videotermin")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("check-config", help="validate the environment and exit").set_defaults(func=cmd_check_config)
    p = sub.add_parser("create-advisor", help="create an advisor account")
    p.add_argument("--email", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p.add_argument("--admin", action="store_true", help="make an administrator")
    p.set_defaults(func=cmd_create_advisor)
    p = sub.add_parser("create-appointment", help="book an appointment and send the invitation")
    p.add_argument("--advisor", required=True, help="the advisor's e-mail")
    p.add_argument("--start", required=True, help="ISO 8601; without offset in VT_TIMEZONE")
    p.add_argument("--client-name", required=True)
    p.add_argument("--customer-number", required=True)
    p.add_argument("--email", required=True)
    p.add_argument("--duration", type=int, default=30, help="minutes (default 30)")
    p.set_defaults(func=cmd_create_appointment)
    p = sub.add_parser(
        "purge",
        help="delete personal and device data past retention (VT_RETENTION_DAYS), outbox mails, "
        "old sign-in throttles and ended sessions",
    )
    p.add_argument("--now", help="ISO 8601 time in the past to purge as of (default: now)")
    p.set_defaults(func=cmd_purge)
    sub.add_parser("demo", help="create demo data once and print the demo login").set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        settings = get_settings()
        return int(args.func(args, settings))
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
