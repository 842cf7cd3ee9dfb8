"""Griffin-Lim vocoder (Griffin & Lim 1984; fast variant, Perraudin et al. 2013) with a matmul DFT and
overlap-add inverse, N unrolled iterations: exportable, no training. Fallback when no trained vocoder exists."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from .mel import MelFrontEnd, arange_like, frame_signal, hann_and_angles, overlap_add


class GriffinLim(nn.Module):
    def __init__(self, mel: MelFrontEnd, iters=32, momentum=0.99):
        super().__init__()
        self.n_fft, self.hop, self.pad, self.iters, self.momentum = mel.n_fft, mel.hop, mel.pad, iters, momentum
        self.register_buffer("fb_pinv", torch.from_numpy(np.linalg.pinv(mel.fb.double().numpy()).astype(np.float32)))

    def _bases(self, ref):
        win, ang = hann_and_angles(self.n_fft, ref)
        k = ang.shape[0]
        idx = arange_like(ref, k).unsqueeze(1)
        c = 2.0 - (idx == 0).float() - (idx == k - 1).float()  # irfft weights: 1 for DC and Nyquist, else 2
        ana = torch.cat([torch.cos(ang) * win, -torch.sin(ang) * win], 0)  # [2K, N]
        syn = torch.cat([torch.cos(ang) * win * c, -torch.sin(ang) * win * c], 0) / self.n_fft  # [2K, N]
        return ana, syn, win

    def forward(self, mel):  # natural-log mel power [B,nMels,F] -> wave [B, F*hop]
        frames = mel.shape[-1]
        mag = torch.sqrt(torch.clamp(torch.matmul(self.fb_pinv, torch.exp(mel)), min=0.0))  # [B,K,F]
        ana, syn, win = self._bases(mel)
        ones = torch.ones_like(mel[:1, :1, :]).transpose(1, 2)  # [1,F,1]
        env = torch.clamp(overlap_add(ones * (win * win), self.hop), min=1e-6)  # window-square envelope

        def istft(re, im):  # [B,K,F] x2 -> [B, (F-1)*hop + N]
            return overlap_add(torch.matmul(torch.cat([re, im], 1).transpose(1, 2), syn), self.hop) / env

        def stft(y):
            s = torch.matmul(ana, frame_signal(y, self.n_fft, self.hop).transpose(1, 2))
            k = s.shape[1] // 2
            return s[:, :k], s[:, k:]

        re, im = mag, torch.zeros_like(mag)
        pre, pim = torch.zeros_like(mag), torch.zeros_like(mag)
        for _ in range(self.iters):
            r2, i2 = stft(istft(re, im))
            ar, ai = r2 - self.momentum * pre, i2 - self.momentum * pim  # momentum extrapolation
            pre, pim = r2, i2
            scale = mag / torch.sqrt(ar * ar + ai * ai + 1e-12)  # project onto |X| = mag
            re, im = ar * scale, ai * scale
        return istft(re, im)[:, self.pad: self.pad + frames * self.hop]
