"""Soft-edged (anti-aliased) primitives rasterised over their bounding box only.

Each primitive is a signed distance d (pixels, < 0 inside) turned into coverage clip(0.5 - d, 0, 1), which is the
area a 1-px edge covers; a shading factor comes from the coordinate across the shape (a lit cylinder).
Primitives live in render-pixel coordinates: (x, y) with y down, pixel centres at i + 0.5.
"""
import numpy as np


class Prim:
    """kind: 'capsule' (a→b, radii r0→r1), 'box' (centre, angle, half length/width, optional tip cut),
    'ellipse' (centre, angle, radii). col: colour [C]; light: across-shape shading strength; edge: softness (px);
    opacity: < 1 for shadows."""
    __slots__ = ("kind", "p", "col", "light", "edge", "opacity")

    def __init__(self, kind, p, col, light=0.3, edge=1.0, opacity=1.0):
        self.kind, self.p, self.col, self.light, self.edge, self.opacity = kind, p, col, light, edge, opacity

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
    """Signed distance (px), the across coordinate in [-1, 1] and a pattern factor (or None) on pixel grids
    x [1, w], y [h, 1]."""
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
        return np.sqrt(ex * ex + ey * ey) - r, across / np.maximum(r, 0.5), None
    cx, cy = p["c"]
    ca, sa = np.cos(p["ang"]), np.sin(p["ang"])
    u = (x - cx) * ca + (y - cy) * sa
    v = -(x - cx) * sa + (y - cy) * ca
    tex = None
    if "pattern" in p:       # stripes/checks printed on the object (clothes, a drum's logo): they move with it
        fu, fv, amp, ph = p["pattern"]
        a, b = (p["rx"], p["ry"]) if prim.kind == "ellipse" else (p["hl"], p["hw"])
        tex = 1.0 + amp * np.sign(np.sin(2 * np.pi * fu * u / a + ph)) * np.sin(2 * np.pi * fv * v / b + 0.5)
    if prim.kind == "ellipse":
        rx, ry = p["rx"], p["ry"]
        k = np.sqrt((u / rx) ** 2 + (v / ry) ** 2)
        return (k - 1.0) * min(rx, ry), v / ry, tex
    qx, qy = np.abs(u) - p["hl"], np.abs(v) - p["hw"]
    d = np.sqrt(np.maximum(qx, 0) ** 2 + np.maximum(qy, 0) ** 2) + np.minimum(np.maximum(qx, qy), 0)
    if p.get("cut", 0.0):    # a knife's point: cut the far end with a slanted half-plane
        c = p["cut"]
        d = np.maximum(d, ((u - p["hl"]) + c * (v + p["hw"]) / (2 * p["hw"])) / np.sqrt(1 + (c / (2 * p["hw"])) ** 2))
    return d, v / p["hw"], tex


def _box(pr, H, W):
    t, b, l, r = pr.bbox()
    m = 2 + pr.edge / 2          # a soft edge reaches edge/2 px past the shape
    return (max(int(np.floor(t - m)), 0), min(int(np.ceil(b + m)), H),
            max(int(np.floor(l - m)), 0), min(int(np.ceil(r + m)), W))


def _coverage(pr, y0, y1, x0, x1):
    ys = (np.arange(y0, y1, dtype=np.float32) + 0.5)[:, None]
    xs = (np.arange(x0, x1, dtype=np.float32) + 0.5)[None, :]
    d, across, tex = _sdf(pr, xs, ys)
    a = np.minimum(np.maximum(0.5 - d * (1.0 / pr.edge), 0.0), 1.0).astype(np.float32)
    if pr.opacity != 1.0:
        a *= pr.opacity
    if pr.light == 0 and tex is None:
        return a, a
    ac = np.minimum(np.maximum(across, -1.0), 1.0)
    s = a * (1.0 + pr.light * (0.6 * ac - 0.5 * ac * ac))
    return a, (s if tex is None else s * tex)


def _draw_one(frame, pr, H, W):
    """A primitive without motion blur: coverage composited straight onto the frame."""
    y0, y1, x0, x1 = _box(pr, H, W)
    if y0 >= y1 or x0 >= x1:
        return
    a, s = _coverage(pr, y0, y1, x0, x1)
    reg = frame[:, y0:y1, x0:x1]
    reg *= 1.0 - a
    reg += s[None] * pr.col[:, None, None]


def draw_blurred(frame, subs, max_step=3.0):
    """Composite a layer onto frame [C, H, W] in place, motion-blurred: subs is one primitive list per sub-frame
    (same structure each time). Each primitive's coverage and shaded colour are averaged over the sub-frames it
    needs (about one per `max_step` px of its own travel: a static arm costs one), then composited back to front.
    Averaging per primitive rather than per layer is exact where a layer's parts do not overlap."""
    C, H, W = frame.shape
    n = len(subs)
    for i in range(len(subs[0])):
        own = [s[i] for s in subs]
        if n > 1:
            b0, b1 = np.array(own[0].bbox()), np.array(own[-1].bbox())
            travel = np.abs(b1 - b0).max()
            m = int(min(max(np.ceil(travel / max_step), 1), n))
            own = [own[k] for k in np.round(np.linspace(0, n - 1, m)).astype(int)] if m < n else own
        if len(own) == 1:
            _draw_one(frame, own[0], H, W)
            continue
        boxes = [_box(pr, H, W) for pr in own]
        y0, y1 = min(b[0] for b in boxes), max(b[1] for b in boxes)
        x0, x1 = min(b[2] for b in boxes), max(b[3] for b in boxes)
        if y0 >= y1 or x0 >= x1:
            continue
        A = np.zeros((y1 - y0, x1 - x0), np.float32)
        S = np.zeros((y1 - y0, x1 - x0), np.float32)
        for pr, (by0, by1, bx0, bx1) in zip(own, boxes):
            if by0 >= by1 or bx0 >= bx1:
                continue
            a, sh = _coverage(pr, by0, by1, bx0, bx1)
            A[by0 - y0:by1 - y0, bx0 - x0:bx1 - x0] += a
            S[by0 - y0:by1 - y0, bx0 - x0:bx1 - x0] += sh
        k = 1.0 / len(own)
        A *= k
        S *= k
        reg = frame[:, y0:y1, x0:x1]
        reg *= 1.0 - A
        reg += S[None] * own[0].col[:, None, None]
