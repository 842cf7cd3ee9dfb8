"""Train AV-Sim (video tower + audio tower, symmetric InfoNCE over the batch).

python3 -m a2s_models.train.avsim --config configs/default.json --data PACK --out DIR [--resume]
"""
import torch
import torch.nn as nn

from ..nets import build_avsim, count_params
from .common import Run, base_parser, dataset, load_config, warmup_lr, wrap_ddp
from .data import build_batch, prep_frames


class AVSimTrainer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.net = build_avsim(cfg)

    def forward(self, batch, g):
        frames = prep_frames(batch["frames"], self.cfg["video"]["mean"], self.cfg["video"]["std"])
        wave = batch["wave"]
        # The positive audio is sometimes the condition clip (same scene and bed, other events): retrieval serves
        # ambience conditions, so the embedding must match a picture to its surroundings, not only to its hits.
        p_cond = self.cfg["train"].get("avsimCondPositive", 0.0)
        if p_cond > 0:
            pick = torch.rand(wave.shape[0], generator=g, device=g.device) < p_cond
            wave = torch.where(pick.to(wave.device)[:, None], batch["cond_wave"], wave)
        with torch.autocast(device_type=frames.device.type, enabled=False):
            lat = self.net.audio.normalizer(self.net.audio.mel(wave.float()))
        loss = self.net.loss(frames, latent=lat)
        return loss, {"temperature": 1.0 / self.net.logit_scale.exp().detach()}


@torch.no_grad()
def fit_normalizer(net, ds, run):
    wave = build_batch(ds, run.args.seed + 99991, 0, 0, min(run.batch, 64))["wave"].to(run.device)
    net.audio.normalizer.fit(net.audio.mel(wave))


def main(argv=None):
    args = base_parser(__doc__).parse_args(argv)
    cfg = load_config(args.config)
    run = Run("avsim", args, cfg)
    ds = dataset(args, "train")
    trainer = AVSimTrainer(cfg).to(run.device)
    tc = cfg["train"]
    opt = torch.optim.AdamW(trainer.parameters(), lr=tc["lr"], weight_decay=tc.get("weightDecay", 0.0))
    if run.try_resume(trainer, opt) is None:
        if not run.init_from(trainer.net):
            fit_normalizer(trainer.net, ds, run)
        run.log({"event": "start", "params": count_params(trainer.net), "device": str(run.device)})
    model = wrap_ddp(run, trainer)
    run.loop(model, opt, lambda b, s, g: model(b, g), ds, None, warmup_lr(tc["lr"], tc.get("warmup", 0)))
    run.save_final(trainer.net)
    run.finish()


if __name__ == "__main__":
    main()
