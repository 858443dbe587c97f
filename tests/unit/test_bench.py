"""The bench's own arithmetic (bench/): statistics, the capacity crossing, the no-number check.

No timing is judged here or anywhere in the tests; `make bench-quick` runs the measurements themselves."""

from __future__ import annotations

from typing import Any

from bench.capacity import crossing
from bench.common import ratio, summary
from bench.report import goals
from bench.runner import missing_numbers


def test_summary_gives_median_and_nearest_rank_p95() -> None:
    values = [float(v) for v in range(1, 21)]  # 1 .. 20
    s = summary(values)
    assert (s["n"], s["median"], s["p95"], s["min"], s["max"]) == (20, 10.5, 19.0, 1.0, 20.0)
    assert summary([7.0])["p95"] == 7.0
    assert summary([])["median"] is None


def test_ratio_needs_a_baseline() -> None:
    assert ratio(300.0, 200.0) == 1.5
    assert ratio(300.0, 0.0) is None and ratio(None, 1.0) is None


def _step(waiting: int, p95: float) -> dict[str, Any]:
    return {"waiting": waiting, "arrival_ms": {"p95": p95}}


def test_capacity_crossing_is_interpolated_between_sizes() -> None:
    assert crossing([_step(100, 100), _step(500, 200), _step(1000, 400)]) == "about 750 waiting (between 500 and 1000)"
    assert crossing([_step(100, 350)]) == "at or below 100 waiting"
    assert crossing([_step(100, 100), _step(1000, 250)]) == "not reached up to 1000 waiting"


def test_a_measurement_without_a_number_is_named() -> None:
    missing = missing_numbers({"link_open": {"app": {"clickable_ms": {"median": 12.0}}}})
    assert "link_open/app/clickable_ms/median" not in missing
    assert "link_open/baseline/clickable_ms/median" in missing
    assert "capacity/steps/0/arrival_ms/p95" in missing


def test_goals_are_marked_met_or_not() -> None:
    rows = {row[0]: row[3] for row in goals({"wizard_step": {"round_trip_ms": {"p95": 40.0}}})}
    assert rows["6 wizard step event round trip (p95)"] == "**met**"
    rows = {row[0]: row[3] for row in goals({"wizard_step": {"round_trip_ms": {"p95": 60.0}}})}
    assert rows["6 wizard step event round trip (p95)"] == "**not met**"
    assert rows["2 Geräte überprüfen → verdict (median)"] == "not measured"
