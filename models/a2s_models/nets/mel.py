"""Mel front end as a conv1d DFT (torch.stft does not export to ONNX), and log-mel normalisation.

The DFT basis is computed inside forward() from integer arithmetic ((k*n) mod N keeps the cosine argument in
[0, 2*pi), so float32 error stays ~1e-7) instead of being stored: graphs stay small (a 1024-point basis is 4 MB)
and the exported ops are Range/Mul/Mod/Cos/Sin. Export with do_constant_folding=False so it stays that way.
"""
import math

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def arange_like(ref: torch.Tensor, n: int) -> torch.Tensor:
    """float32 [0, 1, ..., n-1] computed from `ref`'s shape, so the ONNX exporter cannot constant-fold what is
    built from it into a stored initializer (integers are exact in float32 below 2**24)."""
    one = torch.ones_like(ref.reshape(-1)[:1], dtype=torch.float32)
    return torch.cumsum(one.expand(n), 0) - 1.0


def hann_and_angles(n_fft: int, ref: torch.Tensor):
    """Periodic Hann window [N] and DFT angles 2*pi*((k*n) mod N)/N [K, N]; k*n < 2**24 so the product and the
    modulo are exact in float32 and the cosine argument stays in [0, 2*pi)."""
    n = arange_like(ref, n_fft)
    k = n[: n_fft // 2 + 1]
    kn = torch.remainder(k.unsqueeze(1) * n.unsqueeze(0), float(n_fft))
    ang = kn * (2.0 * math.pi / n_fft)
    win = 0.5 - 0.5 * torch.cos(n * (2.0 * math.pi / n_fft))
    return win, ang


def dft_basis(n_fft: int, ref: torch.Tensor) -> torch.Tensor:
    """[2K, N]: rows 0..K-1 = cos*w (real part), K..2K-1 = -sin*w (imaginary part)."""
    win, ang = hann_and_angles(n_fft, ref)
    return torch.cat([torch.cos(ang) * win, -torch.sin(ang) * win], 0)


def frame_signal(x: torch.Tensor, n_fft: int, hop: int) -> torch.Tensor:
    """[B,S] -> [B,F,N] frames at stride hop, F = (S - N)/hop + 1. Needs N % hop == 0 and S % hop == 0: built from
    reshape + slices (a conv1d with a computed kernel cannot be exported, Tensor.unfold exports to a Loop)."""
    r = n_fft // hop
    blocks = x.reshape(x.shape[0], -1, hop)  # [B, S/hop, hop]
    nf = blocks.shape[1] - r + 1
    return torch.cat([blocks[:, j: j + nf] for j in range(r)], dim=2)


def overlap_add(frames: torch.Tensor, hop: int) -> torch.Tensor:
    """[B,F,N] -> [B,(F-1)*hop+N]: inverse of frame_signal's framing (sum of overlapping frames)."""
    b, nf, n = frames.shape
    r = n // hop
    parts = frames.reshape(b, nf, r, hop)
    out = sum(F.pad(parts[:, :, j], (0, 0, j, r - 1 - j)) for j in range(r))
    return out.reshape(b, -1)


def mel_filterbank(sr: int, n_fft: int, n_mels: int, fmin: float, fmax: float) -> np.ndarray:
    """HTK-scale triangular filters, Slaney area normalisation. [n_mels, n_fft//2+1] float32."""
    def hz2mel(f):
        return 2595.0 * np.log10(1.0 + np.asarray(f) / 700.0)

    def mel2hz(m):
        return 700.0 * (10.0 ** (np.asarray(m) / 2595.0) - 1.0)

    freqs = np.linspace(0, sr / 2, n_fft // 2 + 1)
    pts = mel2hz(np.linspace(hz2mel(fmin), hz2mel(fmax), n_mels + 2))
    fb = np.zeros((n_mels, len(freqs)))
    for m in range(n_mels):
        lo, c, hi = pts[m], pts[m + 1], pts[m + 2]
        up = (freqs - lo) / max(c - lo, 1e-9)
        down = (hi - freqs) / max(hi - c, 1e-9)
        fb[m] = np.maximum(0, np.minimum(up, down)) * (2.0 / (hi - lo))
    return fb.astype(np.float32)


class MelFrontEnd(nn.Module):
    """wave [B,S] -> natural-log mel power [B,nMels,frames]; frames = S/hop with (nFft-hop)/2 zero padding."""

    def __init__(self, sample_rate=16000, n_fft=1024, hop=256, n_mels=64, f_min=50.0, f_max=8000.0):
        super().__init__()
        self.n_fft, self.hop, self.n_mels = n_fft, hop, n_mels
        self.pad = (n_fft - hop) // 2
        self.register_buffer("fb", torch.from_numpy(mel_filterbank(sample_rate, n_fft, n_mels, f_min, f_max)))

    @classmethod
    def from_config(cls, audio: dict) -> "MelFrontEnd":
        m = audio["mel"]
        return cls(audio["sampleRate"], m["nFft"], m["hop"], m["nMels"], m["fMin"], m["fMax"])

    def power(self, wave: torch.Tensor) -> torch.Tensor:
        x = frame_signal(F.pad(wave, (self.pad, self.pad)), self.n_fft, self.hop)  # [B, F, N]
        spec = torch.matmul(dft_basis(self.n_fft, wave).to(wave.dtype), x.transpose(1, 2))  # [B, 2K, F]
        k = self.n_fft // 2 + 1
        return spec[:, :k] ** 2 + spec[:, k:] ** 2  # [B, K, frames]

    def forward(self, wave: torch.Tensor) -> torch.Tensor:
        mel = torch.matmul(self.fb, self.power(wave))
        return torch.log(torch.clamp(mel, min=1e-5))


class MelNormalizer(nn.Module):
    """Affine per-bin normalisation: latent = (logmel - mean) / std. Stats are fitted on data before training."""

    def __init__(self, n_mels=64, mean=-4.0, std=4.0):
        super().__init__()
        self.register_buffer("mean", torch.full((n_mels,), float(mean)))
        self.register_buffer("std", torch.full((n_mels,), float(std)))

    @torch.no_grad()
    def fit(self, logmel: torch.Tensor):
        self.mean.copy_(logmel.mean(dim=(0, 2)))
        self.std.copy_(logmel.std(dim=(0, 2)).clamp(min=0.5))

    def forward(self, logmel):
        return (logmel - self.mean[:, None]) / self.std[:, None]

    def inverse(self, latent):
        return latent * self.std[:, None] + self.mean[:, None]
