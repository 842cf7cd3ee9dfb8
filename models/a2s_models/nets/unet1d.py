"""Denoiser: 1D UNet over time (mel bins as channels) with timestep embedding, cross-attention over
[video tokens; audio tokens] at the lower levels, and a time-aligned path (video tokens resampled to the latent
frame rate + onset envelope) concatenated at the input and FiLM-ed into every block (docs/DESIGN.md §10).

Envelope path (`envelope_path` > 0, issue 15): the onset envelope also gets its own wide conv branch, added to the
aligned features every block is FiLM-ed with. In the shared branch one envelope channel sits beside 128 video
channels; on real footage those channels are out of distribution and drowned it out (takes ignored given onsets).
Its last conv starts at zero, so switching it on leaves a trained UNet's output unchanged until it is trained."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from .layers import Attention, norm, time_resample, timestep_embedding


class AlignedResBlock(nn.Module):
    def __init__(self, cin, cout, temb, adim):
        super().__init__()
        self.n1, self.c1 = norm(cin), nn.Conv1d(cin, cout, 3, padding=1)
        self.t = nn.Linear(temb, cout)
        self.film = nn.Conv1d(adim, 2 * cout, 1)
        self.n2, self.c2 = norm(cout), nn.Conv1d(cout, cout, 3, padding=1)
        self.skip = nn.Conv1d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x, temb, a):
        h = self.c1(F.silu(self.n1(x))) + self.t(temb).unsqueeze(-1)
        scale, shift = self.film(a).chunk(2, dim=1)
        h = self.n2(h) * (1 + scale) + shift
        return self.skip(x) + self.c2(F.silu(h))


class CrossAttnBlock(nn.Module):
    def __init__(self, ch, ctx_dim, heads):
        super().__init__()
        self.n = norm(ch)
        self.attn = Attention(ch, ctx_dim, heads)

    def forward(self, x, ctx):
        return x + self.attn(self.n(x).transpose(1, 2), ctx).transpose(1, 2)


class UNet1D(nn.Module):
    def __init__(self, in_ch=64, channels=(128, 192, 256), attn_levels=(1, 2), heads=4, ctx_dim=128,
                 video_tokens=64, aligned_dim=64, temb_dim=256, latent_frames=128, blocks_per_level=1, envelope_path=0):
        super().__init__()
        self.video_tokens, self.latent_frames = video_tokens, latent_frames
        self.temb_in = channels[0]
        self.temb = nn.Sequential(nn.Linear(channels[0], temb_dim), nn.SiLU(), nn.Linear(temb_dim, temb_dim))
        self.aligned = nn.Sequential(nn.Conv1d(ctx_dim + 1, aligned_dim, 1), nn.SiLU(),
                                     nn.Conv1d(aligned_dim, aligned_dim, 5, padding=2), nn.SiLU())
        self.envelope = None
        if envelope_path:
            self.envelope = nn.Sequential(nn.Conv1d(1, envelope_path, 9, padding=4), nn.SiLU(),
                                          nn.Conv1d(envelope_path, envelope_path, 5, padding=2), nn.SiLU(),
                                          nn.Conv1d(envelope_path, aligned_dim, 1))
            nn.init.zeros_(self.envelope[-1].weight)
            nn.init.zeros_(self.envelope[-1].bias)
        self.inp = nn.Conv1d(in_ch + aligned_dim, channels[0], 3, padding=1)
        self.down, self.down_attn, self.downsample = nn.ModuleList(), nn.ModuleList(), nn.ModuleList()
        skips, ch = [channels[0]], channels[0]
        for i, c in enumerate(channels):
            blocks, attns = nn.ModuleList(), nn.ModuleList()
            for _ in range(blocks_per_level):
                blocks.append(AlignedResBlock(ch, c, temb_dim, aligned_dim))
                attns.append(CrossAttnBlock(c, ctx_dim, heads) if i in attn_levels else nn.Identity())
                ch = c
                skips.append(ch)
            self.down.append(blocks)
            self.down_attn.append(attns)
            last = i == len(channels) - 1
            self.downsample.append(nn.Identity() if last else nn.Conv1d(ch, ch, 4, stride=2, padding=1))
            if not last:
                skips.append(ch)
        self.mid1 = AlignedResBlock(ch, ch, temb_dim, aligned_dim)
        self.mid_attn = CrossAttnBlock(ch, ctx_dim, heads)
        self.mid2 = AlignedResBlock(ch, ch, temb_dim, aligned_dim)
        self.up, self.up_attn, self.upsample = nn.ModuleList(), nn.ModuleList(), nn.ModuleList()
        for i, c in reversed(list(enumerate(channels))):
            blocks, attns = nn.ModuleList(), nn.ModuleList()
            for _ in range(blocks_per_level + 1):
                blocks.append(AlignedResBlock(ch + skips.pop(), c, temb_dim, aligned_dim))
                attns.append(CrossAttnBlock(c, ctx_dim, heads) if i in attn_levels else nn.Identity())
                ch = c
            self.up.append(blocks)
            self.up_attn.append(attns)
            self.upsample.append(nn.Conv1d(ch, ch, 3, padding=1) if i > 0 else nn.Identity())
        self.out_norm = norm(ch)
        self.out = nn.Conv1d(ch, in_ch, 3, padding=1)
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)

    def forward(self, latent, t, context, onset_envelope):
        temb = self.temb(timestep_embedding(t, self.temb_in))
        vid = context[:, : self.video_tokens].transpose(1, 2)  # [B, D, Tv]
        a = torch.cat([time_resample(vid, self.latent_frames), onset_envelope.unsqueeze(1)], 1)
        a = self.aligned(a)  # [B, A, L]
        if self.envelope is not None:
            a = a + self.envelope(onset_envelope.unsqueeze(1))
        aligned = [a]
        h = self.inp(torch.cat([latent, a], 1))
        hs = [h]
        for lvl, (blocks, attns) in enumerate(zip(self.down, self.down_attn)):
            for blk, attn in zip(blocks, attns):
                h = blk(h, temb, aligned[lvl])
                h = attn(h, context) if isinstance(attn, CrossAttnBlock) else h
                hs.append(h)
            if not isinstance(self.downsample[lvl], nn.Identity):
                h = self.downsample[lvl](h)
                aligned.append(F.avg_pool1d(aligned[-1], 2))
                hs.append(h)
        h = self.mid2(self.mid_attn(self.mid1(h, temb, aligned[-1]), context), temb, aligned[-1])
        n = len(self.up)
        for j, (blocks, attns) in enumerate(zip(self.up, self.up_attn)):
            lvl = n - 1 - j
            for blk, attn in zip(blocks, attns):
                h = blk(torch.cat([h, hs.pop()], 1), temb, aligned[lvl])
                h = attn(h, context) if isinstance(attn, CrossAttnBlock) else h
            if lvl > 0:
                h = self.upsample[j](time_resample(h, h.shape[-1] * 2))
        return self.out(F.silu(self.out_norm(h)))

    def new_parameter_prefixes(self):
        """Modules that may be absent from an older checkpoint (zero-initialised: neutral until trained)."""
        return ("envelope.",) if self.envelope is not None else ()
