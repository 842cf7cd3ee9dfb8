"""TimeSformer (facebookresearch/TimeSformer, divided space-time attention; `model.*` names), the jik876 HiFi-GAN
generator naming, and the AV-LDM conditioning heads, plus the "paper" bundle graphs built from them."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from ..nets.mel import MelFrontEnd
from .factory import conv1d, conv2d, convt1d, linear, ln, param
from .sd import AutoencoderKL, UNetModel


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv, self.proj = linear(dim, dim * 3), linear(dim, dim)

    def forward(self, x):
        b, n, c = x.shape
        q, k, v = self.qkv(x).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        a = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(c // self.heads), -1)
        return self.proj((a @ v).transpose(1, 2).reshape(b, n, c))


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1, self.fc2 = linear(dim, hidden), linear(hidden, dim)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class DividedBlock(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.norm1, self.attn = ln(dim, 1e-6), Attention(dim, heads)
        self.temporal_norm1, self.temporal_attn = ln(dim, 1e-6), Attention(dim, heads)
        self.temporal_fc = linear(dim, dim)
        self.norm2, self.mlp = ln(dim, 1e-6), Mlp(dim, dim * 4)

    def forward(self, x, b, t, n):  # x [B, 1 + n*t, D] (cls + patches in (n t) order)
        d = x.shape[-1]
        xt = x[:, 1:].reshape(b * n, t, d)
        xt = x[:, 1:] + self.temporal_fc(self.temporal_attn(self.temporal_norm1(xt))).reshape(b, n * t, d)
        cls = x[:, :1].expand(b, t, d).reshape(b * t, 1, d)
        xs = torch.cat([cls, xt.reshape(b, n, t, d).transpose(1, 2).reshape(b * t, n, d)], 1)
        res = self.attn(self.norm1(xs))
        cls_res = res[:, :1].reshape(b, t, d).mean(1, keepdim=True)
        sp = res[:, 1:].reshape(b, t, n, d).transpose(1, 2).reshape(b, n * t, d)
        x = torch.cat([x[:, :1], xt], 1) + torch.cat([cls_res, sp], 1)
        return x + self.mlp(self.norm2(x))


class VisionTransformer(nn.Module):
    def __init__(self, img=224, patch=16, dim=768, depth=12, heads=12, frames=16):
        super().__init__()
        self.patch_embed = nn.Module()
        self.patch_embed.proj = conv2d(3, dim, patch, stride=patch)
        self.cls_token = param(1, 1, dim)
        self.pos_embed = param(1, (img // patch) ** 2 + 1, dim)
        self.time_embed = param(1, frames, dim)
        self.blocks = nn.ModuleList([DividedBlock(dim, heads) for _ in range(depth)])
        self.norm = ln(dim, 1e-6)

    def forward(self, frames):  # [B,T,3,H,W] -> cls [B,D], per-frame tokens [B,T,D]
        b, t = frames.shape[:2]
        x = self.patch_embed.proj(frames.reshape(b * t, *frames.shape[2:])).flatten(2).transpose(1, 2)
        n, d = x.shape[1], x.shape[2]
        x = torch.cat([self.cls_token.expand(b * t, 1, d), x], 1) + self.pos_embed
        cls = x[:b, :1]
        x = x[:, 1:].reshape(b, t, n, d).transpose(1, 2) + self.time_embed[:, None]  # [B,n,T,D]
        x = torch.cat([cls, x.reshape(b, n * t, d)], 1)
        for blk in self.blocks:
            x = blk(x, b, t, n)
        x = self.norm(x)
        return x[:, 0], x[:, 1:].reshape(b, n, t, d).mean(1)


class TimeSformer(nn.Module):
    def __init__(self, **kw):
        super().__init__()
        self.model = VisionTransformer(**kw)

    def forward(self, frames):
        return self.model(frames)


class ResBlock1(nn.Module):
    def __init__(self, ch, k, dil):
        super().__init__()
        self.convs1 = nn.ModuleList([conv1d(ch, ch, k, dilation=d, padding=d * (k - 1) // 2) for d in dil])
        self.convs2 = nn.ModuleList([conv1d(ch, ch, k, padding=(k - 1) // 2) for _ in dil])

    def forward(self, x):
        for c1, c2 in zip(self.convs1, self.convs2):
            x = x + c2(F.leaky_relu(c1(F.leaky_relu(x, 0.1)), 0.1))
        return x


class HiFiGAN(nn.Module):
    """jik876/hifi-gan Generator (ResBlock1), weight norm folded into `weight` by the converter."""

    def __init__(self, n_mels=128, initial=512, rates=(8, 8, 2, 2), kernels=(16, 16, 4, 4), res_kernels=(3, 7, 11),
                 res_dil=((1, 3, 5), (1, 3, 5), (1, 3, 5))):
        super().__init__()
        self.nk = len(res_kernels)
        self.conv_pre = conv1d(n_mels, initial, 7, padding=3)
        self.ups = nn.ModuleList([convt1d(initial // 2 ** i, initial // 2 ** (i + 1), k, r, (k - r) // 2)
                                  for i, (r, k) in enumerate(zip(rates, kernels))])
        self.resblocks = nn.ModuleList([ResBlock1(initial // 2 ** (i + 1), k, d) for i in range(len(rates))
                                        for k, d in zip(res_kernels, res_dil)])
        self.conv_post = conv1d(initial // 2 ** len(rates), 1, 7, padding=3)

    def forward(self, mel):
        x = self.conv_pre(mel)
        for i, up in enumerate(self.ups):
            x = up(F.leaky_relu(x, 0.1))
            x = sum(self.resblocks[i * self.nk + j](x) for j in range(self.nk)) / self.nk
        return torch.tanh(self.conv_post(F.leaky_relu(x))).squeeze(1)  # jik876: default slope 0.01 here


class CondStage(nn.Module):
    """AV-LDM conditioning: TimeSformer per-frame features -> video tokens; VAE latent columns -> audio tokens."""

    def __init__(self, ts_kw, ctx=768, z=4, latent_h=16):
        super().__init__()
        self.video_encoder = TimeSformer(**ts_kw)
        self.video_proj = linear(ts_kw["dim"], ctx)
        self.audio_proj = nn.Sequential(linear(z * latent_h, ctx), nn.GELU(), linear(ctx, ctx))


class AVSimOfficial(nn.Module):
    def __init__(self, ts_kw, n_mels=128, dim=512):
        super().__init__()
        self.video_encoder = TimeSformer(**ts_kw)
        self.video_proj = linear(ts_kw["dim"], dim)
        self.audio_mlp = nn.Sequential(linear(2 * n_mels, 1024), nn.GELU(), linear(1024, dim))


def official_modules(o: dict):
    """Modules keyed by the checkpoint prefix they load from (see keyspec.py)."""
    ts = dict(img=o["timesformer"]["img"], patch=o["timesformer"]["patch"], dim=o["timesformer"]["dim"],
              depth=o["timesformer"]["depth"], heads=o["timesformer"]["heads"], frames=o["timesformer"]["frames"])
    u, v, h = o["unet"], o["vae"], o["hifigan"]
    return {
        "ldm": {"model.diffusion_model.": UNetModel(u["in"], u["mc"], u["mult"], u["nres"], u["attnDs"], u["heads"], u["ctx"]),
                "first_stage_model.": AutoencoderKL(v["imgCh"], v["ch"], v["mult"], v["z"]),
                "cond_stage_model.": CondStage(ts, u["ctx"], v["z"], o["latentH"])},
        "hifigan": {"generator.": HiFiGAN(o["nMels"], h["initial"], h["rates"], h["kernels"], h["resKernels"],
                                          h["resDilations"])},
        "avsim": {"": AVSimOfficial(ts, o["nMels"], o["avsimDim"])},
    }
