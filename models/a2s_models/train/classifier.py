"""Train the eval audio classifier (clip wave -> action class) on the train split; its embedding feeds FAD.

python3 -m a2s_models.train.classifier --config configs/default.json --data PACK --out DIR [--resume]
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from ..nets import build_classifier, count_params
from .common import Run, base_parser, dataset, load_config, warmup_lr, wrap_ddp
from .data import build_batch


def class_names(ds):
    names = getattr(ds, "action_classes", None)
    if names is None:
        from ..foleyworld.classes import ACTION_CLASSES
        names = ACTION_CLASSES
    return list(names)


class ClassifierTrainer(nn.Module):
    def __init__(self, cfg, n_classes):
        super().__init__()
        self.net = build_classifier(cfg, n_classes)

    def forward(self, batch, g):
        wave = batch["wave"].float()
        # random gain augmentation so the label, not the level, is learned
        gain = 10 ** (torch.empty(wave.shape[0], 1, device=wave.device).uniform_(-0.5, 0.5, generator=g))
        logits, _ = self.net(wave * gain)
        loss = F.cross_entropy(logits.float(), batch["action_class"])
        acc = (logits.argmax(-1) == batch["action_class"]).float().mean()
        return loss, {"acc": acc.detach()}


@torch.no_grad()
def val_accuracy(net, ds_val, device, clips=256, batch=64):
    """Accuracy on fresh validation-split clips (other recordings of each class than training), logged at the end."""
    net.eval()
    hits = 0
    for i in range(0, clips, batch):
        b = build_batch(ds_val, 4242, i // batch, 0, min(batch, clips - i))
        logits, _ = net(b["wave"].float().to(device))
        hits += int((logits.argmax(-1).cpu() == b["action_class"]).sum())
    net.train()
    return hits / clips


def main(argv=None):
    ap = base_parser(__doc__)
    ap.add_argument("--val-clips", type=int, default=256, help="validation clips scored at the end (0: none)")
    args = ap.parse_args(argv)
    cfg = load_config(args.config)
    run = Run("classifier", args, cfg)
    ds = dataset(args, "train")
    names = class_names(ds)
    trainer = ClassifierTrainer(cfg, len(names)).to(run.device)
    tc = cfg["train"]
    opt = torch.optim.AdamW(trainer.parameters(), lr=tc["lr"], weight_decay=tc.get("weightDecay", 0.0))
    if run.try_resume(trainer, opt) is None and not run.init_from(trainer.net):
        with torch.no_grad():
            w = build_batch(ds, args.seed + 99991, 0, 0, min(run.batch, 64))["wave"].to(run.device)
            trainer.net.encoder.normalizer.fit(trainer.net.encoder.mel(w))
        run.log({"event": "start", "params": count_params(trainer.net), "classes": names})
    model = wrap_ddp(run, trainer)
    run.loop(model, opt, lambda b, s, g: model(b, g), ds, None, warmup_lr(tc["lr"], tc.get("warmup", 0)))
    if args.val_clips and run.rank == 0:
        run.log({"event": "val", "acc": val_accuracy(trainer.net, dataset(args, "val"), run.device, args.val_clips)})
    run.save_final(trainer.net, {"classes": names})
    run.finish()


if __name__ == "__main__":
    main()
