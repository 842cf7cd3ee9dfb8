"""Contact sheets of Foley World v2 windows for a person to look at.

    python3 -m a2s_models.foleyworld.v2.preview --out DIR [--n 12] [--seed 0] [--every 4] [--rgb]

Writes DIR/fw2_SEED.png per window (two rows: every `every`-th frame and its absolute difference to the frame
before, brightened ×4; a red bar under a frame marks a contact between it and the next shown frame) and
DIR/overview.png (the middle frame of each window, 6 per row); prints each window's onsets and meta.
"""
import argparse
import json
import os

import numpy as np

from ..png import write_png
from . import render_window


def sheet(w, every=2, seconds=2.048):
    f = w["frames"]
    f = f if f.ndim == 4 else np.repeat(f[..., None], 3, -1)
    T, S = f.shape[:2]
    idx = np.arange(0, T, every)
    diff = np.abs(np.diff(f.astype(np.int16), axis=0, prepend=f[:1].astype(np.int16)))
    diff = np.clip(diff * 4, 0, 255).astype(np.uint8)
    bar = np.zeros((len(idx), 4, S, 3), np.uint8)
    t_of = idx * seconds / T
    for k, t in enumerate(t_of):
        if np.any((w["onsets"] >= t) & (w["onsets"] < t + every * seconds / T)):
            bar[k, :, :, 0] = 255
    tiles = np.concatenate([f[idx], bar, diff[idx]], axis=1)             # [n, 2S+4, S, 3]
    gap = np.full((len(idx), tiles.shape[1], 2, 3), 40, np.uint8)
    return np.concatenate(list(np.concatenate([tiles, gap], 2)), axis=1)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--n", type=int, default=12)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--every", type=int, default=4)
    ap.add_argument("--rgb", action="store_true")
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    mids = []
    for i in range(a.n):
        w = render_window(np.random.default_rng(a.seed + i), rgb=a.rgb)
        path = os.path.join(a.out, f"fw2_{a.seed + i:05d}.png")
        write_png(path, sheet(w, a.every))
        f = w["frames"][len(w["frames"]) // 2]
        mids.append(f if f.ndim == 3 else np.repeat(f[..., None], 3, -1))
        meta = {k: v for k, v in w["meta"].items() if k != "contacts"}
        print(path, json.dumps({"onsets": [round(float(t), 3) for t in w["onsets"]], **meta}, default=str))
    write_png(os.path.join(a.out, "overview.png"), overview(mids))


def overview(tiles, cols=6):
    """Tiles [S, S, 3] in rows of `cols`, 2-px gaps."""
    S = tiles[0].shape[0]
    blank = np.full_like(tiles[0], 40)
    tiles = tiles + [blank] * (-len(tiles) % cols)
    pad = [np.pad(t, ((0, 2), (0, 2), (0, 0)), constant_values=40) for t in tiles]
    rows = [np.concatenate(pad[r:r + cols], 1) for r in range(0, len(pad), cols)]
    return np.concatenate(rows, 0)[: -2, : -2] if S else None


if __name__ == "__main__":
    main()
