"""A sampling profiler for the app's backend processes, put in by `make bench` alone (no app change).

The bench starts the app with this folder on PYTHONPATH and BENCH_SAMPLE_DIR set; Python imports
`sitecustomize` at start in every process (the `reflex run` supervisor and, through `fork`, each
Granian worker). While the file `$BENCH_SAMPLE_DIR/on` exists, a daemon thread takes every thread's
stack 50 times a second (`sys._current_frames`, the sampler's own thread left out) and counts them
as collapsed stacks (`outer;...;inner count`) under the label written in that file; every two seconds
it writes `$BENCH_SAMPLE_DIR/<label>-<pid>.txt`. Idle threads waiting in selectors and locks are kept:
the reader (bench/profile.py) drops them. py-spy cannot read process memory in this sandbox."""

import os
import sys
import threading
import time
from collections import Counter

_DIR = os.environ.get("BENCH_SAMPLE_DIR", "")
_INTERVAL = 0.02
_FLUSH = 2.0


def _stack(frame) -> str:  # type: ignore[no-untyped-def]
    names = []
    while frame is not None:
        code = frame.f_code
        names.append(f"{code.co_name} ({code.co_filename})")
        frame = frame.f_back
    return ";".join(reversed(names))


def _run() -> None:
    counts: dict[str, Counter[str]] = {}
    me = threading.get_ident()
    flag = os.path.join(_DIR, "on")
    last_flush = time.monotonic()
    while True:
        time.sleep(_INTERVAL)
        try:
            with open(flag) as handle:
                label = handle.read().strip() or "run"
        except OSError:
            label = ""
        if label:
            bucket = counts.setdefault(label, Counter())
            for ident, frame in sys._current_frames().items():
                if ident != me:
                    bucket[_stack(frame)] += 1
        if counts and time.monotonic() - last_flush > _FLUSH:
            last_flush = time.monotonic()
            for name, bucket in counts.items():
                path = os.path.join(_DIR, f"{name}-{os.getpid()}.txt")
                with open(path + ".tmp", "w") as out:
                    out.writelines(f"{stack} {n}\n" for stack, n in bucket.items())
                os.replace(path + ".tmp", path)


def _start() -> None:
    threading.Thread(target=_run, name="bench-sampler", daemon=True).start()


if _DIR:
    _start()
    os.register_at_fork(after_in_child=_start)
