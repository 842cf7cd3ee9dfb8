"""Train the AV-LDM (video encoder + timing head, audio-condition encoder, 1D UNet) with v/eps objective.

python3 -m a2s_models.train.ldm --config configs/default.json --data PACK --out DIR [--resume] [--no-audio-cond]
On a cache with per-frame CNN features (train/cache.py --cnn-from) the video CNN is frozen and everything after it
trains (the CPU fine-tune path); --ema keeps an exponential moving average of the weights, which is what gets saved.
CFG dropout: video tokens + onset envelope zeroed with p=pVideoDrop; audio tokens zeroed with p=pAudioDrop (always
with --no-audio-cond). Envelope-only rows: video tokens zeroed or noised, true envelope kept, with p=pEnvelopeOnly
(corrupt_video_tokens). The audio condition is the neighbour clip (`cond_wave`) of the same scene.
"""
import contextlib

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from ..eval.onsets import ambience_db, detect_onsets_logmel, onset_f1
from ..nets import build_ldm, count_params
from ..schedulers import NoiseSchedule, cfg_combine, guided_at, make_sampler
from .classifier import class_names
from .common import Run, base_parser, dataset, load_config, warmup_lr, wrap_ddp
from .data import build_batch, prep_frames


def corrupt_video_tokens(vt, keep_v, use_true, p, gen):
    """Envelope-only rows (issue 15): with probability p a kept row's video tokens become zeros or noise (half
    each), while its envelope is the true one. Without them the envelope was never the only timing cue (it was
    zeroed with the video), so on real footage, whose tokens are out of distribution, given onsets were ignored;
    with them the envelope alone must place the hits. Not another clip's tokens: that also taught the model that
    the picture does not tell the action's sound (class accuracy of rag takes on Foley World test 0.34 -> 0.16 at
    step 526). Returns (tokens, use_true)."""
    if p <= 0:
        return vt, use_true
    b, dev = vt.shape[0], vt.device
    hit = ((torch.rand(b, device=dev, generator=gen) < p).float() * keep_v)[:, None, None]
    noisy = (torch.rand(b, device=dev, generator=gen) < 0.5)[:, None, None]
    noise = torch.randn(vt.shape, device=dev, generator=gen).to(vt.dtype)
    bad = torch.where(noisy, noise, torch.zeros_like(vt))
    return hit * bad + (1 - hit) * vt, torch.maximum(use_true, hit[:, :, 0])


class LDMTrainer(nn.Module):
    def __init__(self, cfg, no_audio_cond=False, class_loss=0.0, n_classes=12):
        super().__init__()
        self.cfg, self.no_audio_cond, self.class_loss = cfg, no_audio_cond, class_loss
        self.ldm = build_ldm(cfg)
        # training-only probe: the mean video token must name the action class, so the tokens the UNet attends to
        # carry what the picture shows is being hit (not exported; the saved LDM does not contain it)
        self.class_head = nn.Linear(cfg["context"]["dim"], n_classes) if class_loss > 0 else None
        self.sched = NoiseSchedule.from_config(cfg["diffusion"])
        self.register_buffer("ac", torch.from_numpy(self.sched.alphas_cumprod).float())

    def forward(self, batch, gen):
        tc, ldm = self.cfg["train"], self.ldm
        dev = batch["wave"].device
        b = batch["wave"].shape[0]
        with torch.autocast(device_type=dev.type, enabled=False):
            x0 = ldm.encode_audio(batch["wave"].float())
            cond_lat = ldm.encode_audio(batch["cond_wave"].float())
        if "cnn" in batch:  # cached features of a frozen CNN: [B,T,C] -> [B,C,T]
            vt, logits = ldm.video.from_cnn(batch["cnn"].float().transpose(1, 2))
        else:
            vt, logits = ldm.video(prep_frames(batch["frames"], self.cfg["video"]["mean"], self.cfg["video"]["std"]))
        at = ldm.audio_cond.forward_latent(cond_lat)
        keep_v = (torch.rand(b, device=dev, generator=gen) >= tc["pVideoDrop"]).float()
        keep_a = (torch.rand(b, device=dev, generator=gen) >= tc["pAudioDrop"]).float()
        if self.no_audio_cond:
            keep_a = torch.zeros_like(keep_a)
        true_env = batch["onsets"].float()
        use_true = (torch.rand(b, device=dev, generator=gen) < tc["pTrueEnvelope"]).float()[:, None]
        vt, use_true = corrupt_video_tokens(vt, keep_v, use_true, tc.get("pEnvelopeOnly", 0.0), gen)
        env = (use_true * true_env + (1 - use_true) * torch.sigmoid(logits).detach()) * keep_v[:, None]
        ctx = torch.cat([vt * keep_v[:, None, None], at * keep_a[:, None, None]], 1)
        t = torch.randint(0, self.sched.train_steps, (b,), device=dev, generator=gen)
        noise = torch.randn(x0.shape, device=dev, generator=gen)
        a = self.ac[t].sqrt()[:, None, None]
        s = (1 - self.ac[t]).sqrt()[:, None, None]
        xt = a * x0 + s * noise
        target = noise if self.sched.prediction == "epsilon" else a * noise - s * x0
        pred = ldm.unet(xt, t.float(), ctx.to(xt.dtype), env)
        diff = F.mse_loss(pred.float(), target)
        pw = torch.tensor(tc["onsetPosWeight"], device=dev)
        onset = F.binary_cross_entropy_with_logits(logits.float(), true_env, pos_weight=pw)
        loss, logs = diff + tc["onsetLossWeight"] * onset, {"diffusion": diff.detach(), "onsetBce": onset.detach()}
        if self.class_head is not None:
            cl = self.class_head(vt.float().mean(1))
            ce = F.cross_entropy(cl, batch["action_class"])
            loss = loss + self.class_loss * ce
            logs.update(classCe=ce.detach(), classAcc=(cl.argmax(-1) == batch["action_class"]).float().mean())
        return loss, logs


@torch.no_grad()
def generate(ldm, cfg, frames, cond_wave, steps, gen, envelope=None, zero_audio=False):
    """Sample latents with CFG (cond vs all-zero context + zero envelope), as the TypeScript pipeline does."""
    d = cfg["diffusion"]
    vt, logits = ldm.video(frames)
    at = ldm.audio_cond(cond_wave)
    if zero_audio:
        at = torch.zeros_like(at)
    env = torch.sigmoid(logits) if envelope is None else envelope
    ctx = torch.cat([vt, at], 1)
    b = ctx.shape[0]
    ctx2, env2 = torch.cat([ctx, torch.zeros_like(ctx)]), torch.cat([env, torch.zeros_like(env)])
    sampler = make_sampler(d["sampler"], NoiseSchedule.from_config(d))
    x = torch.randn((b,) + tuple(cfg["latent"]["shape"]), device=frames.device, generator=gen)
    for t in sampler.set_timesteps(steps):
        out = ldm.unet(torch.cat([x, x]), torch.full((2 * b,), float(t), device=x.device), ctx2, env2)
        x = sampler.step(cfg_combine(out[:b], out[b:], d["guidance"]) if guided_at(d, t) else out[:b], x).float()
    return ldm.decode(x), env


def make_val(run, trainer, ds_val):
    cfg, tc = run.cfg, run.cfg["train"]
    n = tc.get("valClips", 16)
    batch = build_batch(ds_val, 12345, 0, 0, n)

    def val():
        ldm = trainer.ldm
        ldm.eval()
        frames = prep_frames(batch["frames"].to(run.device), cfg["video"]["mean"], cfg["video"]["std"])
        gen = torch.Generator(device=run.device).manual_seed(777)
        mel, env = generate(ldm, cfg, frames, batch["cond_wave"].to(run.device), tc.get("valSteps", 25), gen)
        gen = torch.Generator(device=run.device).manual_seed(777)
        mel_given, _ = generate(ldm, cfg, frames, batch["cond_wave"].to(run.device), tc.get("valSteps", 25), gen,
                                envelope=batch["onsets"].float().to(run.device))
        true_mel = ldm.mel(batch["wave"].to(run.device))
        cond_mel = ldm.mel(batch["cond_wave"].to(run.device))
        ldm.train()
        f1g, f1t, amb_g, amb_c, f1env, f1giv = [], [], [], [], [], []
        hop, sr = cfg["audio"]["mel"]["hop"], cfg["audio"]["sampleRate"]
        for i in range(n):
            true_t = [e[0] for e in batch["events"][i]]
            f1g.append(onset_f1(detect_onsets_logmel(mel[i].float().cpu().numpy(), hop, sr), true_t)[0])
            f1t.append(onset_f1(detect_onsets_logmel(true_mel[i].cpu().numpy(), hop, sr), true_t)[0])
            f1giv.append(onset_f1(detect_onsets_logmel(mel_given[i].float().cpu().numpy(), hop, sr), true_t)[0])
            pk = (env[i] > 0.5).nonzero().flatten().cpu().numpy() * hop / sr
            f1env.append(onset_f1(list(pk), true_t)[0])
            amb_g.append(ambience_db(mel[i].float().cpu().numpy()))
            amb_c.append(ambience_db(cond_mel[i].cpu().numpy()))
        corr = float(np.corrcoef(amb_g, amb_c)[0, 1]) if np.std(amb_g) > 0 and np.std(amb_c) > 0 else 0.0
        return {"onsetF1": float(np.mean(f1g)), "onsetF1GroundTruth": float(np.mean(f1t)),
                "onsetF1TimingHead": float(np.mean(f1env)), "onsetF1Given": float(np.mean(f1giv)), "ambientCorr": corr,
                "ambientErrDb": float(np.mean(np.abs(np.array(amb_g) - np.array(amb_c)))), **real_val(ldm)}

    real_val = lambda ldm: {}  # noqa: E731
    if getattr(run.args, "real_dev", None):  # evaluation only: logged beside Foley World val, never trained on
        from ..eval import realclips
        clips = realclips.load_clips(run.args.real_dev, cfg)
        cond = realclips.read_wav16(run.args.real_cond, cfg["audio"]["clipSamples"])
        real_val = lambda ldm: realclips.score(ldm, cfg, clips, cond, tc.get("valSteps", 25))  # noqa: E731
    return val


@torch.no_grad()
def fit_normalizer(trainer, ds, run, n_batches):
    waves = [build_batch(ds, run.args.seed + 99991, i, 0, min(run.batch, 64))["wave"] for i in range(n_batches)]
    mel = trainer.ldm.mel(torch.cat(waves).to(run.device))
    trainer.ldm.normalizer.fit(mel)
    trainer.ldm.sync_normalizers()


class EMA:
    """Exponential moving average of a net's float weights; validation and the final file use the average."""

    def __init__(self, net, decay):
        self.net, self.decay = net, decay
        self.shadow = {k: v.detach().clone() for k, v in net.state_dict().items() if v.is_floating_point()}

    @torch.no_grad()
    def update(self):
        for k, v in self.net.state_dict().items():
            if k in self.shadow:
                self.shadow[k].lerp_(v, 1 - self.decay)

    @contextlib.contextmanager
    def swapped(self):
        """The net holds the averaged weights inside the block, its own weights again after."""
        live = {k: v.detach().clone() for k, v in self.net.state_dict().items()}
        self.net.load_state_dict({**live, **self.shadow})
        try:
            yield
        finally:
            self.net.load_state_dict(live)


def main(argv=None):
    ap = base_parser(__doc__)
    ap.add_argument("--no-audio-cond", action="store_true", help="ablation: audio condition always zero")
    ap.add_argument("--ema", type=float, default=0.0, help="EMA decay of the saved weights (0: off)")
    ap.add_argument("--lr", type=float, default=None, help="peak learning rate (default: the config's)")
    ap.add_argument("--class-loss", type=float, default=0.0,
                    help="weight of a training-only action-class loss on the mean video token (0: off)")
    ap.add_argument("--real-dev", default=None,
                    help="folder of real clips (manifest.json as ../shared/data/real-dev) scored at each validation; "
                         "evaluation only")
    ap.add_argument("--real-cond", default=None, help="quiet condition clip for --real-dev (16 kHz WAV)")
    args = ap.parse_args(argv)
    cfg = load_config(args.config)
    run = Run("ldm", args, cfg)
    ds = dataset(args, "train")
    trainer = LDMTrainer(cfg, args.no_audio_cond, args.class_loss, len(class_names(ds))).to(run.device)
    tc = cfg["train"]
    frozen_cnn = getattr(ds, "fields", ()) and "cnn" in ds.fields
    if frozen_cnn:
        trainer.ldm.video.body.cnn.requires_grad_(False)
    lr = args.lr or tc["lr"]
    opt = torch.optim.AdamW([p for p in trainer.parameters() if p.requires_grad], lr=lr,
                            weight_decay=tc.get("weightDecay", 0.0))
    extra = run.try_resume(trainer, opt)
    if extra is None:
        if not run.init_from(trainer.ldm):
            fit_normalizer(trainer, ds, run, tc.get("normFitBatches", 2))
        run.log({"event": "start", "params": count_params(trainer.ldm), "device": str(run.device),
                 "noAudioCond": args.no_audio_cond, "frozenCnn": bool(frozen_cnn), "ema": args.ema, "lr": lr,
                 "classLoss": args.class_loss})
    ema = EMA(trainer.ldm, args.ema) if args.ema > 0 else None
    if ema is not None and extra and "ema" in extra:
        ema.shadow = extra["ema"]
    model = wrap_ddp(run, trainer)
    val_raw = make_val(run, trainer, dataset(args, "val")) if run.val_every else None

    def val():
        if ema is None:
            return val_raw()
        with ema.swapped():
            return val_raw()

    def step_fn(batch, step, gen):
        if ema is not None and step > 0:
            ema.update()  # the previous step's weights (the loop steps the optimiser after this returns)
        return model(batch, gen)
    run.loop(model, opt, step_fn, ds, val if val_raw else None, warmup_lr(lr, tc.get("warmup", 0)),
             on_save=(lambda: {"ema": ema.shadow}) if ema is not None else None)
    if ema is not None:
        ema.update()
        trainer.ldm.load_state_dict({**trainer.ldm.state_dict(), **ema.shadow})
    if val_raw is not None and run.rank == 0:
        run.log({"event": "val", "final": True, **val_raw()})
    run.save_final(trainer.ldm, {"noAudioCond": args.no_audio_cond, "ema": args.ema, "frozenCnn": bool(frozen_cnn)})
    run.finish()


if __name__ == "__main__":
    main()
