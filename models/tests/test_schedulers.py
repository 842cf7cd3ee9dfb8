import json
import math
import os

import numpy as np
import pytest
import torch

from a2s_models.schedulers import NoiseSchedule, make_sampler, linspace_timesteps
from a2s_models.export import scheduler_fixtures

FIX = os.path.join(os.path.dirname(__file__), "..", "fixtures", "schedulers.json")


def test_timesteps_linspace_25():
    ts = linspace_timesteps(1000, 25)
    assert ts[0] == 999 and ts[-1] == 40 and len(ts) == 25
    assert all(a > b for a, b in zip(ts, ts[1:]))


def test_scaled_linear_matches_stable_diffusion():
    s = NoiseSchedule("scaled_linear", 1000)
    assert abs(s.betas[0] - 0.00085) < 1e-12 and abs(s.betas[-1] - 0.012) < 1e-12
    assert abs(s.alphas_cumprod[-1] - 0.0046601) < 1e-6  # SD v1 final abar


@pytest.mark.parametrize("kind", ["scaled_linear", "cosine"])
@pytest.mark.parametrize("prediction", ["epsilon", "v"])
@pytest.mark.parametrize("sampler", ["ddim", "dpmpp-2m"])
def test_oracle_model_recovers_point_mass(kind, prediction, sampler):
    """If the data is a single point x0*, the exact model output makes every sampler land on x0*."""
    sched = NoiseSchedule(kind, 1000, prediction=prediction)
    x0 = np.linspace(-1, 1, 16)
    s = make_sampler(sampler, sched)
    s.set_timesteps(10)
    x = np.cos(np.arange(16) * 3.1)
    for t in s.timesteps:
        a, sg = math.sqrt(sched.alphas_cumprod[t]), math.sqrt(1 - sched.alphas_cumprod[t])
        eps = (x - a * x0) / sg
        out = eps if prediction == "epsilon" else a * eps - sg * x0
        x = s.step(out, x)
    assert np.abs(x - x0).max() < 1e-6


def test_training_helpers_consistent():
    sched = NoiseSchedule("cosine", 1000, prediction="v")
    x0, n = torch.randn(3, 4, 5), torch.randn(3, 4, 5)
    t = torch.tensor([0, 500, 990])
    xt = sched.add_noise(x0, n, t)
    v = sched.target(x0, n, t)
    assert torch.allclose(sched.predict_x0(xt, v, t), x0, atol=1e-4)


def test_fixture_file_is_current():
    with open(FIX) as f:
        stored = json.load(f)
    fresh = json.loads(json.dumps(scheduler_fixtures.build()))
    assert stored["timesteps25"] == fresh["timesteps25"]
    for a, b in zip(stored["loops"], fresh["loops"]):
        assert a["timesteps"] == b["timesteps"]
        np.testing.assert_allclose(a["final"], b["final"], rtol=1e-12, atol=1e-12)
    # pinned numbers (diffusers-style): change only with intent
    assert abs(stored["loops"][0]["finalSum"] - 1.92535372) < 1e-6
