"""Start the real app in production mode on a free port, with its own database and outbox."""

from __future__ import annotations

import os
import pickle
import re
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page

from tests.support import ROOT, free_port, migrate, sqlite_url
from videotermin_app.core.workers import WORKER_LINE

PORT_ATTEMPTS = 4  # the free port was taken by someone else before the app bound it: try a new one

WORKER_LINE_RE = re.compile(re.escape(WORKER_LINE) + r" pid=(?P<pid>\d+) instance=(?P<instance>\S+)")
START_TIMEOUT = 600  # the first start of a clean clone installs the frontend packages


@dataclass
class AppServer:
    workdir: Path
    port: int = field(default_factory=free_port)
    extra_env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def database_url(self) -> str:
        return self.extra_env.get("VT_DATABASE_URL") or sqlite_url(self.workdir)

    @property
    def outbox(self) -> Path:
        return self.workdir / "outbox"

    @property
    def log_path(self) -> Path:
        return self.workdir / "app.log"

    def env(self) -> dict[str, str]:
        venv_bin = str(ROOT / ".venv" / "bin")
        return {
            **os.environ,
            "PATH": f"{venv_bin}:{os.environ.get('PATH', '')}",
            "REFLEX_USE_NPM": "1",
            "PORT": str(self.port),
            "VT_BASE_URL": self.base_url,
            "VT_DATABASE_URL": self.database_url,
            "VT_OUTBOX_DIR": str(self.outbox),
            **self.extra_env,
        }

    def start(self) -> AppServer:
        """Start the app and wait until it answers; when its port was taken meanwhile, use a new one."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        migrate(self.database_url)
        for attempt in range(PORT_ATTEMPTS):
            if attempt:
                self.port = free_port()
            if self._start_once():
                return self
        raise RuntimeError(f"no free port for the app after {PORT_ATTEMPTS} attempts:\n{self.tail()}")

    def _start_once(self) -> bool:
        """True when the app answers on `port`; False when the port turned out to be taken."""
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "reflex"),
                "run",
                "--env",
                "prod",
                "--single-port",
                "--frontend-port",
                str(self.port),
            ],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                if "already in use" in self.tail():
                    return False
                raise RuntimeError(f"the app exited with {self.process.returncode}:\n{self.tail()}")
            if self._listening_sockets() and not self._owns_port():
                self.stop()  # someone else's server answers on this port
                return False
            try:
                with urllib.request.urlopen(f"{self.base_url}/health", timeout=2) as response:
                    if response.status == 200 and self._frontend_ready() and self._owns_port():
                        return True
            except OSError:
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"the app did not answer within {START_TIMEOUT} s:\n{self.tail()}")

    def _frontend_ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base_url}/", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def _listening_sockets(self) -> set[str]:
        """Inodes of the sockets listening on `port` (any process), from /proc/net/tcp and tcp6."""
        inodes = set()
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            try:
                lines = Path(table).read_text().splitlines()[1:]
            except OSError:
                continue
            for line in lines:
                fields = line.split()
                if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == self.port:
                    inodes.add(fields[9])
        return inodes

    def _owns_port(self) -> bool:
        """The socket listening on `port` belongs to the app we started (not to another test run)."""
        inodes = {f"socket:[{inode}]" for inode in self._listening_sockets()}
        if not inodes or self.process is None:
            return False
        for pid in [self.process.pid, *self._descendant_pids()]:
            try:
                if any(os.readlink(fd) in inodes for fd in Path(f"/proc/{pid}/fd").iterdir()):
                    return True
            except OSError:
                continue
        return False

    def _descendant_pids(self) -> list[int]:
        if self.process is None:
            return []
        parents: dict[int, int] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
        found, frontier = [], {self.process.pid}
        while frontier:
            frontier = {pid for pid, parent in parents.items() if parent in frontier}
            found += sorted(frontier)
        return found

    def descendants(self) -> list[str]:
        """Command lines of every process the app started (children, grandchildren, ...)."""
        commands = []
        for pid in self._descendant_pids():
            try:
                commands.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
            except OSError:
                continue
        return commands

    def worker_count(self) -> int:
        """Backend worker processes (granian's workers are python processes below `reflex run`)."""
        return len([c for c in self.descendants() if "python" in c or "granian" in c])

    def workers_by_instance(self) -> dict[str, int]:
        """Reflex's socket identity of each backend worker -> its pid, from the line each worker logs at
        start (videotermin_app/core/workers.py); a respawned worker adds a new line."""
        found = {}
        for line in self.log_path.read_text(errors="replace").splitlines():
            match = WORKER_LINE_RE.search(line)
            if match:
                found[match["instance"]] = int(match["pid"])
        return found

    def socket_instance_of_tab(self, page: Page) -> str | None:
        """Reflex's identity of the backend worker holding this tab's websocket (Reflex records the holder
        of each tab's socket in Redis), or None while the tab has no socket record."""
        import redis

        token = page.evaluate("() => window.sessionStorage.getItem('token')")
        if not token:
            return None
        raw = redis.Redis.from_url(self.extra_env["REFLEX_REDIS_URL"]).get(f"token_manager_socket_record_{token}")
        if raw is None:
            return None
        record = pickle.loads(raw)  # Reflex's own SocketRecord, written by the app under test
        return str(record.instance_id)

    def worker_of_tab(self, page: Page) -> int | None:
        """The pid of the backend worker holding this tab's websocket, or None (no socket record yet)."""
        instance = self.socket_instance_of_tab(page)
        return None if instance is None else self.workers_by_instance().get(instance)

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


@contextmanager
def another_server(
    session_server: AppServer, workdir: Path, extra_env: dict[str, str], *, port: int = 0
) -> Iterator[AppServer]:
    """A second app next to the session's one (other settings, other port: `port` or a free one).

    Both build into the same `.web`, whose build carries the serving port; so the session's app is
    rebuilt afterwards (same port and database) for the journeys that follow."""
    server = AppServer(workdir=workdir, extra_env=extra_env, port=port or free_port())
    try:
        yield server.start()
    finally:
        server.stop()
        session_server.stop()
        session_server.start()
