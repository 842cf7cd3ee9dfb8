"""Train the motion timing net (nets/motion.py) on Foley World v2 motion grids (train/motion_data.py).

    python3 -m a2s_models.train.motion --data /work/cache/fw2-motion --out /work/runs/motion \
        --steps 3000 [--real-dev ../shared/data/real-dev]

`--v1-share F`: that share of each batch comes from Foley World v1 windows (motion_data --world v1), validated on
v1 val too; the checkpoint kept is the best mean of both worlds' val F1.
Loss: BCE on per-latent-frame onset logits, targets 1 within ±1 latent frame of each contact (one exact frame of a
~32 ms video frame grid is not learnable), frames 2–4 away ignored (`targets`), pos_weight 8. Augmentation is free at the grid: flips, 90° turns, cell
noise. Validation: held-out seed (shards `shard_2_*`), onset F1 ±50 ms from peaks ≥ 0.5 exactly as the engine reads
probabilities (inference/windows.ts envelopeToOnsets). `--real-dev` logs the same F1 on real clips beside it:
EVALUATION ONLY, never used for selection (the checkpoint kept is the best on Foley World v2 val).
Checkpoints every `--ckpt-minutes` and on SIGTERM; rerunning the same command resumes.
"""
import argparse
import json
import math
import os
import signal
import time

import numpy as np
import torch
import torch.nn.functional as F

from ..eval.onsets import onset_f1
from ..nets.motion import MotionTiming, suppress
from .motion_data import load

HOP_S = 256 / 16000     # latent frame (s): manifest audio.mel.hop / sampleRate
LATENT = 128


def targets(onsets, spread=1, ignore=4):
    """(targets, weights) [N, LATENT]: 1 within ±`spread` latent frames of each contact; frames `spread`+1..`ignore`
    away weigh 0 (a video frame is 2 latent frames and labels jitter by a frame: a hit predicted one frame off is
    neither rewarded nor punished there), weight 1 elsewhere."""
    y = np.zeros((len(onsets), LATENT), np.float32)
    w = np.ones((len(onsets), LATENT), np.float32)
    for i, o in enumerate(onsets):
        for t in o:
            f = int(math.floor(t / HOP_S))
            w[i, max(0, f - ignore): min(LATENT, f + ignore + 1)] = 0.0
        for t in o:
            f = int(math.floor(t / HOP_S))
            y[i, max(0, f - spread): min(LATENT, f + spread + 1)] = 1.0
            w[i, max(0, f - spread): min(LATENT, f + spread + 1)] = 1.0
    return y, w


def peaks(p, threshold=0.5):
    """Latent-frame probabilities → onset seconds: local maxima ≥ threshold (ties: the later frame), as the engine."""
    out = []
    for i, v in enumerate(p):
        if v < threshold or (i > 0 and p[i - 1] > v) or (i + 1 < len(p) and p[i + 1] >= v):
            continue
        out.append(i * HOP_S)
    return out


def crop(cells, y, w, frames, gen):
    """A random run of `frames` video frames and its latent targets/weights (2 latent frames per video frame)."""
    t = cells.shape[-3]
    c = int(torch.randint(0, t - frames + 1, (1,), generator=gen).item())
    r = y.shape[1] // t
    return cells.narrow(-3, c, frames), y[:, c * r:(c + frames) * r], w[:, c * r:(c + frames) * r]


def augment(x, gen):
    """x [B,T,G,G] or [B,3,T,G,G]: random flips / 90° turns per batch (the net reads flow only through cosines,
    which a flip or turn leaves unchanged), multiplicative cell noise."""
    if torch.rand(1, generator=gen).item() < 0.5:
        x = x.flip(-1)
    if torch.rand(1, generator=gen).item() < 0.5:
        x = x.flip(-2)
    k = int(torch.randint(0, 4, (1,), generator=gen).item())
    x = torch.rot90(x, k, (-2, -1))
    return x * torch.exp(0.1 * torch.randn(x.shape, generator=gen))


@torch.no_grad()
def validate(net, cells, onsets, batch=64):
    """Mean onset F1 on cached windows, probabilities read as the exported graph gives them (logit offset and
    non-maximum suppression included)."""
    net.eval()
    f1s = []
    for i in range(0, len(cells), batch):
        p = suppress(torch.sigmoid(net.from_grid(torch.from_numpy(cells[i:i + batch].astype(np.float32)))),
                     int(net.min_gap)).numpy()
        for row, o in zip(p, onsets[i:i + batch]):
            f1s.append(onset_f1(np.array(peaks(row)), np.asarray(o))[0] if len(o) or len(peaks(row)) else 1.0)
    net.train()
    return float(np.mean(f1s))


def save(path, obj):
    tmp = path + ".tmp"
    torch.save(obj, tmp)
    os.replace(tmp, path)


def train(a):
    torch.manual_seed(a.seed)
    os.makedirs(a.out, exist_ok=True)
    direction = False if a.no_direction else None      # --no-direction: |diff| only, from the same windows
    cells, onsets = load(a.data, seed=1, direction=direction)
    vcells, vonsets = load(a.data, seed=2, direction=direction)
    y_all, w_all = targets(onsets)
    if a.v1_share > 0:   # Foley World v1 beside v2: the default bundle's own test world must not get worse
        c1, o1 = load(a.data, seed=1, direction=direction, world="v1")
        v1cells, v1onsets = load(a.data, seed=2, direction=direction, world="v1")
        if not len(c1) or not len(v1cells):
            raise SystemExit(f"--v1-share needs v1 shards (motion_data --world v1) for seeds 1 and 2 in {a.data}")
        y1, w1 = targets(o1)
    print(f"train windows {len(cells)}, val {len(vcells)}"
          + (f"; v1 train {len(c1)}, val {len(v1cells)}" if a.v1_share > 0 else ""), flush=True)
    net = MotionTiming(grid=cells.shape[-1], direction=cells.ndim == 5)
    opt = torch.optim.AdamW(net.parameters(), lr=a.lr, weight_decay=1e-4)
    ckpt = os.path.join(a.out, "ckpt_motion.pt")
    state = {"step": 0, "best": -1.0}
    if os.path.exists(ckpt):
        c = torch.load(ckpt, map_location="cpu")
        net.load_state_dict(c["model"])
        opt.load_state_dict(c["opt"])
        state = c["state"]
        print(f"resumed at step {state['step']}", flush=True)
    real = None
    if a.real_dev:
        from ..eval.motion_real import RealClips
        real = RealClips(a.real_dev)
    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
    log = open(os.path.join(a.out, "log_motion.jsonl"), "a")
    pos_weight = torch.tensor(a.pos_weight)
    last_ckpt = time.time()

    def checkpoint():
        save(ckpt, {"model": net.state_dict(), "opt": opt.state_dict(), "state": state})

    t0 = time.time()
    while state["step"] < a.steps and not stop["now"]:
        s = state["step"]
        gen = torch.Generator().manual_seed(a.seed * 1_000_003 + s)
        n1 = int(round(a.batch * a.v1_share))
        idx = torch.randint(0, len(cells), (a.batch - n1,), generator=gen).numpy()
        xb, yb, wb = cells[idx], y_all[idx], w_all[idx]
        if n1:
            i1 = torch.randint(0, len(c1), (n1,), generator=gen).numpy()
            xb, yb, wb = (np.concatenate([xb, c1[i1]]), np.concatenate([yb, y1[i1]]), np.concatenate([wb, w1[i1]]))
        x, y, wt = crop(torch.from_numpy(xb.astype(np.float32)), torch.from_numpy(yb), torch.from_numpy(wb), a.crop, gen)
        x = augment(x, gen)
        lr = a.lr * min(1.0, (s + 1) / 200) * (0.5 * (1 + math.cos(math.pi * s / a.steps)))
        for g in opt.param_groups:
            g["lr"] = lr
        loss = F.binary_cross_entropy_with_logits(net.from_grid(x), y, weight=wt, pos_weight=pos_weight)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        opt.step()
        state["step"] = s + 1
        if s % 50 == 0:
            rec = {"step": s, "loss": float(loss), "lr": lr, "samplesPerSec": a.batch * 50 / max(1e-6, time.time() - t0)}
            t0 = time.time()
            log.write(json.dumps(rec) + "\n")
            log.flush()
            print(rec, flush=True)
        if state["step"] % a.val_every == 0 or state["step"] == a.steps:
            rec = {"step": state["step"], "valF1v2": validate(net, vcells, vonsets)}
            if a.v1_share > 0:   # selection: the mean of both worlds' val (neither may be given up for the other)
                rec["valF1v1"] = validate(net, v1cells, v1onsets)
            rec["valF1"] = float(np.mean([rec[k] for k in ("valF1v2", "valF1v1") if k in rec]))
            if real is not None:
                rec.update(real.score(net))     # evaluation only: logged, never selects
            if a.grow:   # the cache may still be building: take the shards written since
                cells, onsets = load(a.data, seed=1, direction=direction)
                y_all, w_all = targets(onsets)
                rec["trainWindows"] = len(cells)
                if a.v1_share > 0:
                    c1, o1 = load(a.data, seed=1, direction=direction, world="v1")
                    y1, w1 = targets(o1)
                    rec["trainWindowsV1"] = len(c1)
            if rec["valF1"] > state["best"]:
                state["best"] = rec["valF1"]
                save(os.path.join(a.out, "motion.pt"), {"model": net.state_dict(), "step": state["step"],
                                                       "valF1": rec["valF1"], "grid": net.grid, "v1Share": a.v1_share,
                                                       "direction": net.direction})
            log.write(json.dumps(rec) + "\n")
            log.flush()
            print(rec, flush=True)
        if time.time() - last_ckpt > a.ckpt_minutes * 60:
            checkpoint()
            last_ckpt = time.time()
    checkpoint()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--steps", type=int, default=3000)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--crop", type=int, default=48, help="video frames per training row (of the window's 64)")
    p.add_argument("--pos-weight", type=float, default=8.0)
    p.add_argument("--val-every", type=int, default=250)
    p.add_argument("--ckpt-minutes", type=float, default=5.0)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--grow", action="store_true", help="reload training shards at each validation (cache still building)")
    p.add_argument("--no-direction", action="store_true", help="read only |diff| from a --direction cache")
    p.add_argument("--v1-share", type=float, default=0.0,
                   help="share of each batch from Foley World v1 windows (v1shard_1_*; val v1shard_2_*)")
    p.add_argument("--real-dev", default=None, help="real clips folder: logged at validation, evaluation only")
    train(p.parse_args())


if __name__ == "__main__":
    main()
