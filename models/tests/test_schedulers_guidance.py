"""diffusion.guidanceInterval (issue 20): the Python samplers guide at the same timesteps as the engine."""
import json
import os

from a2s_models.schedulers import guided_at, linspace_timesteps

HERE = os.path.dirname(os.path.abspath(__file__))


def test_guided_at_interval_inclusive_and_absent():
    assert guided_at({}, 0) and guided_at({}, 999)
    d = {"guidanceInterval": [250, 999]}
    assert [guided_at(d, t) for t in (999, 250, 249, 100)] == [True, True, False, False]


def test_default_config_matches_the_shipped_manifest_recipe():
    # a re-export of the default config must give the sampling recipe the shipped bundle declares
    cfg = json.load(open(os.path.join(HERE, "..", "configs", "default.json")))["diffusion"]
    man = json.load(open(os.path.join(HERE, "..", "bundles", "default", "manifest.json")))["diffusion"]
    for k in ("sampler", "steps", "guidance", "guidanceInterval"):
        assert cfg.get(k) == man.get(k), k


def test_an_interval_skips_guidance_at_the_last_steps_only():
    # the recipe measured in models/README "Fewer sampler steps": 10 steps, the last two (t 200, 100) unguided
    d = {"guidanceInterval": [250, 999]}
    assert [t for t in linspace_timesteps(1000, 10) if not guided_at(d, t)] == [200, 100]
