"""BENCHMARKS.md and the capacity plot from one run's results (bench/runner.py).

The hand-written analysis lives in bench/notes.md and is copied in; the figures before issue 15's
changes are read from bench-results/before/results.json when it exists."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

BEFORE = ROOT / "bench-results" / "before" / "results.json"
NOTES = ROOT / "bench" / "notes.md"


def _get(data: Any, *path: Any) -> Any:
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def ms(value: Any) -> str:
    if value is None:
        return "–"
    return f"{value / 1000:.2f} s" if value >= 10_000 else f"{value:.0f} ms"


def kb(value: Any) -> str:
    return "–" if value is None else f"{value / 1024:.0f} KB"


def ratio(a: Any, b: Any) -> str:
    return "–" if a is None or not b else f"{a / b:.2f}"


def met(value: Any, goal: float, *, at_least: bool = False) -> str:
    if value is None:
        return "not measured"
    ok = value >= goal if at_least else value <= goal
    return "**met**" if ok else "**not met**"


def goals(r: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(figure, measured, goal, met) rows."""
    link_app, link_base = _get(r, "link_open", "app", "clickable_ms"), _get(r, "link_open", "baseline", "clickable_ms")
    both, direct = _get(r, "call_admission", "both_ms"), _get(r, "call_direct", "both_ms")
    workers = _get(r, "call_admission_workers", "both_ms")
    cap = _get(r, "capacity", "steps") or []
    largest = cap[-1] if cap else {}
    slow = _get(r, "phone", "Slow 4G") or {}
    link_ratio = (link_app or {}).get("median") / link_base["median"] if link_app and link_base else None
    call_ratio = both["median"] / direct["median"] if both and direct else None
    worker_ratio = workers["median"] / both["median"] if workers and both else None
    js_css = _get(r, "link_open", "app", "bytes_js_css")
    rows = [
        (
            "1 link → Ich stimme zu clickable (median)",
            ms(_get(link_app, "median")),
            "≤ 400 ms",
            met(_get(link_app, "median"), 400),
        ),
        (
            "1 … ratio to the blank Reflex app (median)",
            ratio(_get(link_app, "median"), _get(link_base, "median")),
            "≤ 1.3",
            met(link_ratio, 1.3),
        ),
        ("1 compressed JS + CSS of the link page", kb(js_css), "≤ 400 KB (issue 12)", met(js_css, 400 * 1024)),
        ("1 … the same, what steps 1–2 load", kb(js_css), "≤ 150 KB (issue 15)", met(js_css, 150 * 1024)),
        (
            "2 Geräte überprüfen → first echoed frame (median)",
            ms(_get(r, "device_check", "echo_ms", "median")),
            "≤ 300 ms",
            met(_get(r, "device_check", "echo_ms", "median"), 300),
        ),
        (
            "2 Geräte überprüfen → verdict (median)",
            ms(_get(r, "device_check", "verdict_ms", "median")),
            "≤ 4 s",
            met(_get(r, "device_check", "verdict_ms", "median"), 4000),
        ),
        (
            "3 Hereinholen → video both sides (median)",
            ms(_get(both, "median")),
            "≤ 150 ms",
            met(_get(both, "median"), 150),
        ),
        ("3 … p95", ms(_get(both, "p95")), "≤ 300 ms", met(_get(both, "p95"), 300)),
        (
            "3 … ratio to two directly connected pages (median)",
            ratio(_get(both, "median"), _get(direct, "median")),
            "≤ 1.2",
            met(call_ratio, 1.2),
        ),
        (
            "3 … PostgreSQL + Redis, 2 workers, ratio to 1 worker (median)",
            ratio(_get(workers, "median"), _get(both, "median")),
            "≤ 1.2",
            met(worker_ratio, 1.2),
        ),
        (
            f"4 new arrival on the advisor's list, p95 at {largest.get('waiting', '–')} waiting",
            ms(_get(largest, "arrival_ms", "p95")),
            "≤ 300 ms at 1,000",
            met(_get(largest, "arrival_ms", "p95"), 300)
            if largest.get("waiting", 0) >= 1000
            else "not measured at 1,000",
        ),
        (
            "5 concurrent device checks all green",
            str(_get(r, "concurrent_checks", "max_all_green")),
            "≥ 8",
            met(_get(r, "concurrent_checks", "max_all_green"), 8, at_least=True),
        ),
        (
            "6 wizard step event round trip (p95)",
            ms(_get(r, "wizard_step", "round_trip_ms", "p95")),
            "≤ 50 ms",
            met(_get(r, "wizard_step", "round_trip_ms", "p95"), 50),
        ),
        (
            "7 Slow 4G + 4× CPU: first visit → clickable (median)",
            ms(_get(slow, "first_visit_ms", "median")),
            "≤ 2.5 s",
            met(_get(slow, "first_visit_ms", "median"), 2500),
        ),
        (
            "7 Slow 4G + 4× CPU: first contentful paint (median)",
            ms(_get(slow, "fcp_ms", "median")),
            "≤ 1.5 s",
            met(_get(slow, "fcp_ms", "median"), 1500),
        ),
        (
            "7 Slow 4G + 4× CPU: returning visit (median)",
            ms(_get(slow, "returning_visit_ms", "median")),
            "≤ 1.2 s",
            met(_get(slow, "returning_visit_ms", "median"), 1200),
        ),
        (
            "7 device check verdict, 4× CPU (median)",
            ms(_get(r, "phone_device_check", "verdict_ms", "median")),
            "≤ 6 s",
            met(_get(r, "phone_device_check", "verdict_ms", "median"), 6000),
        ),
    ]
    return rows


def _stat_row(label: str, s: Any, base: Any = None) -> str:
    s = s or {}
    cells = [label, ms(s.get("median")), ms(s.get("p95")), ms(s.get("min")), ms(s.get("max")), str(s.get("n", 0))]
    if base is not None:
        cells += [ratio(s.get("median"), (base or {}).get("median")), ratio(s.get("p95"), (base or {}).get("p95"))]
    return "| " + " | ".join(cells) + " |"


STAT_HEAD = "| | median | p95 | min | max | runs |\n| --- | --- | --- | --- | --- | --- |"
STAT_HEAD_RATIO = "| | median | p95 | min | max | runs | ratio median | ratio p95 |\n| --- | --- | --- | --- | --- | --- | --- | --- |"


def phone_table(r: dict[str, Any], before: dict[str, Any] | None) -> list[str]:
    lines = [
        "| profile | figure | median | p95 | runs | before: median | before: p95 |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    rows = [
        ("first visit → Ich stimme zu clickable", ("first_visit_ms",)),
        ("first contentful paint", ("fcp_ms",)),
        ("returning visit (warm cache) → clickable", ("returning_visit_ms",)),
        ("Hereinholen → remote video on the phone", ("admission", "phone_ms")),
    ]
    for profile in ("Slow 4G", "Fast 3G"):
        for label, path in rows:
            now = _get(r, "phone", profile, *path) or {}
            then = _get(before, "phone", profile, *path) or {} if before else {}
            lines.append(
                f"| {profile} | {label} | {ms(now.get('median'))} | {ms(now.get('p95'))} | {now.get('n', 0)} | "
                f"{ms(then.get('median'))} | {ms(then.get('p95'))} |"
            )
    check, check_before = (
        _get(r, "phone_device_check", "verdict_ms") or {},
        _get(before, "phone_device_check", "verdict_ms") or {},
    )
    lines.append(
        f"| 4× CPU, loopback | device check → verdict | {ms(check.get('median'))} | {ms(check.get('p95'))} | "
        f"{check.get('n', 0)} | {ms(check_before.get('median'))} | {ms(check_before.get('p95'))} |"
    )
    return lines


PROFILED = {
    "call_admission": "figure 3 ran (Hereinholen, SQLite, one worker: sign-in, waiting, admission, end)",
    "capacity": "figure 4 ran (filling the waiting area and the arrivals at every size)",
}


def profile_lines(p: dict[str, Any] | None, what: str) -> list[str]:
    if not p or not p.get("taken"):
        return [f"No profile of {what} in this run ({(p or {}).get('error', 'bench-quick takes none')})."]
    lines = [
        (
            f"{p['samples']} busy-thread samples ({p['idle_samples']} idle ones left out) at {p['rate_hz']} Hz "
            f"of {p['processes']} backend processes while {PROFILED.get(what, what)}. Share of busy samples:"
        ),
        "",
        "| on top of the stack (self) | % |",
        "| --- | --- |",
    ]
    lines += [f"| `{name}` | {share} |" for name, share in p["self_top"][:12]]
    lines += ["", "| the app's and Reflex's functions on the stack (inclusive) | % |", "| --- | --- |"]
    lines += [f"| `{name}` | {share} |" for name, share in p["app_and_reflex_inclusive_top"][:15]]
    return lines


def markdown(r: dict[str, Any]) -> str:
    before = json.loads(BEFORE.read_text()) if BEFORE.exists() else None
    m, v = r.get("machine", {}), r.get("versions", {})
    out: list[str] = [
        "# Benchmarks",
        "",
        (
            f"Written by `make bench{' -quick' if r.get('quick') else ''}` (`bench/runner.py`) on {r.get('date')}, "
            f"commit {r.get('commit')}, in {r.get('total_s', 0) / 60:.1f} minutes."
        ),
        "",
        (
            f"- **Machine:** {m.get('cores')} cores ({m.get('cpu')}), {m.get('ram_gib')} GiB RAM, load average at "
            f"the start {', '.join(f'{x:.1f}' for x in m.get('load_at_start', []))}. The machine is shared with other "
            "work (other sessions' builds and tests run at the same time), so every figure is noisy; compare "
            "ratios measured in the same run rather than single times across runs."
        ),
        (
            f"- **Versions:** Python {v.get('python')}, Reflex {v.get('reflex')}, Chromium {v.get('chromium')}, "
            f"Node {v.get('node')}, Playwright {v.get('playwright')}."
        ),
        (
            f"- **Runs:** each figure as median and p95 (nearest rank) of {r.get('rounds')} runs unless said "
            "otherwise; the capacity figure 10 arrivals per size. The app runs as in production "
            "(`reflex run --env prod --single-port`, tests/journeys/server.py) on loopback; SQLite and one "
            "backend worker unless said otherwise."
        ),
    ]
    if before is not None and before.get("commit") != r.get("commit"):
        out.append(
            f"- **Before:** `bench-results/before/` holds the run of {before.get('date')} on commit {before.get('commit')}."
        )
    failed = [k for k, v in r.items() if isinstance(v, dict) and "error" in v]
    if failed:
        out += ["", "**Failed in this run:** " + "; ".join(f"{k}: `{r[k]['error'][:300]}`" for k in failed)]
    out += ["", "## Goals", "", "| figure | measured | goal | |", "| --- | --- | --- | --- |"]
    out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in goals(r)]

    lo = r.get("link_open") or {}
    out += [
        "",
        "## 1. Personal link → **Ich stimme zu** clickable",
        "",
        (
            "Fresh browser context per run (cold cache), phone viewport, loopback. Clickable = the button is "
            "visible and enabled **and** Reflex's websocket has joined (socket.io `40` packet), in ms since the "
            "navigation started, read inside the page. Baseline: a blank Reflex app of the same version "
            "(`bench/baseline_app/`: a heading, a line, the button with one server event) built and served the "
            "same way."
        ),
        "",
        STAT_HEAD_RATIO,
        _stat_row("Mein Videotermin", _get(lo, "app", "clickable_ms"), _get(lo, "baseline", "clickable_ms")),
        _stat_row("blank Reflex app", _get(lo, "baseline", "clickable_ms"), _get(lo, "baseline", "clickable_ms")),
        "",
        "| bytes on the wire (compressed, headers included) | JS + CSS | everything | requests |",
        "| --- | --- | --- | --- |",
        f"| Mein Videotermin | {kb(_get(lo, 'app', 'bytes_js_css'))} | {kb(_get(lo, 'app', 'bytes_total'))} | {_get(lo, 'app', 'requests')} |",
        f"| blank Reflex app | {kb(_get(lo, 'baseline', 'bytes_js_css'))} | {kb(_get(lo, 'baseline', 'bytes_total'))} | {_get(lo, 'baseline', 'requests')} |",
        (
            f"| ratio | {ratio(_get(lo, 'app', 'bytes_js_css'), _get(lo, 'baseline', 'bytes_js_css'))} | "
            f"{ratio(_get(lo, 'app', 'bytes_total'), _get(lo, 'baseline', 'bytes_total'))} | |"
        ),
    ]
    dc = r.get("device_check") or {}
    out += [
        "",
        "## 2. **Geräte überprüfen** → first echoed frame, → verdict",
        "",
        (
            "Phone viewport, fake camera and microphone, a fresh link per run (consent seeded). First echoed "
            "frame: the `playing` event of `video#echo-video` (the page does not announce it otherwise); verdict: "
            "`#device-check-result` shown. No baseline exists for the app's own check."
        ),
        "",
        STAT_HEAD,
        _stat_row("→ first echoed frame", dc.get("echo_ms")),
        _stat_row("→ verdict", dc.get("verdict_ms")),
        "",
        f"Lights: {', '.join(dc.get('levels') or [])}.",
    ]
    ca, cd, cw = r.get("call_admission") or {}, r.get("call_direct") or {}, r.get("call_admission_workers") or {}
    out += [
        "",
        "## 3. **Hereinholen** → remote video playing on both sides",
        "",
        (
            "An advisor's desk and a waiting client (two contexts of one Chromium, so `Date.now()` is one clock); "
            "the click is made inside the page; each side records the `playing` event of its first remote video. "
            "Baseline: two pages of the same browser with the same fake media and no app, an RTCPeerConnection "
            "pair signalled over a BroadcastChannel (offer, answer, trickled candidates), timed from the "
            "caller's `createOffer` call. Ratios: to the baseline's “both” row; for two workers to one worker."
        ),
        "",
        STAT_HEAD_RATIO,
        _stat_row("app, SQLite, 1 worker: advisor", ca.get("advisor_ms"), cd.get("caller_ms")),
        _stat_row("app, SQLite, 1 worker: client", ca.get("client_ms"), cd.get("callee_ms")),
        _stat_row("app, SQLite, 1 worker: both", ca.get("both_ms"), cd.get("both_ms")),
        _stat_row("direct pair, no app: both", cd.get("both_ms"), cd.get("both_ms")),
        _stat_row(
            f"app, PostgreSQL + Redis, {cw.get('workers', '?')} workers: both (ratio to 1 worker)",
            cw.get("both_ms"),
            ca.get("both_ms"),
        ),
    ]
    cap = r.get("capacity") or {}
    out += [
        "",
        "## 4. Waiting-area capacity",
        "",
        (
            "Simulated people: websockets speaking Reflex's protocol (no browsers), each on its own valid link "
            "with consent and a green check seeded, in the waiting state, sending the browser's heartbeat every "
            "20 s. Sizes are cumulative. At each size 10 new people arrive one after the other, each for an "
            "advisor whose desk is open in Chromium; the figure is the time from the arrival's `enter_room` to "
            "its card in the desk's list. Memory: RSS of the backend process tree, less the RSS before anyone "
            "waited, per waiting person. SQLite and one worker (the default `make run` setup)."
        ),
        "",
        "| waiting | arrival median | arrival p95 | backend RSS | per waiting person | time to fill |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for step in cap.get("steps", []):
        out.append(
            f"| {step['waiting']} | {ms(step['arrival_ms']['median'])} | {ms(step['arrival_ms']['p95'])} | "
            f"{step['rss_mib']} MiB | {step['rss_per_person_kib']} KiB | {step['fill_s']} s |"
        )
        if step.get("failed"):
            out.append(f"| | an arrival failed at this size: {step['failed']} | | | | |")
    out += [
        "",
        (
            f"Backend RSS before anyone waited: {cap.get('rss_empty_mib')} MiB. p95 passes 300 ms: "
            f"**{cap.get('p95_passes_300_at', 'not measured')}**."
        ),
        "",
        "![capacity vs p95](bench-results/capacity.png)",
    ]
    cc = r.get("concurrent_checks") or {}
    out += [
        "",
        "## 5. Concurrent device checks",
        "",
        (
            "N phones (contexts of one Chromium, each with its own link at step 3) press **Geräte überprüfen** "
            "together; N grows until one light is not green. CPU per check: user + system time of the backend "
            "process tree, and of the browser (with the Playwright driver), during the round, divided by N. "
            "The browsers run on the same 2 cores as the server, so the browser's share limits this figure "
            "here, not only the server's."
        ),
        "",
        "| together | lights | verdict median | verdict p95 | backend CPU per check | browser CPU per check | round |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for step in cc.get("steps", []):
        out.append(
            f"| {step['concurrent']} | {' '.join(step['levels'])} | {ms(step['verdict_ms']['median'])} | "
            f"{ms(step['verdict_ms']['p95'])} | {step['backend_cpu_s_per_check']} s | "
            f"{step['browser_cpu_s_per_check']} s | {step['wall_s']} s |"
        )
    out += ["", f"All green up to **{cc.get('max_all_green')}** at once (ladder tried up to {cc.get('ladder_end')})."]
    ws = r.get("wizard_step") or {}
    out += [
        "",
        "## 6. A wizard step's event round trip",
        "",
        (
            "**Ich stimme zu** clicked inside the page → **Kamera und Mikrofon freigeben** in the DOM "
            "(MutationObserver), a fresh link per run, loopback, no emulation."
        ),
        "",
        STAT_HEAD,
        _stat_row("click → updated page", ws.get("round_trip_ms")),
    ]
    out += [
        "",
        "## 7. A phone on mobile data (issue 15)",
        "",
        (
            "Chromium's emulation through CDP on the phone's page: `Network.emulateNetworkConditions` (Slow 4G: "
            "150 ms latency, 1.6 Mbit/s down, 750 kbit/s up; Fast 3G: 563 ms, 1.44 Mbit/s, 675 kbit/s) and "
            "`Emulation.setCPUThrottlingRate(4)`, 390×844, mobile and touch. First visit: fresh context; returning "
            "visit: a second page of the same context (warm HTTP cache). Hereinholen: the client's page emulated, "
            "the desk not; the media itself flows over loopback (the emulation slows HTTP and the websocket, not "
            "WebRTC's UDP). Device check: CPU 4× slower, no network emulation."
        ),
        "",
    ]
    out += phone_table(r, before if before is not None and before.get("commit") != r.get("commit") else None)
    out += ["", "## Profiles (backend, sampled)"]
    for what in PROFILED:
        out += ["", f"### {what}", "", *profile_lines(_get(r, "profile", what), what)]
    if NOTES.exists():
        out += ["", NOTES.read_text().strip()]
    durations = r.get("durations_s") or {}
    out += ["", "## Time per part of this run", "", "| part | seconds |", "| --- | --- |"]
    out += [f"| {k} | {v} |" for k, v in durations.items()]
    return "\n".join(out) + "\n"


def plot_capacity(r: dict[str, Any], path: Path) -> None:
    """Waiting people vs. arrival p95 (and median), the 300 ms goal as a line."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    steps = _get(r, "capacity", "steps") or []
    sizes = [s["waiting"] for s in steps]
    fig, ax = plt.subplots(figsize=(7, 4), dpi=110)
    ax.plot(sizes, [s["arrival_ms"]["p95"] for s in steps], marker="o", label="p95")
    ax.plot(sizes, [s["arrival_ms"]["median"] for s in steps], marker=".", linestyle="--", label="median")
    ax.axhline(300, color="red", linewidth=1, label="goal: p95 ≤ 300 ms")
    ax.set_xlabel("people waiting (simulated websockets)")
    ax.set_ylabel("new arrival → advisor's list (ms)")
    ax.set_title(f"Waiting-area capacity ({r.get('date', '')}, {r.get('commit', '')[:9]})")
    ax.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
