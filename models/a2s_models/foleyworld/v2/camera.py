"""Camera path: tripod or handheld wander (sum of slow sinusoids), slow pans and zooms, and jolts at some
contacts (a camera on the struck table). Returns (cx, cy, z) in world units per time."""
import numpy as np


class Camera:
    def __init__(self, rng, aspect, margin, hits):
        self.base = np.array([aspect / 2, 0.5])
        hand = rng.random() < 0.35          # most uploads of playing/working are shot on a tripod or a table
        self.amp = rng.uniform(0.001, 0.012, (3, 2)) * hand
        self.freq = rng.uniform(0.1, 2.0, 3)
        self.phase = rng.uniform(0, 2 * np.pi, (3, 2))
        self.pan = rng.normal(0, 0.03, 2) * (rng.random() < 0.15)
        self.z0 = rng.uniform(1.0, 1.1)
        self.zr = rng.normal(0, 0.04) * (rng.random() < 0.12)
        self.lim = margin * 0.9
        self.jolts = []
        if len(hits) and rng.random() < 0.15:
            amp = rng.uniform(0.002, 0.012)
            self.jolts = [(t, amp * rng.uniform(0.5, 1.0), rng.uniform(8, 20), rng.uniform(0.04, 0.15))
                          for t in hits if rng.random() < 0.8]

    def __call__(self, t):
        t = float(t)
        off = self.pan * (t - 1.0) + (self.amp * np.sin(2 * np.pi * self.freq[:, None] * t + self.phase)).sum(0)
        for (t0, a, f, tau) in self.jolts:
            if t >= t0:
                off = off + a * np.exp(-(t - t0) / tau) * np.array([0.3, 1.0]) * np.sin(2 * np.pi * f * (t - t0))
        z = max(1.0, self.z0 + self.zr * (t - 1.0))
        off = np.minimum(np.maximum(off, -self.lim + 0.5 * (1 - 1 / z)), self.lim)
        return self.base[0] + off[0], self.base[1] + off[1], z
