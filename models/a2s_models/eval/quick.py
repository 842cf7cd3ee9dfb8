"""Quick PyTorch check of trained checkpoints on a Foley World split (the contract eval `a2s eval` runs the ONNX
bundle; this is the training-side sanity check).

python3 -m a2s_models.eval.quick --ckpt-dir runs/x --data PACK [--split test] [--clips 16]
Prints onset F1 (detector on vocoded waves, +-50 ms), ambience correlation/error for: ground truth, ldm (with the
clip's neighbour as condition), ldm with a zero audio condition, and ldm_noaudio.pt if present.
"""
import argparse
import json
import os

import numpy as np
import torch

from ..nets import build_ldm, build_vocoder
from ..train.data import build_batch, make_dataset, prep_frames
from ..train.ldm import generate
from .onsets import ambience_db, detect_onsets_logmel, onset_f1


def load(path, build):
    ck = torch.load(path, map_location="cpu", weights_only=False)
    net = build(ck["config"])
    net.load_state_dict(ck["model"])
    return net.float().eval(), ck["config"]


def scores(mel_fn, waves, batch, cond_mel, cfg):
    hop, sr = cfg["audio"]["mel"]["hop"], cfg["audio"]["sampleRate"]
    f1, amb = [], []
    for i in range(waves.shape[0]):
        m = mel_fn(waves[i: i + 1])[0].numpy()
        f1.append(onset_f1(detect_onsets_logmel(m, hop, sr), [e[0] for e in batch["events"][i]])[0])
        amb.append(ambience_db(m))
    ac = [ambience_db(c) for c in cond_mel]
    return {"onsetF1": float(np.mean(f1)), "ambientCorr": float(np.corrcoef(amb, ac)[0, 1]),
            "ambientErrDb": float(np.mean(np.abs(np.array(amb) - np.array(ac)))), "ambientDb": float(np.mean(amb))}


@torch.no_grad()
def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt-dir", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--split", default="test")
    ap.add_argument("--clips", type=int, default=16)
    ap.add_argument("--steps", type=int, default=None)
    a = ap.parse_args(argv)
    ldm, cfg = load(os.path.join(a.ckpt_dir, "ldm.pt"), build_ldm)
    voc, _ = load(os.path.join(a.ckpt_dir, "vocoder.pt"), build_vocoder)
    ds = make_dataset(a.data, a.split, 0)
    batch = build_batch(ds, 4242, 0, 0, a.clips)
    frames = prep_frames(batch["frames"], cfg["video"]["mean"], cfg["video"]["std"])
    cond = batch["cond_wave"]
    cond_mel = ldm.mel(cond).numpy()
    steps = a.steps or cfg["diffusion"]["steps"]
    out = {"ground-truth": scores(ldm.mel, batch["wave"], batch, cond_mel, cfg)}
    runs = [("av-ldm", ldm, False), ("av-ldm-zero-audio", ldm, True)]
    if os.path.exists(os.path.join(a.ckpt_dir, "ldm_noaudio.pt")):
        runs.append(("av-ldm-nocond", load(os.path.join(a.ckpt_dir, "ldm_noaudio.pt"), build_ldm)[0], True))
    for name, net, zero in runs:
        g = torch.Generator().manual_seed(0)
        mel, _ = generate(net, cfg, frames, cond, steps, g, zero_audio=zero)
        out[name] = scores(ldm.mel, voc(mel), batch, cond_mel, cfg)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
