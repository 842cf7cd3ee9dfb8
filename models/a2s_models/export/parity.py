"""Parity fixtures for the TypeScript pipeline test (models/fixtures/parity/).

Stores everything explicitly (no cross-language RNG): inputs, initial latent, timesteps, the model outputs and
latents of the first steps, the final latent, mel and wave. Arrays are raw little-endian float32 files listed in
index.json with their shapes. The pipeline is docs/DESIGN.md §4 with batch 2 CFG (row 0 conditional, row 1
all-zero context + zero envelope), the envelope = the video encoder's predicted onsets.
"""
import json
import os

import numpy as np
import torch

from ..schedulers import NoiseSchedule, cfg_combine, guided_at, make_sampler
from .verify import RTOL, graph_kind

KEEP_STEPS = 3


def tolerance(vocoder):
    """The tolerance rule of export verification (verify.py, models/README.md) for a reimplementation of the pipeline:
    max|got - ref| <= rtol * absMax(ref) per array; each graph and the first steps at the network rtol, what follows
    the whole sampling loop 10x that (rounding accumulates over the steps), the wave at least its vocoder's rtol."""
    after_loop = 10 * RTOL["network"]
    return {"rule": "max|got - ref| <= rtol * absMax(ref)", "perGraph": RTOL["network"], "stepLatent": RTOL["network"],
            "final": after_loop, "wave": max(after_loop, RTOL[graph_kind(vocoder)])}


def fixture_inputs(cfg, seed=1234):
    g = np.random.default_rng(seed)
    v, s = cfg["video"], cfg["audio"]["clipSamples"]
    t = np.arange(v["frames"])[:, None, None, None]
    yy, xx = np.mgrid[0: v["height"], 0: v["width"]]
    frames = (np.sin(0.3 * xx + 0.2 * yy + 0.5 * t) * 0.5 + g.standard_normal((v["frames"], 3, v["height"], v["width"])) * 0.3)
    wave = (g.standard_normal(s) * 0.05 * (1 + np.sin(np.arange(s) / 800.0))).astype(np.float32)
    latent0 = g.standard_normal(cfg["latent"]["shape"]).astype(np.float32)
    return frames.astype(np.float32)[None], wave[None], latent0[None]


@torch.no_grad()
def run_pipeline(cfg, ldm, vocoder, frames, cond_wave, latent0, keep=KEEP_STEPS):
    ldm.eval()
    vocoder.eval()
    d = cfg["diffusion"]
    tokens, logits = ldm.video(torch.from_numpy(frames))
    onsets = torch.sigmoid(logits)
    atok = ldm.audio_cond(torch.from_numpy(cond_wave))
    ctx = torch.cat([tokens, atok], 1)
    ctx2 = torch.cat([ctx, torch.zeros_like(ctx)], 0)
    env2 = torch.cat([onsets, torch.zeros_like(onsets)], 0)
    sampler = make_sampler(d["sampler"], NoiseSchedule.from_config(d))
    ts = sampler.set_timesteps(d["steps"])
    x = torch.from_numpy(latent0)
    steps = []
    for i, t in enumerate(ts):
        out = ldm.unet(torch.cat([x, x], 0), torch.full((2,), float(t)), ctx2, env2)
        guided = cfg_combine(out[:1], out[1:], d["guidance"]) if guided_at(d, t) else out[:1]
        x = sampler.step(guided, x).float()
        if i < keep:
            steps.append({"t": t, "cond": out[:1].numpy(), "uncond": out[1:].numpy(), "guided": guided.numpy(),
                          "latent": x.numpy()})
    mel = ldm.decode(x)
    wave = vocoder(mel)
    return {"videoTokens": tokens.numpy(), "onsets": onsets.numpy(), "audioTokens": atok.numpy(),
            "context": ctx.numpy(), "timesteps": ts, "steps": steps, "finalLatent": x.numpy(), "mel": mel.numpy(),
            "wave": wave.numpy()}


def write_parity(cfg, ldm, vocoder, out_dir, bundle_id, seed=1234):
    os.makedirs(out_dir, exist_ok=True)
    frames, cond, lat0 = fixture_inputs(cfg, seed)
    res = run_pipeline(cfg, ldm, vocoder, frames, cond, lat0)
    arrays = {"frames": frames, "condWave": cond, "initialLatent": lat0}
    for k in ("videoTokens", "onsets", "audioTokens", "context", "finalLatent", "mel", "wave"):
        arrays[k] = res[k]
    steps = []
    for i, s in enumerate(res["steps"]):
        names = {}
        for k in ("cond", "uncond", "guided", "latent"):
            arrays[f"step{i}_{k}"] = s[k]
            names[k] = f"step{i}_{k}"
        steps.append({"index": i, "t": s["t"], **names})
    index = {"format": "a2s-parity/1", "bundle": bundle_id, "batch": 1,
             "pipeline": "docs/DESIGN.md section 4; CFG batch 2: [cond; uncond=zero context & zero envelope]; "
                         "envelope = videoEncoder onsets; x_{i+1} = sampler.step(w*c + (1-w)*u, x_i); "
                         "mel = decoder(final); wave = vocoder(mel)",
             "diffusion": cfg["diffusion"], "timesteps": res["timesteps"], "steps": steps,
             "tolerance": tolerance(vocoder),
             "arrays": {}}
    for k, arr in arrays.items():
        arr = np.ascontiguousarray(arr, dtype="<f4")
        arr.tofile(os.path.join(out_dir, f"{k}.f32"))
        index["arrays"][k] = {"file": f"{k}.f32", "shape": list(arr.shape), "sum": float(arr.astype(np.float64).sum()),
                              "absMax": float(np.abs(arr).max())}
    with open(os.path.join(out_dir, "index.json"), "w") as f:
        json.dump(index, f, indent=1)
    return index
