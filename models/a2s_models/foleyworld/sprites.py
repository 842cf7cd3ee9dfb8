"""Tool sprites (axe, shovel, pickaxe, hammer, saw, stick, shoe, hand) as shaded RGBA images from SDFs.

Sprite space: u across the tool, v along the handle toward the viewer; (0, 0) is the contact point. Units are
view widths, so a sprite rendered at density D (px per unit) matches a frame of D px.
"""
import numpy as np

U0, U1, V0, V1 = -0.36, 0.36, -0.42, 1.45   # sprite domain before rotation


def _box(u, v, cu, cv, hu, hv, r=0.0):
    du, dv = np.abs(u - cu) - hu + r, np.abs(v - cv) - hv + r
    return np.hypot(np.maximum(du, 0), np.maximum(dv, 0)) + np.minimum(np.maximum(du, dv), 0) - r


def _capsule(u, v, v0, v1, w, cu=0.0):
    vv = np.clip(v, v0, v1)
    return np.hypot(u - cu, v - vv) - w


def _ellipse(u, v, cu, cv, ru, rv):
    return (np.hypot((u - cu) / ru, (v - cv) / rv) - 1.0) * min(ru, rv)


def _parts(tool, u, v, col):
    """[(sdf, rgb, roundness)] back to front."""
    wood, metal, dark = col["wood"], col["metal"], col["dark"]
    handle = (_capsule(u, v, 0.04, 1.6, 0.022), wood, 0.022)
    if tool == "axe":
        blade = np.maximum(_box(u, v, -0.03, 0.0, 0.1, 0.045, 0.01), -(u + 0.13 - 0.25 * np.abs(v)))
        return [handle, (blade, metal, 0.04), (_box(u, v, -0.125, 0.0, 0.006, 0.045), metal * 1.3, 0.004)]
    if tool == "shovel":
        return [(_capsule(u, v, 0.1, 1.6, 0.02), wood, 0.02),
                (_box(u, v, 0.0, 0.0, 0.085, 0.11, 0.05), metal, 0.06)]
    if tool == "pickaxe":
        head = _capsule(v + 0.0 - 0.9 * u * u, u, -0.22, 0.22, 0.018)
        return [handle, (head, metal, 0.018)]
    if tool == "hammer":
        return [handle, (_box(u, v, 0.0, 0.0, 0.075, 0.035, 0.01), dark, 0.03)]
    if tool == "saw":
        blade = _box(u, v, 0.0, 0.05, 0.05 + 0.02 * (v - 0.05), 0.36)
        teeth = (np.sin(v * 160) * 0.006)
        return [(blade + np.where(u < 0, teeth, 0), metal, 0.03),
                (_box(u, v, 0.0, 0.48, 0.045, 0.08, 0.03), col["grip"], 0.04)]
    if tool == "stick":
        return [(_capsule(u, v, 0.0, 1.6, 0.02), wood, 0.02), (_capsule(u, v, 0.0, 0.03, 0.021), wood * 0.6, 0.02)]
    if tool == "shoe":
        leg = _box(u, v, 0.0, 0.9, 0.085, 0.62, 0.04)
        sole = _ellipse(u, v, 0.0, 0.06, 0.062, 0.16)
        toe = _ellipse(u, v, 0.0, -0.04, 0.05, 0.07)
        return [(leg, col["cloth"], 0.08), (np.minimum(sole, toe), col["shoe"], 0.05),
                (_capsule(u, v, 0.02, 0.14, 0.006), col["shoe"] * 1.6, 0.006)]
    if tool == "hand":
        arm = _capsule(u, v, 0.1, 1.6, 0.05)
        palm = _ellipse(u, v, 0.0, 0.03, 0.055, 0.07)
        fingers = np.min([_capsule(u, v, -0.09, -0.02, 0.012, cu=c) for c in (-0.036, -0.012, 0.012, 0.036)], 0)
        thumb = _capsule(u + 0.7 * (v - 0.03), v, 0.0, 0.05, 0.013, cu=0.07)
        return [(arm, col["cloth"], 0.05), (np.minimum(np.minimum(palm, fingers), thumb), col["skin"], 0.04)]
    raise ValueError(tool)


def palette(rng):
    skin = np.array([0.85, 0.64, 0.5]) * rng.uniform(0.55, 1.1)
    return {k: np.asarray(v, np.float32) for k, v in dict(
        wood=np.array([0.55, 0.38, 0.22]) * rng.uniform(0.7, 1.2, 3),
        metal=np.array([0.6, 0.62, 0.66]) * rng.uniform(0.8, 1.2),
        dark=np.array([0.25, 0.26, 0.28]) * rng.uniform(0.6, 1.4),
        grip=rng.uniform(0.15, 0.8, 3), cloth=rng.uniform(0.1, 0.6, 3), shoe=rng.uniform(0.08, 0.45, 3),
        skin=np.clip(skin, 0, 1)).items()}


def render(tool, angle, density, col):
    """→ (rgba uint8 [h,w,4] with a transparent border, anchor (row, col) of the contact point in pixels)."""
    c, s = np.cos(angle), np.sin(angle)
    corners = np.array([[U0, V0], [U1, V0], [U0, V1], [U1, V1]])
    xs = corners[:, 0] * c - corners[:, 1] * s
    ys = corners[:, 0] * s + corners[:, 1] * c
    x0, x1, y0, y1 = xs.min(), xs.max(), ys.min(), ys.max()
    w, h = int(np.ceil((x1 - x0) * density)) + 2, int(np.ceil((y1 - y0) * density)) + 2
    X = x0 + (np.arange(w, dtype=np.float32) - 0.5) / density
    Y = y0 + (np.arange(h, dtype=np.float32) - 0.5) / density
    X, Y = np.meshgrid(X, Y)
    u, v = X * c + Y * s, -X * s + Y * c          # inverse rotation
    px = 1.0 / density
    rgb = np.zeros((h, w, 3), np.float32)
    alpha = np.zeros((h, w), np.float32)
    for sdf, colour, rnd in _parts(tool, u, v, col):
        a = np.clip(0.5 - sdf / px, 0.0, 1.0)
        shade = 0.55 + 0.45 * np.sqrt(np.clip(-sdf / max(rnd, px), 0.0, 1.0))
        rgb = rgb * (1 - a[..., None]) + (np.clip(colour, 0, 1) * shade[..., None]) * a[..., None]
        alpha = alpha + a * (1 - alpha)
    rgba = np.concatenate([rgb, alpha[..., None]], -1)
    rgba[0, :] = rgba[-1, :] = rgba[:, 0] = rgba[:, -1] = 0
    return np.round(np.clip(rgba, 0, 1) * 255).astype(np.uint8), (-y0 * density + 0.5, -x0 * density + 0.5)
