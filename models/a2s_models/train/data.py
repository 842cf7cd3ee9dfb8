"""Multiprocess data path: an IterableDataset that yields whole batches for consecutive steps.

Batch for step s is built from np.random.default_rng([seed, s, rank, i]) for item i: stateless, so a resumed run
sees exactly the batches it would have seen, whatever the number of DataLoader workers (worker w builds steps
w, w+W, ...; the DataLoader returns them round-robin, i.e. in step order)."""
import itertools

import numpy as np
import torch
from torch.utils.data import DataLoader, IterableDataset, get_worker_info


def make_dataset(data: str, split: str, seed: int):
    if data == "synthetic":
        from .synthetic import SyntheticClips
        return SyntheticClips(None, split, seed)
    if data.startswith("cache:") and split == "train":  # pre-rendered shards (train/cache.py); val stays fresh
        from .cache import CachedClips
        return CachedClips(data[len("cache:"):], split, seed)
    if data.startswith("cache:"):
        import json, os
        data = json.load(open(os.path.join(data[len("cache:"):], "cache.json")))["pack"]
    from ..foleyworld.clips import FoleyWorldClips  # provided by the Foley World module
    return FoleyWorldClips(data, split, seed)


def collate(items):
    out = {}
    for k in items[0]:
        vals = [it[k] for it in items]
        if k == "events":
            out[k] = vals
        elif isinstance(vals[0], np.ndarray):
            out[k] = torch.from_numpy(np.stack(vals))
        elif isinstance(vals[0], (int, np.integer)):
            out[k] = torch.tensor(vals, dtype=torch.long)
        elif isinstance(vals[0], (float, np.floating)):
            out[k] = torch.tensor(vals, dtype=torch.float32)
    return out


def build_batch(ds, seed, step, rank, batch):
    return collate([ds.sample(np.random.default_rng([seed, step, rank, i])) for i in range(batch)])


class StepBatches(IterableDataset):
    def __init__(self, ds, seed, start_step, batch, rank=0, stop_step=None):
        self.ds, self.seed, self.start, self.batch, self.rank, self.stop = ds, seed, start_step, batch, rank, stop_step

    def __iter__(self):
        info = get_worker_info()
        w, nw = (info.id, info.num_workers) if info else (0, 1)
        steps = itertools.count(self.start + w, nw) if self.stop is None else range(self.start + w, self.stop, nw)
        for s in steps:
            yield s, build_batch(self.ds, self.seed, s, self.rank, self.batch)


def loader(ds, seed, start_step, batch, workers, rank=0, pin=False, stop_step=None):
    kw = dict(num_workers=workers, pin_memory=pin)
    if workers > 0:
        kw.update(prefetch_factor=4, persistent_workers=False)
    return DataLoader(StepBatches(ds, seed, start_step, batch, rank, stop_step), batch_size=None, **kw)


def prep_frames(frames_u8: torch.Tensor, mean, std) -> torch.Tensor:
    """uint8 [B,T,H,W,3] -> normalised float [B,T,3,H,W] (on the batch's device)."""
    x = frames_u8.float().div_(255.0).permute(0, 1, 4, 2, 3)
    m = torch.tensor(mean, device=x.device).view(1, 1, 3, 1, 1)
    s = torch.tensor(std, device=x.device).view(1, 1, 3, 1, 1)
    return (x - m) / s
