"""Small shared building blocks (all ONNX-exportable at opset 17)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def groups_for(c: int) -> int:
    for g in (8, 4, 2):
        if c % g == 0:
            return g
    return 1


def norm(c: int) -> nn.GroupNorm:
    return nn.GroupNorm(groups_for(c), c)


def time_resample(x: torch.Tensor, length: int) -> torch.Tensor:
    """[B,C,T] -> [B,C,length]: repeat each step when length is a multiple of T, else linear interpolation."""
    t = x.shape[-1]
    if length % t == 0:
        r = length // t
        return x.unsqueeze(-1).expand(x.shape[0], x.shape[1], t, r).reshape(x.shape[0], x.shape[1], length)
    return F.interpolate(x, size=length, mode="linear", align_corners=False)


def timestep_embedding(t: torch.Tensor, dim: int, max_period: float = 10000.0) -> torch.Tensor:
    """Sinusoidal embedding of (float) timesteps, as in the DDPM/SD UNet: [cos | sin]."""
    half = dim // 2
    freqs = torch.exp(-math.log(max_period) * torch.arange(half, dtype=torch.float32, device=t.device) / half)
    args = t.float().unsqueeze(1) * freqs.unsqueeze(0)
    return torch.cat([torch.cos(args), torch.sin(args)], dim=1)


class Attention(nn.Module):
    """Multi-head attention written out (matmul/softmax) so the exported graph is plain ops."""

    def __init__(self, dim: int, ctx_dim: int, heads: int):
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(dim, dim, bias=False)
        self.k = nn.Linear(ctx_dim, dim, bias=False)
        self.v = nn.Linear(ctx_dim, dim, bias=False)
        self.o = nn.Linear(dim, dim)

    def forward(self, x, ctx):  # x [B,N,C], ctx [B,M,Cc]
        b, n, c = x.shape
        h = self.heads
        q = self.q(x).reshape(b, n, h, c // h).transpose(1, 2)
        k = self.k(ctx).reshape(b, -1, h, c // h).transpose(1, 2)
        v = self.v(ctx).reshape(b, -1, h, c // h).transpose(1, 2)
        w = torch.softmax(torch.matmul(q, k.transpose(2, 3)) * (1.0 / math.sqrt(c // h)), dim=-1)
        return self.o(torch.matmul(w, v).transpose(1, 2).reshape(b, n, c))


class ResBlock1d(nn.Module):
    def __init__(self, cin, cout, k=3, dilation=1):
        super().__init__()
        self.n1, self.c1 = norm(cin), nn.Conv1d(cin, cout, k, padding=dilation * (k // 2), dilation=dilation)
        self.n2, self.c2 = norm(cout), nn.Conv1d(cout, cout, k, padding=k // 2)
        self.skip = nn.Conv1d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x):
        h = self.c1(F.silu(self.n1(x)))
        return self.skip(x) + self.c2(F.silu(self.n2(h)))
