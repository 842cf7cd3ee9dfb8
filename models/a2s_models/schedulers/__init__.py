"""Diffusion schedules and samplers shared (by fixtures) with the TypeScript engine.

Conventions (the TypeScript port must match them exactly; see models/README.md "Sampler contract"):
- all schedule maths (betas, alphas_cumprod, sigmas, lambdas, step coefficients) in float64;
- timesteps: "linspace" spacing of diffusers' DPMSolverMultistepScheduler (same list for DDIM);
- model input `t` is the integer train-step index as a float.
"""
from .schedule import NoiseSchedule, make_betas
from .samplers import DDIM, DPMSolverPP2M, make_sampler, cfg_combine, guided_at, linspace_timesteps

__all__ = ["NoiseSchedule", "make_betas", "DDIM", "DPMSolverPP2M", "make_sampler", "cfg_combine",
           "guided_at", "linspace_timesteps"]
