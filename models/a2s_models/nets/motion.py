"""Motion timing net (issue 16): contact times from where motion stops, at a resolution where a stick or hand is
more than a few pixels.

Input: luma frames [B,T,H,W] in [0,1] (T uniform over the window, 'left' sampling, area-scaled to H×W ≥ 96 px).
1. Motion grid: |frame − previous frame|, averaged over cells of a G×G grid (zero for the first frame).
2. Per-window normalisation: divided by the window's mean cell motion, then log1p, so a dim or noisy clip and a
   bright, high-contrast one give the same numbers; a per-frame global mean (camera shake, pans, flicker) rides along
   as its own channel so the net can discount motion everywhere at once.
3. A spatial conv over the grid (neighbouring cells: a stick crosses cell borders), then per-cell dilated temporal convs
   (accelerate → stop), per-cell logits, a smooth max over cells (a contact happens somewhere), resampled to the
   latent frame rate.
4. Direction (`direction=True`): a cheap per-cell normal flow (gradient-constraint estimate on blurred 64 px frames,
   u = -Σ Ix·It / Σ |∇I|², v likewise, on 32 px frames blurred over 5 px: ≈ 20 px of the 128 px input, so a stick
   moving 16 px per frame still gets its direction) whose only use is the cosine between a cell's motion now and one and two
   frames earlier: a drumstick that rebounds reverses at the contact without ever stopping, which |frame difference|
   cannot see. Cosines are invariant to flips, turns and contrast, so grid augmentation needs no special case.
Everything is plain conv/pool/elementwise, so the ONNX graph carries the whole preprocessing (no Python at run time).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from .layers import time_resample


def motion_grid(frames: torch.Tensor, grid: int) -> torch.Tensor:
    """[B,T,H,W] -> [B,T,G,G] mean absolute frame difference per cell (first frame: zero)."""
    t, h, w = (int(v) for v in frames.shape[1:])   # static in the graph (T, H, W fixed); batch stays dynamic
    d = (frames[:, 1:] - frames[:, :-1]).abs()
    d = torch.cat([torch.zeros_like(frames[:, :1]), d], 1)
    cells = F.avg_pool2d(d.reshape(-1, 1, h, w), (h // grid, w // grid))
    return cells.reshape(-1, t, grid, grid)


def motion_fields(frames: torch.Tensor, grid: int) -> torch.Tensor:
    """[B,T,H,W] -> [B,3,T,G,G]: per cell |frame difference| (as motion_grid) and normal flow u, v (px per frame
    at 32 px; zero for the first frame)."""
    t, h, w = (int(v) for v in frames.shape[1:])
    cells = motion_grid(frames, grid)
    s = F.avg_pool2d(frames.reshape(-1, 1, h, w), 4)                                # 32 px: a stick moves fewer px
    s = F.avg_pool2d(s, 5, stride=1, padding=2, count_include_pad=False)            # blur: widens the linear range
    hh, ww = int(s.shape[2]), int(s.shape[3])
    s = s.reshape(-1, t, hh, ww)
    dt = s[:, 1:] - s[:, :-1]
    m = (0.5 * (s[:, 1:] + s[:, :-1])).reshape(-1, 1, hh, ww)
    kx = torch.tensor([[[[-0.5, 0.0, 0.5]]]], dtype=frames.dtype)
    ix = F.conv2d(m, kx, padding=(0, 1)).reshape(-1, t - 1, hh, ww)
    iy = F.conv2d(m, kx.transpose(2, 3), padding=(1, 0)).reshape(-1, t - 1, hh, ww)
    k = (hh // grid, ww // grid)

    def pool(z):
        return F.avg_pool2d(z.reshape(-1, 1, hh, ww), k).reshape(-1, t - 1, grid, grid)

    den = pool(ix * ix + iy * iy) + 1e-4
    u, v = -pool(ix * dt) / den, -pool(iy * dt) / den
    zero = torch.zeros_like(cells[:, :1])
    return torch.stack([cells, torch.cat([zero, u], 1), torch.cat([zero, v], 1)], 1)


def direction_features(u: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """[B,T,G,G] flow -> [B,3,T,G,G]: cosine of the motion now vs 1 and 2 frames before (−1: it reversed), and
    log speed. A still or barely moving cell gives a cosine near 0 (the +0.1 px/frame in the norms)."""
    speed = torch.sqrt(u * u + v * v + 1e-8)

    def cos(lag):
        pu = torch.cat([torch.zeros_like(u[:, :lag]), u[:, :-lag]], 1)
        pv = torch.cat([torch.zeros_like(v[:, :lag]), v[:, :-lag]], 1)
        ps = torch.sqrt(pu * pu + pv * pv + 1e-8)
        return (u * pu + v * pv) / ((speed + 0.1) * (ps + 0.1))

    return torch.stack([cos(1), cos(2), torch.log1p(speed)], 1)


def normalise_grid(cells: torch.Tensor) -> torch.Tensor:
    """[B,T,G,G] -> [B,3,T,G,G]: per-window normalised log motion, the frame's mean of it, and their difference."""
    scale = cells.mean(dim=(1, 2, 3), keepdim=True) + 1e-3
    x = torch.log1p(cells / scale)
    g = x.mean(dim=(2, 3), keepdim=True).expand_as(x)
    return torch.stack([x, g, x - g], 1)


class TemporalBlock(nn.Module):
    """Residual per-cell temporal conv (kernel k, dilation d) on [N,C,T] rows, one row per cell."""

    def __init__(self, ch, k=5, dilation=1):
        super().__init__()
        self.conv1 = nn.Conv1d(ch, ch, k, padding=(k // 2) * dilation, dilation=dilation)
        self.conv2 = nn.Conv1d(ch, ch, 1)

    def forward(self, x):
        return x + self.conv2(F.silu(self.conv1(F.silu(x))))


def cells_to_rows(x):
    """[B,C,T,G,G] -> [B*G*G, C, T] (one temporal row per cell)."""
    b, c, t, g, _ = x.shape
    return x.permute(0, 3, 4, 1, 2).reshape(b * g * g, c, t)


def rows_to_cells(x, b, g):
    n, c, t = x.shape
    return x.reshape(b, g, g, c, t).permute(0, 3, 4, 1, 2)


def spatial(conv, x):
    """A 2-D conv over the grid of every frame of [B,C,T,G,G]."""
    b, c, t, g, _ = x.shape
    y = conv(x.permute(0, 2, 1, 3, 4).reshape(b * t, c, g, g))
    return y.reshape(b, t, y.shape[1], y.shape[2], y.shape[3]).permute(0, 2, 1, 3, 4)


class MotionTiming(nn.Module):
    """luma frames [B,T,H,W] -> onset logits [B,L]. Convs are factorised (2-D over the grid per frame, 1-D over
    time per cell): a 3-D conv is ~20x slower to train on a CPU for the same receptive field."""

    def __init__(self, grid=16, hidden=16, latent_frames=128, frames=64, dilations=(1, 2, 4), direction=False):
        super().__init__()
        self.grid, self.latent_frames, self.frames, self.direction = grid, latent_frames, frames, direction
        self.stem_space = nn.Conv2d(6 if direction else 3, hidden, 3, padding=1)
        self.stem_time = nn.Conv1d(hidden, hidden, 5, padding=2)
        self.pool = nn.MaxPool2d(2)   # a 3x3 look at the fine grid, then temporal modelling on a 2x coarser one
        self.blocks = nn.Sequential(*[TemporalBlock(hidden, 5, d) for d in dilations])
        self.mix = nn.Conv2d(hidden, hidden, 3, padding=1)
        self.cell_logit = nn.Conv2d(hidden, 1, 1)
        self.sharp = nn.Parameter(torch.tensor(1.0))   # smooth-max temperature over cells (learned)
        self.logit_bias = 0.0   # set at export from Foley World v2 val (export/motion.py --calibrate), 0 in training
        self.min_gap = 0        # likewise: MotionTimingGraph's non-maximum suppression radius (latent frames)

    def forward(self, frames):
        return self.from_grid(motion_fields(frames, self.grid) if self.direction else motion_grid(frames, self.grid))

    def from_grid(self, cells):
        """Everything after the motion grid, from [B,T,G,G] cells or [B,3,T,G,G] fields (|diff|, u, v) — training
        reads cached grids."""
        if cells.dim() == 5:
            x = normalise_grid(cells[:, 0])
            if self.direction:
                x = torch.cat([x, direction_features(cells[:, 1], cells[:, 2])], 1)
            cells = cells[:, 0]
        else:
            x = normalise_grid(cells)
        b, t, g = cells.shape[0], cells.shape[1], cells.shape[2] // 2
        x = spatial(self.pool, F.silu(spatial(self.stem_space, x)))                 # [B,C,T,G/2,G/2]
        r = self.blocks(self.stem_time(cells_to_rows(x)))                       # [B*G*G,C,T]
        x = rows_to_cells(F.silu(r), b, g)
        x = F.silu(spatial(self.mix, x))
        x = spatial(self.cell_logit, x).squeeze(1)                              # [B,T,G,G]
        s = F.softplus(self.sharp) + 0.1
        frame_logit = torch.logsumexp(s * x.reshape(b, t, g * g), dim=2) / s    # smooth max over cells
        frame_logit = frame_logit - math.log(int(g) * int(g)) / s  # cell-count offset
        # latent frames per video frame fixed by the window (128 / 64): a shorter crop (training) keeps the rate
        out = time_resample(frame_logit.unsqueeze(1), int(t) * self.latent_frames // self.frames).squeeze(1)
        return out + self.logit_bias


def suppress(p: torch.Tensor, gap: int) -> torch.Tensor:
    """[B,L] probabilities -> zero wherever a higher value lies within ±`gap` latent frames (non-maximum suppression:
    one onset per contact however jagged the curve; the reference onset detectors enforce a minimum gap too)."""
    if gap <= 0:
        return p
    m = F.max_pool1d(p.unsqueeze(1), 2 * gap + 1, stride=1, padding=gap).squeeze(1)
    return p * (p >= m).to(p.dtype)


class MotionTimingGraph(nn.Module):
    """ONNX wrapper: frames -> onset probabilities (the engine thresholds probabilities, as for the video encoder),
    non-maxima within `net.min_gap` latent frames zeroed (chosen at export on Foley World v2 val, 0 in training)."""

    def __init__(self, net: MotionTiming):
        super().__init__()
        self.net = net

    def forward(self, frames):
        return suppress(torch.sigmoid(self.net(frames)), int(getattr(self.net, "min_gap", 0)))
