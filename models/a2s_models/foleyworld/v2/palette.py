"""Colours: skin tones, sleeves, tool materials and arbitrary tones (linear-ish RGB in [0, 1])."""
import numpy as np

_SKIN = np.array([[0.96, 0.80, 0.69], [0.90, 0.70, 0.56], [0.80, 0.58, 0.44], [0.64, 0.44, 0.30],
                  [0.48, 0.31, 0.20], [0.33, 0.21, 0.13], [0.98, 0.86, 0.78]], np.float32)
_WOOD = np.array([[0.75, 0.55, 0.33], [0.60, 0.40, 0.22], [0.85, 0.70, 0.48], [0.40, 0.26, 0.15]], np.float32)
_METAL = np.array([[0.70, 0.72, 0.75], [0.45, 0.46, 0.48], [0.85, 0.86, 0.88], [0.25, 0.25, 0.27]], np.float32)


def skin(rng):
    i = rng.integers(len(_SKIN))
    j = min(i + 1, len(_SKIN) - 1)
    return (_SKIN[i] + (_SKIN[j] - _SKIN[i]) * rng.random()) * rng.uniform(0.8, 1.15)


def any_tone(rng):
    c = rng.random(3).astype(np.float32)
    grey = rng.uniform(0.0, 1.0)
    return (c * rng.uniform(0.2, 1.0) + grey * rng.uniform(0.0, 0.8)).clip(0.02, 1.0).astype(np.float32)


def wood(rng):
    return _WOOD[rng.integers(len(_WOOD))] * rng.uniform(0.8, 1.2)


def metal(rng):
    return _METAL[rng.integers(len(_METAL))] * rng.uniform(0.85, 1.15)


def tool(rng):
    r = rng.random()
    return wood(rng) if r < 0.45 else metal(rng) if r < 0.7 else any_tone(rng)


def sleeve(rng):
    return any_tone(rng) if rng.random() < 0.8 else skin(rng)


def to_channels(col, C):
    """A colour as C channels: RGB as is, or its BT.601 luma for C == 1."""
    col = np.asarray(col, np.float32)
    if C == 3:
        return col
    return np.array([0.299 * col[0] + 0.587 * col[1] + 0.114 * col[2]], np.float32)
