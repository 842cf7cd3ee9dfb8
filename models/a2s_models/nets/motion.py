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

    def __init__(self, grid=16, hidden=16, latent_frames=128, frames=64, dilations=(1, 2, 4)):
        super().__init__()
        self.grid, self.latent_frames, self.frames = grid, latent_frames, frames
        self.stem_space = nn.Conv2d(3, hidden, 3, padding=1)
        self.stem_time = nn.Conv1d(hidden, hidden, 5, padding=2)
        self.pool = nn.MaxPool2d(2)   # a 3x3 look at the fine grid, then temporal modelling on a 2x coarser one
        self.blocks = nn.Sequential(*[TemporalBlock(hidden, 5, d) for d in dilations])
        self.mix = nn.Conv2d(hidden, hidden, 3, padding=1)
        self.cell_logit = nn.Conv2d(hidden, 1, 1)
        self.sharp = nn.Parameter(torch.tensor(1.0))   # smooth-max temperature over cells (learned)
        self.logit_bias = 0.0   # set at export from Foley World v2 val (export/motion.py --calibrate), 0 in training

    def forward(self, frames):
        return self.from_grid(motion_grid(frames, self.grid))

    def from_grid(self, cells):
        """Everything after the motion grid, from [B,T,G,G] cells (training reads cached grids)."""
        b, t, g = cells.shape[0], cells.shape[1], cells.shape[2] // 2
        x = spatial(self.pool, F.silu(spatial(self.stem_space, normalise_grid(cells))))   # [B,C,T,G/2,G/2]
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


class MotionTimingGraph(nn.Module):
    """ONNX wrapper: frames -> onset probabilities (the engine thresholds probabilities, as for the video encoder)."""

    def __init__(self, net: MotionTiming):
        super().__init__()
        self.net = net

    def forward(self, frames):
        return torch.sigmoid(self.net(frames))
