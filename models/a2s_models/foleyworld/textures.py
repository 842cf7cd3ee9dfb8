"""Procedural surface textures (numpy only), resolution-consistent.

Textures are functions of world coordinates (1.0 = one view width). Noise is hashed value noise on integer
lattices, so the lattice does not depend on the output size; octaves above ~Nyquist/1.25 of the requested pixel
density are dropped (they would average out under an area downsample), so a 48-px render is close to a 256-px
render downsampled to 48 px.
"""
import numpy as np


def _hash(ix, iy, seed):
    v = (ix.astype(np.uint32) * np.uint32(374761393) + iy.astype(np.uint32) * np.uint32(668265263)
         + np.uint32(seed * 2654435761 % 2**32))
    v = (v ^ (v >> np.uint32(13))) * np.uint32(1274126177)
    v = v ^ (v >> np.uint32(16))
    return v.astype(np.float32) * np.float32(1.0 / 2**32)


def noise(seed, x, y):
    """Value noise in [0,1] at lattice coordinates x, y (arrays), smoothstep-interpolated."""
    with np.errstate(over="ignore"):
        ix = np.floor(x)
        iy = np.floor(y)
        fx = (x - ix).astype(np.float32)
        fy = (y - iy).astype(np.float32)
        ix = ix.astype(np.int64) + 4096
        iy = iy.astype(np.int64) + 4096
        sx = fx * fx * (3 - 2 * fx)
        sy = fy * fy * (3 - 2 * fy)
        a = _hash(ix, iy, seed)
        b = _hash(ix + 1, iy, seed)
        c = _hash(ix, iy + 1, seed)
        d = _hash(ix + 1, iy + 1, seed)
    return (a + (b - a) * sx) + ((c + (d - c) * sx) - (a + (b - a) * sx)) * sy


def fbm(seed, x, y, base, density, octaves=7, gain=0.5, sx=1.0, sy=1.0):
    """Fractal noise, zero-mean, roughly in [-0.5, 0.5]; octaves above the pixel density are dropped."""
    out = np.zeros(np.broadcast(x, y).shape, np.float32)
    amp, norm, f = 1.0, 0.0, float(base)
    for k in range(octaves):
        if f * max(sx, sy) > density / 1.5:
            break
        out += amp * (noise(seed * 31 + k, x * f * sx, y * f * sy) - 0.5)
        norm += amp
        amp *= gain
        f *= 2.0
    return out / max(norm, 1.0)


def _smooth_edge(d, width):
    return np.clip(0.5 + d / max(width, 1e-6), 0.0, 1.0)


def material(name, seed, x, y, density):
    """RGB float32 texture of a material at world coords x, y ([H,W] grids); density = pixels per world unit."""
    px = 1.0 / density
    r = np.random.default_rng(seed)
    jit = (r.uniform(0.85, 1.15) * r.uniform(0.95, 1.05, 3)).astype(np.float32)   # mostly brightness, a little hue
    if name == "wood":
        warp = fbm(seed, x, y, 2, density, sx=0.3, sy=1.0) * 6.0
        rings = 0.5 + 0.5 * np.sin(2 * np.pi * (y * r.uniform(14, 26) + warp))
        fine = fbm(seed + 1, x, y, 8, density, sx=0.15, sy=2.0)
        plank = r.uniform(0.18, 0.32)
        seam = np.abs(((y / plank) % 1.0) - 0.5) * plank   # distance to the plank's centre line
        seams = 1.0 - 0.55 * (1.0 - _smooth_edge(plank / 2 - seam - 0.004, 1.5 * px))
        g = (0.55 + 0.25 * rings + 0.6 * fine) * seams
        col = np.array([0.62, 0.42, 0.24], np.float32)
    elif name == "tiles":
        t = r.uniform(0.16, 0.3)
        cx, cy = np.floor(x / t), np.floor(y / t)
        tile_var = _hash(cx.astype(np.int64) + 99, cy.astype(np.int64) + 7, seed) - 0.5
        dx = np.minimum((x / t) % 1.0, 1.0 - (x / t) % 1.0) * t
        dy = np.minimum((y / t) % 1.0, 1.0 - (y / t) % 1.0) * t
        grout = _smooth_edge(np.minimum(dx, dy) - 0.006, 1.5 * px)
        g = (0.75 + 0.12 * tile_var + 0.35 * fbm(seed, x, y, 6, density, gain=0.6)) * (0.45 + 0.55 * grout)
        col = r.choice([[0.92, 0.9, 0.86], [0.75, 0.82, 0.86], [0.86, 0.78, 0.66], [0.55, 0.6, 0.58]])
        col = np.asarray(col, np.float32)
    elif name == "stone":
        base = fbm(seed, x, y, 3, density, gain=0.6)
        ridge = 1.0 - np.abs(fbm(seed + 5, x, y, 4, density)) * 2.0
        cracks = np.clip((ridge - 0.93) * 12.0, 0.0, 1.0)
        g = 0.58 + 0.7 * base - 0.35 * cracks
        col = np.array([0.62, 0.6, 0.57], np.float32)
    elif name == "metal":
        brushed = fbm(seed, x, y, 4, density, sx=0.05, sy=4.0)
        g = 0.7 + 0.35 * brushed + 0.15 * (x - 0.5) + 0.1 * fbm(seed + 3, x, y, 2, density)
        col = np.array([0.72, 0.74, 0.78], np.float32)
    elif name == "soil":
        clumps = fbm(seed, x, y, 5, density, gain=0.65)
        pebbles = np.clip((fbm(seed + 9, x, y, 24, density, octaves=2) - 0.18) * 8.0, 0, 1)
        g = 0.45 + 0.8 * clumps + 0.35 * pebbles
        col = np.array([0.42, 0.3, 0.2], np.float32)
    elif name == "grass":
        blades = fbm(seed, x, y, 10, density, sx=0.4, sy=2.5, gain=0.7)
        g = 0.55 + 1.0 * blades + 0.3 * fbm(seed + 2, x, y, 2, density)
        col = np.array([0.3, 0.52, 0.2], np.float32)
    elif name == "gravel":
        stones = fbm(seed, x, y, 28, density, octaves=3, gain=0.45)
        shade = np.clip(stones * 4.0, -0.6, 0.6)
        g = 0.62 + 0.55 * shade + 0.2 * fbm(seed + 4, x, y, 4, density)
        col = np.array([0.66, 0.62, 0.56], np.float32)
    elif name == "asphalt":
        speck = fbm(seed, x, y, 40, density, octaves=3, gain=0.7)
        g = 0.42 + 0.6 * speck + 0.15 * fbm(seed + 1, x, y, 2, density)
        col = np.array([0.38, 0.38, 0.4], np.float32)
    elif name == "water":
        ripple = np.sin(2 * np.pi * (x * 6 + y * 3 + 4 * fbm(seed, x, y, 2, density)))
        g = 0.65 + 0.12 * ripple + 0.4 * fbm(seed + 1, x, y, 6, density)
        col = np.array([0.32, 0.45, 0.55], np.float32)
    else:
        raise ValueError(name)
    g = np.clip(g, 0.0, 1.6).astype(np.float32)
    return g[..., None] * (col * jit)[None, None, :]


def grid(x0, y0, extent, n):
    """Pixel-centre world coordinates of an n×n grid covering [x0, x0+extent]²."""
    c = x0 + (np.arange(n, dtype=np.float32) + 0.5) * (extent / n)
    d = y0 + (np.arange(n, dtype=np.float32) + 0.5) * (extent / n)
    return np.meshgrid(c, d)
