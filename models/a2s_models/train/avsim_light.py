"""Fine-tune AV-Sim's light pathway and audio tower on a feature cache (CPU-sized; issue 8).

The video body (per-frame CNN + temporal convs of a trained AV-Sim) stays frozen: its pooled features and the
clip's colour statistics are computed once per sample and cached, so a training step costs milliseconds instead
of the ~7 s a full video-tower step takes on one core here. Trained: the light pathway, the video projection,
the audio tower and the temperature. Positives as in train.avsim: the clip's own audio or, with probability
`train.avsimCondPositive`, its condition clip (same scene and bed, other events).

  python3 -m a2s_models.train.avsim_light --config configs/default.json --data PACK --init runs/x/avsim.pt \
      --out runs/y [--samples 2400] [--steps 3000]

The cache is written in chunks (`out/light_cache/<split>_NNNN.npz`), so a killed run resumes where it stopped.
"""
import argparse
import json
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from ..foleyworld.clips import FoleyWorldClips
from ..nets import build_avsim
from .common import load_final
from .data import prep_frames

def _load(cfg, path):
    net = build_avsim(cfg)
    ck = load_final(path)
    missing, unexpected = net.load_state_dict(ck["model"], strict=False)
    if unexpected or any(not k.startswith("video.light.") for k in missing):
        raise SystemExit(f"--init {path} does not fit this config: missing {missing}, unexpected {unexpected}")
    return net, ck


@torch.no_grad()
def _chunk(net, cfg, ds, seed, size):
    rng = np.random.default_rng(seed)
    out = {k: [] for k in ("h", "colour", "wave", "cond", "amb")}
    norm = net.audio.normalizer
    for _ in range(size):
        s = ds.sample(rng)
        fr = prep_frames(torch.from_numpy(s["frames"])[None], cfg["video"]["mean"], cfg["video"]["std"])
        h, c = net.video.features(fr)
        waves = torch.from_numpy(np.stack([s["wave"], s["cond_wave"]])).float()
        lat = norm(net.audio.mel(waves))
        out["h"].append(h[0].numpy())
        out["colour"].append(c[0].numpy())
        out["wave"].append(lat[0].numpy().astype(np.float16))
        out["cond"].append(lat[1].numpy().astype(np.float16))
        out["amb"].append(s["ambience_class"])
    return {k: np.stack(v) for k, v in out.items()}


def feature_cache(net, cfg, pack, split, n, out, seed, chunk=100):
    """n samples of `split` as frozen-body features + normalised mel latents, built (or resumed) in chunks."""
    os.makedirs(os.path.join(out, "light_cache"), exist_ok=True)
    # every sample a fresh scene (pool of 1, always refreshed): diversity of looks matters more than speed here
    ds = FoleyWorldClips(pack, split, seed=seed, pool=1, refresh=1.0)
    chunks = []
    for i in range((n + chunk - 1) // chunk):
        path = os.path.join(out, "light_cache", f"{split}_{i:04d}.npz")
        if not os.path.exists(path):
            ds.rng = np.random.default_rng([seed, i])
            t0 = time.time()
            data = _chunk(net, cfg, ds, [seed, i, 1], chunk)
            np.savez(path + ".tmp.npz", **data)
            os.replace(path + ".tmp.npz", path)
            print(f"cache {split} chunk {i}: {chunk} samples in {time.time() - t0:.0f} s", flush=True)
        chunks.append(dict(np.load(path)))
    return {k: torch.from_numpy(np.concatenate([c[k] for c in chunks])[:n]) for k in chunks[0]}


def retrieval_top3(net, d):
    """Fraction of clips whose video embedding ranks, among the OTHER clips' condition audio, one of the same
    ambience class in the top 3 (what library retrieval needs), and the chance rate of that."""
    with torch.no_grad():
        v = net.video.head(d["h"], d["colour"])
        a = net.audio.forward_latent(d["cond"].float())
        sim = v @ a.t()
        sim.fill_diagonal_(-2.0)
        top = sim.topk(3, dim=1).indices
        amb = d["amb"]
        hit = (amb[top] == amb[:, None]).any(1).float().mean().item()
    return hit


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", required=True)
    ap.add_argument("--data", required=True, help="Foley World pack")
    ap.add_argument("--init", required=True, help="trained AV-Sim weights (avsim.pt)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--samples", type=int, default=2400)
    ap.add_argument("--val-samples", type=int, default=300)
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--chunk", type=int, default=100, help="cache samples per file (the unit of resume)")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    with open(args.config) as f:
        cfg = json.load(f)
    if not cfg["nets"]["avsim"].get("light"):
        raise SystemExit("this config has no AV-Sim light pathway (nets.avsim.light)")
    net, ck = _load(cfg, args.init)
    net.eval()
    train = feature_cache(net, cfg, args.data, "train", args.samples, args.out, args.seed + 11, args.chunk)
    val = feature_cache(net, cfg, args.data, "val", args.val_samples, args.out, args.seed + 23, args.chunk)
    log = open(os.path.join(args.out, "log_avsim_light.jsonl"), "a")

    def record(rec):
        log.write(json.dumps({"time": round(time.time(), 3), **rec}) + "\n")
        log.flush()
        print(rec, flush=True)

    record({"event": "start", "init": args.init, "initStep": ck.get("step"), "train": args.samples,
            "val": args.val_samples, "valTop3": retrieval_top3(net, val)})
    for p in net.parameters():
        p.requires_grad_(False)
    params = [*net.video.light.parameters(), *net.video.proj.parameters(), *net.audio.net.parameters(),
              *net.audio.proj.parameters(), net.logit_scale]
    for p in params:
        p.requires_grad_(True)
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    p_cond = cfg["train"].get("avsimCondPositive", 0.5)
    g = torch.Generator().manual_seed(args.seed)
    n = len(train["amb"])
    best = None
    for step in range(1, args.steps + 1):
        lr = args.lr * min(1.0, step / 100) * 0.5 * (1 + np.cos(np.pi * step / args.steps))
        for group in opt.param_groups:
            group["lr"] = lr
        idx = torch.randperm(n, generator=g)[:args.batch]
        pick = (torch.rand(len(idx), generator=g) < p_cond)[:, None, None]
        lat = torch.where(pick, train["cond"][idx], train["wave"][idx]).float()
        v = net.video.head(train["h"][idx], train["colour"][idx])
        a = net.audio.forward_latent(lat)
        logits = v @ a.t() * net.logit_scale.exp().clamp(max=100)
        target = torch.arange(len(idx))
        loss = 0.5 * (F.cross_entropy(logits, target) + F.cross_entropy(logits.t(), target))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        if step % 250 == 0 or step == args.steps:
            top3 = retrieval_top3(net, val)
            record({"step": step, "loss": round(loss.item(), 4), "lr": lr, "valTop3": top3,
                    "trainTop3": retrieval_top3(net, {k: v[:args.val_samples] for k, v in train.items()})})
            if best is None or top3 > best[0]:      # model selection on the validation split, never the test split
                best = (top3, step, {k: v.detach().clone() for k, v in net.state_dict().items()})
    final = os.path.join(args.out, "avsim.pt")
    top3, step, weights = best if best is not None else (None, 0, net.state_dict())
    torch.save({"kind": "avsim", "config": cfg, "model": {k: v.detach().cpu() for k, v in weights.items()},
                "step": ck.get("step", 0), "samples": ck.get("samples", 0),
                "light": {"init": args.init, "steps": step, "of": args.steps, "batch": args.batch,
                          "cacheSamples": args.samples, "valTop3": top3}},
               final + ".tmp")
    os.replace(final + ".tmp", final)
    record({"event": "end", "final": final, "bestStep": step, "valTop3": top3})


if __name__ == "__main__":
    main()
