"""Eval audio classifier: wave -> log-mel -> convs -> embedding (for FAD) -> action-class logits."""
import torch.nn as nn

from .avsim import AVSimAudio
from .mel import MelFrontEnd


class AudioClassifier(nn.Module):
    def __init__(self, mel: MelFrontEnd, n_mels=64, hidden=96, dim=128, classes=16):
        super().__init__()
        self.encoder = AVSimAudio(mel, n_mels, hidden, dim)  # same conv tower, L2-normalised embedding
        self.head = nn.Linear(dim, classes)

    def forward(self, wave):
        emb = self.encoder(wave)
        return self.head(emb * 10.0), emb
