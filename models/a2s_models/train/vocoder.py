"""Train the HiFi-GAN-style vocoder on (log-mel, wave) pairs: multi-resolution STFT loss + log-mel L1.
(Adversarial MPD/MSD training is not implemented in this budget; --gan is reserved.)

python3 -m a2s_models.train.vocoder --config configs/default.json --data PACK --out DIR [--resume]
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from ..nets import MelFrontEnd, build_vocoder, count_params
from .common import Run, base_parser, dataset, load_config, warmup_lr, wrap_ddp

RES = ((512, 128), (1024, 256), (2048, 512))


def stft_mag(x, n_fft, hop):
    win = torch.hann_window(n_fft, device=x.device)
    return torch.stft(x, n_fft, hop, window=win, return_complex=True).abs().clamp(min=1e-5)


def mr_stft_loss(y_hat, y):
    """Spectral convergence + log-magnitude L1, averaged over resolutions (Yamamoto et al. 2020, eq. 1-3)."""
    loss = 0.0
    for n, h in RES:
        a, b = stft_mag(y_hat, n, h), stft_mag(y, n, h)
        loss = loss + torch.norm(b - a) / torch.norm(b).clamp(min=1e-5) + F.l1_loss(a.log(), b.log())
    return loss / len(RES)


class VocoderTrainer(nn.Module):
    def __init__(self, cfg, crop_frames=64):
        super().__init__()
        self.gen = build_vocoder(cfg)
        self.mel = MelFrontEnd.from_config(cfg["audio"])
        self.crop, self.hop = crop_frames, cfg["audio"]["mel"]["hop"]

    def forward(self, batch, g):
        wave = batch["wave"].float()
        with torch.autocast(device_type=wave.device.type, enabled=False):
            mel = self.mel(wave)
        f = mel.shape[-1]
        f0 = int(torch.randint(0, f - self.crop + 1, (1,), device=wave.device, generator=g))
        seg_mel = mel[..., f0: f0 + self.crop]
        seg = wave[:, f0 * self.hop: (f0 + self.crop) * self.hop]
        y_hat = self.gen(seg_mel).float()
        stft = mr_stft_loss(y_hat, seg)
        with torch.autocast(device_type=wave.device.type, enabled=False):
            mel_l1 = F.l1_loss(self.mel(y_hat)[..., 2:-2], self.mel(seg)[..., 2:-2])
        return stft + 0.5 * mel_l1, {"mrStft": stft.detach(), "melL1": mel_l1.detach()}


def main(argv=None):
    ap = base_parser(__doc__)
    ap.add_argument("--gan", action="store_true", help="reserved: MPD/MSD discriminators (not implemented)")
    args = ap.parse_args(argv)
    cfg = load_config(args.config)
    run = Run("vocoder", args, cfg)
    ds = dataset(args, "train")
    trainer = VocoderTrainer(cfg).to(run.device)
    tc = cfg["train"]
    lr = tc.get("vocoderLr", tc["lr"])
    opt = torch.optim.AdamW(trainer.parameters(), lr=lr, betas=(0.8, 0.99))
    if run.try_resume(trainer, opt) is None:
        run.log({"event": "start", "params": count_params(trainer.gen), "device": str(run.device)})
    model = wrap_ddp(run, trainer)
    run.loop(model, opt, lambda b, s, g: model(b, g), ds, None, warmup_lr(lr, tc.get("warmup", 0)))
    run.save_final(trainer.gen)
    run.finish()


if __name__ == "__main__":
    main()
