"""Adapt a bundle's timing head to the user's own footage (issue 22). The head is the one generation uses: the
motion timing net where the base has `graphs.motionTiming` (train/adapt_motion.py), else the video encoder, whose
temporal layers and timing head are fine-tuned here on windows of clips whose production sound gave the contact
times, the per-frame CNN frozen.

    python3 -m a2s_models.train.adapt --work DIR --base BUNDLE --out DIR/GRAPH.onnx [--minutes 4]

For the video encoder the engine (main/engine/adapt/) writes DIR/data.json plus, per clip, the frames (raw float32 [N,3,H,W], already
normalised as the inference pipeline feeds them, N frames at `frames / clipSeconds` per second from the clip start)
and the onset envelope (raw float32 [N * envelopePerFrame], 1 at each guide-track onset's latent frame). A window at
frame offset o is frames o..o+T-1 and envelope 2o..2o+L-1: exactly what the pipeline would decode and render for a
window starting at o frame periods, including the zero frame difference of its first frame.

The base weights come from the base bundle's ONNX graph (export.recover.fill), the result is exported with
export.graphs. Progress is JSON lines on stdout; a checkpoint in DIR makes a second run resume where the first
stopped (a cancelled job keeps its work folder).
"""
import argparse
import copy
import json
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from ..export.graphs import VideoEncoderGraph, export_graph
from ..export.recover import fill, initializers
from ..nets.video import VideoEncoder
from .adapt_loop import (REHEARSAL_SHARE, TOLERANCE_S, Loop, attempt_checkpoint, batch_counts, choose_alpha, first_gain,
                         guard_offsets, guard_report, guard_windows, pick, pooled_f1, rehearsal_count, say, windows)

# BCE weight of an onset frame, as the base LDM's timing head was trained (configs/*.json train.onsetPosWeight)
POS_WEIGHT = 20.0
# The onset-frame weights trained with in turn (adapt_loop.first_gain): the base's own 20, then, only where the guard
# rule kept no held-back gain with it, 10: a head that fires less readily. At 20 the head fine-tuned on a shoot the
# base is blind to (r06: the base finds none of its onsets) fires on Foley World where the base does not, so no step
# toward it holds the guard (details in adapt_loop.py's notes); at 10 it does, with a held-back gain. Why not 10 (or 5)
# for every shoot: on r02, where 20 holds the guard, the kept held-back F1 is 0.750 at 20, 0.667 at 10, 0 at 5; why 10
# rather than 5 second: on r06 10 kept 0.333-0.5 held back, 5 kept 0.286. Chosen on the held-back parts and the guard
# of r02 and r06 (the bench pairs' adapt clips) only, never on r03/r07.
POS_WEIGHTS = (POS_WEIGHT, 10.0)
# L2-SP weight toward the base weights. On r02 (adapt) → r03 (test) with 64 Foley World v1 test windows: 0.05 gave
# r03 0.000 -> 0.476 and Foley World 0.982 -> 0.972; 20 gave 0.571 and 0.976 (0.5: 0.480 / 0.972, 2: 0.516 / 0.974,
# 100: 0.563 / 0.978, best held-back step 25: little left to learn).
ANCHOR = 20.0


class Holder(nn.Module):
    """`video.` prefix, as the graph's initializers are named (VideoEncoderGraph wraps `ldm.video`)."""

    def __init__(self, video):
        super().__init__()
        self.video = video


def encoder_from_graph(graph, latent_frames):
    """VideoEncoder sized from the graph's own initializers, filled with them (no config file needed)."""
    init = initializers(graph)
    convs = sorted((int(k.split(".")[4]), v.shape[0]) for k, v in init.items()
                   if k.startswith("video.body.cnn.net.") and k.endswith(".weight") and v.dim() == 4)
    channels = [c for i, (_, c) in enumerate(convs) if i % 2 == 0]  # stride-2 conv then 3x3 conv per stage
    dim = init["video.body.proj.weight"].shape[0]
    kernel = init["video.body.temporal.0.c1.weight"].shape[2]
    hidden = init["video.head.0.weight"].shape[0]
    holder = Holder(VideoEncoder(tuple(channels), dim, latent_frames, kernel, hidden))
    fill(holder, [(graph, "video.", "video.")])
    return holder


class Clip:
    def __init__(self, work, spec, video, per_frame):
        t, h, w = video["frames"], video["height"], video["width"]
        self.id = spec["id"]
        self.rehearsal = bool(spec.get("rehearsal", False))   # Foley World rehearsal (adapt_loop.windows)
        n = spec["count"]
        self.frames = torch.from_numpy(np.fromfile(os.path.join(work, spec["frames"]), dtype="<f4").reshape(n, 3, h, w))
        env = np.fromfile(os.path.join(work, spec["envelope"]), dtype="<f4")
        if env.shape[0] != n * per_frame:
            raise SystemExit(f"adapt: {spec['envelope']} has {env.shape[0]} values, expected {n * per_frame}")
        self.envelope = torch.from_numpy(env)
        self.t = t
        self.train = [o for a, b in spec["train"] for o in range(a, b - t + 1)]
        self.val = [o for a, b in spec["val"] for o in range(a, b - t + 1, max(1, t // 8))]
        self.guard = guard_offsets(spec, t)   # Foley World guard (adapt_loop.choose_alpha): scored, never trained
        if self.guard:
            self.train, self.val = [], []
        self.cont = self.first = None

    @torch.no_grad()
    def cache_cnn(self, enc):
        """Per-frame CNN features twice: with the previous frame's difference, and with a zero difference (the
        first frame of a window)."""
        body = enc.video.body
        self.cont = body.cnn_features(self.frames[None])[0]  # [C,N]
        x = torch.cat([self.frames, torch.zeros_like(self.frames)], 1)
        self.first = torch.cat([body.cnn(x[i:i + 256]) for i in range(0, len(x), 256)]).T  # [C,N]
        self.frames = None  # the CNN is frozen: frames are not needed again

    def window(self, o, per_frame, latent):
        f = self.cont[:, o:o + self.t].clone()
        f[:, 0] = self.first[:, o]
        return f, self.envelope[o * per_frame:o * per_frame + latent]


def batch_of(items, clips, per_frame, latent):
    fs, es = zip(*(clips[c].window(o, per_frame, latent) for c, o in items))
    return torch.stack(fs), torch.stack(es)


@torch.no_grad()
def evaluate(enc, items, clips, per_frame, latent, tol_frames, batch=32):
    """Pooled onset F1 of the timing head and mean BCE over the given windows."""
    enc.eval()
    tp = n_pred = n_true = 0
    loss = 0.0
    for k in range(0, len(items), batch):
        f, env = batch_of(items[k:k + batch], clips, per_frame, latent)
        _, logits = enc.video.from_cnn(f)
        loss += float(F.binary_cross_entropy_with_logits(logits, env, pos_weight=torch.tensor(POS_WEIGHT),
                                                         reduction="sum")) / latent
        c = batch_counts(logits, env, tol_frames)
        tp, n_pred, n_true = tp + c[0], n_pred + c[1], n_true + c[2]
    enc.train()
    return {"f1": pooled_f1(tp, n_pred, n_true), "loss": loss / max(1, len(items)), "counts": [tp, n_pred, n_true]}


def v_frames(data):
    return data["video"]["frames"]


class BaseTokens:
    """The frozen base's tokens per training window, computed once per window (the token pull's target; the base
    never changes, so recomputing them every step was a third of a step's forward work) while they fit in
    CACHE_FLOATS; beyond that computed per batch as before."""

    CACHE_FLOATS = 64 * 1024 * 1024 // 4

    def __init__(self, base, floats):
        self.base, self.keep, self.cache = base, floats <= self.CACHE_FLOATS, {}

    @torch.no_grad()
    def get(self, items, f):
        if not self.keep:
            return self.base.video.from_cnn(f)[0]
        missing = [i for i, it in enumerate(items) if it not in self.cache]
        if missing:
            tokens, _ = self.base.video.from_cnn(f[missing])
            for i, t in zip(missing, tokens):
                self.cache[items[i]] = t
        return torch.stack([self.cache[it] for it in items])


def spread_targets(env, own, k):
    """Targets [B,L]: the rows of the user's windows (`own[i]`) with each onset spread to ±k frames, rehearsal rows
    as they are (one exact frame)."""
    if not k:
        return env
    wide = F.max_pool1d(env[:, None], 2 * k + 1, stride=1, padding=k)[:, 0]
    return torch.where(torch.tensor(own)[:, None], wide, env)


@torch.no_grad()
def shift_logits(enc, b):
    """Onset logits + b (the timing head's last bias): the threshold moved by b, exported with the graph."""
    enc.video.head[-1].bias.add_(b)


def trainable(enc):
    """Everything after the per-frame CNN: projection, temporal convs, token norm, timing head."""
    v = enc.video
    return [p for m in (v.body.proj, v.body.temporal, v.out_norm, v.head) for p in m.parameters()]


def base_manifest(a, data):
    """The base's manifest as the engine reads it (data.json `manifest`: an overlay such as foleyworld-v4-motion merged
    with the bundle under it), else the base folder's own manifest.json (data written by an older engine)."""
    if "manifest" in data:
        return data["manifest"]
    with open(os.path.join(a.base, "manifest.json")) as f:
        return json.load(f)


def graph_file(a, data, man, key):
    """The adapted graph's file: data.json `graph` (an overlay's graph is in the overlay's folder, the others in its
    base's), else in the base folder."""
    return data.get("graph") or os.path.join(a.base, man["graphs"][key]["file"])


def adapt(a):
    with open(os.path.join(a.work, "data.json")) as f:
        data = json.load(f)
    man = base_manifest(a, data)
    if "motionTiming" in man["graphs"]:   # the motion net is the timing head generation uses (inference/timing.ts)
        from .adapt_motion import adapt_motion
        return adapt_motion(a, data, man)
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    latent = man["onsets"]["frames"]
    per_frame = data["envelopePerFrame"]
    sr, hop = man["audio"]["sampleRate"], man["onsets"]["hop"]
    tol_frames = TOLERANCE_S * sr / hop
    enc = encoder_from_graph(graph_file(a, data, man, "videoEncoder"), latent)
    base = copy.deepcopy(enc).eval()
    for p in base.parameters():
        p.requires_grad_(False)
    for p in enc.video.body.cnn.parameters():
        p.requires_grad_(False)

    say("stage", stage="features")
    clips = []
    for spec in data["clips"]:
        c = Clip(a.work, spec, data["video"], per_frame)
        c.cache_cnn(enc)
        clips.append(c)
    train, rehearsal, val = windows(clips)
    if not train or not val:
        raise SystemExit(f"adapt: {len(train)} training and {len(val)} held-back windows: need at least one of each")
    share = a.rehearsal_share if a.rehearsal_share is not None else REHEARSAL_SHARE

    before = evaluate(enc, val, clips, per_frame, latent, tol_frames)
    guard = guard_windows(clips)
    base_guard = evaluate(enc, guard, clips, per_frame, latent, tol_frames) if guard else None
    say("before", f1=before["f1"], loss=before["loss"], train=len(train), val=len(val), guard=len(guard),
        guardF1=base_guard["f1"] if guard else None)

    base_state = copy.deepcopy(base.state_dict())
    anchors = list(zip(trainable(enc), trainable(base)))
    anchor_tokens = BaseTokens(base, (len(train) + len(rehearsal)) * v_frames(data) * enc.video.body.proj.out_channels)
    score_val = lambda: evaluate(enc, val, clips, per_frame, latent, tol_frames)  # noqa: E731
    score_guard = lambda: evaluate(enc, guard, clips, per_frame, latent, tol_frames)  # noqa: E731

    def train_once(pos_weight, k, budget):
        """One training from the base weights with onset-frame weight `pos_weight` (its own checkpoint, so a cancelled
        run resumes in the training it stopped in), then the guard rule. -> the kept weights and their scores."""
        enc.load_state_dict(base_state)
        opt = torch.optim.AdamW(trainable(enc), lr=a.lr if a.lr is not None else 1e-4, weight_decay=1e-4)
        loop = Loop(a, enc, opt, checkpoint=attempt_checkpoint(k), budget=budget,
                    report={"attempt": k + 1, "posWeight": pos_weight} if k else None)
        gen = torch.Generator().manual_seed(a.seed)
        for _ in range(loop.step):  # the same batches as an uninterrupted run
            pick(train, rehearsal, a.batch, share, gen)
        pw = torch.tensor(pos_weight)
        while loop.running():
            items = pick(train, rehearsal, a.batch, share, gen)
            f, env = batch_of(items, clips, per_frame, latent)
            tokens, logits = enc.video.from_cnn(f)
            # each onset marks its frame and the ones beside it: the guide track's onsets jitter by a frame (16 ms),
            # and a head taught one exact frame spreads its probability below the 0.5 the app's peak picking needs.
            # Not on rehearsal windows: their contact times are exact and the base learnt them as one frame (ldm.py);
            # spread there too, the head widened its Foley World peaks into doubles (bench: Foley World 0.982 → 0.918-0.937)
            env = spread_targets(env, [not clips[c].rehearsal for c, _ in items], a.spread)
            base_tokens = anchor_tokens.get(items, f)
            # the denoiser was trained on the base tokens: keep them close so generation still reads the picture
            loss = F.binary_cross_entropy_with_logits(logits, env, pos_weight=pw) + a.token_weight * F.mse_loss(tokens, base_tokens)
            # L2-SP: a pull toward the base weights, so what the head knew about other pictures is not traded away
            loss = loss + (a.anchor if a.anchor is not None else ANCHOR) * sum(((p - p0) ** 2).sum() for p, p0 in anchors)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            if loop.stepped(score_val):
                break
        loop.keep_best()
        # the guard rule (adapt_loop.choose_alpha): the largest step toward the best weights that keeps the base's
        # Foley World guard F1, judged by the held-back F1; without guard windows the best weights as they are
        choice = choose_alpha(enc, base_state, score_val, score_guard, base_guard, offset=shift_logits) if guard else None
        return {"after": choice["after"] if choice else score_val(), "choice": choice, "posWeight": pos_weight,
                "spent": loop.state["spent"], **loop.summary(), "state": copy.deepcopy(enc.state_dict())}

    # a second, more conservative training only where the first kept no held-back gain under the guard
    # (POS_WEIGHTS); without guard windows there is nothing it could change
    weights = [a.pos_weight] if a.pos_weight is not None else list(POS_WEIGHTS if guard else POS_WEIGHTS[:1])
    kept, runs = first_gain(weights, train_once, before, a.minutes * 60)
    enc.load_state_dict(kept["state"])
    choice, after = kept["choice"], kept["after"]
    say("stage", stage="export")
    tmp = a.out + ".tmp"
    v = data["video"]
    export_graph(VideoEncoderGraph(enc), {"frames": torch.randn(1, v["frames"], 3, v["height"], v["width"])},
                 ["tokens", "onsets"], tmp)
    os.replace(tmp, a.out)
    # steps and bestStep of the training kept (each training's in `attempts`)
    say("done", steps=kept["steps"], bestStep=kept["bestStep"], before=before, after=after,
        posWeight=kept["posWeight"], attempts=[{k: r[k] for k in ("posWeight", "steps", "bestStep", "after")} for r in runs],
        trainWindows=len(train), valWindows=len(val), cpuSeconds=round(time.process_time(), 1),
        rehearsalWindows=len(rehearsal), rehearsalShare=rehearsal_count(a.batch, share, rehearsal) / a.batch,
        guard=guard_report(choice, base_guard, len(guard)))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", required=True, help="folder with data.json (written by the engine)")
    ap.add_argument("--base", required=True, help="the base bundle folder")
    ap.add_argument("--out", required=True, help="where the adapted graph goes (motion_timing.onnx or video_encoder.onnx)")
    ap.add_argument("--minutes", type=float, default=4.0, help="training wall-clock budget")
    ap.add_argument("--max-steps", type=int, default=3000)
    ap.add_argument("--val-every", type=int, default=25)
    ap.add_argument("--patience", type=int, default=12, help="validations without improvement before stopping")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=None, help="default: 1e-4 (video encoder), 5e-4 (motion net)")
    ap.add_argument("--pos-weight", type=float, default=None,
                    help="BCE weight of onset frames; default: video encoder 20 (as the head was trained), then 10 "
                         "where 20 kept no held-back gain under the guard (POS_WEIGHTS); motion net 8")
    ap.add_argument("--spread", type=int, default=1, help="target frames either side of each onset")
    ap.add_argument("--ignore", type=int, default=4, help="motion net: frames spread+1..ignore from an onset weigh 0 (train/motion.py)")
    ap.add_argument("--anchor", type=float, default=None, help="L2 pull toward the base weights (L2-SP); default 20 (video encoder), 5 (motion net)")
    ap.add_argument("--rehearsal-share", type=float, default=None,
                    help=f"share of each batch from the Foley World rehearsal windows, when data.json has them (default {REHEARSAL_SHARE}; 0: off)")
    ap.add_argument("--token-weight", type=float, default=1.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    adapt(ap.parse_args(argv))


if __name__ == "__main__":
    main()
