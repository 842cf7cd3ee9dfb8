"""Stable Diffusion v1 UNet and KL-VAE with the CompVis `ldm` module names (openaimodel.py, model.py), as used by
the official AV-LDM (`model.diffusion_model.*`, `first_stage_model.*`)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from .factory import conv2d, gn, linear, ln


def timestep_embedding(t, dim, max_period=10000):
    half = dim // 2
    freqs = torch.exp(-math.log(max_period) * torch.arange(half, dtype=torch.float32, device=t.device) / half)
    args = t.float()[:, None] * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], -1)


class ResBlock(nn.Module):
    def __init__(self, ch, out, emb):
        super().__init__()
        self.in_layers = nn.Sequential(gn(ch), nn.SiLU(), conv2d(ch, out, 3, padding=1))
        self.emb_layers = nn.Sequential(nn.SiLU(), linear(emb, out))
        self.out_layers = nn.Sequential(gn(out), nn.SiLU(), nn.Dropout(0.0), conv2d(out, out, 3, padding=1))
        self.skip_connection = conv2d(ch, out, 1) if ch != out else nn.Identity()

    def forward(self, x, emb):
        h = self.in_layers(x) + self.emb_layers(emb)[:, :, None, None]
        return self.skip_connection(x) + self.out_layers(h)


class CrossAttention(nn.Module):
    def __init__(self, dim, ctx, heads):
        super().__init__()
        self.heads = heads
        self.to_q, self.to_k, self.to_v = linear(dim, dim, False), linear(ctx, dim, False), linear(ctx, dim, False)
        self.to_out = nn.Sequential(linear(dim, dim), nn.Dropout(0.0))

    def forward(self, x, ctx=None):
        ctx = x if ctx is None else ctx
        b, n, c = x.shape
        h = self.heads
        q = self.to_q(x).reshape(b, n, h, c // h).transpose(1, 2)
        k = self.to_k(ctx).reshape(b, -1, h, c // h).transpose(1, 2)
        v = self.to_v(ctx).reshape(b, -1, h, c // h).transpose(1, 2)
        w = torch.softmax(q @ k.transpose(2, 3) / math.sqrt(c // h), -1)
        return self.to_out((w @ v).transpose(1, 2).reshape(b, n, c))


class GEGLU(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.proj = linear(i, o * 2)

    def forward(self, x):
        a, g = self.proj(x).chunk(2, -1)
        return a * F.gelu(g)


class BasicTransformerBlock(nn.Module):
    def __init__(self, dim, ctx, heads):
        super().__init__()
        self.attn1 = CrossAttention(dim, dim, heads)
        self.ff = nn.Module()
        self.ff.net = nn.Sequential(GEGLU(dim, dim * 4), nn.Dropout(0.0), linear(dim * 4, dim))
        self.attn2 = CrossAttention(dim, ctx, heads)
        self.norm1, self.norm2, self.norm3 = ln(dim), ln(dim), ln(dim)

    def forward(self, x, ctx):
        x = x + self.attn1(self.norm1(x))
        x = x + self.attn2(self.norm2(x), ctx)
        return x + self.ff.net(self.norm3(x))


class SpatialTransformer(nn.Module):
    def __init__(self, ch, ctx, heads):
        super().__init__()
        self.norm = gn(ch, eps=1e-6)
        self.proj_in = conv2d(ch, ch, 1)
        self.transformer_blocks = nn.ModuleList([BasicTransformerBlock(ch, ctx, heads)])
        self.proj_out = conv2d(ch, ch, 1)

    def forward(self, x, ctx):
        b, c, hh, ww = x.shape
        h = self.proj_in(self.norm(x)).reshape(b, c, hh * ww).transpose(1, 2)
        for blk in self.transformer_blocks:
            h = blk(h, ctx)
        return x + self.proj_out(h.transpose(1, 2).reshape(b, c, hh, ww))


class Downsample(nn.Module):
    def __init__(self, ch):
        super().__init__()
        self.op = conv2d(ch, ch, 3, stride=2, padding=1)

    def forward(self, x):
        return self.op(x)


class Upsample(nn.Module):
    def __init__(self, ch):
        super().__init__()
        self.conv = conv2d(ch, ch, 3, padding=1)

    def forward(self, x, size):
        return self.conv(F.interpolate(x, size=size, mode="nearest"))


class Seq(nn.ModuleList):
    def forward(self, x, emb, ctx, size=None):
        for m in self:
            if isinstance(m, ResBlock):
                x = m(x, emb)
            elif isinstance(m, SpatialTransformer):
                x = m(x, ctx)
            elif isinstance(m, Upsample):
                x = m(x, size)
            else:
                x = m(x)
        return x


class UNetModel(nn.Module):
    """SD-v1: model_channels 320, channel_mult (1,2,4,4), 2 res blocks, attention at ds 1,2,4, 8 heads, ctx 768."""

    def __init__(self, in_ch=4, mc=320, mult=(1, 2, 4, 4), nres=2, attn_ds=(1, 2, 4), heads=8, ctx=768):
        super().__init__()
        emb = mc * 4
        self.mc = mc
        self.time_embed = nn.Sequential(linear(mc, emb), nn.SiLU(), linear(emb, emb))
        self.input_blocks = nn.ModuleList([Seq([conv2d(in_ch, mc, 3, padding=1)])])
        chans, ch, ds = [mc], mc, 1
        for lvl, m in enumerate(mult):
            for _ in range(nres):
                layers = [ResBlock(ch, m * mc, emb)]
                ch = m * mc
                if ds in attn_ds:
                    layers.append(SpatialTransformer(ch, ctx, heads))
                self.input_blocks.append(Seq(layers))
                chans.append(ch)
            if lvl != len(mult) - 1:
                self.input_blocks.append(Seq([Downsample(ch)]))
                chans.append(ch)
                ds *= 2
        self.middle_block = Seq([ResBlock(ch, ch, emb), SpatialTransformer(ch, ctx, heads), ResBlock(ch, ch, emb)])
        self.output_blocks = nn.ModuleList()
        for lvl, m in list(enumerate(mult))[::-1]:
            for i in range(nres + 1):
                layers = [ResBlock(ch + chans.pop(), m * mc, emb)]
                ch = m * mc
                if ds in attn_ds:
                    layers.append(SpatialTransformer(ch, ctx, heads))
                if lvl and i == nres:
                    layers.append(Upsample(ch))
                    ds //= 2
                self.output_blocks.append(Seq(layers))
        self.out = nn.Sequential(gn(ch), nn.SiLU(), conv2d(mc, in_ch, 3, padding=1))

    def forward(self, x, t, context):
        emb = self.time_embed(timestep_embedding(t, self.mc))
        hs, h = [], x
        for blk in self.input_blocks:
            h = blk(h, emb, context)
            hs.append(h)
        h = self.middle_block(h, emb, context)
        for blk in self.output_blocks:
            skip = hs.pop()
            size = hs[-1].shape[-2:] if hs else None
            h = blk(torch.cat([h, skip], 1), emb, context, size)
        return self.out(h)


class ResnetBlock(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.norm1, self.conv1 = gn(i, eps=1e-6), conv2d(i, o, 3, padding=1)
        self.norm2, self.conv2 = gn(o, eps=1e-6), conv2d(o, o, 3, padding=1)
        self.nin_shortcut = conv2d(i, o, 1) if i != o else None

    def forward(self, x):
        h = self.conv1(F.silu(self.norm1(x)))
        h = self.conv2(F.silu(self.norm2(h)))
        return (x if self.nin_shortcut is None else self.nin_shortcut(x)) + h


class AttnBlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.norm = gn(c, eps=1e-6)
        self.q, self.k, self.v, self.proj_out = conv2d(c, c, 1), conv2d(c, c, 1), conv2d(c, c, 1), conv2d(c, c, 1)

    def forward(self, x):
        b, c, h, w = x.shape
        n = self.norm(x)
        q = self.q(n).reshape(b, c, h * w).transpose(1, 2)
        k = self.k(n).reshape(b, c, h * w)
        v = self.v(n).reshape(b, c, h * w)
        a = torch.softmax(q @ k / math.sqrt(c), -1)
        return x + self.proj_out((v @ a.transpose(1, 2)).reshape(b, c, h, w))


class _Mid(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.block_1, self.attn_1, self.block_2 = ResnetBlock(c, c), AttnBlock(c), ResnetBlock(c, c)

    def forward(self, x):
        return self.block_2(self.attn_1(self.block_1(x)))


class _Level(nn.Module):
    pass


class Encoder(nn.Module):
    def __init__(self, in_ch=3, ch=128, mult=(1, 2, 4, 4), nres=2, z=4):
        super().__init__()
        self.conv_in = conv2d(in_ch, ch, 3, padding=1)
        self.down = nn.ModuleList()
        c = ch
        for i, m in enumerate(mult):
            lvl = _Level()
            lvl.block = nn.ModuleList()
            for _ in range(nres):
                lvl.block.append(ResnetBlock(c, ch * m))
                c = ch * m
            lvl.attn = nn.ModuleList()
            if i != len(mult) - 1:
                lvl.downsample = nn.Module()
                lvl.downsample.conv = conv2d(c, c, 3, stride=2)
            self.down.append(lvl)
        self.mid = _Mid(c)
        self.norm_out, self.conv_out = gn(c, eps=1e-6), conv2d(c, 2 * z, 3, padding=1)

    def forward(self, x):
        h = self.conv_in(x)
        for lvl in self.down:
            for b in lvl.block:
                h = b(h)
            if hasattr(lvl, "downsample"):
                h = lvl.downsample.conv(F.pad(h, (0, 1, 0, 1)))  # CompVis asymmetric padding
        return self.conv_out(F.silu(self.norm_out(self.mid(h))))


class Decoder(nn.Module):
    def __init__(self, out_ch=3, ch=128, mult=(1, 2, 4, 4), nres=2, z=4):
        super().__init__()
        c = ch * mult[-1]
        self.conv_in = conv2d(z, c, 3, padding=1)
        self.mid = _Mid(c)
        self.up = nn.ModuleList([None] * len(mult))
        for i in reversed(range(len(mult))):
            lvl = _Level()
            lvl.block = nn.ModuleList()
            for _ in range(nres + 1):
                lvl.block.append(ResnetBlock(c, ch * mult[i]))
                c = ch * mult[i]
            lvl.attn = nn.ModuleList()
            if i != 0:
                lvl.upsample = nn.Module()
                lvl.upsample.conv = conv2d(c, c, 3, padding=1)
            self.up[i] = lvl
        self.norm_out, self.conv_out = gn(c, eps=1e-6), conv2d(c, out_ch, 3, padding=1)

    def forward(self, z):
        h = self.mid(self.conv_in(z))
        for i in reversed(range(len(self.up))):
            lvl = self.up[i]
            for b in lvl.block:
                h = b(h)
            if hasattr(lvl, "upsample"):
                h = lvl.upsample.conv(F.interpolate(h, scale_factor=2.0, mode="nearest"))
        return self.conv_out(F.silu(self.norm_out(h)))


class AutoencoderKL(nn.Module):
    def __init__(self, img_ch=3, ch=128, mult=(1, 2, 4, 4), z=4):
        super().__init__()
        self.encoder, self.decoder = Encoder(img_ch, ch, mult, 2, z), Decoder(img_ch, ch, mult, 2, z)
        self.quant_conv, self.post_quant_conv = conv2d(2 * z, 2 * z, 1), conv2d(z, z, 1)

    def encode_mean(self, x):
        return self.quant_conv(self.encoder(x)).chunk(2, 1)[0]

    def decode(self, z):
        return self.decoder(self.post_quant_conv(z))
