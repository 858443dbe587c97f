"""A browser tab without a browser: Reflex's own protocol spoken over a real socket.io websocket.

Reflex 0.10 (reflex/app.py `EventNamespace`, the frontend's `utils/state.js`):
- the socket connects to the namespace `/_event` at the path `/_event`, websocket transport only,
  with the tab's token in the query string (`?token=<uuid4>`); the server links token and socket;
- the browser emits `"event"` with `{"name": "<full state path>.<handler>", "payload": {arg: value},
  "router_data": {"pathname": ..., "asPath": ..., "query": {...}}}`; the server takes the token from
  the socket, never from the message;
- the server emits `"event"` with `{"delta": {<full state path>: {<var>_rx_state_: value}}, "events":
  [...], "final": ...}` for every change of that tab's state.

`Tab` is that tab: connect (a fresh anonymous token unless one is given), `send` an event by state class
and handler name, `sync` (wait until the server has handled everything sent so far), read the deltas.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import socketio

NAMESPACE = "/_event"
SOCKET_PATH = "/_event"
ROOT_STATE = "reflex___state____state"
VAR_SUFFIX = "_rx_state_"
SYNC_TIMEOUT = 30.0


def state_name(state_cls: type[Any]) -> str:
    """The full state path Reflex uses in event names and deltas."""
    return str(state_cls.get_full_name())


def event_name(state_cls: type[Any], handler: str) -> str:
    return f"{state_name(state_cls)}.{handler}"


@dataclass
class Tab:
    """One websocket, i.e. one Reflex tab. Not thread-safe: one test thread drives it."""

    base_url: str
    token: str = field(default_factory=lambda: str(uuid.uuid4()))
    path: str = "/"  # the page this tab claims to be on (router_data.pathname of every event)
    forwarded_for: str | None = None  # X-Forwarded-For on the handshake (a client behind a proxy)
    received: list[dict[str, Any]] = field(default_factory=list)
    _sio: socketio.Client | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _sync_seq: int = 0
    _disconnected: threading.Event = field(default_factory=threading.Event)

    # -- connection -----------------------------------------------------------------------------
    def connect(self) -> Tab:
        sio = socketio.Client(reconnection=False)
        sio.on("event", self._on_event, namespace=NAMESPACE)
        sio.on("disconnect", lambda *_reason: self._disconnected.set(), namespace=NAMESPACE)
        headers = {"X-Forwarded-For": self.forwarded_for} if self.forwarded_for else {}
        sio.connect(
            f"{self.base_url}?token={self.token}",
            headers=headers,
            transports=["websocket"],
            namespaces=[NAMESPACE],
            socketio_path=SOCKET_PATH,
            wait_timeout=15,
        )
        self._sio = sio
        return self

    def close(self) -> None:
        if self._sio is not None:
            self._sio.disconnect()
            self._sio = None

    @property
    def connected(self) -> bool:
        return self._sio is not None and self._sio.connected and not self._disconnected.is_set()

    def _on_event(self, update: Any) -> None:
        with self._lock:
            self.received.append(update if isinstance(update, dict) else {"raw": update})

    # -- sending --------------------------------------------------------------------------------
    def router_data(self, query: dict[str, str] | None = None) -> dict[str, Any]:
        suffix = "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
        data: dict[str, Any] = {"pathname": self.path, "asPath": self.path + suffix}
        if query:
            data["query"] = query
        return data

    def send_raw(self, name: str, payload: Any, router_data: dict[str, Any] | None = None) -> None:
        """Emit one event exactly as given (the payload need not be a dict: an attacker's choice)."""
        assert self._sio is not None, "connect() first"
        message = {"name": name, "payload": payload, "router_data": router_data or self.router_data()}
        self._sio.emit("event", message, namespace=NAMESPACE)

    def send(self, state_cls: type[Any], handler: str, payload: Any = None) -> None:
        self.send_raw(event_name(state_cls, handler), {} if payload is None else payload)

    def sync(self, timeout: float = SYNC_TIMEOUT) -> None:
        """Wait until the server has processed every (non-background) event this tab sent so far.

        Reflex handles a tab's events one after the other; the marker event (the built-in
        `set_is_hydrated`, which every page sends) carries a unique query string that comes back in
        the router part of its delta."""
        self._sync_seq += 1
        marker = f"{self._sync_seq}-{uuid.uuid4().hex[:8]}"
        seen = len(self.received)
        self.send_raw(f"{ROOT_STATE}.set_is_hydrated", {"value": True}, self.router_data({"vt_sync": marker}))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                fresh = self.received[seen:]
            if any(f"vt_sync={marker}" in json.dumps(update) for update in fresh):
                return
            if not self.connected:
                raise ConnectionError(f"the server closed the socket of tab {self.token}")
            time.sleep(0.02)
        raise TimeoutError(f"the server did not answer tab {self.token} within {timeout} s")

    # -- reading --------------------------------------------------------------------------------
    def take(self) -> list[dict[str, Any]]:
        """Everything received so far, and forget it."""
        with self._lock:
            taken, self.received = self.received, []
        return taken

    def text(self) -> str:
        """All received updates as one JSON text (to search for things that must not be there)."""
        with self._lock:
            return json.dumps(self.received, ensure_ascii=False)

    def value(self, state_cls: type[Any], var: str, default: Any = None) -> Any:
        """The newest value of a state var as the tab saw it in its deltas."""
        name, key = state_name(state_cls), var + VAR_SUFFIX
        with self._lock:
            updates = list(self.received)
        for update in reversed(updates):
            substate = (update.get("delta") or {}).get(name) or {}
            if key in substate:
                return substate[key]
        return default

    def frontend_events(self) -> list[dict[str, Any]]:
        """Events the server asked this tab's frontend to run (redirects, scripts, toasts)."""
        with self._lock:
            return [event for update in self.received for event in (update.get("events") or [])]
