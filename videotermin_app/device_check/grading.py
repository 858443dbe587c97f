"""Device check ("Testanruf"): what the measurements of a test call mean, in German.

The browser calls an echo peer in the backend (`device_check/echo_peer.py`), which sends the person's
picture and sound back. The browser reports its `getStats()` numbers, the echo peer adds what
arrived on its side; `classify` turns both into the traffic light of step 4 and `advice` into the
sentence next to it.

Thresholds. A 1:1 call at 640x480 carries one VGA video stream (VP8 about 500-800 kbit/s at
25-30 fps; WebRTC's own ceiling for VGA is 1.7 Mbit/s) plus Opus audio (about 40 kbit/s) and
RTP/SRTP overhead, so roughly 0.6-0.9 Mbit/s in each direction. For comparison, one major product
calls a connection good at <= 5 % loss with >= 750 kbit/s for video, another at an RTT < 300 ms with
>= 1.1 Mbit/s. We ask for a little headroom over the need:

- green: upload and download >= 1000 kbit/s, RTT < 300 ms (conversation feels natural below that,
  ITU-T G.114 puts the comfortable one-way limit at 150 ms), loss <= 2 % (VP8 hides that with
  retransmission and FEC), jitter < 30 ms (the browser's jitter buffer absorbs it), echoed video
  >= 15 fps, and both picture and sound reached the echo peer;
- yellow: >= 300 kbit/s (the browser then lowers resolution or frame rate; Opus still sounds fine),
  RTT < 800 ms, loss <= 8 %, jitter < 100 ms, echoed video >= 5 fps: the appointment works, the
  picture may stutter; also yellow when RTT, loss or jitter is missing but media flowed;
- red: anything worse, no picture or no sound at the echo peer (a video appointment needs both;
  the advice points to cables and the device), or no measurement at all (the test call timed out).

Rates are what the line carries, measured by the server: a short burst each way over a data channel
to the echo peer (`device_check/rate_probe.py`, at most 2 MB or 3 s each way), not the call's media
(the echo's encoder sends only about 500 kbit/s, whatever the line could carry). They are graded like
the other network numbers and required for green with RTT, loss and jitter (a missing one caps at
yellow: "could not be fully measured"); `video_fps` is graded when present. Missing media counts
(`frames_received`, `audio_received`) cap at yellow. `rates_sentence` tells the person both figures.
"""

from __future__ import annotations

from typing import Literal

from videotermin_app.core import support
from videotermin_app.core.i18n import N_, _
from videotermin_app.device_check.metrics import CheckMetrics

Level = Literal["green", "yellow", "red"]

GREEN_MIN_KBPS = 1000.0
GREEN_MAX_RTT_MS = 300.0
GREEN_MAX_LOSS_PERCENT = 2.0
GREEN_MAX_JITTER_MS = 30.0
GREEN_MIN_FPS = 15.0

YELLOW_MIN_KBPS = 300.0
YELLOW_MAX_RTT_MS = 800.0
YELLOW_MAX_LOSS_PERCENT = 8.0
YELLOW_MAX_JITTER_MS = 100.0
YELLOW_MIN_FPS = 5.0

_RANK: dict[Level, int] = {"green": 0, "yellow": 1, "red": 2}
_NETWORK = ("upload_kbps", "download_kbps", "rtt_ms", "loss_percent", "jitter_ms")
_REQUIRED = _NETWORK  # getStats() has RTT, loss and jitter everywhere; the rates come from the echo peer


def _at_least(value: float | None, *, green: float, yellow: float) -> Level | None:
    if value is None:
        return None
    return "green" if value >= green else "yellow" if value >= yellow else "red"


def _below(value: float | None, *, green: float, yellow: float, inclusive: bool = False) -> Level | None:
    if value is None:
        return None
    if value < green or (inclusive and value == green):
        return "green"
    if value < yellow or (inclusive and value == yellow):
        return "yellow"
    return "red"


def _fmt(value: float) -> str:
    """German number: no decimals from 10 up, else one decimal with a comma."""
    text = f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
    return text.replace(".", ",")


def _grades(m: CheckMetrics) -> list[tuple[Level, str]]:
    """(level, German reason) for every measured number that is not green."""
    checks: list[tuple[Level | None, str]] = [
        (
            _at_least(m.upload_kbps, green=GREEN_MIN_KBPS, yellow=YELLOW_MIN_KBPS),
            _("Die Verbindung ist langsam ({value} kbit/s hoch)."),
        ),
        (
            _at_least(m.download_kbps, green=GREEN_MIN_KBPS, yellow=YELLOW_MIN_KBPS),
            _("Die Verbindung ist langsam ({value} kbit/s herunter)."),
        ),
        (
            _below(m.rtt_ms, green=GREEN_MAX_RTT_MS, yellow=YELLOW_MAX_RTT_MS),
            _("Die Verbindung reagiert verzögert (Antwortzeit {value} ms)."),
        ),
        (
            _below(m.loss_percent, green=GREEN_MAX_LOSS_PERCENT, yellow=YELLOW_MAX_LOSS_PERCENT, inclusive=True),
            _("Es gehen Daten verloren (Paketverlust {value} %)."),
        ),
        (
            _below(m.jitter_ms, green=GREEN_MAX_JITTER_MS, yellow=YELLOW_MAX_JITTER_MS),
            _("Die Verbindung schwankt (Jitter {value} ms)."),
        ),
        (
            _at_least(m.video_fps, green=GREEN_MIN_FPS, yellow=YELLOW_MIN_FPS),
            _("Das Bild ruckelt ({value} Bilder pro Sekunde)."),
        ),
    ]
    values = [m.upload_kbps, m.download_kbps, m.rtt_ms, m.loss_percent, m.jitter_ms, m.video_fps]
    return [
        (level, text.format(value=_fmt(value)))
        for (level, text), value in zip(checks, values, strict=True)
        if level is not None and level != "green" and value is not None
    ]


def _media(m: CheckMetrics) -> list[tuple[Level, str]]:
    found: list[tuple[Level, str]] = []
    if m.frames_received == 0:
        found.append(("red", _("Es kommt kein Bild an.")))
    elif m.frames_received is None:
        found.append(("yellow", _("Es konnte nicht geprüft werden, ob Ihr Bild ankommt.")))
    if m.audio_received is False:
        found.append(("red", _("Es kommt kein Ton an.")))
    elif m.audio_received is None:
        found.append(("yellow", _("Es konnte nicht geprüft werden, ob Ihr Ton ankommt.")))
    return found


def _assess(m: CheckMetrics) -> tuple[Level, list[str]]:
    if all(getattr(m, name) is None for name in _NETWORK):
        if m.frames_received is None and m.audio_received is None:
            return "red", [_("Der Testanruf konnte nicht durchgeführt werden.")]
        found: list[tuple[Level, str]] = [("red", _("Die Verbindung konnte nicht gemessen werden."))]
        found += _media(m)
    else:
        found = _grades(m) + _media(m)
        if any(getattr(m, name) is None for name in _REQUIRED):
            found.append(("yellow", _("Die Verbindung konnte nicht vollständig gemessen werden.")))
    level: Level = max((lvl for lvl, _text in found), key=_RANK.__getitem__, default="green")
    return level, [text for _lvl, text in found]


def _rate(kbps: float) -> str:
    """A rate as people say it: "12 Mbit/s", "1,5 Mbit/s", "450 kbit/s"."""
    if kbps >= 1000:
        return _("{value} Mbit/s").format(value=_fmt(round(kbps / 1000, 1 if kbps < 10_000 else 0)))
    return _("{value} kbit/s").format(value=f"{kbps:.0f}")


def rates_sentence(metrics: CheckMetrics) -> str:
    """Both rates in plain words with what they mean for video; empty when neither was measured."""
    up, down = metrics.upload_kbps, metrics.download_kbps
    if up is None and down is None:
        return ""
    levels = [_at_least(v, green=GREEN_MIN_KBPS, yellow=YELLOW_MIN_KBPS) for v in (up, down) if v is not None]
    level: Level = max((lvl for lvl in levels if lvl is not None), key=_RANK.__getitem__, default="green")
    verdict = {
        "green": _("gut für Video"),
        "yellow": _("reicht für Video, das Bild kann aber stocken"),
        "red": _("zu langsam für Video"),
    }[level]
    if down is None:
        text = _("Ihre Verbindung: etwa {up} hoch (herunter nicht gemessen) – {verdict}.")
    elif up is None:
        text = _("Ihre Verbindung: etwa {down} herunter (hoch nicht gemessen) – {verdict}.")
    else:
        text = _("Ihre Verbindung: etwa {up} hoch, {down} herunter – {verdict}.")
    return text.format(
        up=_rate(up) if up is not None else "", down=_rate(down) if down is not None else "", verdict=verdict
    )


def classify(metrics: CheckMetrics) -> Level:
    """The traffic light: the worst of all graded numbers (see the module docstring)."""
    return _assess(metrics)[0]


def reasons(metrics: CheckMetrics) -> list[str]:
    """German sentences naming what was not green, in a stable order; empty when green."""
    return _assess(metrics)[1]


GREEN_ADVICE = N_("Alles in Ordnung: Kamera, Mikrofon und Verbindung sind bereit für Ihren Videotermin.")
YELLOW_LEAD = N_("Ihr Videotermin ist möglich, Bild und Ton können aber stocken.")
RED_LEAD = N_("So kann Ihr Videotermin leider nicht stattfinden.")
CHECK_CABLES = N_("Prüfen Sie, ob alle Geräte miteinander verbunden sind.")
OTHER_DEVICE = N_("Versuchen Sie es mit einem anderen Gerät.")
SUPPORT = N_("Kontaktieren Sie den technischen Support unter der Rufnummer {phone}.")


def advice(*, level: Level, reasons: list[str]) -> str:
    """What to tell the person: the reasons, then the brochure's advice for yellow/red."""
    if level == "green":
        return _(GREEN_ADVICE)
    lead = _(YELLOW_LEAD if level == "yellow" else RED_LEAD)
    steps = [_(CHECK_CABLES), _(OTHER_DEVICE), _(SUPPORT).format(phone=support.phone())]
    return " ".join([*reasons, lead, *steps])


def evaluate(metrics: CheckMetrics) -> tuple[Level, str]:
    """Level and advice sentence in one call (what step 4 shows)."""
    level, found = _assess(metrics)
    return level, advice(level=level, reasons=found)
