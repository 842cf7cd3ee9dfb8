"""Training data for the motion timing net (nets/motion.py): Foley World windows reduced to their motion grids.

The grid (|frame difference| averaged per cell) is the first, parameter-free step of the net, so it is computed
once here and cached: a shard is `cells` float16 [N,T,G,G] (or with `--direction` [N,3,T,G,G]: |diff|, u, v) + `onsets` (ragged, seconds) + `seeds`. Shards are
written atomically and skipped when present, so `build` resumes; each window comes from `default_rng([seed, i])`.

    python3 -m a2s_models.train.motion_data --out /work/cache/fw2-motion --windows 12000 --procs 2

`--world v1 --pack sources.npz --split train|val` draws the windows from Foley World v1 (the clip API at 128 px,
luma) instead: the world the default bundle's Foley World test is built from, so a net trained on both worlds can
be held to issue 16's "not worse on Foley World" as well as to real footage. v1 shards are `v1shard_SEED_K.npz`.
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
    return fields_of(w["frames"].astype(np.float32) / 255.0, grid, direction), np.asarray(w["onsets"], np.float32)


def fields_of(frames, grid, direction):
    """float32 luma [T,H,W] in [0,1] -> the cached float16 grid [T,G,G] or fields [3,T,G,G] (the net's first step)."""
    x = torch.from_numpy(frames).unsqueeze(0)
    return (motion_fields(x, grid) if direction else motion_grid(x, grid))[0].numpy().astype(np.float16)


def luma(rgb):
    """uint8 [T,H,W,3] -> float32 [T,H,W] in [0,1] (BT.601 weights, as ffmpeg's gray from full-range RGB)."""
    return (rgb.astype(np.float32) @ np.array([0.299, 0.587, 0.114], np.float32)) / 255.0


def v1_rows(k, seed, split, pack, size, grid, direction, n=SHARD):
    """One shard of Foley World v1 windows (the clip API's sampling of a long scene at 128 px): [(cells, onsets)]."""
    from ..foleyworld.clips import FoleyWorldClips
    clips = FoleyWorldClips(pack, split, seed=[seed, k], size=size)
    rows = []
    for j in range(n):
        s = clips.sample(np.random.default_rng([seed, k * SHARD + j]))
        rows.append((fields_of(luma(s["frames"]), grid, direction), np.asarray([t for t, _ in s["events"]], np.float32)))
    return rows


def _shard_job(args):
    k, out, seed, size, frames, seconds, grid, direction, world = args
    v1 = world is not None
    path = os.path.join(out, f"{'v1shard' if v1 else 'shard'}_{seed}_{k:05d}.npz")
    if os.path.exists(path):
        return path
    torch.set_num_threads(1)
    if v1:
        rows = v1_rows(k, seed, world["split"], world["pack"], size, grid, direction)
    else:
        rows = [window_cells(k * SHARD + j, seed, size, frames, seconds, grid, direction) for j in range(SHARD)]
    onsets = [r[1] for r in rows]
    tmp = path + ".tmp.npz"
    np.savez(tmp, cells=np.stack([r[0] for r in rows]), onsets=np.concatenate(onsets) if onsets else np.zeros(0),
             counts=np.array([len(o) for o in onsets], np.int32), seconds=np.float32(seconds))
    os.replace(tmp, path)
    return path


def build(out, windows, seed=1, procs=1, size=128, frames=64, seconds=2.048, grid=16, direction=False, world=None):
    """`world`: None for Foley World v2, or {"pack": path, "split": "train"|"val"} for v1."""
    os.makedirs(out, exist_ok=True)
    jobs = [(k, out, seed, size, frames, seconds, grid, direction, world) for k in range(-(-windows // SHARD))]
    with Pool(procs) as pool:
        for p in pool.imap_unordered(_shard_job, jobs):
            print(p, flush=True)


def load(folder, seed=None, direction=None, world="v2"):
    """(cells float16 [N,T,G,G] or fields [N,3,T,G,G], [onset arrays]) of every finished shard of one world in a folder
    (optionally one seed). `direction=False` keeps only |diff| of a fields cache (a net without direction features
    reads it)."""
    prefix = "v1shard_" if world == "v1" else "shard_"
    names = sorted(n for n in os.listdir(folder) if n.startswith(prefix) and n.endswith(".npz") and ".tmp" not in n)
    if seed is not None:
        names = [n for n in names if n.startswith(f"{prefix}{seed}_")]
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
    p.add_argument("--world", choices=("v1", "v2"), default="v2")
    p.add_argument("--pack", help="v1: the Foley World sources pack (foleyworld/README.md step 3)")
    p.add_argument("--split", default="train", help="v1: the split scenes are drawn from (train, val)")
    a = p.parse_args()
    if a.world == "v1" and not a.pack:
        p.error("--world v1 needs --pack (the Foley World sources pack, models/foleyworld/README.md)")
    world = {"pack": a.pack, "split": a.split} if a.world == "v1" else None
    build(a.out, a.windows, a.seed, a.procs, a.size, grid=a.grid, direction=a.direction, world=world)


if __name__ == "__main__":
    main()
