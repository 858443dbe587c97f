"""`make bench` / `make bench-quick`: every figure of issues 12 and 15 with its baseline, in one command.

    .venv/bin/python -m bench.runner            # the full bench (≤ 20 minutes): BENCHMARKS.md, bench-results/
    .venv/bin/python -m bench.runner --quick    # each measurement once, smallest size (inside `make test`)

Order: the blank baseline app and the product (SQLite, one worker) side by side for figure 1, then the
product alone for figures 6, 2, 3, 7, 5 and 4 (the capacity last: it fills the database), then the
product on PostgreSQL + Redis with two workers for figure 3 again. `--quick` writes into
var/bench-quick/ and fails only when a measurement produced no number (never on a time)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, expect, sync_playwright

from bench import call_admission, capacity, device_check, link_open, phone, profile, report, wizard_step
from bench.common import BaselineServer, Settings, app_server, launch, seed_link
from tests.services import postgres_service, redis_service
from tests.support import ROOT


def machine() -> dict[str, Any]:
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kib = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kib = int(line.split()[1])
    load = os.getloadavg()
    return {"cores": os.cpu_count(), "ram_gib": round(mem_kib / 2**20, 1), "cpu": model, "load_at_start": load}


def versions(browser: Browser) -> dict[str, str]:
    from importlib.metadata import version

    node = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "node"), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "python": sys.version.split()[0],
        "reflex": version("reflex"),
        "chromium": browser.version,
        "node": node,
        "playwright": version("playwright"),
    }


def commit() -> str:
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "videotermin_app"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return head.strip() + (" (with uncommitted changes in videotermin_app/)" if dirty.stdout.strip() else "")


def timed(results: dict[str, Any], key: str, work: Callable[[], Any]) -> None:
    """Run one figure; a figure that fails is recorded with its error and the bench goes on (the
    partial results are written after every figure)."""
    started = time.monotonic()
    print(f"- {key} ...", flush=True)
    try:
        results[key] = work()
    except Exception as exc:  # noqa: BLE001 (any failure of one figure is recorded, the others still run)
        results[key] = {"error": f"{type(exc).__name__}: {str(exc)[:600]}"}
        traceback.print_exc()
    results.setdefault("durations_s", {})[key] = round(time.monotonic() - started, 1)
    print(f"  {key} done in {results['durations_s'][key]} s", flush=True)
    out = results.get("_out")
    if out:
        Path(out, "results.partial.json").write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))


def run(settings: Settings) -> dict[str, Any]:
    started = time.monotonic()
    results: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit(),
        "machine": machine(),
        "quick": settings.quick,
        "rounds": settings.rounds,
        "_out": str(settings.out),
    }
    expect.set_options(timeout=60_000)  # page objects of the journeys wait 5 s; the loaded app may need more
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p, ExitStack() as stack:
        browser = launch(p)
        results["versions"] = versions(browser)
        baseline = BaselineServer().start()  # one build after the other: two at once time out on 2 loaded cores
        stack.callback(baseline.stop)
        samples = Path(tmp) / "samples"
        server = app_server(Path(tmp) / "sqlite", profile.sampling_env(samples))
        stack.callback(server.stop)
        link = f"/vkid/{seed_link(server, last_name='Link').tokens['client']}"
        timed(results, "link_open", lambda: link_open.run(browser, server.base_url, link, baseline.base_url, settings))
        baseline.stop()
        timed(results, "wizard_step", lambda: wizard_step.run(browser, server, settings.rounds))
        timed(results, "device_check", lambda: device_check.run_single(browser, server, settings))
        call_profile = profile.Recorder(samples, "call_admission", enabled=not settings.quick)
        timed(
            results,
            "call_admission",
            lambda: call_profile.around(lambda: call_admission.run_app(browser, server, settings.rounds, "Sqlite")),
        )
        timed(results, "call_direct", lambda: call_admission.run_direct(browser, settings.rounds))
        timed(results, "phone", lambda: phone.run(browser, server, link, settings))
        timed(results, "phone_device_check", lambda: device_check.run_single(browser, server, settings, cpu_slowdown=4))
        timed(results, "concurrent_checks", lambda: device_check.run_concurrent(browser, server, settings))
        capacity_profile = profile.Recorder(samples, "capacity", enabled=not settings.quick)
        timed(results, "capacity", lambda: capacity_profile.around(lambda: capacity.run(browser, server, settings)))
        results["profile"] = {"call_admission": call_profile.summary(), "capacity": capacity_profile.summary()}
        server.stop()
        timed(results, "call_admission_workers", lambda: _with_workers(browser, Path(tmp) / "pg", settings))
        browser.close()
    results["total_s"] = round(time.monotonic() - started, 1)
    results.pop("_out", None)
    return results


WORKERS = 2  # backend workers of the production setup (GRANIAN_WORKERS, read by Reflex 0.10.1)


def _with_workers(browser: Browser, workdir: Path, settings: Settings) -> dict[str, Any]:
    """Figure 3 again on PostgreSQL + Redis with two backend workers (tests/services.py starts them)."""
    with postgres_service() as postgres, redis_service() as redis_url, postgres.fresh_database() as database_url:
        env = {"REFLEX_REDIS_URL": redis_url, "VT_DATABASE_URL": database_url, "GRANIAN_WORKERS": str(WORKERS)}
        server = app_server(workdir, env)
        try:
            result = call_admission.run_app(browser, server, settings.rounds, "Redis")
            workers = len(server.workers_by_instance())
        finally:
            server.stop()
    return {**result, "workers": workers, "database": "postgresql", "redis": True}


NUMBERS = [
    ("link_open", "app", "clickable_ms", "median"),
    ("link_open", "baseline", "clickable_ms", "median"),
    ("link_open", "app", "bytes_js_css"),
    ("wizard_step", "round_trip_ms", "p95"),
    ("device_check", "echo_ms", "median"),
    ("device_check", "verdict_ms", "median"),
    ("call_admission", "both_ms", "median"),
    ("call_direct", "both_ms", "median"),
    ("call_admission_workers", "both_ms", "median"),
    ("phone", "Slow 4G", "first_visit_ms", "median"),
    ("phone", "Slow 4G", "fcp_ms", "median"),
    ("phone", "Slow 4G", "returning_visit_ms", "median"),
    ("phone", "Slow 4G", "admission", "phone_ms", "median"),
    ("phone_device_check", "verdict_ms", "median"),
    ("concurrent_checks", "steps", 0, "backend_cpu_s_per_check"),
    ("capacity", "steps", 0, "arrival_ms", "p95"),
    ("capacity", "steps", 0, "rss_per_person_kib"),
]


def missing_numbers(results: dict[str, Any]) -> list[str]:
    """The paths above that hold no number (bench-quick fails on them; no time is judged)."""
    missing = []
    for path in NUMBERS:
        value: Any = results
        for key in path:
            try:
                value = value[key]
            except (KeyError, IndexError, TypeError):
                value = None
                break
        if not isinstance(value, int | float) or isinstance(value, bool):
            missing.append("/".join(str(k) for k in path))
    return missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="every measurement once, smallest size")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="write BENCHMARKS.md again from OUT/results.json (after editing notes)",
    )
    args = parser.parse_args()
    out = args.out or (ROOT / "var" / "bench-quick" if args.quick else ROOT / "bench-results")
    settings = Settings.for_quick(out) if args.quick else Settings(out=out)
    out.mkdir(parents=True, exist_ok=True)
    if args.report_only:
        results = json.loads((out / "results.json").read_text())
    else:
        results = run(settings)
    (out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    for key, value in results.items():
        if isinstance(value, dict) and key not in ("machine", "versions", "durations_s"):
            (out / f"{key}.json").write_text(json.dumps(value, indent=2, ensure_ascii=False))
    report.plot_capacity(results, out / "capacity.png")
    markdown = report.markdown(results)
    (out / "BENCHMARKS.md").write_text(markdown)
    if not results.get("quick"):
        (ROOT / "BENCHMARKS.md").write_text(markdown)
    missing = missing_numbers(results)
    print(f"bench{' (quick)' if settings.quick else ''} done in {results['total_s']} s; results in {out}")
    if missing:
        sys.exit("no number for: " + ", ".join(missing))


if __name__ == "__main__":
    main()
