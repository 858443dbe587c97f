"""A throwaway nginx in front of the app, with the repository's configuration and a self-signed certificate.

The site configuration is `deploy/nginx/videotermin.conf` itself: only its example host, ports and
certificate paths are replaced (each replacement must match exactly, so a changed file fails here
loudly rather than being tested half). nginx runs as a child process with a prefix, pid file, logs
and temporary folders of its own, on free ports, and is stopped afterwards (by its pid).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support import ROOT, free_port

SITE_CONFIG = ROOT / "deploy" / "nginx" / "videotermin.conf"
START_TIMEOUT = 20.0
PUBLIC_HOST = "127.0.0.2"
"""Where the browser connects; its connection still comes from 127.0.0.1 (the loopback's source address)."""
PROXY_SOURCE = "127.0.0.3"
"""nginx connects to the app from here (`proxy_bind`), so the app's socket peer is never the browser's address."""


@dataclass(frozen=True)
class Nginx:
    port: int
    workdir: Path

    @property
    def base_url(self) -> str:
        return f"https://{PUBLIC_HOST}:{self.port}"

    @property
    def access_log(self) -> Path:
        return self.workdir / "access.log"

    def client_addresses(self, path_prefix: str) -> set[str]:
        """The remote addresses nginx saw for requests whose path starts with `path_prefix`."""
        found = set()
        for line in self.access_log.read_text(errors="replace").splitlines():
            address, _, path = line.partition(" ")
            if path.startswith(path_prefix):
                found.add(address)
        return found

    def error_log(self) -> str:
        try:
            return (self.workdir / "error.log").read_text(errors="replace")
        except OSError:
            return ""


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        raise RuntimeError("nginx is not installed: run scripts/ensure-turn-nginx.sh (make test does)")
    return found


def self_signed_certificate(workdir: Path) -> tuple[Path, Path]:
    cert, key = workdir / "cert.pem", workdir / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert),
            "-subj", f"/CN={PUBLIC_HOST}", "-addext", f"subjectAltName=IP:{PUBLIC_HOST}",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def _replace_once(text: str, old: str, new: str) -> str:
    count = text.count(old)
    if count != 1:
        raise AssertionError(f"{SITE_CONFIG.name}: expected {old!r} exactly once, found it {count} times")
    return text.replace(old, new)


def site_config(*, port: int, redirect_port: int, app_port: int, cert: Path, key: Path) -> str:
    """The repository's site configuration with this test's addresses, ports and certificate."""
    text = SITE_CONFIG.read_text()
    for old, new in [
        ("    listen [::]:80;\n", ""),
        ("    listen [::]:443 ssl;\n", ""),
        ("listen 80;", f"listen {PUBLIC_HOST}:{redirect_port};"),
        ("listen 443 ssl;", f"listen {PUBLIC_HOST}:{port} ssl;"),
        ("server 127.0.0.1:3000;", f"server 127.0.0.1:{app_port};"),
        ("/etc/letsencrypt/live/videotermin.example.org/fullchain.pem", str(cert)),
        ("/etc/letsencrypt/live/videotermin.example.org/privkey.pem", str(key)),
    ]:
        text = _replace_once(text, old, new)
    return f"proxy_bind {PROXY_SOURCE};\n{text}"


def main_config(workdir: Path) -> str:
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers write the temp folders below
    temp = "\n".join(
        f"    {name}_temp_path {workdir / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}daemon off;
worker_processes 1;
pid {workdir / "nginx.pid"};
error_log {workdir / "error.log"} info;
events {{ worker_connections 512; }}
http {{
    log_format journey '$remote_addr $request_uri $status';
    access_log {workdir / "access.log"} journey;
{temp}
    include {workdir / "videotermin.conf"};
}}
"""


def _answers(port: int) -> bool:
    try:
        with socket.create_connection((PUBLIC_HOST, port), timeout=0.5):
            return True
    except OSError:
        return False


@contextmanager
def running_nginx(workdir: Path, *, app_port: int) -> Iterator[Nginx]:
    workdir.mkdir(parents=True, exist_ok=True)
    nginx = Nginx(port=free_port(), workdir=workdir)
    cert, key = self_signed_certificate(workdir)
    (workdir / "videotermin.conf").write_text(
        site_config(port=nginx.port, redirect_port=free_port(), app_port=app_port, cert=cert, key=key)
    )
    (workdir / "nginx.conf").write_text(main_config(workdir))
    subprocess.run([nginx_binary(), "-t", "-p", str(workdir), "-c", str(workdir / "nginx.conf")], check=True)
    process = subprocess.Popen(
        [nginx_binary(), "-p", str(workdir), "-c", str(workdir / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=(workdir / "nginx.stderr").open("wb"),
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _answers(nginx.port):
            if process.poll() is not None:
                raise RuntimeError(f"nginx exited with {process.returncode}:\n{nginx.error_log()[-3000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not answer within {START_TIMEOUT} s:\n{nginx.error_log()[-3000:]}")
            time.sleep(0.1)
        yield nginx
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGQUIT)  # graceful: the master stops its workers
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
