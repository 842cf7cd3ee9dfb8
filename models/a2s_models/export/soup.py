"""Weight-space interpolation between two bundles of one lineage (a fine-tune and the bundle it started from):
theta = theta_old + alpha * (theta_new - theta_old), graph by graph, on the ONNX initializers. Interpolating a
fine-tune back toward its start trades what the fine-tune taught against what it cost (WiSE-FT, Wortsman et al.,
CVPR 2022; model soups). Issue 15: v3.1 taught the UNet to obey a given onset envelope on any picture and cost rag
takes class accuracy; alpha between v3 (0) and v3.1 (1) is chosen on Foley World val (models/README "v3.2").

    python3 -m a2s_models.export.soup --old OLD_BUNDLE --new NEW_BUNDLE --alpha 0.6 --out DIR [--id ID]

DIR gets a copy of NEW with the LDM graphs a fine-tune trains (videoEncoder, audioCondition, denoiser) interpolated (--graphs to choose others). Works
because export.graphs exports without constant folding: both graphs keep every parameter as a named initializer
(export/recover.py). A parameter the old graph lacks is a path the fine-tune added; where the net zero-initialises
it (ZERO_INIT) the old bundle is that path at zero, so the interpolation stays exact (the path's output scales by
alpha); any other missing parameter is an error.
"""
import argparse
import json
import os
import shutil

import numpy as np
import onnx
from onnx import numpy_helper

from .bundle import sha256

# Parameters a fine-tune may add that start at zero, so the bundle without them equals one with them at zero:
# the UNet envelope path's last conv (nets/unet1d.py, nn.init.zeros_ on envelope[-1]).
ZERO_INIT = ("unet.envelope.4.",)
# Earlier layers of such a path: their value is irrelevant while the last layer is zero, so the old side takes the new
# value (the path's output is then exactly alpha times the new path's).
ZERO_GATED = ("unet.envelope.",)


def interpolate_graph(old_path, new_path, alpha, out_path):
    """Write new_path's graph with every float initializer moved to old + alpha * (new - old). Returns the number
    of initializers interpolated."""
    old = {i.name: numpy_helper.to_array(i) for i in onnx.load(old_path).graph.initializer}
    model = onnx.load(new_path)
    n = 0
    for init in model.graph.initializer:
        new = numpy_helper.to_array(init)
        if not np.issubdtype(new.dtype, np.floating):
            continue
        if init.name in old:
            base = old[init.name]
            if base.shape != new.shape:
                raise SystemExit(f"soup: {init.name} is {base.shape} in {old_path} but {new.shape} in {new_path}")
        elif init.name.startswith(ZERO_INIT):
            base = np.zeros_like(new)
        elif init.name.startswith(ZERO_GATED):
            base = new
        else:
            raise SystemExit(f"soup: {init.name} is missing from {old_path} and is not a zero-initialised path: not one lineage")
        mixed = (base.astype(np.float64) + alpha * (new.astype(np.float64) - base)).astype(new.dtype)
        init.CopyFrom(numpy_helper.from_array(mixed, init.name))
        n += 1
    tmp = out_path + ".tmp"
    onnx.save(model, tmp)
    os.replace(tmp, out_path)
    return n


def soup(old, new, alpha, out, graphs=("videoEncoder", "audioCondition", "denoiser"), bundle_id=None):
    if not 0.0 <= alpha <= 1.0:
        raise SystemExit(f"soup: --alpha must be in [0, 1], got {alpha}")
    with open(os.path.join(new, "manifest.json")) as f:
        man = json.load(f)
    with open(os.path.join(old, "manifest.json")) as f:
        old_man = json.load(f)
    if os.path.exists(out):
        raise SystemExit(f"soup: {out} exists")
    tmp_dir = out + ".tmp"
    shutil.rmtree(tmp_dir, ignore_errors=True)
    shutil.copytree(new, tmp_dir)
    for key in graphs:
        file = man["graphs"][key]["file"]
        interpolate_graph(os.path.join(old, old_man["graphs"][key]["file"]), os.path.join(new, file), alpha,
                          os.path.join(tmp_dir, file))
        man["sha256"][file] = sha256(os.path.join(tmp_dir, file))
    new_id = man["id"]
    if bundle_id:
        man["id"] = bundle_id
    man.setdefault("training", {}).setdefault("ldm", {})["soup"] = {
        "old": old_man["id"], "new": new_id, "alpha": alpha,
        "graphs": list(graphs), "rule": "old + alpha * (new - old) per initializer (export/soup.py)"}
    with open(os.path.join(tmp_dir, "manifest.json"), "w") as f:
        json.dump(man, f, indent=2)
        f.write("\n")
    os.replace(tmp_dir, out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--old", required=True, help="the bundle the fine-tune started from (alpha 0)")
    ap.add_argument("--new", required=True, help="the fine-tuned bundle (alpha 1); the output is a copy of it")
    ap.add_argument("--alpha", type=float, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--graphs", default="videoEncoder,audioCondition,denoiser", help="the graphs the fine-tune trained")
    ap.add_argument("--id", default=None, help="the new bundle's id (default: NEW's)")
    a = ap.parse_args(argv)
    soup(a.old, a.new, a.alpha, a.out, tuple(a.graphs.split(",")), a.id)


if __name__ == "__main__":
    main()
