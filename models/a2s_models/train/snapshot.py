"""A running LDM job's latest checkpoint as a final weights file (its EMA weights where it keeps them), so a
mid-run state can be exported and evaluated through the shipped pipeline while training goes on.

python3 -m a2s_models.train.snapshot runs/v9/ckpt_ldm.pt runs/v9-snap/ldm.pt [--live]
--live takes the optimiser's current weights instead of the average (early in a fine-tune the average still sits
near the starting weights).
"""
import argparse
import os

import torch


def snapshot(ckpt_path, out_path, live=False):
    ck = torch.load(ckpt_path, map_location="cpu", weights_only=False)
    ldm = {k[len("ldm."):]: v for k, v in ck["model"].items() if k.startswith("ldm.")}
    ema = None if live else (ck.get("extra") or {}).get("ema")
    if ema:
        ldm.update(ema)
    sd = {k: (v.half() if v.is_floating_point() else v) for k, v in ldm.items()}
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    tmp = out_path + ".tmp"
    torch.save({"kind": ck["kind"], "config": ck["config"], "model": sd, "step": ck["step"], "samples": ck["samples"],
                "ema": bool(ema), "snapshotOf": os.path.abspath(ckpt_path)}, tmp)
    os.replace(tmp, out_path)
    return ck["step"], bool(ema)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("ckpt")
    ap.add_argument("out")
    ap.add_argument("--live", action="store_true", help="the current weights, not the EMA average")
    a = ap.parse_args()
    step, ema = snapshot(a.ckpt, a.out, a.live)
    print(f"{a.out}: step {step}{' (EMA weights)' if ema else ''}")


if __name__ == "__main__":
    main()
