"""AV-Sim: video tower + audio tower -> L2-normalised embeddings, trained with symmetric InfoNCE (CLIP-style)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from .layers import ResBlock1d
from .mel import MelFrontEnd, MelNormalizer
from .video import TemporalFrameEncoder


class AVSimVideo(nn.Module):
    def __init__(self, channels=(16, 32, 48, 64), hidden=128, dim=128):
        super().__init__()
        self.body = TemporalFrameEncoder(channels, hidden)
        self.proj = nn.Linear(hidden, dim)

    def forward(self, frames):
        return F.normalize(self.proj(self.body(frames).mean(-1)), dim=-1)


class AVSimAudio(nn.Module):
    def __init__(self, mel: MelFrontEnd, n_mels=64, hidden=128, dim=128, blocks=3):
        super().__init__()
        self.mel = mel
        self.normalizer = MelNormalizer(n_mels)
        layers = [nn.Conv1d(n_mels, hidden, 3, padding=1)]
        for _ in range(blocks):
            layers += [ResBlock1d(hidden, hidden), nn.Conv1d(hidden, hidden, 4, stride=2, padding=1)]
        self.net = nn.Sequential(*layers)
        self.proj = nn.Linear(hidden, dim)

    def forward_latent(self, latent):
        return F.normalize(self.proj(self.net(latent).mean(-1)), dim=-1)

    def forward(self, wave):
        return self.forward_latent(self.normalizer(self.mel(wave)))


class AVSim(nn.Module):
    def __init__(self, video: AVSimVideo, audio: AVSimAudio):
        super().__init__()
        self.video, self.audio = video, audio
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))

    def loss(self, frames, wave=None, latent=None):
        v = self.video(frames)
        a = self.audio(wave) if latent is None else self.audio.forward_latent(latent)
        logits = v @ a.t() * self.logit_scale.exp().clamp(max=100)
        target = torch.arange(v.shape[0], device=v.device)
        return 0.5 * (F.cross_entropy(logits, target) + F.cross_entropy(logits.t(), target))
