import json
import os

import pytest
import torch

from a2s_models.convert import keyspec, official
from a2s_models.export.verify import backend

HERE = os.path.dirname(__file__)
PAPER = json.load(open(os.path.join(HERE, "..", "configs", "paper.json")))


def test_key_spec_file_is_current_and_names_match_official_layouts():
    stored = json.load(open(keyspec.DEFAULT_OUT))
    fresh = keyspec.build_spec(PAPER["official"])
    for f in ("ldm", "hifigan", "avsim"):
        assert stored[f]["keys"] == fresh[f]["keys"], f
    ldm = stored["ldm"]["keys"]
    unet = sum(torch.Size(s).numel() for k, s in ldm.items() if k.startswith("model.diffusion_model."))
    assert unet == 859_520_964  # SD-v1.x UNet parameter count
    assert ldm["model.diffusion_model.input_blocks.1.1.transformer_blocks.0.attn2.to_k.weight"] == [320, 768]
    assert ldm["model.diffusion_model.output_blocks.2.1.conv.weight"] == [1280, 1280, 3, 3]
    assert ldm["first_stage_model.decoder.up.3.block.0.conv1.weight"] == [512, 512, 3, 3]
    assert ldm["first_stage_model.encoder.down.0.downsample.conv.weight"] == [128, 128, 3, 3]
    assert ldm["cond_stage_model.video_encoder.model.blocks.11.temporal_fc.weight"] == [768, 768]
    assert ldm["cond_stage_model.video_encoder.model.pos_embed"] == [1, 197, 768]
    hg = stored["hifigan"]["keys"]
    assert hg["generator.ups.0.weight_v"] == [512, 256, 16] and hg["generator.ups.0.weight_g"] == [512, 1, 1]
    assert "generator.resblocks.11.convs2.2.weight_g" in hg


def mini_config():
    cfg = json.loads(json.dumps(PAPER))
    cfg["video"].update(frames=4, width=32, height=32)
    cfg["context"] = {"video": 4, "audio": 24, "dim": 32}
    cfg["official"].update(avsimDim=16, unet={"in": 4, "mc": 32, "mult": [1, 2], "nres": 1, "attnDs": [1, 2],
                                              "heads": 2, "ctx": 32},
                           vae={"imgCh": 3, "ch": 32, "mult": [1, 1, 1, 1], "z": 4},
                           timesformer={"img": 32, "patch": 16, "dim": 32, "depth": 1, "heads": 2, "frames": 4},
                           hifigan={"initial": 32, "rates": [8, 8, 2, 2], "kernels": [16, 16, 4, 4],
                                    "resKernels": [3], "resDilations": [[1, 3]]})
    return cfg


def synthetic_checkpoints(cfg, d):
    spec = keyspec.build_spec(cfg["official"])
    g = torch.Generator().manual_seed(0)

    def tensors(keys, strip=""):
        out = {}
        for k, s in keys.items():
            t = torch.randn(s, generator=g) * 0.05
            if k.endswith("weight_g"):
                t = t.abs() + 0.5
            if k.endswith("norm.weight") or ".norm1.weight" in k or ".norm2.weight" in k or "norm_out.weight" in k:
                t = t + 1.0
            out[k[len(strip):]] = t
        return out
    paths = {n: os.path.join(d, f"{n}.ckpt") for n in ("ldm", "hifigan", "avsim")}
    torch.save({"state_dict": tensors(spec["ldm"]["keys"])}, paths["ldm"])
    torch.save({"generator": tensors(spec["hifigan"]["keys"], "generator.")}, paths["hifigan"])
    torch.save({"state_dict": tensors(spec["avsim"]["keys"])}, paths["avsim"])
    return paths


def test_convert_synthetic_checkpoint_and_export(tmp_path):
    cfg = mini_config()
    p = synthetic_checkpoints(cfg, str(tmp_path))
    verify = backend() is not None
    man, res = official.convert(cfg, p["ldm"], p["hifigan"], p["avsim"], str(tmp_path / "b"), verify_graphs=verify)
    assert man["graphs"]["denoiser"]["inputs"]["latent"] == "[B,4,16,24] f32"
    assert all(v["missingCount"] == 0 for v in man["conversion"].values())
    if verify:
        assert all(r["ok"] for r in res), res


def test_fold_weight_norm():
    torch.manual_seed(0)  # fixed weights and input: the same rounding on every run
    conv = torch.nn.utils.weight_norm(torch.nn.Conv1d(3, 4, 5))
    sd = {"c." + k: v for k, v in conv.state_dict().items()}
    folded = official.fold_weight_norm(sd)
    x = torch.randn(1, 3, 20)
    ref = conv(x)
    plain = torch.nn.Conv1d(3, 4, 5)
    plain.load_state_dict({"weight": folded["c.weight"], "bias": folded["c.bias"]})
    assert torch.allclose(plain(x), ref, atol=1e-6)


def test_fp16_initializers_halve_size_and_stay_valid(tmp_path):
    import onnx
    from a2s_models.export.graphs import export_graph
    m = torch.nn.Sequential(torch.nn.Linear(64, 64), torch.nn.GELU(), torch.nn.Linear(64, 8))
    p = str(tmp_path / "m.onnx")
    export_graph(m, {"x": torch.randn(2, 64)}, ["y"], p)
    before = os.path.getsize(p)
    official.to_fp16_initializers(p)
    model = onnx.load(p)
    onnx.checker.check_model(model)
    assert os.path.getsize(p) < 0.7 * before
    assert any(n.op_type == "Cast" for n in model.graph.node)
