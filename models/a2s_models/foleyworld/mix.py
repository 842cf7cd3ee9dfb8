"""Audio of a Foley World scene: the persistent bed plus each event's one-shot at its exact contact sample."""
import numpy as np

from .classes import SAMPLE_RATE as SR
from .packfile import PRE
from .world import EVENT_PEAK_DB

_SHOT_CACHE = {}


def _variant(pack, e):
    """One-shot with the event's pitch (resampling) and EQ tilt; returns (audio, onset index)."""
    key = (id(pack), e["shot"], round(e["pitch"], 4), round(e["eq"], 3))
    v = _SHOT_CACHE.get(key)
    if v is not None:
        return v
    x = pack.shot(e["shot"])
    p = e["pitch"]
    n = int(len(x) / p)
    y = np.interp(np.arange(n, dtype=np.float32) * np.float32(p), np.arange(len(x), dtype=np.float32), x)
    y = y.astype(np.float32)
    lp = y.copy()
    lp[1:-1] = (y[:-2] + y[1:-1] + y[2:]) / 3
    y = y + np.float32(e["eq"]) * (y - lp)               # tilt: >0 brighter, <0 duller
    y *= np.float32(0.95 / max(float(np.max(np.abs(y))), 1e-6))
    v = (y, int(round(PRE / p)))
    if len(_SHOT_CACHE) > 20000:
        _SHOT_CACHE.clear()
    _SHOT_CACHE[key] = v
    return v


def bed_segment(pack, spec, start, n):
    """The bed (looped) from scene time `start`, at the scene's level."""
    bed = pack.bed(spec["bed"])
    i0 = int(round((spec["bed_offset"] + start) * SR)) % len(bed)
    idx = (i0 + np.arange(n)) % len(bed) if i0 + n > len(bed) else slice(i0, i0 + n)
    gain = 10 ** ((EVENT_PEAK_DB + spec["bed_db"] + 20.0) / 20)     # beds are stored at -20 dBFS RMS
    return bed[idx].astype(np.float32) * np.float32(gain)


def render_audio(pack, spec, events, start, n):
    out = bed_segment(pack, spec, start, n)
    s0 = int(round(start * SR))
    for e in events:
        c = int(round(e["time"] * SR)) - s0
        if c > n or c < -int(1.6 * SR):
            continue
        y, onset = _variant(pack, e)
        a = c - onset
        lo, hi = max(a, 0), min(a + len(y), n)
        if hi > lo:
            out[lo:hi] += y[lo - a:hi - a] * np.float32(10 ** ((EVENT_PEAK_DB + e["gain_db"]) / 20))
    return np.clip(out, -1.0, 1.0)
