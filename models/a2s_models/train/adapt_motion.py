"""Adapt a bundle's motion timing net (nets/motion.py, the timing head of a bundle with `graphs.motionTiming`) to
the user's own footage (issue 22). Run through train/adapt.py, which picks this trainer when the base has the graph.

The engine (main/engine/adapt/prepare.ts) writes DIR/data.json with `"head": "motion"` plus, per clip, its luma
frames (raw uint8 [N,H,W], the `motion` size, decoded in the engine's one RGB+luma pass, N frames at
`motion.frames / clipSeconds` per second from the clip start, 'left' sampling: a window at frame offset o is
frames o..o+T-1, exactly what the pipeline feeds the graph for a window starting at o frame periods) and the onset
envelope (raw float32 [N * envelopePerFrame], 1 at the latent frame of each onset of the clip's own sound).

The net is rebuilt from the base's motion_timing.onnx (initializer names are its parameter names; the
calibration offset `logit_bias` is a constant in the graph and is kept), checked to reproduce the graph, then
fine-tuned: targets ±`spread` latent frames around each onset, frames up to `ignore` away unweighted, BCE pos_weight
as train/motion.py, an L2-SP pull toward the base weights, early stopping on the held-back windows (onset F1, peaks
>= 0.5 as the engine reads them).
No flips or turns of the grid (train/motion.py's augmentation): where things are hit in this shoot's framing is
part of what the adapter is for (on the bench pairs, without them the other clip's F1 rose +0.32 / +0.19 instead of
+0.07 / -0.05).
The motion grid (per-cell mean |frame difference|) of each clip is computed once: it is the graph's own first step,
and a window's grid is a slice of it with its first frame zeroed.
"""
import copy
import os
import time

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

from ..export.graphs import export_graph
from ..export.recover import fill
from ..export.verify import verify
from ..nets.motion import MotionTiming, MotionTimingGraph, motion_fields, suppress
from .adapt_loop import (REHEARSAL_SHARE, TOLERANCE_S, Loop, batch_counts, choose_alpha, guard_offsets, guard_report,
                         guard_windows, pick, pooled_f1, rehearsal_count, say, windows)

# BCE weight of an onset frame, as the base motion net was trained (train/motion.py --pos-weight)
POS_WEIGHT = 8.0
# The learning rate was picked on the bench pairs (r02→r03, r06→r07, so bench adapt-real-dev is not an unbiased figure
# for them) with a stand-in base (a motion checkpoint before foleyworld-v4-motion shipped),
# with Foley World v2 val (seed-2 shards) as the forgetting check: an L2-SP weight of 1.0 kept that val F1 within
# 0.01 of the base while the other clip's F1 rose; 0.05 rose more there and lost 0.02-0.07 on Foley World.
LR = 5e-4
# Bench adapt-real-dev with foleyworld-v4-motion as base, Foley World = 64 v1 test windows (assets/eval/foleyworld):
#   L2-SP 1.0: r02→r03 F1 0.513 -> 0.846, r06→r07 0.558 -> 0.733; Foley World 0.651 -> 0.619 / 0.588
#   L2-SP 2.5: r02→r03 0.513 -> 0.733, r06→r07 0.558 -> 0.750; Foley World 0.651 -> 0.659 / 0.617
#   L2-SP 5.0: r02→r03 0.513 -> 0.710, r06→r07 0.558 -> 0.688 (below the issue's +0.15); Foley World 0.667 / 0.623
# 2.5 keeps both clip gains above +0.15 with the least Foley World loss measured (chosen on these same pairs).
ANCHOR = 2.5


def _consumer(graph, name):
    return next((n for n in graph.node if name in n.input), None)


def _constant(graph, name):
    """The scalar value of a Constant node's output or an initializer, else None."""
    for n in graph.node:
        if n.op_type == "Constant" and n.output[0] == name:
            arr = numpy_helper.to_array(next(a.t for a in n.attribute if a.name == "value"))
            return float(arr.reshape(-1)[0]) if arr.size == 1 else None
    for i in graph.initializer:
        if i.name == name:
            arr = numpy_helper.to_array(i)
            return float(arr.reshape(-1)[0]) if arr.size == 1 else None
    return None


def graph_layout(model, size):
    """What the initializers do not say: the grid (the AveragePool kernel over a picture `size` high), the temporal
    blocks' dilations, the logit offset added right before the output's Sigmoid (0 when there is none) and the
    radius of the non-maximum suppression after it (a 1-D MaxPool; 0 when there is none)."""
    g = model.graph
    pool = next((n for n in g.node if n.op_type == "AveragePool"), None)
    if pool is None:
        raise SystemExit("adapt: the motion graph has no AveragePool (motion grid): not a nets/motion.py graph")
    kernel = next(a.ints for a in pool.attribute if a.name == "kernel_shape")
    grid = size // int(kernel[0])
    dilations = []
    for k in range(64):
        conv = _consumer(g, f"net.blocks.{k}.conv1.weight")
        if conv is None:
            break
        d = [a.ints for a in conv.attribute if a.name == "dilations"]
        dilations.append(int(d[0][0]) if d else 1)
    sigs = [n for n in g.node if n.op_type == "Sigmoid"]     # SiLU may export as x·sigmoid(x): the output's is last
    nms = next((n for n in g.node if n.op_type == "MaxPool"
                and len(next(a.ints for a in n.attribute if a.name == "kernel_shape")) == 1), None)
    sig = sigs[-1] if sigs else None
    if sig is None or (nms is None and g.output[0].name not in sig.output):
        raise SystemExit("adapt: the motion graph's output is not a Sigmoid (probabilities): not a nets/motion.py graph")
    gap = 0 if nms is None else (int(next(a.ints for a in nms.attribute if a.name == "kernel_shape")[0]) - 1) // 2
    bias = 0.0
    add = next((n for n in g.node if sig.input[0] in n.output and n.op_type == "Add"), None)
    if add is not None:
        values = [_constant(g, i) for i in add.input]
        bias = next((v for v in values if v is not None), 0.0)
    return grid, tuple(dilations), bias, gap


def net_from_graph(path, frames, size, latent):
    """MotionTiming sized and filled from the graph (hidden width and direction features from its stem's weights),
    logit offset and suppression radius kept."""
    model = onnx.load(path)
    grid, dilations, bias, gap = graph_layout(model, size)
    stem = next(numpy_helper.to_array(i).shape for i in model.graph.initializer if i.name == "net.stem_space.weight")
    net = MotionTiming(grid=grid, hidden=stem[0], latent_frames=latent, frames=frames, dilations=dilations,
                       direction=stem[1] == 6)
    graph = MotionTimingGraph(net)
    fill(graph, [(path, "net.", "net.")])
    net.logit_bias, net.min_gap = bias, gap
    return net


def check_rebuilt(net, path, frames, h, w, what):
    """The rebuilt (or exported) net must reproduce the graph: export/verify.py's rule (None: no ONNX runtime)."""
    d, f = os.path.split(path)
    res = verify(d, [("motionTiming", f, MotionTimingGraph(net).eval(), {"frames": [frames, h, w]}, ["onsets"])])
    if res is not None and not res[0]["ok"]:
        raise SystemExit(f"adapt: {what} {path} differs from its PyTorch net (max relative difference "
                         f"{res[0]['maxRelDiff']['onsets']:.2e}): not a graph this trainer can rebuild")
    return None if res is None else res[0]["maxRelDiff"]["onsets"]


@torch.no_grad()
def clip_grid(path, n, h, w, grid, chunk=256, direction=False):
    """uint8 luma [n,h,w] on disk -> float32 [n,G,G] mean |frame - previous| per cell (frame 0: zero), as
    nets/motion.motion_grid computes it inside the graph; with `direction` [3,n,G,G] (|diff|, u, v) as
    nets/motion.motion_fields does."""
    luma = np.memmap(path, dtype=np.uint8, mode="r", shape=(n, h, w))
    out = torch.zeros(3, n, grid, grid) if direction else torch.zeros(n, grid, grid)
    for a in range(1, n, chunk):
        z = min(n, a + chunk)
        x = torch.from_numpy(np.asarray(luma[a - 1:z], dtype=np.float32)) / 255.0
        if direction:
            out[:, a:z] = motion_fields(x[None], grid)[0, :, 1:]
        else:
            out[a:z] = F.avg_pool2d((x[1:] - x[:-1]).abs()[:, None], (h // grid, w // grid))[:, 0]
    return out


class Clip:
    def __init__(self, work, spec, motion, per_frame, grid, direction=False):
        t, n = motion["frames"], spec["count"]
        self.id, self.t = spec["id"], t
        self.rehearsal = bool(spec.get("rehearsal", False))   # Foley World rehearsal (adapt_loop.windows)
        self.cells = clip_grid(os.path.join(work, spec["luma"]), n, motion["height"], motion["width"], grid,
                               direction=direction)
        env = np.fromfile(os.path.join(work, spec["envelope"]), dtype="<f4")
        if env.shape[0] != n * per_frame:
            raise SystemExit(f"adapt: {spec['envelope']} has {env.shape[0]} values, expected {n * per_frame}")
        self.envelope = torch.from_numpy(env)
        self.train = [o for a, b in spec["train"] for o in range(a, b - t + 1)]
        self.val = [o for a, b in spec["val"] for o in range(a, b - t + 1, max(1, t // 8))]
        self.guard = guard_offsets(spec, t)   # Foley World guard (adapt_loop.choose_alpha): scored, never trained
        if self.guard:
            self.train, self.val = [], []

    def window(self, o, per_frame, latent):
        c = self.cells[..., o:o + self.t, :, :].clone()
        c[..., 0, :, :] = 0.0   # a window's first frame has no previous frame in the graph
        return c, self.envelope[o * per_frame:o * per_frame + latent]


def batch_of(items, clips, per_frame, latent):
    cs, es = zip(*(clips[c].window(o, per_frame, latent) for c, o in items))
    return torch.stack(cs), torch.stack(es)


def spread(env, k):
    """Each onset marks its latent frame and k either side (train/motion.py targets)."""
    return F.max_pool1d(env[:, None], 2 * k + 1, stride=1, padding=k)[:, 0] if k else env


def weights(env, k, ignore):
    """train/motion.py targets' weights: 0 for frames k+1..`ignore` from an onset (a hit a frame off is neither
    rewarded nor punished: the sound's onsets jitter by a frame), 1 elsewhere."""
    near = spread(env, ignore) if ignore > k else spread(env, k)
    return 1.0 - near + spread(env, k)


@torch.no_grad()
def evaluate(net, items, clips, per_frame, latent, tol_frames, k, ignore, pos_weight, batch=64):
    """Pooled onset F1 (peaks >= 0.5 of the graph's probabilities) and mean BCE over the given windows."""
    net.eval()
    tp = n_pred = n_true = 0
    loss = 0.0
    for j in range(0, len(items), batch):
        cells, env = batch_of(items[j:j + batch], clips, per_frame, latent)
        logits = net.from_grid(cells)
        shown = torch.logit(suppress(torch.sigmoid(logits), int(net.min_gap)).clamp(1e-6, 1 - 1e-6))   # as the graph
        loss += float(F.binary_cross_entropy_with_logits(logits, spread(env, k), weight=weights(env, k, ignore),
                                                         pos_weight=pos_weight, reduction="sum")) / latent
        c = batch_counts(shown, env, tol_frames)
        tp, n_pred, n_true = tp + c[0], n_pred + c[1], n_true + c[2]
    net.train()
    return {"f1": pooled_f1(tp, n_pred, n_true), "loss": loss / max(1, len(items)), "counts": [tp, n_pred, n_true]}


def adapt_motion(a, data, man):
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    mo = man["motion"]
    frames, h, w = mo["frames"], mo["height"], mo["width"]
    if data.get("head") != "motion" or data["motion"] != {"frames": frames, "height": h, "width": w}:
        raise SystemExit(f"adapt: {a.work}/data.json holds no luma frames at the base's motion size "
                         f"({frames} frames of {w}x{h}): prepare the data again")
    timing = man.get("onsets") or man["audio"]["mel"]   # the envelope's frames and hop (prepare.ts geometryOf)
    latent, hop = timing["frames"], timing["hop"]
    per_frame = data["envelopePerFrame"]
    tol_frames = TOLERANCE_S * man["audio"]["sampleRate"] / hop
    from .adapt import graph_file
    base_path = graph_file(a, data, man, "motionTiming")
    net = net_from_graph(base_path, frames, h, latent)
    rebuilt = check_rebuilt(net, base_path, frames, h, w, "the base's motion graph")
    base = copy.deepcopy(net).eval()
    for p in base.parameters():
        p.requires_grad_(False)

    say("stage", stage="features")
    clips = [Clip(a.work, s, data["motion"], per_frame, net.grid, net.direction) for s in data["clips"]]
    train, rehearsal, val = windows(clips)
    if not train or not val:
        raise SystemExit(f"adapt: {len(train)} training and {len(val)} held-back windows: need at least one of each")
    share = a.rehearsal_share if a.rehearsal_share is not None else REHEARSAL_SHARE

    pw = torch.tensor(a.pos_weight if a.pos_weight is not None else POS_WEIGHT)
    opt = torch.optim.AdamW(net.parameters(), lr=a.lr if a.lr is not None else LR, weight_decay=0.0)   # L2-SP, not decay to 0
    before = evaluate(net, val, clips, per_frame, latent, tol_frames, a.spread, a.ignore, pw)
    guard = guard_windows(clips)
    base_guard = evaluate(net, guard, clips, per_frame, latent, tol_frames, a.spread, a.ignore, pw) if guard else None
    loop = Loop(a, net, opt)
    say("before", f1=before["f1"], loss=before["loss"], train=len(train), val=len(val), guard=len(guard),
        guardF1=base_guard["f1"] if guard else None)

    anchors = list(zip(net.parameters(), base.parameters()))
    while loop.running():
        # per-step generator: a resumed run draws the same batches as an uninterrupted one
        gen = torch.Generator().manual_seed(a.seed * 1_000_003 + loop.step)
        cells, env = batch_of(pick(train, rehearsal, a.batch, share, gen), clips, per_frame, latent)
        loss = F.binary_cross_entropy_with_logits(net.from_grid(cells), spread(env, a.spread),
                                                  weight=weights(env, a.spread, a.ignore), pos_weight=pw)
        # L2-SP: a pull toward the base weights, so what the net knew about other pictures is not traded away
        loss = loss + (a.anchor if a.anchor is not None else ANCHOR) * sum(((p - p0) ** 2).sum() for p, p0 in anchors)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        opt.step()
        if loop.stepped(lambda: evaluate(net, val, clips, per_frame, latent, tol_frames, a.spread, a.ignore, pw)):
            break

    loop.keep_best()
    bias = net.logit_bias   # the calibration offset the guard rule may move (choose_alpha's offsets)
    # the guard rule (adapt_loop.choose_alpha): the largest step toward the best weights that keeps the base's Foley
    # World guard F1, judged by the held-back F1; without guard windows the best weights as they are
    choice = (choose_alpha(net, base.state_dict(), lambda: evaluate(net, val, clips, per_frame, latent, tol_frames, a.spread, a.ignore, pw),
                           lambda: evaluate(net, guard, clips, per_frame, latent, tol_frames, a.spread, a.ignore, pw), base_guard,
                           offset=lambda n, b: setattr(n, "logit_bias", bias + b)) if guard else None)
    after = choice["after"] if choice else evaluate(net, val, clips, per_frame, latent, tol_frames, a.spread, a.ignore, pw)
    say("stage", stage="export")
    tmp = a.out + ".tmp"
    export_graph(MotionTimingGraph(net), {"frames": torch.rand(1, frames, h, w)}, ["onsets"], tmp)
    exported = check_rebuilt(net, tmp, frames, h, w, "the exported motion graph")
    os.replace(tmp, a.out)
    say("done", **loop.summary(), before=before, after=after,
        trainWindows=len(train), valWindows=len(val), cpuSeconds=round(time.process_time(), 1),
        rehearsalWindows=len(rehearsal), rehearsalShare=rehearsal_count(a.batch, share, rehearsal) / a.batch,
        guard=guard_report(choice, base_guard, len(guard)),
        graph="motionTiming", logitBias=net.logit_bias, rebuiltRelDiff=rebuilt, exportRelDiff=exported)
