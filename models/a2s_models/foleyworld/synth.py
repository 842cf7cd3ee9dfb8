"""A tiny synthetic pack (numpy only) with the real pack's layout, for tests and CI without the Debian sources."""
import numpy as np

from . import classes as C
from .packfile import PRE, SPLITS, save


def make_synthetic_pack(path, seed=0, shots_per_class=6, beds_per_class=3, bed_seconds=8.0):
    rng = np.random.default_rng(seed)
    sr = C.SAMPLE_RATE
    shots, beds, recs = [], [], []
    for ci, cls in enumerate(C.ACTION_CLASSES):
        for k in range(shots_per_class):
            n = int(sr * rng.uniform(0.15, 0.5))
            t = np.arange(n) / sr
            f = 200 * (1 + ci) * rng.uniform(0.9, 1.1)
            y = (0.6 * np.sin(2 * np.pi * f * t) + 0.4 * rng.standard_normal(n)) * np.exp(-t / rng.uniform(0.02, 0.08))
            y = np.concatenate([np.zeros(PRE), y]).astype(np.float32)
            y *= 0.95 / np.max(np.abs(y))
            split = 0 if k < shots_per_class - 2 else 1 if k == shots_per_class - 2 else 2
            recs.append(dict(id=f"synth/{cls}/{k}", path=f"synth/{cls}/{k}", package="synthetic", licence="CC0-1.0",
                             author="test", split=SPLITS[split], kind="action", **{"class": cls}))
            shots.append(dict(audio=y, cls=ci, split=split, rec=len(recs) - 1))
    for ci, cls in enumerate(C.AMBIENCE_CLASSES):
        for k in range(beds_per_class):
            n = int(sr * bed_seconds)
            x = rng.standard_normal(n).astype(np.float32)
            a = 0.5 + 0.45 * np.tanh(ci - 3)
            y = np.zeros(n, np.float32)
            for i in range(1, n):  # one-pole low-pass, colour per class
                y[i] = a * y[i - 1] + (1 - a) * x[i]
            y *= 0.1 / np.sqrt(np.mean(y ** 2))
            split = min(k, 2)
            recs.append(dict(id=f"synth/bed/{cls}/{k}", path=f"synth/bed/{cls}/{k}", package="synthetic",
                             licence="CC0-1.0", author="test", split=SPLITS[split], kind="bed", **{"class": cls}))
            beds.append(dict(audio=y, cls=ci, split=split, rec=len(recs) - 1))
    meta = dict(format="foleyworld-pack/1", sample_rate=sr, shot_pre=PRE, action_classes=C.ACTION_CLASSES,
                ambience_classes=C.AMBIENCE_CLASSES, splits=SPLITS, recordings=recs, synthetic=True)
    save(path, shots, beds, meta)
    return path
