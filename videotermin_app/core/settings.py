"""Configuration from the environment, validated once at start.

Every variable of docs/contract.md is read here and nowhere else. A wrong value raises
`ConfigError` naming the variable; entry points turn it into one line and exit status 2.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(ValueError):
    """A configuration variable has a value the app cannot use."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable}: {problem}")
        self.variable = variable


@dataclass(frozen=True)
class Settings:
    port: int
    base_url: str
    database_url: str
    redis_url: str | None
    smtp_url: str | None
    outbox_dir: Path
    ice_servers: list[dict[str, object]] = field(default_factory=list)
    retention_days: int = 90
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Berlin"))

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    trusted_proxies: int = 0
    """How many reverse proxies in front of the app append to `X-Forwarded-For` (`VT_TRUSTED_PROXIES`);
    the client address is read through exactly that many hops (core/client_address.py)."""

    @property
    def is_https(self) -> bool:
        """Whether the public base URL is https: then cookies are `Secure`."""
        return self.base_url.startswith("https://")

    a11y_contact: str = "0800 4 555501"
    """Where people report accessibility barriers (`VT_A11Y_CONTACT`): an e-mail address or a phone
    number, shown in the accessibility statement (`/barrierefreiheit`); default the support line."""

    reminder_hours: int = 24
    """`VT_REMINDER_HOURS`: the reminder mail goes out this many hours before the start (0: none)."""

    support_phone: str = "0800 4 555501"
    """`VT_SUPPORT_PHONE`: the support line on every page and in every mail."""

    support_hours: str = ""
    """`VT_SUPPORT_HOURS`: when the support line answers ('' = the brochure's wording, translated)."""

    imprint_text: str = ""
    """The Markdown of `VT_IMPRINT_FILE` for `/impressum` ('' = the brochure's publisher)."""

    test_mode: bool = False
    """`VT_TEST_MODE=1`: test switches (the `VT_TEST_*` variables) are allowed. Never in production."""

    log_format: str = "text"
    """`VT_LOG_FORMAT`: "text" (default) or "json" (one JSON object per line), see core/logs.py."""

    metrics_allow: tuple[str, ...] = ("127.0.0.0/8", "::1/128")
    """`VT_METRICS_ALLOW`: networks whose clients may read `/metrics` (default loopback only)."""

    turn_urls: tuple[str, ...] = ()
    """`VT_TURN_URLS`: the coturn URLs (`turn:`/`turns:`) every authorised tab gets credentials for."""

    turn_secret: str = field(default="", repr=False)
    """`VT_TURN_SECRET`: coturn's `static-auth-secret`. Read only by `core/turn.py`; never leaves the server."""

    turn_ttl: int = 3600
    """`VT_TURN_TTL`: seconds a derived TURN credential lives."""

    call_grace_minutes: int = 10
    """`VT_CALL_GRACE_MINUTES`: a running appointment nobody ended is closed this long after the last
    person left the room (room/closing.py)."""

    blur_min_fps: int = 10
    """`VT_BLUR_MIN_FPS`: the background blur (**Hintergrund unscharf**) is switched off with a message on a
    device that cannot blur this many frames per second (0: never switched off for slowness)."""

    test_echo_drop_ratio: float = 0.0
    """TEST ONLY (`VT_TEST_ECHO_DROP_RATIO`, 0..1): the device check's echo peer drops this share of
    frames, so journeys can see a bad connection. Refused unless `VT_TEST_MODE=1`."""

    test_preconnect_off: bool = False
    """TEST ONLY (`VT_TEST_PRECONNECT_OFF=1`): the server relays no pre-connection signal
    (room/state_preconnect.py), so admission negotiates as without pre-connection (fallback journey,
    the "before" figures of `bench.call_admission`). Refused unless `VT_TEST_MODE=1`."""

    test_call_grace_seconds: int = 0
    """TEST ONLY (`VT_TEST_CALL_GRACE_SECONDS`, 1..600): the grace period of room/closing.py in seconds
    instead of `VT_CALL_GRACE_MINUTES` (0: not set). Refused unless `VT_TEST_MODE=1`."""

    test_close_check_seconds: int = 0
    """TEST ONLY (`VT_TEST_CLOSE_CHECK_SECONDS`, 1..60): how often the closing check runs instead of every
    30 s (0: not set). Refused unless `VT_TEST_MODE=1`."""

    @property
    def call_grace(self) -> timedelta:
        """How long a running appointment's room may be silent before it is closed."""
        if self.test_call_grace_seconds:
            return timedelta(seconds=self.test_call_grace_seconds)
        return timedelta(minutes=self.call_grace_minutes)

    @property
    def test_switches(self) -> dict[str, str]:
        """The test switches that are on (variable -> value); empty in production."""
        switches = {
            "VT_TEST_ECHO_DROP_RATIO": f"{self.test_echo_drop_ratio:g}" if self.test_echo_drop_ratio else "",
            "VT_TEST_CALL_GRACE_SECONDS": str(self.test_call_grace_seconds or ""),
            "VT_TEST_CLOSE_CHECK_SECONDS": str(self.test_close_check_seconds or ""),
            "VT_TEST_PRECONNECT_OFF": "1" if self.test_preconnect_off else "",
        }
        return {name: value for name, value in switches.items() if value}


def _int(env: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(name, f"expected a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(name, f"must be between {low} and {high}, got {value}")
    return value


def _url(env: dict[str, str], name: str, schemes: tuple[str, ...]) -> str | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in schemes or not parts.hostname:
        raise ConfigError(name, f"expected a URL starting with {' or '.join(s + '://' for s in schemes)}, got {raw!r}")
    try:
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise ConfigError(name, f"has an invalid port: {raw!r}") from None
    return raw


def _ratio(env: dict[str, str], name: str) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return 0.0
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(name, f"expected a number between 0 and 1, got {raw!r}") from None
    if not 0.0 <= value <= 1.0:
        raise ConfigError(name, f"must be between 0 and 1, got {value}")
    return value


MAX_TRUSTED_PROXIES = 10  # a longer chain of proxies in front of one app is a misconfiguration


def _trusted_proxies(env: dict[str, str]) -> int:
    value = _int(env, "VT_TRUSTED_PROXIES", 0, 0, MAX_TRUSTED_PROXIES)
    reflex_hops = env.get("REFLEX_TRUSTED_PROXY_HOPS", "").strip()
    if reflex_hops not in ("", "0"):
        # Reflex would already replace the peer by a forwarded address; counting hops twice trusts too many
        raise ConfigError(
            "REFLEX_TRUSTED_PROXY_HOPS", "leave it unset and give the number of proxies in VT_TRUSTED_PROXIES"
        )
    return value


def _test_mode(env: dict[str, str]) -> bool:
    raw = env.get("VT_TEST_MODE", "").strip()
    if raw not in ("", "0", "1"):
        raise ConfigError("VT_TEST_MODE", f"expected 1 (tests only) or nothing, got {raw!r}")
    return raw == "1"


def _test_switch(env: dict[str, str], name: str, *, test_mode: bool) -> str:
    """A VT_TEST_* switch is refused outside test mode: set in production it would silently degrade the app."""
    raw = env.get(name, "").strip()
    if raw and not test_mode:
        raise ConfigError(name, "is a test switch and is refused unless VT_TEST_MODE=1 (never set it in production)")
    return raw


def _database_url(env: dict[str, str]) -> str:
    raw = env.get("VT_DATABASE_URL", "").strip()
    if not raw:
        return f"sqlite:///{PROJECT_ROOT / 'var' / 'videotermin.db'}"
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(raw)
    except ArgumentError:
        raise ConfigError("VT_DATABASE_URL", f"not a SQLAlchemy database URL: {raw!r}") from None
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError(
            "VT_DATABASE_URL", f"only sqlite and postgresql are supported, got {url.get_backend_name()!r}"
        )
    return raw


def _ice_servers(env: dict[str, str]) -> list[dict[str, object]]:
    raw = env.get("VT_ICE_SERVERS", "").strip()
    if not raw:
        return []
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ConfigError("VT_ICE_SERVERS", f"not valid JSON ({exc.msg})") from None
    if not isinstance(value, list) or not all(
        isinstance(s, dict) and isinstance(s.get("urls"), (str, list)) for s in value
    ):
        raise ConfigError("VT_ICE_SERVERS", 'expected a JSON list like [{"urls": "stun:host:3478"}]')
    for server in value:
        urls = server["urls"] if isinstance(server["urls"], list) else [server["urls"]]
        if not all(isinstance(u, str) and u.split(":", 1)[0] in ("stun", "stuns", "turn", "turns") for u in urls):
            raise ConfigError(
                "VT_ICE_SERVERS", f"every url must start with stun:, stuns:, turn: or turns:, got {urls!r}"
            )
    return value


LOG_FORMATS = ("text", "json")  # the same as core.logs.LOG_FORMATS (settings imports nothing of the app)
LOOPBACK_NETWORKS = ("127.0.0.0/8", "::1/128")
MAX_METRICS_NETWORKS = 32  # a longer list is a misconfiguration


def _log_format(env: dict[str, str]) -> str:
    raw = env.get("VT_LOG_FORMAT", "").strip().lower() or "text"
    if raw not in LOG_FORMATS:
        raise ConfigError("VT_LOG_FORMAT", f"expected text or json, got {raw!r}")
    return raw


def _metrics_allow(env: dict[str, str]) -> tuple[str, ...]:
    import ipaddress

    raw = env.get("VT_METRICS_ALLOW", "").strip()
    if not raw:
        return LOOPBACK_NETWORKS
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if not items or len(items) > MAX_METRICS_NETWORKS:
        raise ConfigError(
            "VT_METRICS_ALLOW", f"give 1 to {MAX_METRICS_NETWORKS} addresses or networks, comma-separated"
        )
    networks = []
    for item in items:
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ConfigError("VT_METRICS_ALLOW", f"not an IP address or network: {item!r}") from None
    return tuple(networks)


MIN_TURN_TTL = 60  # shorter credentials would be renewed more often than a call signals anything else
MAX_TURN_TTL = 86_400  # a day: longer credentials are as good as a static password
DEFAULT_TURN_TTL = 3600
MIN_TURN_SECRET_LENGTH = 16  # coturn accepts any secret; a short one can be guessed offline from one credential
MAX_TURN_URLS = 8  # more URLs than this in one ICE server entry is a misconfiguration


def _turn(env: dict[str, str]) -> tuple[tuple[str, ...], str, int]:
    """`VT_TURN_URLS`, `VT_TURN_SECRET` and `VT_TURN_TTL`: both of the first two or neither."""
    urls = tuple(u.strip() for u in env.get("VT_TURN_URLS", "").split(",") if u.strip())
    secret = env.get("VT_TURN_SECRET", "").strip()
    ttl = _int(env, "VT_TURN_TTL", DEFAULT_TURN_TTL, MIN_TURN_TTL, MAX_TURN_TTL)
    if len(urls) > MAX_TURN_URLS:
        raise ConfigError("VT_TURN_URLS", f"at most {MAX_TURN_URLS} URLs, got {len(urls)}")
    for url in urls:
        scheme, _, rest = url.partition(":")
        if scheme not in ("turn", "turns") or not rest or rest.startswith("//") or any(c.isspace() for c in rest):
            raise ConfigError(
                "VT_TURN_URLS", f"every URL must look like turn:host:3478 or turns:host:5349, got {url!r}"
            )
    if urls and not secret:
        raise ConfigError("VT_TURN_SECRET", "VT_TURN_URLS is set: give coturn's static-auth-secret as well")
    if secret and not urls:
        raise ConfigError("VT_TURN_URLS", "VT_TURN_SECRET is set: give the coturn URLs as well (turn:host:3478)")
    if secret and len(secret) < MIN_TURN_SECRET_LENGTH:
        raise ConfigError("VT_TURN_SECRET", f"too short: use at least {MIN_TURN_SECRET_LENGTH} random characters")
    return urls, secret, ttl


DEFAULT_A11Y_CONTACT = "0800 4 555501"  # the support line (core/i18n.SUPPORT_PHONE)
MAX_A11Y_CONTACT_LENGTH = 254  # the longest e-mail address SMTP allows
A11Y_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
A11Y_PHONE_RE = re.compile(r"\+?[0-9][0-9 /()-]{4,30}")


def _a11y_contact(env: dict[str, str]) -> str:
    raw = env.get("VT_A11Y_CONTACT", "").strip()
    if not raw:
        return DEFAULT_A11Y_CONTACT
    if len(raw) > MAX_A11Y_CONTACT_LENGTH or not (A11Y_EMAIL_RE.fullmatch(raw) or A11Y_PHONE_RE.fullmatch(raw)):
        raise ConfigError(
            "VT_A11Y_CONTACT", f"expected an e-mail address or a phone number like 0800 4 555501, got {raw[:60]!r}"
        )
    return raw


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Read and validate the configuration; raise ConfigError on the first bad variable."""
    env = dict(os.environ) if env is None else env
    port = _int(env, "PORT", 3000, 1, 65535)
    base_url = _url(env, "VT_BASE_URL", ("http", "https")) or f"http://localhost:{port}"
    tz_name = env.get("VT_TIMEZONE", "").strip() or "Europe/Berlin"
    try:
        timezone = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError("VT_TIMEZONE", f"unknown time zone {tz_name!r} (e.g. Europe/Berlin)") from None
    outbox = Path(env.get("VT_OUTBOX_DIR", "").strip() or PROJECT_ROOT / "var" / "outbox")
    test_mode = _test_mode(env)
    drop_ratio = _test_switch(env, "VT_TEST_ECHO_DROP_RATIO", test_mode=test_mode)
    grace_seconds = _test_switch(env, "VT_TEST_CALL_GRACE_SECONDS", test_mode=test_mode)
    check_seconds = _test_switch(env, "VT_TEST_CLOSE_CHECK_SECONDS", test_mode=test_mode)
    preconnect_off = _test_switch(env, "VT_TEST_PRECONNECT_OFF", test_mode=test_mode)
    if preconnect_off not in ("", "1"):
        raise ConfigError("VT_TEST_PRECONNECT_OFF", f"expected 1 or nothing, got {preconnect_off!r}")

    turn_urls, turn_secret, turn_ttl = _turn(env)
    from videotermin_app.core import settings_service as service

    return Settings(
        port=port,
        base_url=base_url.rstrip("/"),
        database_url=_database_url(env),
        redis_url=_url(env, "REFLEX_REDIS_URL", ("redis", "rediss", "unix")),
        smtp_url=_url(env, "VT_SMTP_URL", ("smtp", "smtps")),
        outbox_dir=outbox if outbox.is_absolute() else PROJECT_ROOT / outbox,
        ice_servers=_ice_servers(env),
        retention_days=_int(env, "VT_RETENTION_DAYS", 90, 1, 3650),
        timezone=timezone,
        trusted_proxies=_trusted_proxies(env),
        log_format=_log_format(env),
        metrics_allow=_metrics_allow(env),
        a11y_contact=_a11y_contact(env),
        reminder_hours=_int(env, "VT_REMINDER_HOURS", service.DEFAULT_REMINDER_HOURS, 0, service.MAX_REMINDER_HOURS),
        support_phone=service.support_phone(env, ConfigError),
        support_hours=service.support_hours(env, ConfigError),
        imprint_text=service.imprint_text(env, ConfigError),
        test_mode=test_mode,
        turn_urls=turn_urls,
        turn_secret=turn_secret,
        turn_ttl=turn_ttl,
        call_grace_minutes=_int(env, "VT_CALL_GRACE_MINUTES", 10, 1, 240),
        blur_min_fps=_int(env, "VT_BLUR_MIN_FPS", 10, 0, 30),
        test_echo_drop_ratio=_ratio({"VT_TEST_ECHO_DROP_RATIO": drop_ratio}, "VT_TEST_ECHO_DROP_RATIO"),
        test_call_grace_seconds=_int(env, "VT_TEST_CALL_GRACE_SECONDS", 0, 1, 600) if grace_seconds else 0,
        test_close_check_seconds=_int(env, "VT_TEST_CLOSE_CHECK_SECONDS", 0, 1, 60) if check_seconds else 0,
        test_preconnect_off=preconnect_off == "1",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return load_settings()
