"""Backgrounds: a deterministic pool of procedural surface textures (built lazily, one per fixed seed, so a window
depends only on its own rng), cropped, scaled, flipped and recoloured per window, laid out as a wall above a
horizon and a table/floor below, with static clutter. Sampled per frame through the camera (separable bilinear).
"""
import numpy as np

from ..textures import fbm, material
from . import palette

POOL = 96          # base textures; index i is always built from seed i
TEX = 192          # texture side (px)
_cache = {}
_V1 = ("wood", "tiles", "stone", "metal", "soil", "grass", "gravel", "asphalt", "water")


def _procedural(seed):
    r = np.random.default_rng(10_000 + seed)
    n = TEX
    y, x = np.mgrid[0:n, 0:n].astype(np.float32) / n
    kind = seed % 6
    if kind in (0, 1):          # a Foley World v1 material (wood grain, tiles, stone, ...)
        return material(_V1[(seed // 6) % len(_V1)], seed, x, y, n)
    if kind == 2:               # stripes / planks / fabric weave at a random angle
        a = r.uniform(0, np.pi)
        u = x * np.cos(a) + y * np.sin(a)
        f = r.uniform(3, 30)
        w = 0.5 + 0.5 * np.sin(2 * np.pi * f * u + 3 * fbm(seed, x, y, 2, n))
        if r.random() < 0.5:
            w = (w > r.uniform(0.3, 0.7)).astype(np.float32) * 0.8 + 0.2 * w
        g = w[..., None]
    elif kind == 3:             # checker / tiles grid
        f = r.integers(2, 12)
        g = ((np.floor(x * f) + np.floor(y * f)) % 2)[..., None] * r.uniform(0.2, 0.8) + 0.2
        g = g + 0.3 * fbm(seed, x, y, 4, n)[..., None]
    elif kind == 4:             # smooth blotches (out-of-focus room, cloth)
        g = (0.5 + 1.2 * fbm(seed, x, y, r.uniform(1, 4), n, octaves=3))[..., None]
    else:                       # fine grain noise (carpet, concrete)
        g = (0.5 + 0.9 * fbm(seed, x, y, r.uniform(8, 30), n, octaves=3, gain=0.7))[..., None]
    c1, c2 = palette.any_tone(r), palette.any_tone(r)
    return (c1 + (c2 - c1) * g).astype(np.float32)


def texture(i):
    """Base texture i (uint8 [TEX, TEX, 3]), built once per process."""
    if i not in _cache:
        _cache[i] = (np.clip(_procedural(i), 0, 1) * 255).astype(np.uint8)
    return _cache[i]


def _layer(rng, h, w, C):
    """A recoloured, scaled, flipped crop of a pool texture, [C, h, w] float32 in [0, 1]-ish."""
    t = texture(int(rng.integers(POOL))).astype(np.float32) / 255.0
    if rng.random() < 0.5:
        t = t.transpose(1, 0, 2)
    t = t[:: rng.choice([-1, 1]), :: rng.choice([-1, 1])]
    zoom = rng.uniform(0.5, 2.0)     # texture pixels per output pixel
    ys = (np.arange(h) * zoom + rng.uniform(0, TEX)) .astype(np.int64) % TEX
    xs = (np.arange(w) * zoom + rng.uniform(0, TEX)).astype(np.int64) % TEX
    t = t[ys][:, xs]
    if C == 1:
        t = t @ np.array([0.299, 0.587, 0.114], np.float32)
        t = t[None]
    else:
        t = t.transpose(2, 0, 1) * rng.uniform(0.8, 1.2, (3, 1, 1)).astype(np.float32)
    mean = t.mean()
    contrast = rng.uniform(0.4, 2.0)
    level = rng.uniform(0.1, 0.9)
    return (level + (t - mean) * contrast).astype(np.float32)


def _clutter(rng, out, aspect, margin, density, C):
    """One static object drawn into the canvas over its bounding box: a round thing with a rim (drum, cymbal,
    bowl), a box (furniture, a case) or a thin pole (a stand)."""
    _, Hc, Wc = out.shape
    cx, cy = rng.uniform(-margin, aspect + margin), rng.uniform(-margin, 1 + margin)
    kind = rng.choice(["round", "box", "pole"], p=[0.5, 0.3, 0.2])
    rx = rng.uniform(0.03, 0.35)
    ry = rx * rng.uniform(0.25, 1.0) if kind != "pole" else rx
    if kind == "pole":
        rx = rng.uniform(0.003, 0.015)
    ang = rng.uniform(-0.4, 0.4) if kind != "pole" else rng.uniform(-0.3, 0.3)
    ext = np.hypot(rx, ry)
    y0, y1 = max(int((cy - ext + margin) * density), 0), min(int((cy + ext + margin) * density) + 2, Hc)
    x0, x1 = max(int((cx - ext + margin) * density), 0), min(int((cx + ext + margin) * density) + 2, Wc)
    if y0 >= y1 or x0 >= x1:
        return
    yy = ((np.arange(y0, y1, dtype=np.float32) + 0.5) / density - margin - cy)[:, None]
    xx = ((np.arange(x0, x1, dtype=np.float32) + 0.5) / density - margin - cx)[None, :]
    u = xx * np.cos(ang) + yy * np.sin(ang)
    v = -xx * np.sin(ang) + yy * np.cos(ang)
    if kind == "round":
        d = np.sqrt((u / rx) ** 2 + (v / ry) ** 2)
    else:
        d = np.maximum(np.abs(u) / rx, np.abs(v) / ry)
    m = np.clip((1 - d) * min(rx, ry) * density + 0.5, 0, 1)
    col = palette.to_channels(palette.any_tone(rng), C)[:, None, None]
    reg = out[:, y0:y1, x0:x1]
    shade = 1.0 + rng.uniform(-0.5, 0.5) * (u / max(rx, 1e-3)) + rng.uniform(-0.3, 0.3) * (v / ry)
    fill = col * shade[None] if rng.random() < 0.6 else col * (0.6 + 0.4 * reg / max(float(reg.mean()), 1e-3))
    if kind == "round" and rng.random() < 0.7:       # a rim (a ring of another tone)
        ring = np.clip((d - rng.uniform(0.8, 0.95)) * min(rx, ry) * density + 0.5, 0, 1) * m
        rim = palette.to_channels(palette.any_tone(rng), C)[:, None, None]
        fill = fill * (1 - ring[None]) + rim * ring[None]
    reg[...] = reg * (1 - m[None]) + fill * m[None]


def canvas(rng, aspect, margin, density, C, contact_y):
    """The static world behind the action over [-margin, aspect+margin] × [-margin, 1+margin], [C, Hc, Wc]."""
    Hc = int(np.ceil((1 + 2 * margin) * density)) + 2
    Wc = int(np.ceil((aspect + 2 * margin) * density)) + 2
    out = _layer(rng, Hc, Wc, C)
    yy = ((np.arange(Hc, dtype=np.float32) + 0.5) / density - margin)[:, None]
    xx = ((np.arange(Wc, dtype=np.float32) + 0.5) / density - margin)[None, :]
    if rng.random() < 0.6:      # a wall above a horizon somewhere above the contact line
        hz = contact_y - rng.uniform(0.1, 0.9)
        wall = _layer(rng, Hc, Wc, C)
        m = np.clip((hz - yy) * density / rng.uniform(1, 4) + 0.5, 0, 1)[None]
        out = out * (1 - m) + wall * m
    for _ in range(int(rng.integers(0, 13))):
        _clutter(rng, out, aspect, margin, density, C)
    return out.astype(np.float32)


def sample(cv, density, margin, cam, Hr, Wr, aspect):
    """Bilinear sample of the canvas through camera (cx, cy, z): render pixel (u, v) sees world
    (cx + (u/Hr - aspect/2)/z, cy + (v/Hr - 1/2)/z). Separable: two row taps, then two column taps."""
    cx, cy, z = cam
    C, Hc, Wc = cv.shape
    wy = (cy + ((np.arange(Hr) + 0.5) / Hr - 0.5) / z + margin) * density - 0.5
    wx = (cx + ((np.arange(Wr) + 0.5) / Hr - aspect / 2) / z + margin) * density - 0.5
    iy = np.minimum(np.maximum(np.floor(wy).astype(np.int64), 0), Hc - 2)
    ix = np.minimum(np.maximum(np.floor(wx).astype(np.int64), 0), Wc - 2)
    fy = np.minimum(np.maximum(wy - iy, 0), 1).astype(np.float32)[None, :, None]
    fx = np.minimum(np.maximum(wx - ix, 0), 1).astype(np.float32)[None, None, :]
    rows = cv[:, iy] * (1 - fy) + cv[:, iy + 1] * fy
    return rows[:, :, ix] * (1 - fx) + rows[:, :, ix + 1] * fx
