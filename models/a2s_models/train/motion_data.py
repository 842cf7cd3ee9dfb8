"""Training data for the motion timing net (nets/motion.py): Foley World v2 windows reduced to their motion grids.

The grid (|frame difference| averaged per cell) is the first, parameter-free step of the net, so it is computed
once here and cached: a shard is `cells` float16 [N,T,G,G] (or with `--direction` [N,3,T,G,G]: |diff|, u, v) + `onsets` (ragged, seconds) + `seeds`. Shards are
written atomically and skipped when present, so `build` resumes; each window comes from `default_rng([seed, i])`.

    python3 -m a2s_models.train.motion_data --out /work/cache/fw2-motion --windows 12000 --procs 2
"""
import argparse
import os
from multiprocessing import Pool

import numpy as np
import torch

from ..nets.motion import motion_fields, motion_grid

SHARD = 250


def window_cells(i, seed, size, frames, seconds, grid, direction=False):
    from ..foleyworld.v2 import render_window
    for retry in range(5):   # a generator failure on one draw costs that draw, not the shard (logged)
        try:
            w = render_window(np.random.default_rng([seed, i, retry] if retry else [seed, i]), size=size, frames=frames,
                              seconds=seconds)
            break
        except Exception as e:  # noqa: BLE001
            print(f"window {seed}/{i} retry {retry}: {type(e).__name__}: {e}", flush=True)
    else:
        raise RuntimeError(f"window {seed}/{i}: generator failed 5 times")
    x = torch.from_numpy(w["frames"].astype(np.float32) / 255.0).unsqueeze(0)
    cells = (motion_fields(x, grid) if direction else motion_grid(x, grid))[0].numpy().astype(np.float16)
    return cells, np.asarray(w["onsets"], np.float32)


def _shard_job(args):
    k, out, seed, size, frames, seconds, grid, direction = args
    path = os.path.join(out, f"shard_{seed}_{k:05d}.npz")
    if os.path.exists(path):
        return path
    torch.set_num_threads(1)
    rows = [window_cells(k * SHARD + j, seed, size, frames, seconds, grid, direction) for j in range(SHARD)]
    onsets = [r[1] for r in rows]
    tmp = path + ".tmp.npz"
    np.savez(tmp, cells=np.stack([r[0] for r in rows]), onsets=np.concatenate(onsets) if onsets else np.zeros(0),
             counts=np.array([len(o) for o in onsets], np.int32), seconds=np.float32(seconds))
    os.replace(tmp, path)
    return path


def build(out, windows, seed=1, procs=1, size=128, frames=64, seconds=2.048, grid=16, direction=False):
    os.makedirs(out, exist_ok=True)
    jobs = [(k, out, seed, size, frames, seconds, grid, direction) for k in range(-(-windows // SHARD))]
    with Pool(procs) as pool:
        for p in pool.imap_unordered(_shard_job, jobs):
            print(p, flush=True)


def load(folder, seed=None, direction=None):
    """(cells float16 [N,T,G,G] or fields [N,3,T,G,G], [onset arrays]) of every finished shard in a folder (optionally
    one seed). `direction=False` keeps only |diff| of a fields cache (a net without direction features reads it)."""
    names = sorted(n for n in os.listdir(folder) if n.startswith("shard_") and n.endswith(".npz") and ".tmp" not in n)
    if seed is not None:
        names = [n for n in names if n.startswith(f"shard_{seed}_")]
    cells, onsets = [], []
    for n in names:
        z = np.load(os.path.join(folder, n))
        cells.append(z["cells"])
        onsets += np.split(z["onsets"], np.cumsum(z["counts"])[:-1])
    out = np.concatenate(cells) if cells else np.zeros((0,), np.float16)
    return (out[:, 0] if direction is False and out.ndim == 5 else out), onsets


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--windows", type=int, default=12000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--procs", type=int, default=1)
    p.add_argument("--size", type=int, default=128)
    p.add_argument("--grid", type=int, default=16)
    p.add_argument("--direction", action="store_true", help="cache |diff| + normal flow [3,T,G,G] (nets/motion.py)")
    a = p.parse_args()
    build(a.out, a.windows, a.seed, a.procs, a.size, grid=a.grid, direction=a.direction)


if __name__ == "__main__":
    main()
