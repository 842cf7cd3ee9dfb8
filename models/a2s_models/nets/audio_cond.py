"""Audio-condition encoder: wave -> log-mel -> normalise -> strided convs over time -> Ta tokens + positions."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from .layers import ResBlock1d
from .mel import MelFrontEnd, MelNormalizer


class AudioConditionEncoder(nn.Module):
    def __init__(self, mel: MelFrontEnd, n_mels=64, frames=128, tokens=16, dim=128, hidden=128):
        super().__init__()
        self.mel = mel
        self.normalizer = MelNormalizer(n_mels)
        n_down = int(round(math.log2(frames // tokens)))
        assert frames // (2 ** n_down) == tokens, "frames/tokens must be a power of two"
        self.inp = nn.Conv1d(n_mels, hidden, 3, padding=1)
        self.blocks = nn.ModuleList([ResBlock1d(hidden, hidden) for _ in range(n_down)])
        self.downs = nn.ModuleList([nn.Conv1d(hidden, hidden, 4, stride=2, padding=1) for _ in range(n_down)])
        self.out = nn.Conv1d(hidden, dim, 1)
        self.pos = nn.Parameter(torch.randn(1, tokens, dim) * 0.02)

    def forward_latent(self, latent):  # normalised mel [B,nMels,frames]
        h = self.inp(latent)
        for blk, down in zip(self.blocks, self.downs):
            h = down(F.silu(blk(h)))
        return self.out(h).transpose(1, 2) + self.pos

    def forward(self, wave):
        return self.forward_latent(self.normalizer(self.mel(wave)))
