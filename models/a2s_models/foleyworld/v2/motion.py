"""Strike motion profiles: a lift value h(t) per striker (0 = touching the surface, 1 = top of the raise).

A hit accelerates down (h = 1 - s^p, s: 0→1, p > 1: fastest at contact), stops dead at the contact time, then
holds, bounces a little or lifts away — or, like a drumstick or a loose hammer grip, rebounds at once: it leaves the
surface at speed and slows to the top (the motion reverses at the contact instead of stopping, so a detector of
"motion stops" alone misses it). A near miss comes down and decelerates to a stop in the air (ease-out:
zero velocity at its lowest point, above the surface): motion that makes no sound. Pattern generators give the hit
times of drumming (alternating hands), hammering, chopping and sparse single hits, with jittered intervals.
"""
import bisect
import math

import numpy as np

ACCEL, DECEL, SMOOTH, HOLD, BOUNCE = range(5)


class Profile:
    """Piecewise h(t): segments (t0, t1, h0, h1, kind, p); before the first / after the last it holds."""

    def __init__(self, h_start):
        self.segs = []
        self.t = -10.0
        self.h = float(h_start)

    def add(self, dur, h1, kind, p=2.0):
        dur = float(dur)
        if dur <= 0:
            if kind != BOUNCE:
                self.h = float(h1)
            return
        self.segs.append((self.t, self.t + dur, self.h, float(h1), kind, float(p)))
        self.t += dur
        if kind != BOUNCE:
            self.h = float(h1)

    def at(self, t):
        """h at one time (the per-sub-frame hot path: no array work)."""
        if not self.segs:
            return self.h
        i = bisect.bisect_right(self._starts(), t) - 1
        if i < 0:
            return self.segs[0][2]
        t0, t1, h0, h1, kind, p = self.segs[i]
        if t >= t1:
            return self.segs[i + 1][2] if i + 1 < len(self.segs) else self.h
        s = (t - t0) / (t1 - t0)
        if kind == BOUNCE:
            return h0 + h1 * math.sin(math.pi * s)
        f = (s ** p if kind == ACCEL else 1.0 - (1.0 - s) ** p if kind == DECEL
             else s * s * (3 - 2 * s) if kind == SMOOTH else 0.0)
        return h0 + (h1 - h0) * f

    def _starts(self):
        if getattr(self, "_st", None) is None or len(self._st) != len(self.segs):
            self._st = [s[0] for s in self.segs]
        return self._st

    def __call__(self, t):
        t = np.asarray(t, np.float64)
        out = np.full(t.shape, self.segs[0][2] if self.segs else self.h)
        for (t0, t1, h0, h1, kind, p) in self.segs:
            m = (t >= t0) & (t < t1)
            if not m.any():
                continue
            s = (t[m] - t0) / (t1 - t0)
            if kind == ACCEL:
                f = s ** p
            elif kind == DECEL:
                f = 1.0 - (1.0 - s) ** p
            elif kind == SMOOTH:
                f = s * s * (3 - 2 * s)
            elif kind == HOLD:
                f = np.zeros_like(s)
            else:   # BOUNCE: up to h1 and back to h0
                out[m] = h0 + h1 * np.sin(np.pi * s)
                continue
            out[m] = h0 + (h1 - h0) * f
        if self.segs:
            out[t >= self.segs[-1][1]] = self.h
        return out


def _down(prof, rng, fall, top, is_hit):
    """The down-stroke: accelerating into the surface (a hit) or slowing to a stop above it (a near miss)."""
    if is_hit:
        prof.add(fall, 0.0, ACCEL, p=rng.uniform(1.5, 3.0))
    else:
        prof.add(fall, top * rng.uniform(0.1, 0.6), DECEL, p=rng.uniform(1.6, 3.0))


def strike_profile(rng, hits, misses=(), rebound=0.0):
    """h(t) for one striker: it hits at `hits` (sorted, s) and comes down without contact at `misses`; after a hit it
    rebounds at once with probability `rebound`.

    Each down-stroke ends at its event time; the time before it is shared between the rebound of the previous
    event, the lift, an optional hold at the top and the accelerating fall.
    """
    events = []
    for t, is_hit in sorted([(float(t), True) for t in hits] + [(float(t), False) for t in misses]):
        if events and t - events[-1][0] < 0.05:      # too close to the previous stroke: keep the hit
            if is_hit and not events[-1][1]:
                events[-1] = (t, True)
            continue
        events.append((t, is_hit))
    prof = Profile(h_start=rng.uniform(0.0, 1.0))
    if not events:
        return prof
    prev = events[0][0] - rng.uniform(0.3, 1.0)
    prof.t = prev
    fall_prev = 0.1
    for t, is_hit in events:
        gap = t - prev
        top = rng.uniform(0.55, 1.0)
        fall = min(rng.uniform(0.06, 0.25) * (1.0 if is_hit else rng.uniform(1.0, 1.6)), 0.45 * gap)
        rest = gap - fall
        # after the previous event: rebound straight up, a small bounce then rest, or rest on the surface
        after = rng.random()
        if rebound > 0 and prof.h < 0.05 and rest > 0.05 and rng.random() < rebound:
            # elastic rebound: up at once (decelerating, so fastest just after the contact), then the top and the fall
            up = min(fall_prev * rng.uniform(0.8, 2.5), rest * rng.uniform(0.6, 0.95))
            prof.add(up, top, DECEL, p=rng.uniform(1.5, 2.5))
            prof.add(max(t - fall - prof.t, 0.0), top, HOLD)
            prof.t = t - fall
            _down(prof, rng, fall, top, is_hit)
            prof.t = t
            prev, fall_prev = t, fall
            continue
        if prof.h < 0.05 and after < 0.6 and rest > 0.05:
            b = min(rng.uniform(0.04, 0.1), 0.3 * rest)      # a rebound slower than the stroke
            prof.add(b, rng.uniform(0.01, 0.06), BOUNCE)
            rest -= b
        if (after > 0.4 or prof.h >= 0.05) and rest > 0.08:
            hold = rng.uniform(0.1, 0.6) * rest
            prof.add(hold, prof.h, HOLD)
            rest -= hold
        # the lift is slower than the fall (ease in-out over most of what is left), then a pause at the top
        lift = rest * rng.uniform(0.6, 0.95)
        prof.add(lift, top, SMOOTH if rng.random() < 0.7 else DECEL, p=rng.uniform(1.5, 3.0))
        prof.add(max(t - fall - prof.t, 0.0), top, HOLD)
        prof.t = t - fall                                     # the stroke ends exactly at the event
        _down(prof, rng, fall, top, is_hit)
        prof.t = t
        prev, fall_prev = t, fall
    # after the last event: stay down, rebound, or lift away slowly
    r = rng.random()
    if prof.h < 0.05 and r < 0.4:
        prof.add(rng.uniform(0.04, 0.1), rng.uniform(0.01, 0.06), BOUNCE)
    if r > 0.3:
        prof.add(rng.uniform(0.05, 0.6), prof.h, HOLD)
        prof.add(rng.uniform(0.3, 0.9), rng.uniform(0.3, 1.0), SMOOTH)
    return prof


def wander_profile(rng, seconds):
    """A hovering / waving h(t) with no contact: smooth moves between heights well above the surface."""
    prof = Profile(h_start=rng.uniform(0.3, 1.0))
    prof.t = -0.5
    while prof.t < seconds + 0.5:
        prof.add(rng.uniform(0.15, 0.7), rng.uniform(0.25, 1.0), SMOOTH)
        if rng.random() < 0.3:
            prof.add(rng.uniform(0.05, 0.4), prof.h, HOLD)
    return prof


def pattern(rng, kind, seconds):
    """Hit times (s, may fall outside [0, seconds): motion continues past the window's edges) for a pattern."""
    if kind == "single":
        t = np.sort(rng.uniform(0.05, seconds - 0.02, int(rng.integers(1, 3))))
        return t[:1] if len(t) == 2 and t[1] - t[0] < 0.2 else t
    rate = {"drum": (2.0, 8.0), "hammer": (1.0, 4.0), "chop": (2.0, 6.0), "hand": (1.5, 6.0)}[kind]
    period = 1.0 / rng.uniform(*rate)
    jitter = rng.uniform(0.03, 0.25)
    t = rng.uniform(-period, 0.0)
    out = []
    while t < seconds + period:
        out.append(t)
        t += period * max(0.35, 1.0 + jitter * rng.standard_normal())
        if rng.random() < 0.08:      # a pause in the pattern
            t += period * rng.uniform(1.0, 3.0)
    return np.asarray(out)
