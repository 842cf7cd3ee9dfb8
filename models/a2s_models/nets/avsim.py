"""AV-Sim: video tower + audio tower -> L2-normalised embeddings, trained with symmetric InfoNCE (CLIP-style)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from .layers import ResBlock1d
from .mel import MelFrontEnd, MelNormalizer
from .video import TemporalFrameEncoder


class AVSimVideo(nn.Module):
    def __init__(self, channels=(16, 32, 48, 64), hidden=128, dim=128, light=False):
        super().__init__()
        self.body = TemporalFrameEncoder(channels, hidden)
        self.proj = nn.Linear(hidden, dim)
        # Optional light pathway: the shot's colour statistics (per-channel mean and spread over the clip) read
        # together with the body's features. The light of a place (firelight, daylight in green shade, a wet
        # street) says what is heard around it, and texture features pooled by a CNN trained on hits lose it.
        # The last layer starts at zero, so adding it to a trained tower changes nothing until it is trained.
        self.light = None
        if light:
            self.light = nn.Sequential(nn.Linear(hidden + 6, hidden), nn.SiLU(), nn.Linear(hidden, dim))
            nn.init.zeros_(self.light[2].weight)
            nn.init.zeros_(self.light[2].bias)

    def features(self, frames):
        """(pooled body features [B,hidden], colour statistics [B,6] or None) of normalised frames [B,T,3,H,W]."""
        h = self.body(frames).mean(-1)
        if self.light is None:
            return h, None
        return h, torch.cat([frames.mean(dim=(1, 3, 4)), frames.std(dim=(1, 3, 4))], -1)

    def head(self, h, colour):
        z = self.proj(h)
        if self.light is not None:
            z = z + self.light(torch.cat([h, colour], -1))
        return F.normalize(z, dim=-1)

    def forward(self, frames):
        return self.head(*self.features(frames))


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
