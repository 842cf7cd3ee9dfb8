"""DDPM noise schedule, forward noising and prediction-type conversions."""
import math

import numpy as np
import torch


def make_betas(kind: str, steps: int, beta_start: float = 0.00085, beta_end: float = 0.012) -> np.ndarray:
    """float64 betas. `scaled_linear` as Stable Diffusion; `cosine` = diffusers' "squaredcos_cap_v2"
    (Nichol & Dhariwal 2021, eq. 17, beta capped at 0.999)."""
    if kind == "scaled_linear":
        return np.linspace(beta_start ** 0.5, beta_end ** 0.5, steps, dtype=np.float64) ** 2
    if kind == "linear":
        return np.linspace(beta_start, beta_end, steps, dtype=np.float64)
    if kind == "cosine":
        def abar(t):
            return math.cos((t + 0.008) / 1.008 * math.pi / 2) ** 2
        return np.array([min(1 - abar((i + 1) / steps) / abar(i / steps), 0.999) for i in range(steps)],
                        dtype=np.float64)
    raise ValueError(f"unknown beta schedule {kind!r}")


class NoiseSchedule:
    """alphas_cumprod and the q(x_t | x_0) helpers used in training."""

    def __init__(self, kind="cosine", train_steps=1000, beta_start=0.00085, beta_end=0.012, prediction="v"):
        if prediction not in ("epsilon", "v"):
            raise ValueError(prediction)
        self.kind, self.train_steps, self.prediction = kind, train_steps, prediction
        self.betas = make_betas(kind, train_steps, beta_start, beta_end)
        self.alphas_cumprod = np.cumprod(1.0 - self.betas)
        self._ac_t = torch.from_numpy(self.alphas_cumprod)  # float64; indexed then cast per call

    @classmethod
    def from_config(cls, d: dict) -> "NoiseSchedule":
        return cls(d.get("betaSchedule", "cosine"), d.get("trainSteps", 1000), d.get("betaStart", 0.00085),
                   d.get("betaEnd", 0.012), d.get("prediction", "v"))

    def _coef(self, t: torch.Tensor, like: torch.Tensor):
        ac = self._ac_t.to(t.device)[t.long()].to(like.dtype)
        shape = (-1,) + (1,) * (like.dim() - 1)
        return ac.sqrt().view(shape), (1 - ac).sqrt().view(shape)

    def add_noise(self, x0, noise, t):
        """x_t = sqrt(abar) x0 + sqrt(1-abar) eps (DDPM eq. 4)."""
        a, s = self._coef(t, x0)
        return a * x0 + s * noise

    def target(self, x0, noise, t):
        """Training target: eps, or v = sqrt(abar) eps - sqrt(1-abar) x0 (Salimans & Ho 2022, sec. 4)."""
        if self.prediction == "epsilon":
            return noise
        a, s = self._coef(t, x0)
        return a * noise - s * x0

    def predict_x0(self, xt, out, t):
        a, s = self._coef(t, xt)
        if self.prediction == "epsilon":
            return (xt - s * out) / a
        return a * xt - s * out
