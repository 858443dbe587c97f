"""What a hostile client can send: every event handler of every state, found by introspection, and the
payloads to send it (missing, wrongly typed, oversized, and plausible values aimed at other people)."""

from __future__ import annotations

import asyncio
import inspect
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

# Reflex drops a socket whose frame exceeds 1,000,000 bytes (REFLEX_SOCKET_MAX_HTTP_BUFFER_SIZE), so the
# largest string an attacker can send in one event stays just below it.
BIG_STRING = 900_000
MANY_KEYS = 10_000
LONG_LIST = 10_000

# Values of the wrong type for any argument (and for the payload itself).
WRONG_VALUES: dict[str, Any] = {
    "None": None,
    "string": "x",
    "negative int": -1,
    "huge int": 10**30,
    "list": ["x", 1],
    "dict": {"x": "y"},
}


@dataclass(frozen=True)
class Handler:
    """One event handler as a browser can address it."""

    state: type[Any]
    name: str
    params: tuple[str, ...]
    annotations: tuple[str, ...]
    keys_read: tuple[str, ...]  # the keys the handler reads from a dict argument (`x.get("key")`)
    background: bool

    @property
    def label(self) -> str:
        return f"{self.state.__name__}.{self.name}"


def _walk(state_cls: type[Any]) -> Iterator[type[Any]]:
    yield state_cls
    for sub in sorted(state_cls.get_substates(), key=lambda s: s.get_full_name()):
        yield from _walk(sub)


def _keys_read(fn: Any) -> tuple[str, ...]:
    try:
        source = inspect.getsource(fn)
    except (OSError, TypeError):
        return ()
    found = re.findall(r"""\.get\(\s*["'](\w+)["']|\[\s*["'](\w+)["']\s*\]""", source)
    return tuple(sorted({a or b for a, b in found}))


@cache
def catalogue() -> tuple[Handler, ...]:
    """Every event handler of every state class of the app, Reflex's built-ins included."""
    from reflex.state import State

    import videotermin_app.videotermin_app  # noqa: F401 - registers every state

    handlers = []
    for state_cls in _walk(State):
        for name, handler in sorted(state_cls.event_handlers.items()):
            parameters = list(inspect.signature(handler.fn).parameters.values())[1:]
            handlers.append(
                Handler(
                    state=state_cls,
                    name=name,
                    params=tuple(p.name for p in parameters),
                    annotations=tuple(str(p.annotation) for p in parameters),
                    keys_read=_keys_read(handler.fn),
                    background=bool(handler.is_background),
                )
            )
    return tuple(handlers)


def state_vars(state_cls: type[Any]) -> list[str]:
    """The names `setvar` could be asked to set: public and private vars of the class."""
    public = list(getattr(state_cls, "base_vars", {}))
    private = [n for n in getattr(state_cls, "__annotations__", {}) if n.startswith("_") and not n.startswith("__")]
    return sorted({*public, *private, "is_hydrated"})


@cache
def real_sdp_offer() -> str:
    """An SDP offer with audio and video as a browser sends it (made by aiortc in this process)."""

    async def make() -> str:
        from aiortc import RTCPeerConnection

        pc = RTCPeerConnection()
        try:
            pc.addTransceiver("audio", direction="sendrecv")
            pc.addTransceiver("video", direction="sendrecv")
            await pc.setLocalDescription(await pc.createOffer())
            return str(pc.localDescription.sdp)
        finally:
            await pc.close()

    return asyncio.run(make())


def big(n: int = BIG_STRING) -> str:
    """An oversized string; unique, so a server that keys anything on it cannot fold copies together."""
    head = uuid.uuid4().hex
    return head + "A" * max(n - len(head), 0)


def many_keys(value: Any = 1) -> dict[str, Any]:
    prefix = uuid.uuid4().hex[:6]
    return {f"{prefix}{i:05d}": value for i in range(MANY_KEYS)}


@dataclass(frozen=True)
class Aim:
    """Plausible values pointing at someone: ids of appointments and participants, member keys, links."""

    ints: tuple[int, ...] = (1, 2, 3)
    strings: tuple[str, ...] = ("p1", "p2", "advisor")
    extra: dict[str, Any] = field(default_factory=dict)  # per argument or key name: a list of values


def _plausible(handler: Handler, param: str, annotation: str, aim: Aim) -> Iterator[tuple[str, Any]]:
    """Values of the right shape, aimed at `aim`, truthy where a flag is read, and oversized strings."""
    keys = handler.keys_read
    if "dict" in annotation or annotation == "Any":
        for key_value in aim.extra.get(param, []):
            yield f"{param}={key_value!r:.40}", key_value
        if keys:
            yield "known keys, truthy strings", dict.fromkeys(keys, "1")
            yield "known keys, true", dict.fromkeys(keys, True)
            yield "known keys, aimed ints", {k: aim.ints[0] for k in keys}
            for target in aim.strings:
                yield (
                    f"known keys -> {target}",
                    {k: (target if k not in ("to_epoch", "appointment_id") else aim.ints[0]) for k in keys},
                )
            yield "known keys, oversized values", {k: big(BIG_STRING // len(keys)) for k in keys}
            yield "known keys, wrong types", {k: ["x", {"y": None}] for k in keys}
    if "list" in annotation:
        share = BIG_STRING // (4 * max(len(keys), 1))
        yield "list of dicts with oversized values", [{k: big(share) for k in keys or ("key",)} for _ in range(4)]
        yield "long list", [dict.fromkeys(keys or ("key",), "1") for _ in range(LONG_LIST)]
    if "str" in annotation or annotation == "Any":
        for value in [*aim.extra.get(param, []), *aim.strings]:
            yield f"aimed {value!r:.40}", value
    if "int" in annotation or "float" in annotation:
        for value in aim.ints:
            yield f"aimed {value}", value
    if "bool" in annotation:
        yield "true", True


def hostile_payloads(handler: Handler, aim: Aim | None = None, *, oversized: bool = True) -> Iterator[tuple[str, Any]]:
    """(label, payload) pairs: the event with nothing, with the wrong types, oversized, and aimed."""
    for label, payload in _hostile_payloads(handler, aim or Aim()):
        if oversized or not any(word in label for word in ("oversized", "10000 keys", "long list")):
            yield label, payload


def _hostile_payloads(handler: Handler, aim: Aim) -> Iterator[tuple[str, Any]]:
    yield "no payload", {}
    yield "payload is a list", ["x"]
    yield "payload is a string", "x"
    yield "unknown argument", {"evil": 1}
    if handler.name == "setvar":
        for var in state_vars(handler.state):
            for value in (True, "1", 5, big(BIG_STRING // 8)):
                yield f"setvar {var}={str(value)[:12]}", {"var_name": var, "value": value}
        yield "setvar unknown", {"var_name": "x" * 1000, "value": 1}
        return
    if not handler.params:
        return
    for label, value in WRONG_VALUES.items():
        yield f"every argument {label}", dict.fromkeys(handler.params, value)
    yield "every argument oversized string", {p: big(BIG_STRING // len(handler.params)) for p in handler.params}
    yield "every argument 10000 keys", {p: many_keys() for p in handler.params}
    for param, annotation in zip(handler.params, handler.annotations, strict=True):
        others = {p: "x" for p in handler.params if p != param}
        for label, value in _plausible(handler, param, annotation, aim):
            yield f"{param}: {label}", {**others, param: value}


def heavy_payload(handler: Handler, i: int, size: int = BIG_STRING) -> tuple[str, Any]:
    """The i-th oversized payload for `handler`, unique every time: what a flood that wants to grow
    the server's memory sends. The right shape with huge values under the keys the handler reads (what
    a handler might keep), and every fifth time a dict of 10,000 keys where a dict belongs."""
    if handler.name == "setvar":
        names = state_vars(handler.state)
        var = names[i % len(names)]
        return f"setvar {var} oversized", {"var_name": var, "value": big(size // 2)}
    kind = "keys" if i % 5 == 4 else "shaped"
    share = size // max(len(handler.params), 1)
    payload: dict[str, Any] = {}
    for param, annotation in zip(handler.params, handler.annotations, strict=True):
        keys = handler.keys_read or ("key",)
        if "list" in annotation:
            payload[param] = [{k: big(share // (4 * len(keys))) for k in keys} for _ in range(4)]
        elif "dict" in annotation or annotation == "Any":
            payload[param] = many_keys() if kind == "keys" else {k: big(share // len(keys)) for k in keys}
        elif "str" in annotation:
            payload[param] = big(share)
        elif "bool" in annotation:
            payload[param] = True
        else:
            payload[param] = 10**30 + i
    return kind, payload


def with_parameters(handlers: tuple[Handler, ...]) -> list[Handler]:
    """The handlers that take data from the browser (setvar included)."""
    return [h for h in handlers if h.params]
