"""Shared training loop: config/args, device, DDP, resumable checkpoints (model + optimizer + step + RNG states),
wall-clock budget, JSON-lines log. Each component supplies a module whose forward(batch, rnd) returns
(loss, logs) so DistributedDataParallel sees one forward per step."""
import argparse
import json
import os
import random
import signal
import time

import numpy as np
import torch
import torch.distributed as dist

from ..nets import load_state
from .data import loader, make_dataset


def base_parser(desc):
    ap = argparse.ArgumentParser(description=desc)
    ap.add_argument("--config", required=True)
    ap.add_argument("--data", required=True, help="Foley World pack path, or 'synthetic'")
    ap.add_argument("--out", required=True)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--steps", type=int, default=None, help="stop after this global step")
    ap.add_argument("--minutes", type=float, default=None, help="wall-clock budget")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch", type=int, default=None)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--device", default="auto")
    ap.add_argument("--amp", action="store_true", help="bf16 autocast on CUDA")
    ap.add_argument("--ddp", action="store_true", help="torch.distributed (torchrun); gloo on CPU, nccl on CUDA")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--val-every", type=int, default=None)
    ap.add_argument("--ckpt-minutes", type=float, default=None)
    ap.add_argument("--name", default=None, help="checkpoint/log name (default: the component)")
    ap.add_argument("--init", default=None, help="start from these final weights (fine-tuning; fresh optimizer)")
    return ap


def rng_state():
    st = {"torch": torch.get_rng_state(), "numpy": np.random.get_state(), "python": random.getstate()}
    if torch.cuda.is_available():
        st["cuda"] = torch.cuda.get_rng_state_all()
    return st


def set_rng_state(st):
    torch.set_rng_state(st["torch"])
    np.random.set_state(st["numpy"])
    random.setstate(st["python"])
    if "cuda" in st and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(st["cuda"])


def step_generator(device, seed, step, rank):
    """All randomness of one step comes from here: resume is bit-identical without replaying RNG streams."""
    g = torch.Generator(device=device)
    g.manual_seed((seed * 1_000_003 + step * 7919 + rank * 104_729) % (2 ** 63))
    return g


def load_final(path):
    """A file written by Run.save_final, its weights back in float32 (large nets are stored as float16)."""
    ck = torch.load(path, map_location="cpu", weights_only=False)
    ck["model"] = {k: v.float() if v.is_floating_point() else v for k, v in ck["model"].items()}
    return ck


class Run:
    def __init__(self, kind, args, cfg):
        self.kind, self.args, self.cfg = kind, args, cfg
        self.name = args.name or kind
        tc = cfg["train"]
        self.batch = args.batch or tc["batch"]
        self.workers = tc.get("workers", 0) if args.workers is None else args.workers
        self.val_every = tc.get("valEvery", 0) if args.val_every is None else args.val_every
        self.ckpt_minutes = args.ckpt_minutes or tc.get("ckptMinutes", 5)
        if args.threads:
            torch.set_num_threads(args.threads)
        self.rank, self.world = 0, 1
        if args.ddp:
            backend = "nccl" if torch.cuda.is_available() and args.device != "cpu" else "gloo"
            dist.init_process_group(backend)
            self.rank, self.world = dist.get_rank(), dist.get_world_size()
        if args.device == "auto":
            dev = f"cuda:{int(os.environ.get('LOCAL_RANK', 0))}" if torch.cuda.is_available() else "cpu"
        else:
            dev = args.device
        self.device = torch.device(dev)
        if self.device.type == "cuda":
            torch.cuda.set_device(self.device)
            torch.backends.cuda.matmul.allow_tf32 = True
            torch.backends.cudnn.allow_tf32 = True
            torch.backends.cudnn.benchmark = True
        self.amp = bool(args.amp and self.device.type == "cuda")
        os.makedirs(args.out, exist_ok=True)
        self.ckpt_path = os.path.join(args.out, f"ckpt_{self.name}.pt")
        self.final_path = os.path.join(args.out, f"{self.name}.pt")
        self.log_path = os.path.join(args.out, f"log_{self.name}.jsonl")
        self.step, self.samples = 0, 0
        self._stop = False
        torch.manual_seed(args.seed)
        np.random.seed(args.seed)
        random.seed(args.seed)

    def log(self, rec):
        if self.rank == 0:
            rec = {"kind": self.kind, "step": self.step, "samples": self.samples, "time": round(time.time(), 3), **rec}
            with open(self.log_path, "a") as f:
                f.write(json.dumps(rec) + "\n")

    def save(self, model, opt, extra=None):
        if self.rank != 0:
            return
        m = model.module if hasattr(model, "module") else model
        tmp = self.ckpt_path + ".tmp"
        torch.save({"kind": self.kind, "config": self.cfg, "model": m.state_dict(), "opt": opt.state_dict(),
                    "step": self.step, "samples": self.samples, "rng": rng_state(), "extra": extra or {}}, tmp)
        os.replace(tmp, self.ckpt_path)

    def save_final(self, net, extra=None, half_over_bytes=16_000_000):
        """Weights only; stored fp16 when fp32 would exceed half_over_bytes (loaders cast back to fp32)."""
        if self.rank != 0:
            return
        sd = net.state_dict()
        nbytes = sum(v.numel() * v.element_size() for v in sd.values())
        if nbytes > half_over_bytes:
            sd = {k: (v.half() if v.is_floating_point() else v) for k, v in sd.items()}
        torch.save({"kind": self.kind, "config": self.cfg, "model": {k: v.cpu() for k, v in sd.items()},
                    "step": self.step, "samples": self.samples, **(extra or {})}, self.final_path)

    def try_resume(self, model, opt):
        if not (self.args.resume and os.path.exists(self.ckpt_path)):
            return None
        ck = torch.load(self.ckpt_path, map_location="cpu", weights_only=False)
        m = model.module if hasattr(model, "module") else model
        m.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        self.step, self.samples = ck["step"], ck["samples"]
        set_rng_state(ck["rng"])
        self.log({"event": "resume"})
        return ck.get("extra", {})

    def init_from(self, net):
        """--init FILE: start from a finished run's weights (fine-tuning after a data change) with a fresh
        optimizer; steps count from 0 again and the log records where the weights came from."""
        if not getattr(self.args, "init", None):
            return False
        ck = load_final(self.args.init)
        missing = load_state(net, ck["model"])  # modules the net declares new may be absent from the file
        self.log({"event": "init", "from": self.args.init, "fromStep": ck.get("step"), "fromSamples": ck.get("samples"),
                  "newModules": sorted({k.split(".")[1] for k in missing})})
        return True

    def _on_signal(self, *_):
        self._stop = True

    def loop(self, model, opt, step_fn, ds, val_fn=None, sched=None, on_save=None):
        """step_fn(batch, step, generator) -> (loss tensor, logs dict). Stops at --steps / --minutes / SIGTERM."""
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)
        args, t_start = self.args, time.time()
        last_ckpt = t_start
        stop_step = args.steps
        pin = self.device.type == "cuda"
        dl = loader(ds, args.seed, self.step, self.batch, self.workers, self.rank, pin, stop_step)
        log_every = self.cfg["train"].get("logEvery", 20)
        clip = self.cfg["train"].get("gradClip", 1.0)
        t_log, n_log = time.time(), 0
        params = [p for g in opt.param_groups for p in g["params"]]
        for s, batch in dl:
            assert s == self.step, (s, self.step)
            batch = {k: (v.to(self.device, non_blocking=True) if torch.is_tensor(v) else v) for k, v in batch.items()}
            gen = step_generator(self.device, args.seed, self.step, self.rank)
            if sched is not None:
                sched(opt, self.step)
            with torch.autocast(device_type=self.device.type, dtype=torch.bfloat16, enabled=self.amp):
                loss, logs = step_fn(batch, self.step, gen)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            gn = torch.nn.utils.clip_grad_norm_(params, clip)
            opt.step()
            self.step += 1
            self.samples += self.batch * self.world
            n_log += 1
            if self.step % log_every == 0:
                dt = time.time() - t_log
                self.log({"loss": float(loss), "gradNorm": float(gn), **{k: float(v) for k, v in logs.items()},
                          "samplesPerS": round(n_log * self.batch * self.world / max(dt, 1e-9), 1)})
                t_log, n_log = time.time(), 0
            if val_fn is not None and self.val_every and self.step % self.val_every == 0 and self.rank == 0:
                self.log({"event": "val", **val_fn()})
            out_of_time = args.minutes is not None and time.time() - t_start > args.minutes * 60
            if time.time() - last_ckpt > self.ckpt_minutes * 60:
                self.save(model, opt, on_save() if on_save else None)
                last_ckpt = time.time()
            if self._stop or out_of_time or (stop_step is not None and self.step >= stop_step):
                break
        self.save(model, opt, on_save() if on_save else None)
        self.log({"event": "end", "wallS": round(time.time() - t_start, 1)})

    def finish(self):
        if self.args.ddp:
            dist.destroy_process_group()


def load_config(path):
    with open(path) as f:
        return json.load(f)


def dataset(args, split="train"):
    return make_dataset(args.data, split, args.seed)


def warmup_lr(base_lr, warmup):
    def set_lr(opt, step):
        lr = base_lr * min(1.0, (step + 1) / warmup) if warmup else base_lr
        for g in opt.param_groups:
            g["lr"] = lr
    return set_lr


def wrap_ddp(run, module):
    module.to(run.device)
    if run.args.ddp:
        ids = [run.device.index] if run.device.type == "cuda" else None
        return torch.nn.parallel.DistributedDataParallel(module, device_ids=ids)
    return module
