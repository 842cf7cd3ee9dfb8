"""Screen-fixed, static post-production layers seen in real uploads: letterbox/pillarbox bars, burned-in caption
text and a corner logo. They never move, so they add edges and texture but no motion."""
import numpy as np


def _text(rng, h, w):
    """A caption-like mask [h, w]: rows of glyphs (random strokes in a small cell grid) separated by word gaps."""
    ch = int(h)
    cw = max(int(ch * rng.uniform(0.5, 0.8)), 3)
    n = max(w // cw, 1)
    cells = rng.random((5, 3 * n)) < 0.45            # 5×3 strokes per character
    word = np.repeat(rng.random(n) < 0.85, 3)         # spaces between words
    cells &= word[None, :]
    m = np.repeat(np.repeat(cells, -(-ch // 5), 0), -(-cw // 3), 1)[:ch, :n * cw].astype(np.float32)
    out = np.zeros((ch, w), np.float32)
    out[:, :m.shape[1]] = m[:, :w]
    return out


def make(rng, H, W, C):
    """A list of (y0, y1, x0, x1, alpha [h, w], colour [C], fade) to blend over every frame; often empty. fade is
    None (always shown) or (t0, t1, rising): the layer fades in or out between t0 and t1 (seconds)."""
    layers = []
    if rng.random() < 0.08:          # letterbox (top/bottom) or pillarbox (sides) bars
        if rng.random() < 0.6:
            b = int(H * rng.uniform(0.05, 0.15))
            layers += [(0, b, 0, W, np.ones((b, W), np.float32), np.zeros(C, np.float32), None),
                       (H - b, H, 0, W, np.ones((b, W), np.float32), np.zeros(C, np.float32), None)]
        else:
            b = int(W * rng.uniform(0.05, 0.15))
            layers += [(0, H, 0, b, np.ones((H, b), np.float32), np.zeros(C, np.float32), None),
                       (0, H, W - b, W, np.ones((H, b), np.float32), np.zeros(C, np.float32), None)]
    if rng.random() < 0.12:          # burned-in caption rows
        ch = max(int(H * rng.uniform(0.03, 0.08)), 4)
        y = int(H * rng.uniform(0.0, 0.9))
        x0 = int(W * rng.uniform(0.0, 0.3))
        x1 = min(W, x0 + int(W * rng.uniform(0.3, 0.9)))
        col = np.full(C, rng.choice([1.0, 0.95, 0.1]), np.float32)
        fade = None
        if rng.random() < 0.3:           # captions fade in or out: slow, silent change
            t0 = rng.uniform(-0.5, 2.0)
            fade = (t0, t0 + rng.uniform(0.2, 1.0), bool(rng.random() < 0.5))
        for r in range(int(rng.integers(1, 4))):
            y0 = y + r * int(ch * 1.5)
            if y0 + ch <= H and x1 > x0:
                layers.append((y0, y0 + ch, x0, x1, _text(rng, ch, x1 - x0) * rng.uniform(0.7, 1.0), col, fade))
    if rng.random() < 0.08:          # a corner logo, partly transparent
        s = int(min(H, W) * rng.uniform(0.06, 0.15))
        y0 = int(rng.choice([0.03, 0.85]) * H)
        x0 = int(rng.choice([0.03, 0.85]) * W)
        y0, x0 = min(y0, H - s), min(x0, W - s)
        yy, xx = np.mgrid[0:s, 0:s].astype(np.float32) / max(s, 1) - 0.5
        a = ((np.abs(yy) + np.abs(xx) < 0.5) | (rng.random((s, s)) < 0.1)).astype(np.float32) * rng.uniform(0.3, 0.9)
        layers.append((y0, y0 + s, x0, x0 + s, a, np.full(C, rng.uniform(0.5, 1.0), np.float32), None))
    return layers


def apply(frames, layers, times):
    """Blend the layers (colours in 0..1) over frames [T, C, H, W] in 0..255 shot at `times`, in place."""
    for (y0, y1, x0, x1, a, col, fade) in layers:
        k = np.ones(len(times), np.float32)
        if fade is not None:
            t0, t1, rising = fade
            k = np.clip((np.asarray(times) - t0) / (t1 - t0), 0, 1).astype(np.float32)
            k = k if rising else 1 - k
        ak = a[None, None] * k[:, None, None, None]
        reg = frames[:, :, y0:y1, x0:x1]
        reg *= 1.0 - ak
        reg += (255.0 * col)[None, :, None, None] * ak
