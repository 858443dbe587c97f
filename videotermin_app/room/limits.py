"""Rate limits of one browser tab in the call (signals, chat): a token bucket kept in the tab's state.

Plain Python. The bucket is two numbers so it fits in Reflex state; the clock is the wall clock
(`time.time()`), because the state may move between backend processes whose monotonic clocks differ.
"""

from __future__ import annotations

from dataclasses import dataclass

SIGNALS_PER_SECOND = 50.0  # offer/answer/candidates one tab may send, steady rate
SIGNAL_BURST = 100  # ... and at once (a mesh of four gathers its candidates in a short burst)
CHAT_PER_SECOND = 0.5  # chat messages of one tab, steady rate: 5 per 10 seconds
CHAT_BURST = 5


@dataclass(frozen=True)
class Bucket:
    tokens: float
    at: float  # when `tokens` was counted; 0 = never (a full bucket)


def full(burst: int) -> Bucket:
    return Bucket(tokens=float(burst), at=0.0)


def take(bucket: Bucket, *, now: float, rate: float, burst: int) -> tuple[bool, Bucket]:
    """One action now: (allowed, the bucket afterwards). A clock that went backwards refills the bucket."""
    elapsed = now - bucket.at
    if bucket.at <= 0 or elapsed < 0:
        tokens = float(burst)
    else:
        tokens = min(float(burst), bucket.tokens + elapsed * rate)
    if tokens < 1.0:
        return False, Bucket(tokens=tokens, at=now)
    return True, Bucket(tokens=tokens - 1.0, at=now)
