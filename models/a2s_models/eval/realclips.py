"""Real clips with their own recorded sound (a folder with manifest.json in the format of ../shared/data/real-dev),
scored in PyTorch during training: EVALUATION ONLY. Nothing here feeds a gradient; trainers log these figures next
to Foley World validation, and checkpoints are still selected on Foley World val (models/README.md).

    python3 -m a2s_models.eval.realclips --ckpt runs/x/ldm.pt --data ../../shared/data/real-dev [--cond COND.wav]

Each clip is cut into whole model windows (clipSeconds, from 0); per window: the timing head's onsets, and takes
generated (a) from the video alone and (b) with the reference onsets as the envelope (`given`), with a quiet
condition clip. Onset F1 (+-50 ms) against the reference onsets in the covered span, detector on the generated
log-mel (as training validation does); the engine's `a2s eval --set real` is the contract measurement.
"""
import argparse
import json
import os
import subprocess
import wave

import numpy as np
import torch

from .onsets import detect_onsets_logmel, onset_f1


def read_wav16(path, samples):
    with wave.open(path) as w:
        x = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768.0
        x = x.reshape(-1, w.getnchannels()).mean(1)
    return np.pad(x, (0, max(0, samples - len(x))))[:samples]


def decode_frames(path, fps, size):
    """All frames of a video at `fps` (ffmpeg picks the frame shown at each tick: left sampling), area-resized RGB."""
    cmd = ["ffmpeg", "-v", "error", "-i", path, "-vf", f"fps={fps},scale={size}:{size}:flags=area",
           "-pix_fmt", "rgb24", "-f", "rawvideo", "-"]
    raw = subprocess.run(cmd, capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, size, size, 3)


def load_clips(data_dir, cfg, limit=None):
    """[(id, frames uint8 [W,T,H,W,3], window starts, reference onsets)] for every clip with >= 1 whole window."""
    v, a = cfg["video"], cfg["audio"]
    win, t = a["clipSeconds"], v["frames"]
    with open(os.path.join(data_dir, "manifest.json")) as f:
        manifest = json.load(f)
    clips = []
    for c in manifest[:limit]:
        frames = decode_frames(os.path.join(data_dir, c["file"]), t / win, v["width"])
        n = len(frames) // t
        if n == 0:
            continue
        clips.append((c["id"], frames[: n * t].reshape(n, t, v["height"], v["width"], 3),
                      [i * win for i in range(n)], list(c["onsets"])))
    return clips


def envelope(onsets, start, cfg):
    """The bundle's envelope convention: 1.0 at latent frame floor((t - start) * sr / hop)."""
    a = cfg["audio"]
    env = np.zeros(a["mel"]["frames"], np.float32)
    for o in onsets:
        f = int(np.floor((o - start) * a["sampleRate"] / a["mel"]["hop"]))
        if 0 <= f < len(env):
            env[f] = 1.0
    return env


def in_span(times, starts, win):
    return [x for x in times if any(s <= x < s + win for s in starts)]


@torch.no_grad()
def score(ldm, cfg, clips, cond_wave, steps=14, seed=0):
    """Mean over clips of onset F1 for the timing head, video-only takes and given-onset takes."""
    from ..train.data import prep_frames
    from ..train.ldm import generate
    a = cfg["audio"]
    hop, sr, win = a["mel"]["hop"], a["sampleRate"], a["clipSeconds"]
    rows = {"timingHead": [], "videoOnly": [], "given": []}
    was_training = ldm.training
    ldm.eval()
    for _, frames, starts, ref in clips:
        x = prep_frames(torch.from_numpy(frames.copy()), cfg["video"]["mean"], cfg["video"]["std"])
        n = x.shape[0]
        cond = torch.from_numpy(np.tile(cond_wave, (n, 1)))
        given = torch.from_numpy(np.stack([envelope(ref, s, cfg) for s in starts]))
        ref_in = in_span(ref, starts, win)
        found = {k: [] for k in rows}
        for key, env in (("videoOnly", None), ("given", given)):
            gen = torch.Generator().manual_seed(seed)
            mel, used = generate(ldm, cfg, x, cond, steps, gen, envelope=env)
            for i, s in enumerate(starts):
                found[key] += [s + t for t in detect_onsets_logmel(mel[i].numpy(), hop, sr)]
                if key == "videoOnly":
                    found["timingHead"] += [s + f * hop / sr for f in np.nonzero(used[i].numpy() >= 0.5)[0]]
        for k in rows:
            rows[k].append(onset_f1(found[k], ref_in)[0])
    if was_training:
        ldm.train()
    return {f"real{k[0].upper()}{k[1:]}F1": float(np.mean(v)) for k, v in rows.items()} | {"realClips": len(clips)}


def main(argv=None):
    from ..nets import build_ldm
    from ..train.common import load_final
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--cond", default=os.path.join(os.path.dirname(__file__), "../../bundles/default/conditions/low.wav"))
    ap.add_argument("--steps", type=int, default=14)
    a = ap.parse_args(argv)
    ck = load_final(a.ckpt)
    ldm = build_ldm(ck["config"])
    ldm.load_state_dict(ck["model"])
    cfg = ck["config"]
    clips = load_clips(a.data, cfg)
    print(json.dumps(score(ldm, cfg, clips, read_wav16(a.cond, cfg["audio"]["clipSamples"]), a.steps)))


if __name__ == "__main__":
    main()
