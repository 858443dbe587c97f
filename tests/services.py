"""PostgreSQL and Redis for the tests, on any Debian/Ubuntu machine that has only Python.

Which servers the tests use (decided once per test session, in the session fixtures of
`tests/conftest.py`):

- `VT_TEST_POSTGRES_URL` names an existing PostgreSQL (a SQLAlchemy URL of a database the tests may
  connect to, as a role allowed to `CREATE DATABASE`). Without it the local server on
  127.0.0.1:5432 is used when it answers as user `postgres`; when it does not, a throwaway cluster
  (`initdb`, `pg_ctl`) is started in a temporary folder on a free port and removed afterwards.
  Whichever server it is, every test that needs PostgreSQL gets its own uniquely named database,
  dropped afterwards: nothing another run uses is touched.
- `VT_TEST_REDIS_URL` names an existing Redis. Without it a throwaway `redis-server` (no
  persistence, its own temporary folder, a free port) is started for the session: Redis is cheap to
  start and a shared one could be flushed or read by another run. Nothing is ever flushed.
- `VT_TEST_SERVICES=throwaway` starts a throwaway PostgreSQL even when 127.0.0.1:5432 answers (the
  way to test the fallback without stopping the machine's server).

Missing server programs are installed from the distribution (`apt-get install -y postgresql` /
`redis-server`) when the tests run as root or with password-less sudo; otherwise the session stops
with one clear message saying what to install or which variable to set. Tests never skip.
"""

from __future__ import annotations

import errno
import fcntl
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PORT_ATTEMPTS = 5  # a free port can be taken by someone else before our server binds it: try again
START_TIMEOUT = 60  # seconds for a throwaway server to answer
CONNECT_TIMEOUT = 3  # seconds to decide whether the default PostgreSQL answers

T = TypeVar("T")


class ServiceError(RuntimeError):
    """A test service could not be provided; the message says what to do."""


class PortTaken(OSError):
    """The port chosen for a server was taken before the server could bind it."""


def free_port() -> int:
    """A port nobody listened on a moment ago. Another process may take it before we bind it:
    start servers through `on_free_port`, which tries again with a new port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def on_free_port(start: Callable[[int], T], attempts: int = PORT_ATTEMPTS) -> T:
    """Call `start(port)` with a free port; when it raises `PortTaken` (or EADDRINUSE), use a new one."""
    for attempt in range(attempts):
        try:
            return start(free_port())
        except OSError as exc:
            if not (isinstance(exc, PortTaken) or exc.errno == errno.EADDRINUSE) or attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


@contextmanager
def closed_port() -> Iterator[int]:
    """A loopback port that is bound (so nobody else gets it) but never listens: connecting to it is
    refused for as long as the block runs."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


# --- installing from the distribution ------------------------------------------------------------


def _privilege_prefix() -> list[str] | None:
    if os.geteuid() == 0:
        return []
    if (
        shutil.which("sudo")
        and subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False).returncode == 0
    ):
        return ["sudo", "-n"]
    return None


def ensure_package(package: str, present: Callable[[], bool], *, variable: str) -> None:
    """Install `package` with apt-get unless `present()`; a clear ServiceError when that is impossible.

    Test runs at the same time (`make unit` runs two) install one after the other: apt-get itself
    fails at once on a lock another apt-get holds."""
    if present():
        return
    with (Path(tempfile.gettempdir()) / "videotermin-tests-apt.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not present():  # the other run may have installed it meanwhile
            _install(package, present, variable=variable)


def _install(package: str, present: Callable[[], bool], *, variable: str) -> None:
    prefix = _privilege_prefix()
    if prefix is None or not shutil.which("apt-get"):
        raise ServiceError(
            f"the tests need {package!r} and cannot install it (no apt-get, or neither root nor password-less "
            f"sudo): install it (sudo apt-get install {package}) or set {variable} to an existing server"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", package]):
        result = subprocess.run(prefix + command, capture_output=True, text=True, env=env, check=False)
        if result.returncode != 0:
            raise ServiceError(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    if not present():
        raise ServiceError(f"{package!r} was installed but its programs are still missing")


# --- PostgreSQL ----------------------------------------------------------------------------------


def postgres_bin_dir() -> Path | None:
    """The newest PostgreSQL server programs of the distribution (/usr/lib/postgresql/N/bin), else PATH."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1].parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path and shutil.which("initdb") else None


def _answers(url: str) -> bool:
    engine = sa.create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT})
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        return True
    except sa.exc.SQLAlchemyError:
        return False
    finally:
        engine.dispose()


def _run_as() -> list[str]:
    """initdb and postgres refuse to run as root: then run them as the `postgres` (or `nobody`) user."""
    if os.geteuid() != 0:
        return []
    for user in ("postgres", "nobody"):
        try:
            pwd.getpwnam(user)
        except KeyError:
            continue
        return ["runuser", "-u", user, "--"]
    raise ServiceError("running as root and there is neither a 'postgres' nor a 'nobody' user to run PostgreSQL as")


class ThrowawayPostgres:
    """A PostgreSQL cluster of our own in a temporary folder, on a free loopback port."""

    def __init__(self) -> None:
        ensure_package("postgresql", lambda: postgres_bin_dir() is not None, variable="VT_TEST_POSTGRES_URL")
        bin_dir = postgres_bin_dir()
        assert bin_dir is not None
        self.bin_dir = bin_dir
        self.run_as = _run_as()
        self.directory = Path(tempfile.mkdtemp(prefix="vt-test-postgres-"))
        if self.run_as:
            user = self.run_as[2]
            shutil.chown(self.directory, user=user)
        self.data = self.directory / "data"
        self.port = 0
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")

    def _run(self, program: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.run_as, str(self.bin_dir / program), *args],
            capture_output=True,
            text=True,
            check=False,
            cwd=self.directory,
            timeout=START_TIMEOUT,
        )

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _start_on(self, port: int) -> ThrowawayPostgres:
        log = self.directory / "postgres.log"
        options = f"-p {port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        result = self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(log), "-w", "-t", str(START_TIMEOUT), "-o", options, "start"
        )
        if result.returncode != 0:
            text = log.read_text(errors="replace") if log.exists() else ""
            if "already in use" in text:
                raise PortTaken(errno.EADDRINUSE, f"port {port} was taken")
            raise ServiceError(f"the throwaway PostgreSQL did not start:\n{result.stdout}{result.stderr}{text[-2000:]}")
        self.port = port
        return self

    def start(self) -> ThrowawayPostgres:
        return on_free_port(self._start_on)

    def stop(self) -> None:
        """Stop the server now (the data folder stays until `remove`)."""
        if self.port:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def start_again(self) -> ThrowawayPostgres:
        """Start the stopped server on its former port (its data folder kept everything)."""
        return self._start_on(self.port)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


@contextmanager
def throwaway_postgres() -> Iterator[ThrowawayPostgres]:
    server = ThrowawayPostgres()
    try:
        yield server.start()
    finally:
        server.remove()


class Postgres:
    """The PostgreSQL server of this test session (see the module's docstring for which one)."""

    def __init__(self, admin_url: str, origin: str) -> None:
        self.admin_url = admin_url
        self.origin = origin  # "VT_TEST_POSTGRES_URL", "127.0.0.1:5432" or "throwaway"

    @contextmanager
    def fresh_database(self) -> Iterator[str]:
        """A new, empty, uniquely named database on this server, dropped afterwards."""
        name = f"vt_test_{uuid.uuid4().hex[:12]}"
        admin = sa.create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            yield sa.engine.make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def forced_throwaway() -> bool:
    return os.environ.get("VT_TEST_SERVICES", "").strip().lower() == "throwaway"


@contextmanager
def postgres_service() -> Iterator[Postgres]:
    explicit = os.environ.get("VT_TEST_POSTGRES_URL", "").strip()
    if explicit:
        if not _answers(explicit):
            raise ServiceError(f"VT_TEST_POSTGRES_URL={explicit} does not answer")
        yield Postgres(explicit, "VT_TEST_POSTGRES_URL")
        return
    if not forced_throwaway() and _answers(DEFAULT_POSTGRES_URL):
        yield Postgres(DEFAULT_POSTGRES_URL, "127.0.0.1:5432")
        return
    with throwaway_postgres() as server:
        yield Postgres(server.url, "throwaway")


# --- Redis ---------------------------------------------------------------------------------------


def _redis_ping(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=CONNECT_TIMEOUT).ping())
    except redis.RedisError:
        return False


class ThrowawayRedis:
    """A redis-server of our own: no persistence, its own temporary folder, a free loopback port."""

    def __init__(self) -> None:
        ensure_package("redis-server", lambda: shutil.which("redis-server") is not None, variable="VT_TEST_REDIS_URL")
        self.directory = Path(tempfile.mkdtemp(prefix="vt-test-redis-"))
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _start_on(self, port: int) -> ThrowawayRedis:
        log = self.directory / "redis.log"
        command = [
            str(shutil.which("redis-server")),
            *("--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"),
            *("--dir", str(self.directory), "--daemonize", "no"),
        ]
        with log.open("wb") as out:
            process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                text = log.read_text(errors="replace")
                if "already in use" in text:
                    raise PortTaken(errno.EADDRINUSE, f"port {port} was taken")
                raise ServiceError(f"the throwaway redis-server exited:\n{text[-2000:]}")
            if _redis_ping(f"redis://127.0.0.1:{port}/0"):
                self.process, self.port = process, port
                return self
            time.sleep(0.1)
        process.kill()
        process.wait()
        raise ServiceError(f"the throwaway redis-server did not answer within {START_TIMEOUT} s")

    def start(self) -> ThrowawayRedis:
        return on_free_port(self._start_on)

    def stop(self) -> None:
        """Stop the server now, saving its data to its folder (`SHUTDOWN SAVE`, as a production Redis with
        persistence would); `restart` starts it again on the same port and loads that data."""
        import redis

        if self.process is not None and self.process.poll() is None:
            try:
                redis.Redis.from_url(self.url).shutdown(save=True)
            except redis.ConnectionError:
                pass  # the shutdown closes the connection before it answers
            self.process.wait(timeout=START_TIMEOUT)

    def restart(self) -> ThrowawayRedis:
        return self._start_on(self.port)

    def remove(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)


@contextmanager
def redis_service() -> Iterator[str]:
    """The Redis URL of this test session: VT_TEST_REDIS_URL, else a throwaway server."""
    explicit = os.environ.get("VT_TEST_REDIS_URL", "").strip()
    if explicit:
        if not _redis_ping(explicit):
            raise ServiceError(f"VT_TEST_REDIS_URL={explicit} does not answer")
        yield explicit
        return
    server = ThrowawayRedis()
    try:
        yield server.start().url
    finally:
        server.remove()
