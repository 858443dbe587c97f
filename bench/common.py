"""What every measurement of `make bench` shares: statistics, the browser, in-page probes, the apps.

Every figure is timed inside the browser (`performance.now()` / `Date.now()` of pages of one Chromium,
which share a clock), so Playwright's own round trips are not part of it."""

from __future__ import annotations

import math
import os
import signal
import statistics
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, CDPSession, Page, Playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.journeys.conftest import CHROMIUM_ARGS, chromium_executable
from tests.journeys.seed import Seeded, book, unique_advisor
from tests.journeys.server import AppServer
from tests.support import ROOT, free_port

PHONE_VIEWPORT = {"width": 390, "height": 844}
DESKTOP_VIEWPORT = {"width": 1366, "height": 768}


@dataclass
class Settings:
    """How much to measure: `quick` runs every measurement once at its smallest size."""

    quick: bool = False
    rounds: int = 10
    capacity_sizes: tuple[int, ...] = (100, 500, 1000)
    out: Path = ROOT / "bench-results"

    @classmethod
    def for_quick(cls, out: Path) -> Settings:
        return cls(quick=True, rounds=1, capacity_sizes=(10,), out=out)


def summary(values: list[float]) -> dict[str, Any]:
    """Median, p95 (nearest rank), min, max and the runs themselves."""
    if not values:
        return {"n": 0, "median": None, "p95": None, "min": None, "max": None, "runs": []}
    ordered = sorted(values)
    rank = max(1, math.ceil(0.95 * len(ordered)))
    return {
        "n": len(ordered),
        "median": round(statistics.median(ordered), 1),
        "p95": round(ordered[rank - 1], 1),
        "min": round(ordered[0], 1),
        "max": round(ordered[-1], 1),
        "runs": [round(v, 1) for v in values],
    }


def ratio(value: float | None, baseline: float | None) -> float | None:
    if value is None or not baseline:
        return None
    return round(value / baseline, 2)


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)


def new_context(browser: Browser, base_url: str, *, phone: bool = False) -> BrowserContext:
    kwargs: dict[str, Any] = {"base_url": base_url, "locale": "de-DE", "timezone_id": "Europe/Berlin"}
    if phone:
        kwargs.update(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    else:
        kwargs.update(viewport=DESKTOP_VIEWPORT)
    context = browser.new_context(**kwargs)
    context.grant_permissions(["camera", "microphone"], origin=base_url)
    context.set_default_timeout(60_000)
    return context


# ---------------------------------------------------------------------------------------------------
# in-page probes (init scripts: they run before any of the page's own scripts)

# When the button named `window.__vtTarget` (default "Ich stimme zu") is visible and enabled AND Reflex's
# websocket has joined its namespace (socket.io packet "40": from then on a click reaches the server):
# that moment, in ms since the navigation started, is "clickable".
CLICKABLE_PROBE = """(() => {
  const probe = window.__vtProbe = { wsJoined: null, buttonAt: null, clickable: null };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (probe.wsJoined === null && typeof e.data === 'string' && e.data.startsWith('40')) {
          probe.wsJoined = performance.now(); check();
        }
      });
    }
  };
  const check = () => {
    if (probe.clickable !== null) return;
    if (probe.buttonAt === null) {
      const b = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Ich stimme zu');
      if (b && !b.disabled && b.getClientRects().length > 0) probe.buttonAt = performance.now();
    }
    if (probe.buttonAt !== null && probe.wsJoined !== null) probe.clickable = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
})();"""

PAINT_WAIT_MS = 15_000
CLICKABLE_DONE = "() => window.__vtProbe && window.__vtProbe.clickable !== null"
PAINT = (
    """() => { const e = performance.getEntriesByName('first-contentful-paint')[0]; return e ? e.startTime : null; }"""
)


@dataclass
class Transfer:
    """Bytes on the wire (encoded: compressed, headers included) per resource type, from CDP's Network domain."""

    types: dict[str, str] = field(default_factory=dict)
    by_type: dict[str, int] = field(default_factory=dict)
    requests: int = 0

    def watch(self, cdp: CDPSession) -> None:
        cdp.send("Network.enable")
        cdp.on("Network.responseReceived", lambda e: self.types.__setitem__(e["requestId"], e.get("type", "Other")))
        cdp.on("Network.loadingFinished", self._finished)

    def _finished(self, event: dict[str, Any]) -> None:
        kind = self.types.get(event["requestId"], "Other")
        self.by_type[kind] = self.by_type.get(kind, 0) + int(event.get("encodedDataLength", 0))
        self.requests += 1

    @property
    def total(self) -> int:
        return sum(self.by_type.values())

    @property
    def js_css(self) -> int:
        return self.by_type.get("Script", 0) + self.by_type.get("Stylesheet", 0)


def time_to_clickable(page: Page, url: str, timeout: float = 60_000) -> dict[str, float | None]:
    """Open `url` in a page that has CLICKABLE_PROBE; ms from navigation start to clickable, and FCP.

    The paint entry is written when the frame is presented, which can come after the button is in the
    DOM (with the CPU slowed, hundreds of ms later): it is waited for, and None only when none came."""
    page.goto(url, wait_until="commit")
    page.wait_for_function(CLICKABLE_DONE, timeout=timeout)
    probe = page.evaluate("() => window.__vtProbe")
    try:
        page.wait_for_function(f"() => ({PAINT})() !== null", timeout=PAINT_WAIT_MS)
    except PlaywrightTimeoutError:
        pass
    return {"clickable_ms": probe["clickable"], "button_ms": probe["buttonAt"], "fcp_ms": page.evaluate(PAINT)}


# ---------------------------------------------------------------------------------------------------
# the apps


START_ATTEMPTS = 3  # on a loaded machine the production build's prerender can time out: build again


def app_server(workdir: Path, extra_env: dict[str, str] | None = None) -> AppServer:
    for attempt in range(1, START_ATTEMPTS + 1):
        try:
            return AppServer(workdir=workdir, extra_env=extra_env or {}).start()
        except RuntimeError as exc:
            if attempt == START_ATTEMPTS:
                raise
            print(f"  the app did not start (attempt {attempt}): {str(exc).splitlines()[-1][:200]}", flush=True)
    raise AssertionError("unreachable")


def seed_link(server: AppServer, *, last_name: str, starts_in: timedelta = timedelta(minutes=1)) -> Seeded:
    """A fresh appointment with its own advisor, room open (starts in a minute)."""
    return book(server, advisor_email=unique_advisor(), starts_in=starts_in, first_name="Bench", last_name=last_name)


@dataclass
class BaselineServer:
    """The blank Reflex app of bench/baseline_app, built and served exactly like the product
    (`reflex run --env prod --single-port`), from a folder under var/ (kept: its node_modules)."""

    workdir: Path = ROOT / "var" / "bench-baseline"
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 900) -> BaselineServer:
        source = ROOT / "bench" / "baseline_app"
        target = self.workdir
        (target / "baseline_app").mkdir(parents=True, exist_ok=True)
        for relative in ("rxconfig.py", "baseline_app/__init__.py", "baseline_app/baseline_app.py"):
            (target / relative).write_text((source / relative).read_text())
        venv_bin = ROOT / ".venv" / "bin"
        env = {
            **os.environ,
            "PATH": f"{venv_bin}:{os.environ.get('PATH', '')}",
            "REFLEX_USE_NPM": "1",
            "PYTHONPATH": str(target),
        }
        log = (target / "app.log").open("wb")
        self.process = subprocess.Popen(
            [str(venv_bin / "reflex"), "run", "--env", "prod", "--single-port", "--frontend-port", str(self.port)],
            cwd=target,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the baseline app exited: {self.tail()}")
            try:
                with (
                    urllib.request.urlopen(f"{self.base_url}/ping", timeout=2) as r1,
                    urllib.request.urlopen(f"{self.base_url}/", timeout=2) as r2,
                ):
                    if r1.status == 200 and r2.status == 200:
                        return self
            except OSError:
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"the baseline app did not answer within {timeout} s: {self.tail()}")

    def tail(self) -> str:
        try:
            return "\n".join((self.workdir / "app.log").read_text(errors="replace").splitlines()[-30:])
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


def tree_pids(root_pid: int) -> list[int]:
    """`root_pid` and every process below it."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    found, frontier = [root_pid], {root_pid}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier}
        found += sorted(frontier)
    return found


def backend_pids(server: AppServer) -> list[int]:
    """The app's Python processes (reflex run and its granian workers; the node build is gone in prod)."""
    assert server.process is not None
    pids = []
    for pid in tree_pids(server.process.pid):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"python" in cmd or b"reflex" in cmd or b"granian" in cmd:
            pids.append(pid)
    return pids


def rss_bytes(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        except (OSError, IndexError, ValueError):
            continue
    return total
