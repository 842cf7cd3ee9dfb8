"""Write models/fixtures/schedulers.json: numbers the TypeScript sampler port pins.

python3 -m a2s_models.export.scheduler_fixtures [--out fixtures/schedulers.json]
All loops run in float64 with a closed-form dummy model so another language can recompute them exactly.
"""
import argparse
import json
import math
import os

import numpy as np

from ..schedulers import NoiseSchedule, make_sampler, cfg_combine, linspace_timesteps

SHAPE = [1, 4, 8]
DUMMY = ("uncond[i] = 0.8*x[i] + 0.1*sin(0.01*t + 0.1*i); cond[i] = uncond[i] + 0.05*cos(0.2*i); "
         "out = w*cond + (1-w)*uncond; i = flat index, t = integer timestep")
SAMPLE_IDX = [0, 1, 2, 10, 100, 250, 500, 750, 900, 998, 999]


def initial_sample():
    n = int(np.prod(SHAPE))
    i = np.arange(n, dtype=np.float64)
    return np.sin(1.7 * i + 0.3) * 1.5  # deterministic "noise"


def dummy_model(x, t, w):
    i = np.arange(x.size, dtype=np.float64)
    u = 0.8 * x + 0.1 * np.sin(0.01 * t + 0.1 * i)
    c = u + 0.05 * np.cos(0.2 * i)
    return cfg_combine(c, u, w)


def run_loop(kind, prediction, sampler, steps=25, guidance=3.0):
    sched = NoiseSchedule(kind, 1000, prediction=prediction)
    s = make_sampler(sampler, sched)
    s.set_timesteps(steps)
    x = initial_sample()
    per_step = []
    for t in s.timesteps:
        out = dummy_model(x, t, guidance)
        x = s.step(out, x)
        per_step.append([float(v) for v in x])
    return {"schedule": kind, "prediction": prediction, "sampler": sampler, "steps": steps, "guidance": guidance,
            "timesteps": s.timesteps, "perStep": per_step, "final": per_step[-1], "finalSum": float(np.sum(x)),
            "finalAbsSum": float(np.sum(np.abs(x)))}


def build():
    sch = {}
    for kind in ("scaled_linear", "cosine"):
        ns = NoiseSchedule(kind, 1000)
        sch[kind] = {"trainSteps": 1000, "betaStart": 0.00085, "betaEnd": 0.012,
                     "sampleIndex": SAMPLE_IDX,
                     "betas": [float(ns.betas[i]) for i in SAMPLE_IDX],
                     "alphasCumprodSample": [float(ns.alphas_cumprod[i]) for i in SAMPLE_IDX],
                     "alphasCumprod": [float(v) for v in ns.alphas_cumprod]}
    loops = [run_loop(k, p, s) for k in ("scaled_linear", "cosine") for p in ("epsilon", "v")
             for s in ("dpmpp-2m", "ddim")]
    return {
        "format": "a2s-scheduler-fixtures/1",
        "notes": ("float64 throughout. timesteps = round(linspace(0, T-1, n+1))[::-1][:-1] (diffusers 'linspace'), "
                  "shared by DDIM and DPM-Solver++(2M). DPM++2M: step 0 first order, last step first order to "
                  "sigma=0 (returns x0), others midpoint second order, as diffusers DPMSolverMultistepScheduler("
                  "algorithm_type='dpmsolver++', solver_order=2, lower_order_final=True, final_sigmas_type='zero'). "
                  "DDIM eta=0, abar after the last timestep = 1."),
        "initialShape": SHAPE, "initial": [float(v) for v in initial_sample()], "dummyModel": DUMMY,
        "timesteps25": linspace_timesteps(1000, 25),
        "schedules": sch,
        "loops": loops,
    }


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "schedulers.json"))
    a = ap.parse_args(argv)
    data = build()
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(data, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {a.out}: {len(data['loops'])} loops, finalSum[0]={data['loops'][0]['finalSum']:.6f}")


if __name__ == "__main__":
    main()
