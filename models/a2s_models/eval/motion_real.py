"""Real clips scored with the motion timing net in PyTorch, for the trainer's log: EVALUATION ONLY (nothing here
feeds a gradient or picks a checkpoint). The engine's `a2s eval --set real` is the contract measurement.

Frames: luma, area-scaled to the net's size, 64 per 2.048 s window ('left' sampling: the last source frame at or
before each tick). Windows as the engine plans a span (inference/windows.ts planWindows, overlap 0.5 s), each
window reporting its own part of the span (overlaps split at midpoints), as the pipeline's predictedOnsets.
"""
import json
import math
import os
import subprocess

import numpy as np
import torch

from ..nets.motion import MotionTimingGraph
from .onsets import onset_f1

WIN, T, HOP_S = 2.048, 64, 256 / 16000


def decode_luma(path, size):
    """(frames uint8 [N,size,size], source fps) — every source frame, area-scaled."""
    probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                            "stream=avg_frame_rate", "-of", "csv=p=0", path], capture_output=True, text=True, check=True)
    num, den = probe.stdout.strip().split("/")
    fps = float(num) / float(den)
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-vf", f"scale={size}:{size}:flags=area",
                          "-pix_fmt", "gray", "-f", "rawvideo", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, size, size), fps


def plan_windows(start, end, overlap=0.5):
    length = end - start
    if length <= WIN + 1e-9:
        return [start]
    ov = min(overlap, WIN / 2)
    count = math.ceil((length - ov) / (WIN - ov))
    stride = (length - WIN) / (count - 1)
    return [start + k * stride for k in range(count)]


def window_frames(frames, fps, start):
    idx = [min(len(frames) - 1, int(math.floor((start + k * WIN / T) * fps + 1e-6))) for k in range(T)]
    return frames[idx]


def peaks(p, threshold=0.5):
    return [i for i, v in enumerate(p) if v >= threshold and not ((i > 0 and p[i - 1] > v) or (i + 1 < len(p) and p[i + 1] >= v))]


@torch.no_grad()
def span_onsets(net, frames, fps, start, end):
    starts = plan_windows(start, end)
    x = torch.from_numpy(np.stack([window_frames(frames, fps, s) for s in starts]).astype(np.float32) / 255.0)
    p = MotionTimingGraph(net)(x).numpy()     # as exported: offset and non-maximum suppression included
    out = []
    for k, s in enumerate(starts):
        lo = start if k == 0 else (starts[k] + starts[k - 1] + WIN) / 2
        hi = end if k + 1 == len(starts) else (starts[k + 1] + starts[k] + WIN) / 2
        out += [s + i * HOP_S for i in peaks(p[k]) if lo <= s + i * HOP_S < hi]
    return out


class RealClips:
    def __init__(self, folder, size=128):
        with open(os.path.join(folder, "manifest.json")) as f:
            self.clips = [(c["id"], *decode_luma(os.path.join(folder, c["file"]), size), float(c["seconds"]), c["onsets"])
                          for c in json.load(f)]

    def per_clip(self, net):
        """{clip id: f1, precision, recall, predicted and reference onset counts} of the net's span onsets."""
        was = net.training
        net.eval()
        rows = {}
        for cid, frames, fps, seconds, ref in self.clips:
            pred = span_onsets(net, frames, fps, 0.0, min(seconds, len(frames) / fps))
            f, prec, rec = onset_f1(pred, ref)[:3]
            rows[cid] = {"f1": f, "precision": prec, "recall": rec, "predicted": len(pred), "reference": len(ref)}
        net.train(was)
        return rows

    def score(self, net):
        per = {k: r["f1"] for k, r in self.per_clip(net).items()}
        return {"realTimingF1": float(np.mean(list(per.values()))), "realPerClip": {k: round(v, 3) for k, v in per.items()}}


def main():
    """Score a motion checkpoint on one or more real sets, per clip (F1, precision, recall, counts). `--calibrate CACHE`
    first folds in the threshold and suppression chosen on that cache's Foley World val shards (as the exporter
    does), so the figures are the exported graph's."""
    import argparse
    from ..nets.motion import MotionTiming
    p = argparse.ArgumentParser()
    p.add_argument("--ckpt", required=True)
    p.add_argument("--data", required=True, nargs="+", help="real clip folders (manifest.json as real-dev)")
    p.add_argument("--calibrate", metavar="CACHE", help="motion grid cache (train/motion_data.py) with val shards")
    a = p.parse_args()
    c = torch.load(a.ckpt, map_location="cpu")
    net = MotionTiming(grid=c.get("grid", 16), direction=c.get("direction", False))
    net.load_state_dict(c["model"])
    net.eval()
    out = {"ckpt": a.ckpt, "step": c.get("step"), "valF1": c.get("valF1")}
    if a.calibrate:
        from ..export.motion import calibrate
        out["calibration"] = calibrate(net, a.calibrate, v1=c.get("v1Share", 0) > 0)[1]
    for folder in a.data:
        rows = RealClips(folder).per_clip(net)
        mean = {k: float(np.mean([r[k] for r in rows.values()])) for k in ("f1", "precision", "recall")}
        out[folder] = {"meanF1": mean["f1"], "meanPrecision": mean["precision"], "meanRecall": mean["recall"],
                       "clips": {cid: {k: round(v, 3) if isinstance(v, float) else v for k, v in r.items()}
                                 for cid, r in rows.items()}}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
