"""Frames of a Foley World scene: a top-down first-person view of a textured surface with a tool striking it.

`Renderer(spec, size).frames(t, events, rng)` → uint8 [F, size, size, 3]. All geometry is in view units (1 = frame
width) and textures/sprites are band-limited per size, so a 48-px render ≈ a 256-px render area-downsampled.
Per-frame work is a handful of integer gathers (world texture and sprites packed as uint32 RGBA) plus
elementwise compositing over [F, S, S, 3], so a 64-frame 48² clip costs a few milliseconds.

Contact is exact in time: the tool's height above the surface is linear in time during the approach and is 0
at the contact frame (`world.motion`); its shadow meets it there; a dust/spark burst starts at that frame and a
mark stays on the surface afterwards; footsteps also jolt the camera.
"""
import numpy as np

from . import classes as C
from . import sprites, textures
from .world import motion

DUST = {"wood": (0.85, 0.7, 0.5), "tiles": (0.95, 0.95, 0.92), "stone": (0.8, 0.8, 0.78), "metal": (1.0, 0.9, 0.5),
        "soil": (0.3, 0.2, 0.12), "grass": (0.45, 0.7, 0.3), "gravel": (0.75, 0.72, 0.66),
        "asphalt": (0.7, 0.7, 0.7), "water": (0.9, 0.95, 1.0)}
MARK = {"wood": 0.45, "soil": 0.55, "stone": 0.3, "metal": 0.15, "tiles": 0.2, "grass": 0.45, "gravel": 0.35,
        "asphalt": 0.25, "water": 0.0}

_NOISE = {}
MARK_S = 4.0        # marks fade (e-fold 2 s) and are dropped after this long


def _noise(size, frames, rng):
    """Sensor-noise frames as a strided view into one fixed random buffer (no per-sample RNG or copy): each
    frame starts at a random offset, frames a random stride apart."""
    n = size * size * 4
    if size not in _NOISE:
        _NOISE[size] = np.random.default_rng(1234).standard_normal(n * 40).astype(np.float32)
    buf = _NOISE[size]
    stride = int(rng.integers(n // 4, n // 2)) | 1
    start = int(rng.integers(0, len(buf) - n - stride * (frames - 1)))
    v = np.lib.stride_tricks.as_strided(buf[start:], (frames, size, size, 4), (stride * 4, size * 16, 16, 4),
                                        writeable=False)
    return v


SUPERSAMPLE_TO = 96     # px per view width at which textures and sprites are evaluated before area-averaging


def _area_down(img, k):
    """Block-average by k over the first two axes (zero-padding to a multiple of k)."""
    if k == 1:
        return img.astype(np.float32)
    h, w = img.shape[:2]
    H, W = -(-h // k) * k, -(-w // k) * k
    pad = np.zeros((H, W) + img.shape[2:], np.float32)
    pad[:h, :w] = img
    return pad.reshape(H // k, k, W // k, k, *img.shape[2:]).mean(axis=(1, 3))


def _blur(img, b):
    """Mix of the image and its separable [1,2,1]/4 blur (b in [0, 1]) over the first two axes."""
    if b <= 0:
        return img
    bl = img.copy()
    bl[1:-1] = 0.25 * img[:-2] + 0.5 * img[1:-1] + 0.25 * img[2:]
    bl2 = bl.copy()
    bl2[:, 1:-1] = 0.25 * bl[:, :-2] + 0.5 * bl[:, 1:-1] + 0.25 * bl[:, 2:]
    return (1 - b) * img + b * bl2


class Renderer:
    def __init__(self, spec, size, margin=0.3):
        self.spec, self.S, self.m = spec, size, margin
        W = int(round(size * (1 + 2 * margin)))
        self.W = W
        # small renders are supersampled and area-averaged, so they match a large render resized down
        ss = max(1, int(np.ceil(SUPERSAMPLE_TO / size)))
        X, Y = textures.grid(-margin, -margin, 1 + 2 * margin, W * ss)
        img = textures.material(spec["background"], spec["bg_seed"], X, Y, size * ss)
        px = 1.0 / (size * ss)
        for p in spec["patches"]:
            x0, y0, x1, y1 = p["box"]
            if p.get("round"):
                cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
                d = (np.hypot((X - cx) / rx, (Y - cy) / ry) - 1) * min(rx, ry)
            else:
                dx, dy = np.maximum(x0 - X, X - x1), np.maximum(y0 - Y, Y - y1)
                d = np.maximum(dx, dy)
            a = np.clip(0.5 - d / px, 0, 1)[..., None]
            rim = np.clip(1 - np.abs(d + 0.012) / 0.012, 0, 1)[..., None]       # contact shadow along the edge
            sh = np.clip(1 - np.maximum(d, 0) / 0.02, 0, 1)[..., None] * (1 - a)
            tex = textures.material(p["material"], p["seed"], X, Y, size * ss)
            img = img * (1 - 0.45 * sh) * (1 - a) + tex * (1 - 0.25 * rim) * a
        img = _area_down(img, ss)
        # lens blur: applied once to the static texture and the sprites (cheaper than per frame)
        self.blur = spec["blur"] * min(1.0, size / 96)
        img = _blur(np.clip(img, 0, 1), self.blur)
        self.world = np.concatenate([img, np.ones_like(img[..., :1])], -1).reshape(W * W, 4)
        self.world = np.ascontiguousarray(self.world, np.float32)
        rng = np.random.default_rng(spec["palette_seed"])
        pal = sprites.palette(rng)
        self.sprites = {}
        for cls in spec["actions"]:
            rgba, anchor = sprites.render(C.CLASS_TOOL[cls], spec["tool_angle"], size * ss, pal)
            f = rgba.astype(np.float32) / 255
            f[..., :3] *= f[..., 3:]                       # premultiplied alpha (averages correctly)
            f = _blur(_area_down(f, ss), self.blur)
            f[0], f[-1], f[:, 0], f[:, -1] = 0, 0, 0, 0    # transparent border (index clamping relies on it)
            anchor = (anchor[0] / ss, anchor[1] / ss)
            self.sprites[cls] = (f.reshape(-1, 4), np.ascontiguousarray(f[..., 3].ravel()), f.shape[:2], anchor)
        s = (np.arange(size, dtype=np.float32) + 0.5) / size
        self.s = s
        L = np.array([np.cos(spec["light_angle"]), np.sin(spec["light_angle"])], np.float32)
        self.light = L
        gx, gy = np.meshgrid(s - 0.5, s - 0.5)
        illum = spec["exposure"] * (1 + spec["light_strength"] * 2 * (gx * L[0] + gy * L[1]))
        illum = illum * (1 - spec["vignette"] * (gx ** 2 + gy ** 2) * 2)
        tint = np.concatenate([np.asarray(spec["tint"], np.float32), [1.0]])
        self.illum = np.ascontiguousarray(illum[..., None] * tint * 255, np.float32)   # output scale 0..255

    # --- helpers -------------------------------------------------------------------------------------------
    def _to_screen(self, wx, wy, st):
        return ((wx - st["cam_x"] - 0.5) * st["zoom"] + 0.5, (wy - st["cam_y"] - 0.5) * st["zoom"] + 0.5)

    def _sprite_index(self, sp, px, py, scale):
        (h, w), (ar, ac) = sp[2], sp[3]
        S = self.S
        rows = np.clip(((self.s[None, :] - py[:, None]) / scale[:, None] * S + ar).astype(np.int32), 0, h - 1)
        cols = np.clip(((self.s[None, :] - px[:, None]) / scale[:, None] * S + ac).astype(np.int32), 0, w - 1)
        return rows[:, :, None] * w + cols[:, None, :]

    # --- main ----------------------------------------------------------------------------------------------
    def frames(self, t, events, rng=None, state=None):
        spec, S, m = self.spec, self.S, self.m
        t = np.asarray(t, np.float64)
        F = len(t)
        st = state or motion(spec, events, t)
        # 1. surface: world texture through the camera (nearest gather of RGBA rows)
        wx = (self.s[None, :] - 0.5) / st["zoom"][:, None] + 0.5 + st["cam_x"][:, None]
        wy = (self.s[None, :] - 0.5) / st["zoom"][:, None] + 0.5 + st["cam_y"][:, None]
        ix = np.clip(((wx + m) * S).astype(np.int32), 0, self.W - 1)
        iy = np.clip(((wy + m) * S).astype(np.int32), 0, self.W - 1)
        img = np.take(self.world, iy[:, :, None] * self.W + ix[:, None, :], axis=0)
        on = [e for e in events if not e["offscreen"]]
        # 2. marks left by earlier contacts, 3. dust/sparks burst right after contact
        for e in on:
            dt = t - e["time"]
            sel = np.nonzero((dt >= 0) & (dt < MARK_S))[0]
            if not len(sel):
                continue
            sx, sy = self._to_screen(e["x"], e["y"], {k: v[sel] for k, v in st.items()})
            r = 0.045 if e["cls"].startswith("footstep") else 0.03
            self._blob(img, sel, sx, sy, r, MARK.get(e["material"], 0.3) * np.exp(-dt[sel] / 2.0), None)
        # 4. shadow and tool: the class being performed, or (hovering) the class of the next contact
        h = st["h"]
        gx, gy = self._to_screen(st["x"], st["y"], st)
        if on:
            names = [e["cls"] for e in on]
            nxt = np.minimum(np.searchsorted([e["time"] for e in on], t), len(on) - 1)
            which = np.where(st["ev"] >= 0, st["ev"], nxt)
            frame_cls = np.array(names, object)[which]
        else:
            frame_cls = np.full(F, spec["actions"][0], object)
        for cls, sp in self.sprites.items():
            f = np.nonzero(frame_cls == cls)[0]
            if not len(f):
                continue
            hf = h[f]
            zoom = st["zoom"][f]
            idx = self._sprite_index(sp, gx[f] + hf * self.light[0] * 0.5, gy[f] + hf * self.light[1] * 0.5, zoom)
            keep = np.take(sp[1], idx)                      # shadow: darken by up to 50 %, less when raised
            keep *= (-0.5 * (1 - hf))[:, None, None]
            keep += 1
            whole = len(f) == F
            sub = img if whole else img[f]
            idx = self._sprite_index(sp, 0.5 + (gx[f] - 0.5) / (1 - hf), 0.5 + (gy[f] - 0.5) / (1 - hf),
                                     zoom / (1 - hf))
            tool = np.take(sp[0], idx, axis=0)              # premultiplied RGBA
            keep *= 1 - tool[..., 3]
            sub *= keep[..., None]
            tool *= (1 + 0.6 * hf)[:, None, None, None]    # closer to the light when raised
            sub += tool
            if not whole:
                img[f] = sub
        # 5. dust ring and impact flash, in front of the tool, strongest on the contact frame itself
        for e in on:
            dt = t - e["time"]
            burst = np.nonzero((dt >= 0) & (dt < 0.16))[0]
            if len(burst):
                db = dt[burst]
                sx, sy = self._to_screen(e["x"], e["y"], {k: v[burst] for k, v in st.items()})
                self._ring(img, burst, sx, sy, 0.03 + 0.45 * db, 0.5 * (1 - db / 0.16), np.exp(-db / 0.025),
                           DUST.get(e["material"], (0.8, 0.8, 0.8)))
        # 6. lighting, sensor noise (lens blur was applied to the texture and sprites)
        img *= self.illum[None]
        if rng is not None and spec["noise"] > 0:
            noise = _noise(S, F, rng)
            img += noise * np.float32(255 * spec["noise"] * S / 256)
        np.clip(img, 0, 255, out=img)
        return img.astype(np.uint8)[..., :3]

    def _box(self, cx, cy, r):
        S = self.S
        lo = int(max(0, np.floor((np.min(cx) - r) * S)))
        hi = int(min(S, np.ceil((np.max(cx) + r) * S) + 1))
        lo_y = int(max(0, np.floor((np.min(cy) - r) * S)))
        hi_y = int(min(S, np.ceil((np.max(cy) + r) * S) + 1))
        return lo, hi, lo_y, hi_y

    def _blob(self, img, sel, cx, cy, r, strength, colour):
        x0, x1, y0, y1 = self._box(cx, cy, r)
        if x1 <= x0 or y1 <= y0:
            return
        xs, ys = self.s[x0:x1], self.s[y0:y1]
        d = np.hypot(xs[None, None, :] - cx[:, None, None], (ys[None, :, None] - cy[:, None, None]) * 1.3)
        a = np.clip(1 - d / r, 0, 1) ** 0.7 * strength[:, None, None]
        img[sel, y0:y1, x0:x1] *= (1 - a[..., None]).astype(np.float32)

    def _ring(self, img, sel, cx, cy, r, strength, flash, colour):
        """Dust ring expanding from the contact point plus an impact flash that peaks on the contact frame."""
        x0, x1, y0, y1 = self._box(cx, cy, max(float(np.max(r)) + 0.02, 0.1))
        if x1 <= x0 or y1 <= y0:
            return
        xs, ys = self.s[x0:x1], self.s[y0:y1]
        d = np.hypot(xs[None, None, :] - cx[:, None, None], ys[None, :, None] - cy[:, None, None])
        width = np.maximum(0.015, r * 0.45)[:, None, None]
        a = np.clip(1 - np.abs(d - r[:, None, None]) / width, 0, 1) * strength[:, None, None]
        fl = np.clip(1.3 - d / 0.085, 0, 1) * flash[:, None, None] * 0.95
        col = np.asarray(list(colour) + [1.0], np.float32)
        sub = img[sel, y0:y1, x0:x1] * (1 - a[..., None]) + col * a[..., None]
        img[sel, y0:y1, x0:x1] = sub * (1 - fl[..., None]) + np.float32(1.0) * fl[..., None]
