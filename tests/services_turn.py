"""A throwaway coturn on loopback with the REST-API shared secret, for journeys (and anything else).

Debian's `coturn` package (`scripts/ensure-turn-nginx.sh` installs it for `make test`); the server runs
as a child process with its own configuration, database and log in a temporary folder, on free
ports, and is stopped afterwards. Nothing of the machine's own coturn (if any) is touched.
"""

from __future__ import annotations

import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support import free_port

START_TIMEOUT = 20.0
RELAY_PORTS = 200  # UDP ports for relayed media: two browsers with a few connections each need far fewer


@dataclass(frozen=True)
class Turn:
    port: int
    secret: str
    workdir: Path

    @property
    def urls(self) -> str:
        """`VT_TURN_URLS` for the app: UDP and TCP on the same port."""
        return f"turn:127.0.0.1:{self.port}?transport=udp,turn:127.0.0.1:{self.port}?transport=tcp"

    @property
    def log_path(self) -> Path:
        return self.workdir / "turnserver.log"

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


def turnserver_binary() -> str:
    found = shutil.which("turnserver") or ("/usr/bin/turnserver" if Path("/usr/bin/turnserver").exists() else None)
    if found is None:
        raise RuntimeError("coturn is not installed: run scripts/ensure-turn-nginx.sh (make test does)")
    return found


def _free_port_range(count: int) -> int:
    """The first of `count` consecutive UDP ports that are free right now (a best effort)."""
    for _ in range(50):
        first = 20_000 + secrets.randbelow(40_000 - count)
        sockets = []
        try:
            for port in (first, first + count // 2, first + count - 1):  # a sample: binding all would be slow
                sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                sockets.append(sock)
                sock.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise RuntimeError("no free UDP port range for coturn's relays")


def config_text(*, port: int, secret: str, workdir: Path, min_port: int, max_port: int) -> str:
    return "\n".join(
        [
            f"listening-port={port}",
            "listening-ip=127.0.0.1",
            "relay-ip=127.0.0.1",
            f"min-port={min_port}",
            f"max-port={max_port}",
            "use-auth-secret",
            f"static-auth-secret={secret}",
            "realm=videotermin.test",
            "fingerprint",
            "no-tls",
            "no-dtls",
            "no-cli",
            "allow-loopback-peers",  # the browsers' and the echo peer's addresses are all 127.0.0.1
            "no-multicast-peers",
            f"userdb={workdir / 'turndb'}",
            f"pidfile={workdir / 'turnserver.pid'}",
            f"log-file={workdir / 'turnserver.log'}",
            "simple-log",
            "verbose",
            "",
        ]
    )


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@contextmanager
def running_turn(workdir: Path) -> Iterator[Turn]:
    """A coturn with a fresh random shared secret on a free port; stopped (by its pid) on exit."""
    workdir.mkdir(parents=True, exist_ok=True)
    turn = Turn(port=free_port(), secret=secrets.token_urlsafe(24), workdir=workdir)
    min_port = _free_port_range(RELAY_PORTS)
    conf = workdir / "turnserver.conf"
    conf.write_text(
        config_text(
            port=turn.port, secret=turn.secret, workdir=workdir, min_port=min_port, max_port=min_port + RELAY_PORTS - 1
        )
    )
    process = subprocess.Popen(
        [turnserver_binary(), "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=(workdir / "turnserver.stderr").open("wb"),
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _answers(turn.port):
            if process.poll() is not None:
                raise RuntimeError(f"coturn exited with {process.returncode}:\n{turn.log()[-3000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"coturn did not answer within {START_TIMEOUT} s:\n{turn.log()[-3000:]}")
            time.sleep(0.1)
        yield turn
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
