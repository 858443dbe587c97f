"""The real client address of a request, read through a configured number of reverse proxies.

`X-Forwarded-For` is written by the client as much as by proxies: each proxy appends the address it
received the request from, so only the rightmost entries were written by proxies we trust. With
`trusted_proxies` = N the client is the N-th entry from the right; everything left of it may be
invented by the client and is never read. With N = 0 the header is ignored and the socket's peer
address is the client.
"""

from __future__ import annotations

import ipaddress

# a header longer than this is not produced by a sane proxy chain; it is ignored as a whole
MAX_FORWARDED_FOR_LENGTH = 4096


def parse_address(raw: str) -> str:
    """The canonical text of one IP address ('' if `raw` is none).

    Accepts `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1` and `[2001:db8::1]:443`; an IPv4 address
    mapped into IPv6 (`::ffff:1.2.3.4`) comes back as IPv4.
    """
    text = raw.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # IPv4 with a port
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(address)


def client_ip(*, peer: str, forwarded_for: str, trusted_proxies: int) -> str:
    """The client's address: the peer, or the `trusted_proxies`-th entry from the right of X-Forwarded-For.

    A missing, too short or malformed header, or a malformed entry at that position, falls back to
    the peer: never more hops are trusted than configured. Returns '' when nothing is known.
    """
    own = parse_address(peer)
    if trusted_proxies <= 0 or not forwarded_for or len(forwarded_for) > MAX_FORWARDED_FOR_LENGTH:
        return own
    entries = [entry.strip() for entry in forwarded_for.split(",")]
    if len(entries) < trusted_proxies:
        return own
    return parse_address(entries[-trusted_proxies]) or own
