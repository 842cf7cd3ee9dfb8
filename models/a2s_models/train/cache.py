"""A sample cache for short, data-bound GPU runs.

The Foley World renderer makes ~20-30 clips/s per CPU core, far below what a GPU trains on. For a fixed wall-clock
run (models/scripts/gpu_run.sh) every core first renders clips into uint8/float16 shards on a RAM disk, then all
trainers read them through memory maps (shared page cache, no copy per process) with the same `sample(rng)`
interface as FoleyWorldClips, so the training code does not change. Each clip is seen several times; the count
of distinct clips is logged so that the trade-off is visible, not hidden.

  python3 -m a2s_models.train.cache --pack PACK --split train --out /dev/shm/fw --seconds 150 --procs 16

With --cnn-from LDM.pt the shards hold that LDM's per-frame CNN features ("cnn", float16 [T,C]) instead of the
frames: the CNN is ~90 % of a CPU training step, so a CPU fine-tune (ldm.py on such a cache) freezes it and trains
everything after it ~10x faster.
"""
import argparse
import glob
import json
import multiprocessing as mp
import os
import time

import numpy as np

MAX_EVENTS = 12
FIELDS = ("frames", "wave", "cond_wave", "onsets", "labels", "events")
CNN_FIELDS = ("cnn",) + FIELDS[1:]


def _pack_sample(s):
    ev = np.full((MAX_EVENTS, 2), -1.0, np.float32)
    for i, (t, c) in enumerate(s["events"][:MAX_EVENTS]):
        ev[i] = (t, c)
    labels = np.array([s["action_class"], s["ambience_class"], s["scene"], s["bed_db"]], np.float32)
    return {
        "frames": s["frames"],
        "wave": s["wave"].astype(np.float16),
        "cond_wave": s["cond_wave"].astype(np.float16),
        "onsets": s["onsets"].astype(np.uint8),
        "labels": labels,
        "events": ev,
    }


def _cnn_featurizer(ldm_path):
    """frames uint8 [N,T,H,W,3] -> float16 [N,T,C] from the frozen per-frame CNN of a finished LDM run."""
    import torch

    from ..nets import build_ldm
    from .common import load_final
    from .data import prep_frames

    torch.set_num_threads(1)
    ck = load_final(ldm_path)
    ldm = build_ldm(ck["config"])
    ldm.load_state_dict(ck["model"])
    ldm.eval()
    vc = ck["config"]["video"]

    def featurize(frames):
        with torch.inference_mode():
            x = prep_frames(torch.from_numpy(frames), vc["mean"], vc["std"])
            return ldm.video.body.cnn_features(x).transpose(1, 2).half().numpy()
    return featurize


def _worker(pack, split, out, proc, deadline, chunk, seed, cnn_from=None):
    from ..foleyworld.clips import FoleyWorldClips

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    ds = FoleyWorldClips(pack, split, seed)
    featurize = _cnn_featurizer(cnn_from) if cnn_from else None
    rng = np.random.default_rng([seed, proc])
    k = 0
    while k == 0 or time.time() < deadline:  # at least one shard per process, however slow its start
        rows = [_pack_sample(ds.sample(rng)) for _ in range(chunk)]
        cols = {f: np.stack([r[f] for r in rows]) for f in FIELDS}
        if featurize:
            cols["cnn"] = featurize(cols.pop("frames"))
        tmp = os.path.join(out, f".tmp_{proc}_{k}")
        os.makedirs(tmp, exist_ok=True)
        for f, v in cols.items():
            np.save(os.path.join(tmp, f + ".npy"), v)
        os.rename(tmp, os.path.join(out, f"shard_{proc:02d}_{k:05d}"))  # a shard appears whole or not at all
        k += 1


def build(pack, split, out, seconds, procs, chunk=64, seed=1234, cnn_from=None, first_proc=0):
    """first_proc > 0 adds shards to an existing cache (worker ids, and so their shard names and RNG streams, start
    there); a trainer sees the new shards when it starts or resumes."""
    os.makedirs(out, exist_ok=True)
    deadline = time.time() + seconds
    ctx = mp.get_context("spawn")
    ps = [ctx.Process(target=_worker, args=(pack, split, out, p, deadline, chunk, seed, cnn_from))
          for p in range(first_proc, first_proc + procs)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    failed = [p.exitcode for p in ps if p.exitcode != 0]
    if failed:
        raise RuntimeError(f"{len(failed)} cache worker(s) failed (exit codes {failed}); see their traceback above")
    n = len(glob.glob(os.path.join(out, "shard_*"))) * chunk
    with open(os.path.join(out, "cache.json"), "w") as fh:
        json.dump({"split": split, "clips": n, "seconds": seconds, "procs": procs, "pack": os.path.abspath(pack),
                   "seed": seed, "cnnFrom": cnn_from}, fh)
    return n


class CachedClips:
    """Same interface as FoleyWorldClips.sample(rng), drawing uniformly from the cached clips."""

    def __init__(self, cache_dir, split=None, seed=0):
        self.shards = sorted(glob.glob(os.path.join(cache_dir, "shard_*")))
        if not self.shards:
            raise FileNotFoundError(f"no cache shards in {cache_dir}: build them with python3 -m a2s_models.train.cache")
        self._maps = None
        self.fields = CNN_FIELDS if os.path.exists(os.path.join(self.shards[0], "cnn.npy")) else FIELDS
        self.chunk = int(np.load(os.path.join(self.shards[0], "labels.npy"), mmap_mode="r").shape[0])
        self.size = len(self.shards) * self.chunk

    def _map(self, i):
        if self._maps is None:  # opened lazily, so each DataLoader worker gets its own handles after fork/spawn
            self._maps = {}
        if i not in self._maps:
            self._maps[i] = {f: np.load(os.path.join(self.shards[i], f + ".npy"), mmap_mode="r") for f in self.fields}
        return self._maps[i]

    def sample(self, rng):
        idx = int(rng.integers(self.size))
        m = self._map(idx // self.chunk)
        r = idx % self.chunk
        lab = m["labels"][r]
        ev = m["events"][r]
        pic = {"cnn": m["cnn"][r].astype(np.float32)} if "cnn" in m else {"frames": np.array(m["frames"][r])}
        return {
            **pic,
            "wave": m["wave"][r].astype(np.float32),
            "cond_wave": m["cond_wave"][r].astype(np.float32),
            "onsets": m["onsets"][r].astype(np.float32),
            "events": [(float(t), int(c)) for t, c in ev if c >= 0],
            "action_class": int(lab[0]),
            "ambience_class": int(lab[1]),
            "scene": int(lab[2]),
            "bed_db": float(lab[3]),
        }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pack", required=True)
    ap.add_argument("--split", default="train")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--procs", type=int, default=os.cpu_count())
    ap.add_argument("--chunk", type=int, default=64)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--cnn-from", default=None, help="store this LDM's per-frame CNN features instead of frames")
    ap.add_argument("--first-proc", type=int, default=0, help="add to an existing cache: first worker id")
    a = ap.parse_args()
    t = time.time()
    n = build(a.pack, a.split, a.out, a.seconds, a.procs, a.chunk, a.seed, a.cnn_from, a.first_proc)
    print(f"cache: {n} clips in {time.time() - t:.0f} s with {a.procs} processes -> {a.out}", flush=True)


if __name__ == "__main__":
    main()
