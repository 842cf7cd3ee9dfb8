"""Soft-edged (anti-aliased) primitives rasterised over their bounding box only.

Each primitive is a signed distance d (pixels, < 0 inside) turned into coverage clip(0.5 - d, 0, 1), which is the
area a 1-px edge covers; a shading factor comes from the coordinate across the shape (a lit cylinder).
Primitives live in render-pixel coordinates: (x, y) with y down, pixel centres at i + 0.5.
"""
import numpy as np


class Prim:
    """kind: 'capsule' (a→b, radii r0→r1), 'box' (centre, angle, half length/width, optional tip cut),
    'ellipse' (centre, angle, radii). col: colour [C]; light: across-shape shading strength; edge: softness (px)."""
    __slots__ = ("kind", "p", "col", "light", "edge")

    def __init__(self, kind, p, col, light=0.3, edge=1.0):
        self.kind, self.p, self.col, self.light, self.edge = kind, p, col, light, edge

    def bbox(self):
        p = self.p
        if self.kind == "capsule":
            r = max(p["r0"], p["r1"])
            xs, ys = (p["a"][0], p["b"][0]), (p["a"][1], p["b"][1])
            return min(ys) - r, max(ys) + r, min(xs) - r, max(xs) + r
        ext = float(np.hypot(p["hl"], p["hw"])) if self.kind == "box" else max(p["rx"], p["ry"])
        cx, cy = p["c"]
        return cy - ext, cy + ext, cx - ext, cx + ext


def _sdf(prim, x, y):
    """Signed distance (px) and the across coordinate in [-1, 1] on pixel grids x [1, w], y [h, 1]."""
    p = prim.p
    if prim.kind == "capsule":
        ax, ay = p["a"]
        bx, by = p["b"]
        dx, dy = bx - ax, by - ay
        L2 = max(dx * dx + dy * dy, 1e-6)
        s = np.minimum(np.maximum(((x - ax) * dx + (y - ay) * dy) / L2, 0.0), 1.0)
        r = p["r0"] + (p["r1"] - p["r0"]) * s
        ex, ey = x - ax - s * dx, y - ay - s * dy
        across = (ex * -dy + ey * dx) / np.sqrt(L2)
        return np.sqrt(ex * ex + ey * ey) - r, across / np.maximum(r, 0.5)
    cx, cy = p["c"]
    ca, sa = np.cos(p["ang"]), np.sin(p["ang"])
    u = (x - cx) * ca + (y - cy) * sa
    v = -(x - cx) * sa + (y - cy) * ca
    if prim.kind == "ellipse":
        rx, ry = p["rx"], p["ry"]
        k = np.sqrt((u / rx) ** 2 + (v / ry) ** 2)
        return (k - 1.0) * min(rx, ry), v / ry
    qx, qy = np.abs(u) - p["hl"], np.abs(v) - p["hw"]
    d = np.sqrt(np.maximum(qx, 0) ** 2 + np.maximum(qy, 0) ** 2) + np.minimum(np.maximum(qx, qy), 0)
    if p.get("cut", 0.0):    # a knife's point: cut the far end with a slanted half-plane
        c = p["cut"]
        d = np.maximum(d, ((u - p["hl"]) + c * (v + p["hw"]) / (2 * p["hw"])) / np.sqrt(1 + (c / (2 * p["hw"])) ** 2))
    return d, v / p["hw"]


def draw(prims, acc, alpha_acc, H, W, weight=1.0, y0=0, x0=0):
    """Composite prims (back to front) into premultiplied colour acc [C, h, w] and alpha alpha_acc [h, w], adding
    `weight` × this sub-frame's layer (sub-frame averaging for motion blur). (y0, x0): the buffer's origin."""
    h, w = alpha_acc.shape
    C = acc.shape[0]
    layer_c = None
    for pr in prims:
        t, b, l, r = pr.bbox()
        iy0, iy1 = max(int(np.floor(t - 2)) - y0, 0), min(int(np.ceil(b + 2)) - y0, h)
        ix0, ix1 = max(int(np.floor(l - 2)) - x0, 0), min(int(np.ceil(r + 2)) - x0, w)
        if iy0 >= iy1 or ix0 >= ix1:
            continue
        if layer_c is None:
            layer_c = np.zeros((C, h, w), np.float32)
            layer_a = np.zeros((h, w), np.float32)
        ys = (np.arange(iy0, iy1, dtype=np.float32) + (y0 + 0.5))[:, None]
        xs = (np.arange(ix0, ix1, dtype=np.float32) + (x0 + 0.5))[None, :]
        d, across = _sdf(pr, xs, ys)
        a = np.minimum(np.maximum(0.5 - d / pr.edge, 0.0), 1.0).astype(np.float32)
        ac = np.minimum(np.maximum(across, -1.0), 1.0)
        shade = (1.0 + pr.light * (0.6 * ac - 0.5 * ac * ac)).astype(np.float32)
        la = layer_a[iy0:iy1, ix0:ix1]
        lc = layer_c[:, iy0:iy1, ix0:ix1]
        lc *= (1.0 - a)
        lc += (a * shade)[None] * pr.col[:, None, None]
        la *= (1.0 - a)
        la += a
    if layer_c is not None:
        acc += weight * layer_c
        alpha_acc += weight * layer_a
