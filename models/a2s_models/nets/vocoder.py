"""Small HiFi-GAN-style generator (Kong et al. 2020, V-variant layout without weight norm, for plain export):
log-mel [B,nMels,F] -> wave [B, F*prod(rates)]."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class MRFBlock(nn.Module):
    def __init__(self, ch, k, dilations):
        super().__init__()
        self.c1 = nn.ModuleList([nn.Conv1d(ch, ch, k, dilation=d, padding=d * (k - 1) // 2) for d in dilations])
        self.c2 = nn.ModuleList([nn.Conv1d(ch, ch, k, padding=(k - 1) // 2) for _ in dilations])

    def forward(self, x):
        for a, b in zip(self.c1, self.c2):
            x = x + b(F.leaky_relu(a(F.leaky_relu(x, 0.1)), 0.1))
        return x


class HiFiGANGenerator(nn.Module):
    def __init__(self, n_mels=64, initial=128, rates=(8, 8, 4), kernels=(16, 16, 8), res_kernels=(3, 7),
                 res_dilations=((1, 3), (1, 3))):
        super().__init__()
        self.pre = nn.Conv1d(n_mels, initial, 7, padding=3)
        self.ups, self.mrfs = nn.ModuleList(), nn.ModuleList()
        ch = initial
        for r, k in zip(rates, kernels):
            self.ups.append(nn.ConvTranspose1d(ch, ch // 2, k, stride=r, padding=(k - r) // 2))
            ch //= 2
            self.mrfs.append(nn.ModuleList([MRFBlock(ch, rk, d) for rk, d in zip(res_kernels, res_dilations)]))
        self.post = nn.Conv1d(ch, 1, 7, padding=3)
        # log-mel input has a large offset (~-5): centre it so the untrained net starts near silence
        self.register_buffer("in_mean", torch.tensor(-5.0))
        self.register_buffer("in_std", torch.tensor(4.0))

    def forward(self, mel):
        x = self.pre((mel - self.in_mean) / self.in_std)
        for up, mrf in zip(self.ups, self.mrfs):
            x = up(F.leaky_relu(x, 0.1))
            x = sum(m(x) for m in mrf) / len(mrf)
        return torch.tanh(self.post(F.leaky_relu(x, 0.1))).squeeze(1)
