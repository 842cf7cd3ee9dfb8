"""DDIM (eta=0) and DPM-Solver++(2M) samplers with a diffusers-like set_timesteps/step API.

DPM-Solver++(2M) follows diffusers' DPMSolverMultistepScheduler(algorithm_type="dpmsolver++", solver_order=2,
solver_type="midpoint", lower_order_final=True, final_sigmas_type="zero", timestep_spacing="linspace"):
- step 0 is first order (no history), every later step second order, and the LAST step is first order to sigma=0,
  which returns the x0 prediction exactly;
- sigma_t = sqrt((1-abar_t)/abar_t), alpha_t = sqrt(abar_t), sigma'_t = sqrt(1-abar_t), lambda_t = log(alpha_t/sigma'_t).
Lu et al. 2022 (DPM-Solver++), Algorithm 2 / eq. (5)-(6).
"""
import math

import numpy as np

from .schedule import NoiseSchedule


def linspace_timesteps(train_steps: int, steps: int) -> list:
    """diffusers "linspace": round(linspace(0, T-1, n+1))[::-1][:-1]  (e.g. T=1000, n=25 -> 999, 959, ..., 40)."""
    ts = np.linspace(0, train_steps - 1, steps + 1).round()[::-1][:-1]
    return [int(t) for t in ts]


def cfg_combine(cond, uncond, w: float):
    """Classifier-free guidance: out = w*c + (1-w)*u  (== u + w (c - u))."""
    return w * cond + (1.0 - w) * uncond


def guided_at(diffusion: dict, t: int) -> bool:
    """Whether guidance runs at timestep t: every step, unless `diffusion.guidanceInterval` = [from, to] limits it
    (outside it the conditional output alone is used; engine stages.ts guidedAt, models/README "Fewer sampler steps")."""
    iv = diffusion.get("guidanceInterval")
    return iv is None or iv[0] <= t <= iv[1]


class _Base:
    def __init__(self, schedule: NoiseSchedule):
        self.schedule = schedule
        self.ac = schedule.alphas_cumprod
        self.timesteps = []

    def set_timesteps(self, steps: int):
        self.timesteps = linspace_timesteps(self.schedule.train_steps, steps)
        self._i = 0
        self._hist = []
        return self.timesteps

    def x0_from(self, out, sample, t: int):
        a, s = math.sqrt(self.ac[t]), math.sqrt(1.0 - self.ac[t])
        if self.schedule.prediction == "epsilon":
            return (sample - s * out) / a
        return a * sample - s * out


class DDIM(_Base):
    """DDIM eta=0 (Song et al. 2021, eq. 12); the step after the last timestep goes to abar=1 (x0)."""

    def coefficients(self, i: int):
        t = self.timesteps[i]
        ac_prev = self.ac[self.timesteps[i + 1]] if i + 1 < len(self.timesteps) else 1.0
        return t, ac_prev

    def step(self, out, sample):
        i = self._i
        t, ac_prev = self.coefficients(i)
        a, s = math.sqrt(self.ac[t]), math.sqrt(1.0 - self.ac[t])
        x0 = self.x0_from(out, sample, t)
        eps = out if self.schedule.prediction == "epsilon" else a * out + s * sample
        self._i += 1
        return math.sqrt(ac_prev) * x0 + math.sqrt(1.0 - ac_prev) * eps


class DPMSolverPP2M(_Base):
    def _alpha_sigma_lambda(self, t):
        if t is None:  # sigma = 0 endpoint
            return 1.0, 0.0, math.inf
        a, s = math.sqrt(self.ac[t]), math.sqrt(1.0 - self.ac[t])
        return a, s, math.log(a) - math.log(s)

    def step(self, out, sample):
        i = self._i
        n = len(self.timesteps)
        t = self.timesteps[i]
        t_next = self.timesteps[i + 1] if i + 1 < n else None
        x0 = self.x0_from(out, sample, t)
        self._hist.append((t, x0))
        a_t, s_t, l_t = self._alpha_sigma_lambda(t_next)
        _, s_s0, l_s0 = self._alpha_sigma_lambda(t)
        self._i += 1
        if t_next is None:
            return x0  # first-order step to sigma=0: x_t = x0 exactly
        h = l_t - l_s0
        c_x = s_t / s_s0
        c_d = -a_t * math.expm1(-h)  # -alpha_t (e^{-h} - 1)
        if i == 0:  # first order (DPM-Solver++ 1 == DDIM)
            return c_x * sample + c_d * x0
        t_prev, x0_prev = self._hist[-2]
        _, _, l_s1 = self._alpha_sigma_lambda(t_prev)
        r0 = (l_s0 - l_s1) / h
        d1 = (x0 - x0_prev) * (1.0 / r0)
        return c_x * sample + c_d * x0 + 0.5 * c_d * d1


def make_sampler(name: str, schedule: NoiseSchedule):
    if name in ("dpmpp-2m", "dpmsolver++", "dpm"):
        return DPMSolverPP2M(schedule)
    if name == "ddim":
        return DDIM(schedule)
    raise ValueError(f"unknown sampler {name!r}")
