"""Figures for `/metrics` in Prometheus' text format (prometheus-client), and who may read them.

Counters and the delivery histogram live in this process: with several workers each worker answers
with its own (a scrape reaches one worker; see docs/operations.md, "Health and metrics"). The room
gauges (people waiting, calls running) come from the database at scrape time and are the same in
every worker; the echo peers are this process's.

Nothing here carries a person: labels are fixed words, never an address, a name or a token.
"""

from __future__ import annotations

import ipaddress

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

CONTENT_TYPE = CONTENT_TYPE_LATEST
REGISTRY = CollectorRegistry(auto_describe=True)

DELIVERY_OUTCOMES = ("delivered", "not_connected", "dropped", "failed")
DELIVERIES = Counter(
    "videotermin_deliveries",
    "Changes delivered to another browser tab's state (signals, room changes, waiting list), by outcome",
    ["outcome"],
    registry=REGISTRY,
)
# from deliver() to the change applied: waits for the previous delivery to the same tab, then the state lock
DELIVERY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
DELIVERY_SECONDS = Histogram(
    "videotermin_delivery_seconds",
    "Seconds from starting a delivery to the change applied in the recipient's state",
    buckets=DELIVERY_BUCKETS,
    registry=REGISTRY,
)
SIGN_IN_REASONS = ("wrong_credentials", "throttled")
SIGN_IN_FAILURES = Counter(
    "videotermin_sign_in_failures",
    "Refused advisor sign-ins, by reason",
    ["reason"],
    registry=REGISTRY,
)
for _outcome in DELIVERY_OUTCOMES:
    DELIVERIES.labels(outcome=_outcome)
for _reason in SIGN_IN_REASONS:
    SIGN_IN_FAILURES.labels(reason=_reason)


def exposition(*, waiting: int | None, calls: int | None, echo_peers: int) -> bytes:
    """The scrape's body: this process's counters plus the gauges given (None: the database failed)."""
    now = CollectorRegistry(auto_describe=True)
    Gauge("videotermin_echo_peers", "Device-check echo peers open in this worker process", registry=now).set(echo_peers)
    Gauge("videotermin_database_up", "1 when the room figures could be read from the database", registry=now).set(
        0 if waiting is None or calls is None else 1
    )
    if waiting is not None and calls is not None:
        Gauge("videotermin_people_waiting", "People in a waiting area (all workers)", registry=now).set(waiting)
        Gauge("videotermin_calls_running", "Calls running (all workers)", registry=now).set(calls)
    return generate_latest(REGISTRY) + generate_latest(now)


def client_allowed(*, address: str, networks: tuple[str, ...]) -> bool:
    """Whether `address` lies in one of `networks` (CIDR strings); an unparsable address never does."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for network in networks:
        try:
            if ip in ipaddress.ip_network(network, strict=False):
                return True
        except ValueError:
            continue
    return False
