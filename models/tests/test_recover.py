"""export.recover: checkpoints rebuilt from a bundle's graphs reproduce the bundle's pinned outputs."""
import json
import os

import numpy as np
import torch

from a2s_models.export.recover import recover
from a2s_models.nets import build_ldm
from a2s_models.train.common import load_final

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fixture(name):
    idx = json.load(open(os.path.join(HERE, "fixtures/parity-default/index.json")))["arrays"][name]
    a = np.fromfile(os.path.join(HERE, "fixtures/parity-default", idx["file"]), dtype="<f4")
    return torch.from_numpy(a.reshape(idx["shape"]))


def test_recovered_ldm_reproduces_the_default_bundle_fixtures(tmp_path):
    # the default bundle, not tiny: a random-init export deduplicates identical initializers (all-ones norms)
    cfg = json.load(open(os.path.join(HERE, "configs/default.json")))
    written = recover(os.path.join(HERE, "bundles/default"), cfg, str(tmp_path))
    assert "ldm.pt" in written and "avsim.pt" in written
    ldm = build_ldm(cfg)
    ldm.load_state_dict(load_final(str(tmp_path / "ldm.pt"))["model"])
    ldm.eval()
    with torch.no_grad():
        tokens, logits = ldm.video(fixture("frames"))
        audio = ldm.audio_cond(fixture("condWave"))
    for got, name in ((tokens, "videoTokens"), (torch.sigmoid(logits), "onsets"), (audio, "audioTokens")):
        ref = fixture(name)
        assert got.shape == ref.shape, name
        assert torch.max(torch.abs(got - ref)) <= 1e-4 * max(1.0, float(ref.abs().max())), name


def test_a_renamed_parameter_is_an_error_not_random_weights(tmp_path):
    cfg = json.load(open(os.path.join(HERE, "configs/tiny.json")))
    from a2s_models.export import recover as rec
    ldm = build_ldm(cfg)
    try:
        rec.fill(ldm, [(os.path.join(HERE, "bundles/tiny/denoiser.onnx"), "unet.", "unet.")])
    except SystemExit as e:
        assert "parameters not found" in str(e)
    else:
        raise AssertionError("a module half-filled from one graph must be refused")
