"""AV-Sim's light pathway (issue 8): neutral when added, trainable on a resumable feature cache."""
import json
import os

import torch

from a2s_models.foleyworld.synth import make_synthetic_pack
from a2s_models.nets import build_avsim
from a2s_models.nets.avsim import AVSimVideo
from a2s_models.train import avsim_light

HERE = os.path.dirname(__file__)
CFG = json.load(open(os.path.join(HERE, "..", "configs", "default.json")))


def test_light_pathway_starts_neutral_and_sees_colour():
    torch.manual_seed(0)
    plain, lit = AVSimVideo((8, 8, 8, 8), 16, 8), AVSimVideo((8, 8, 8, 8), 16, 8, light=True)
    lit.load_state_dict(plain.state_dict(), strict=False)
    frames = torch.randn(2, 6, 3, 16, 16)
    assert torch.allclose(plain(frames), lit(frames), atol=1e-6)        # zero-initialised: changes nothing
    torch.nn.init.normal_(lit.light[2].weight)
    warmer = frames.clone()
    warmer[:, :, 0] += 0.5                                             # the same shot under redder light
    assert not torch.allclose(lit(frames), lit(warmer), atol=1e-3)
    h, colour = lit.features(frames)
    assert h.shape == (2, 16) and colour.shape == (2, 6)


def test_trains_from_a_cache_and_resumes(tmp_path, capsys):
    cfg = json.loads(json.dumps(CFG))
    cfg["nets"]["avsim"]["light"] = True
    cfg_path, init = str(tmp_path / "cfg.json"), str(tmp_path / "init.pt")
    json.dump(cfg, open(cfg_path, "w"))
    plain = json.loads(json.dumps(cfg))
    plain["nets"]["avsim"]["light"] = False
    torch.save({"kind": "avsim", "model": build_avsim(plain).state_dict(), "step": 7}, init)  # a pre-light tower
    pack = make_synthetic_pack(str(tmp_path / "synth.npz"))
    args = ["--config", cfg_path, "--data", pack, "--init", init, "--out", str(tmp_path / "run"),
            "--samples", "16", "--val-samples", "8", "--chunk", "8", "--steps", "4", "--batch", "8"]
    avsim_light.main(args)
    first = capsys.readouterr().out
    assert first.count("cache train chunk") == 2 and first.count("cache val chunk") == 1
    ck = torch.load(str(tmp_path / "run" / "avsim.pt"), weights_only=False)
    net = build_avsim(cfg)
    net.load_state_dict(ck["model"])                                    # strict: every key, light included
    assert ck["light"]["of"] == 4 and ck["light"]["steps"] == 4 and ck["step"] == 7
    assert net.video.light[2].weight.abs().sum() > 0                   # the pathway was trained
    avsim_light.main(args)                                             # rerun: the cache is reused, not rebuilt
    assert "cache train chunk" not in capsys.readouterr().out
