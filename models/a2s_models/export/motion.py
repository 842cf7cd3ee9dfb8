"""Add the motion timing graph (nets/motion.py) to a bundle: `motion_timing.onnx`, the manifest's `motion` frame
spec and `graphs.motionTiming`, its hash and size, and a parity fixture (input frames + PyTorch output).

    python3 -m a2s_models.export.motion --ckpt runs/motion/motion.pt --bundle bundles/default \
        [--id default-foleyworld-v4] [--fixtures fixtures/parity-motion]
    python3 -m a2s_models.export.motion --random [--direction] --bundle /tmp/tiny-copy   # untrained, engine tests

The bundle is edited in place (copy it first); the manifest is rewritten atomically after the graph is verified
against PyTorch (verify.py's network rule).
"""
import argparse
import json
import os

import numpy as np
import torch

from ..nets.motion import MotionTiming, MotionTimingGraph
from .bundle import sha256
from .graphs import export_graph
from .verify import verify

FILE = "motion_timing.onnx"


def motion_spec(size, frames):
    return {"frames": frames, "width": size, "height": size, "sampling": "left", "resize": "area",
            "layout": f"[B,T,H,W] float32 luma (gray, full range) / 255, T = {frames} frames uniform over the clip"}


def fixture_frames(size, frames, seed=7):
    """A bright bar that falls, stops on a line (contact at frame 20 and 44), rises: deterministic, with noise."""
    g = np.random.default_rng(seed)
    x = np.full((frames, size, size), 0.3, np.float32) + g.standard_normal((frames, size, size)).astype(np.float32) * 0.02
    for k in range(frames):
        ph = k % 24
        y = int(size * (0.1 + 0.6 * min(1.0, ph / 20.0))) if ph <= 20 else int(size * (0.7 - 0.15 * (ph - 20)))
        x[k, max(0, y - 6): y, size // 3: size // 3 + 10] = 0.9
    return np.clip(x, 0, 1)[None]


def calibrate(net, data, v1=False):
    """The engine reads onsets as peaks >= 0.5: pick the probability threshold and the non-maximum suppression radius
    that maximise onset F1 on the cache's Foley World val shards (seed 2: v2, and with `v1` — a net trained with
    `--v1-share` — the mean of v2 and v1; never real clips) and fold them into the graph (a logit offset, a max-pool)."""
    from ..train.motion import validate
    from ..train.motion_data import load
    d = None if net.direction else False
    sets = [load(data, seed=2, direction=d)]
    if v1:
        sets.append(load(data, seed=2, direction=d, world="v1"))
        if not len(sets[-1][0]):
            raise SystemExit(f"{data}: no Foley World v1 val shards (motion_data --world v1 --split val --seed 2)")
    best = (-1.0, 0.5, 0)
    for gap in (0, 2, 4, 6):
        for thr in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
            net.logit_bias, net.min_gap = -float(np.log(thr / (1 - thr))), gap
            best = max(best, (float(np.mean([validate(net, c, o) for c, o in sets])), thr, gap))
    net.logit_bias, net.min_gap = -float(np.log(best[1] / (1 - best[1]))), best[2]
    return net.logit_bias, {"threshold": best[1], "minGapFrames": best[2], "valF1": best[0],
                            "windows": sum(len(c) for c, _ in sets), "worlds": ["v2", "v1"][:len(sets)]}


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--bundle", required=True)
    p.add_argument("--ckpt")
    p.add_argument("--random", action="store_true", help="untrained weights (seed 0): engine tests only")
    p.add_argument("--direction", action="store_true", help="with --random: the net with direction features")
    p.add_argument("--id")
    p.add_argument("--size", type=int, default=128)
    p.add_argument("--fixtures")
    p.add_argument("--calibrate", metavar="CACHE", help="motion grid cache (train/motion_data.py): threshold on its val shards")
    a = p.parse_args(argv)
    man_path = os.path.join(a.bundle, "manifest.json")
    with open(man_path) as f:
        man = json.load(f)
    frames = man["video"]["frames"]
    latent = man.get("onsets", {}).get("frames", man["latent"]["shape"][-1])
    torch.manual_seed(0)
    if a.random:
        net, info = MotionTiming(latent_frames=latent, direction=a.direction), {"weights": "random (seed 0)"}
    else:
        c = torch.load(a.ckpt, map_location="cpu")
        net = MotionTiming(grid=c.get("grid", 16), latent_frames=latent, direction=c.get("direction", False))
        net.load_state_dict(c["model"])
        info = {"step": c.get("step"), "valF1": c.get("valF1")}
        if a.calibrate:
            net.logit_bias, info["calibration"] = calibrate(net, a.calibrate, v1=c.get("v1Share", 0) > 0)
    graph = MotionTimingGraph(net).eval()
    path = os.path.join(a.bundle, FILE)
    x = torch.from_numpy(fixture_frames(a.size, frames))
    export_graph(graph, {"frames": x}, ["onsets"], path)
    with torch.no_grad():
        ref = graph(x).numpy()
    checked = verify(a.bundle, [("motionTiming", FILE, graph, {"frames": [frames, a.size, a.size]}, ["onsets"])])
    if checked is not None and not all(r["ok"] for r in checked):
        raise SystemExit(f"motion graph parity failed: {checked}")
    err = checked[0]["maxRelDiff"]["onsets"] if checked else None
    man["motion"] = motion_spec(a.size, frames)
    man["graphs"]["motionTiming"] = {"file": FILE, "inputs": {"frames": f"[B,{frames},{a.size},{a.size}] f32"},
                                     "outputs": {"onsets": f"[B,{latent}]"}}
    man.setdefault("training", {})["motion"] = info
    if a.id:
        man["id"] = a.id
    man["sha256"][FILE] = sha256(path)
    man["bytes"][FILE] = os.path.getsize(path)
    tmp = man_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(man, f, indent=2)
    os.replace(tmp, man_path)
    if a.fixtures:
        os.makedirs(a.fixtures, exist_ok=True)
        index = {"format": "a2s-parity/1", "bundle": man["id"], "graph": "motionTiming",
                 "tolerance": {"rule": "max|got - ref| <= rtol * absMax(ref)", "perGraph": 1e-4}, "arrays": {}}
        for k, arr in {"frames": x.numpy(), "onsets": ref}.items():
            arr = np.ascontiguousarray(arr, dtype="<f4")
            arr.tofile(os.path.join(a.fixtures, f"{k}.f32"))
            index["arrays"][k] = {"file": f"{k}.f32", "shape": list(arr.shape), "absMax": float(np.abs(arr).max())}
        with open(os.path.join(a.fixtures, "index.json"), "w") as f:
            json.dump(index, f, indent=1)
    print(json.dumps({"bundle": a.bundle, "id": man["id"], "file": FILE, "bytes": man["bytes"][FILE], "maxRelDiff": err}))


if __name__ == "__main__":
    main()
