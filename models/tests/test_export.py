import json
import os

import pytest
import torch

from a2s_models.export.bundle import export_bundle
from a2s_models.export.verify import backend

HERE = os.path.dirname(__file__)
CFG = json.load(open(os.path.join(HERE, "..", "configs", "tiny.json")))


def test_tiny_bundle_exports_and_matches_pytorch(tmp_path):
    if backend() is None:
        pytest.skip("neither python onnxruntime nor node_modules/onnxruntime-node is available")
    man, results = export_bundle(CFG, str(tmp_path / "b"), random_init=True, fixtures=str(tmp_path / "parity"))
    assert results and all(r["ok"] for r in results), results
    for r in results:
        assert max(r["maxAbsDiff"].values()) <= 1e-4
    assert man["format"] == "a2s-bundle/1"
    for key in ("videoEncoder", "audioCondition", "denoiser", "decoder", "vocoder", "avsimVideo", "avsimAudio"):
        assert man["graphs"][key]["file"] in man["sha256"]
    assert man["graphs"]["denoiser"]["inputs"]["onsetEnvelope"] == "[B,128] f32"
    idx = json.load(open(tmp_path / "parity" / "index.json"))
    assert idx["arrays"]["finalLatent"]["shape"] == [1, 64, 128]
    assert len(idx["timesteps"]) == CFG["diffusion"]["steps"]


def test_committed_tiny_bundle_is_consistent():
    d = os.path.join(HERE, "..", "bundles", "tiny")
    man = json.load(open(os.path.join(d, "manifest.json")))
    from a2s_models.export.bundle import sha256
    for f, h in man["sha256"].items():
        assert sha256(os.path.join(d, f)) == h, f
    assert sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d)) < 5e6
