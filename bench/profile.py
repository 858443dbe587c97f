"""A sampling profile of the backend while a measurement runs, summarised as the functions that hold the time.

py-spy cannot read another process's memory in this sandbox, so the app is started with
bench/sampler/ on PYTHONPATH (its `sitecustomize` samples every thread of every backend process, see
there) and writes collapsed stacks (`frame;frame;... count`). The summary leaves out threads that wait
(a leaf in a selector, lock, queue or sleep) and counts, per function, the samples in which it is on the
stack (inclusive) and at the top (self): wall-clock time of busy threads, not CPU time alone."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from tests.support import ROOT

T = TypeVar("T")
RATE = 50  # samples per second (bench/sampler/sitecustomize.py)
FLUSH_S = 2.0
SAMPLER = ROOT / "bench" / "sampler"


def sampling_env(sample_dir: Path) -> dict[str, str]:
    """The app's extra environment that switches the sampler on (it samples only while a Recorder runs)."""
    sample_dir.mkdir(parents=True, exist_ok=True)
    return {"PYTHONPATH": str(SAMPLER), "BENCH_SAMPLE_DIR": str(sample_dir)}


IDLE_LEAVES = ("select (", "poll (", "wait (", "_worker (", "get (", "accept (", "_run (", "sleep (")


class Recorder:
    """Samples of the backend (bench/sampler/sitecustomize.py) while `around` runs, under `label`."""

    def __init__(self, sample_dir: Path, label: str, *, enabled: bool = True) -> None:
        self.sample_dir = sample_dir
        self.label = label
        self.enabled = enabled

    def around(self, work: Callable[[], T]) -> T:
        flag = self.sample_dir / "on"
        if self.enabled:
            flag.write_text(self.label)
        try:
            return work()
        finally:
            if self.enabled:
                flag.unlink(missing_ok=True)
                time.sleep(2 * FLUSH_S)  # every process writes its counts once more

    def summary(self, top: int = 15) -> dict[str, Any]:
        if not self.enabled:
            return {"taken": False}
        inclusive: Counter[str] = Counter()
        own: Counter[str] = Counter()
        total = idle = 0
        files = sorted(self.sample_dir.glob(f"{self.label}-*.txt"))
        for path in files:
            for line in path.read_text(errors="replace").splitlines():
                stack, _, count_text = line.rpartition(" ")
                if not stack or not count_text.isdigit():
                    continue
                count = int(count_text)
                frames = [_short(f) for f in stack.split(";")]
                if frames[-1].startswith(IDLE_LEAVES):
                    idle += count
                    continue
                total += count
                own[frames[-1]] += count
                for frame in set(frames):
                    inclusive[frame] += count
        if not total:
            return {"taken": False, "error": "the sampler wrote no busy samples"}
        mine = {k: v for k, v in inclusive.items() if "videotermin_app" in k or "reflex" in k}
        return {
            "taken": True,
            "samples": total,
            "idle_samples": idle,
            "processes": len(files),
            "rate_hz": RATE,
            "self_top": [(k, round(100 * v / total, 1)) for k, v in own.most_common(top)],
            "app_and_reflex_inclusive_top": [(k, round(100 * v / total, 1)) for k, v in Counter(mine).most_common(top)],
        }


def _short(frame: str) -> str:
    """`function (path/to/file.py:12)` → `function (package/file.py)` (line numbers dropped)."""
    name, _, where = frame.partition(" (")
    where = where.rstrip(")").rsplit(":", 1)[0]
    for marker in ("site-packages/", f"{ROOT}/"):
        if marker in where:
            where = where.split(marker, 1)[1]
    return f"{name} ({where})" if where else name
