"""Video encoder: per-frame 2D CNN on [RGB, frame difference] + temporal convs -> one token per frame,
plus a timing head (per-latent-frame onset logits) trained with a direct BCE loss on known contact times."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from .layers import ResBlock1d, norm, time_resample


def frame_difference(frames: torch.Tensor) -> torch.Tensor:
    """[B,T,3,H,W] -> [B,T,6,H,W]: frame and (frame - previous frame), zero for the first frame (motion channel)."""
    diff = frames[:, 1:] - frames[:, :-1]
    diff = torch.cat([torch.zeros_like(frames[:, :1]), diff], 1)
    return torch.cat([frames, diff], 2)


class FrameCNN(nn.Module):
    """[N,6,H,W] -> [N,C]: stride-2 convs then spatial mean."""

    def __init__(self, channels=(32, 48, 64, 96), cin=6):
        super().__init__()
        layers = []
        for c in channels:
            layers += [nn.Conv2d(cin, c, 3, stride=2, padding=1), norm(c), nn.SiLU(),
                       nn.Conv2d(c, c, 3, padding=1), nn.SiLU()]
            cin = c
        self.net = nn.Sequential(*layers)
        self.out_dim = cin

    def forward(self, x):
        return self.net(x).mean(dim=(2, 3))


class TemporalFrameEncoder(nn.Module):
    """frames [B,T,3,H,W] (normalised) -> per-frame features [B,D,T] after temporal residual convs."""

    def __init__(self, channels, dim, temporal_kernel=5, temporal_blocks=2):
        super().__init__()
        self.cnn = FrameCNN(channels)
        self.proj = nn.Conv1d(self.cnn.out_dim, dim, 1)
        self.temporal = nn.Sequential(*[ResBlock1d(dim, dim, temporal_kernel) for _ in range(temporal_blocks)])

    def cnn_features(self, frames):
        """The per-frame CNN alone, [B,C,T]: the expensive part, cached once when it is frozen (train/cache.py)."""
        b, t = frames.shape[0], frames.shape[1]
        x = frame_difference(frames)
        f = self.cnn(x.reshape(b * t, x.shape[2], x.shape[3], x.shape[4]))  # [B*T, C]
        return f.reshape(b, t, -1).transpose(1, 2)  # [B, C, T]

    def from_cnn(self, f):
        return self.temporal(self.proj(f))

    def forward(self, frames):
        return self.from_cnn(self.cnn_features(frames))


class VideoEncoder(nn.Module):
    """-> tokens [B,T,D] (time order) and onset logits [B,L] at the latent frame rate."""

    def __init__(self, channels=(32, 48, 64, 96), dim=128, latent_frames=128, temporal_kernel=5, head_hidden=64):
        super().__init__()
        self.latent_frames = latent_frames
        self.body = TemporalFrameEncoder(channels, dim, temporal_kernel)
        self.out_norm = nn.LayerNorm(dim)
        self.head = nn.Sequential(nn.Conv1d(dim, head_hidden, 5, padding=2), nn.SiLU(),
                                  nn.Conv1d(head_hidden, head_hidden, 5, padding=2), nn.SiLU(),
                                  nn.Conv1d(head_hidden, 1, 3, padding=1))

    def forward(self, frames):
        return self.from_cnn(self.body.cnn_features(frames))

    def from_cnn(self, cnn_features):
        """Everything after the per-frame CNN, from its [B,C,T] features (training with a frozen, cached CNN)."""
        h = self.body.from_cnn(cnn_features)  # [B, D, T]
        tokens = self.out_norm(h.transpose(1, 2))
        logits = self.head(time_resample(h, self.latent_frames)).squeeze(1)
        return tokens, logits
