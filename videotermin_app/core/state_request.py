"""Facts about the browser tab's connection that every state may need (read on the server)."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core.client_address import client_ip
from videotermin_app.core.settings import get_settings


def request_client_ip(state: rx.State) -> str:
    """The real client address of the tab's socket, read through `VT_TRUSTED_PROXIES` hops.

    Reflex records the socket's peer address and headers when the socket connects (server side);
    the browser cannot choose them. Only `VT_TRUSTED_PROXIES` hops of X-Forwarded-For are believed.
    """
    router = state.router
    return client_ip(
        peer=router.session.client_ip,
        forwarded_for=router.headers.raw_headers.get("x-forwarded-for", ""),
        trusted_proxies=get_settings().trusted_proxies,
    )
