"""Check exported graphs against PyTorch: Python onnxruntime if importable, else onnxruntime-node via
models/scripts/ort_check.mjs. Returns [{graph, kind, maxAbsDiff: {output: float}, maxRelDiff: {output: float}, ok}].

The rule (models/README.md, "Export verification"), for every output of every graph:
    max|onnx - torch| <= RTOL[kind] * max|torch|        (scale 1 where the output is all zeros)
Float32 rounding grows with the values a graph computes, so the bound is relative to the output's own scale, never a
fixed absolute number (an absolute 1e-4 passed or failed a random-init vocoder depending on the CPU).
"""
import json
import os
import shutil
import subprocess
import tempfile

import numpy as np
import torch

from ..nets.griffinlim import GriffinLim
from .graphs import Passthrough, example_inputs

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
ORT_CHECK = os.path.join(ROOT, "models", "scripts", "ort_check.mjs")


def backend():
    try:
        import onnxruntime  # noqa: F401
        return "python"
    except ImportError:
        pass
    if shutil.which("node") and os.path.isdir(os.path.join(ROOT, "node_modules", "onnxruntime-node")):
        return "node"
    return None


def reference(specs, batch=2, seed=0):
    gen = torch.Generator().manual_seed(seed)
    jobs = []
    for key, file, module, shapes, outputs in specs:
        inputs = example_inputs(shapes, batch, gen)
        module.eval()
        with torch.no_grad():
            res = module(*inputs.values())
        res = res if isinstance(res, (tuple, list)) else (res,)
        jobs.append((file, {k: v.numpy() for k, v in inputs.items()}, dict(zip(outputs, [r.numpy() for r in res]))))
    return jobs


# Networks (conv / attention / MLP stacks): measured <= 1.4e-6 relative on the tiny configs, so 1e-4 leaves ~70x.
# Griffin-Lim unrolls 32 STFT/iSTFT round trips with a phase normalisation that amplifies rounding: measured
# 4.7e-4 .. 6.9e-4 relative (inaudible), so 1e-2 (~15x). The kind follows the module, not the file name: a bundle
# without a trained vocoder ships Griffin-Lim as vocoder.onnx too.
RTOL = {"network": 1e-4, "griffinlim": 1e-2}


def graph_kind(module):
    inner = module.m if isinstance(module, Passthrough) else module
    return "griffinlim" if isinstance(inner, GriffinLim) else "network"


def scale(ref):
    m = float(np.abs(ref).max()) if ref.size else 0.0
    return m if m > 0 else 1.0


def judge(file, kind, refs, diffs, rtol):
    """Applies the rule to one graph's measured max|onnx - torch| per output."""
    rel = {k: diffs[k] / scale(r) for k, r in refs.items()}
    ok = all(rel[k] <= rtol for k in refs)
    return {"graph": file, "kind": kind, "maxAbsDiff": diffs, "maxRelDiff": rel, "ok": ok}


def verify(bundle_dir, specs, tol=None, batch=2):
    """The rule above for every graph of `specs`; `tol` overrides the networks' relative tolerance."""
    which = backend()
    if which is None:
        return None
    rtols = {**RTOL, **({"network": tol} if tol is not None else {})}
    kinds = [graph_kind(module) for _, _, module, _, _ in specs]
    jobs = reference(specs, batch)
    if which == "python":
        import onnxruntime as ort
        results = []
        for (file, ins, outs), kind in zip(jobs, kinds):
            sess = ort.InferenceSession(os.path.join(bundle_dir, file), providers=["CPUExecutionProvider"])
            got = sess.run(list(outs), ins)
            diffs = {k: float(np.abs(g - r).max()) if g.shape == r.shape else float("inf")
                     for (k, r), g in zip(outs.items(), got)}
            results.append(judge(file, kind, outs, diffs, rtols[kind]))
        return results
    with tempfile.TemporaryDirectory() as tmp:
        check = []
        for j, (file, ins, outs) in enumerate(jobs):
            entry = {"graph": os.path.abspath(os.path.join(bundle_dir, file)), "inputs": {}, "outputs": {}}
            for io, arrs in (("inputs", ins), ("outputs", outs)):
                for k, arr in arrs.items():
                    fn = f"{j}_{io}_{k}.bin"
                    arr.astype(np.float32).tofile(os.path.join(tmp, fn))
                    entry[io][k] = {"file": fn, "shape": list(arr.shape), "dtype": "float32"}
            check.append(entry)
        with open(os.path.join(tmp, "check.json"), "w") as f:
            json.dump(check, f)
        out = subprocess.run(["node", ORT_CHECK, tmp], capture_output=True, text=True, timeout=600)
        if out.returncode != 0:
            raise RuntimeError(f"ort_check.mjs failed: {out.stderr[-2000:]}")
        measured = json.loads(out.stdout.strip().splitlines()[-1])
        results = []
        for (file, _, outs), kind, m in zip(jobs, kinds, measured):
            diffs = {k: float("inf") if d == "mismatch" else d for k, d in m["maxAbsDiff"].items()}
            results.append(judge(file, kind, outs, diffs, rtols[kind]))
        return results
