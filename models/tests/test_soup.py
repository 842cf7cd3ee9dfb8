"""export/soup.py: interpolating a fine-tuned bundle's graphs back toward the bundle it started from (issue 15)."""
import json
import os

import pytest
import torch

from a2s_models.export.graphs import DenoiserGraph, export_graph
from a2s_models.export.recover import fill, initializers
from a2s_models.export.soup import interpolate_graph, soup
from a2s_models.nets import build_ldm
from test_envelope_path import tiny_cfg, unet_inputs


def export_denoiser(ldm, cfg, path):
    lat, t, ctx, env = unet_inputs(cfg, 1)
    export_graph(DenoiserGraph(ldm), {"latent": lat, "t": t, "context": ctx, "onsetEnvelope": env}, ["eps"], path)


def pair(tmp_path):
    """An old LDM without the envelope path and a fine-tune of it that added one and moved every weight."""
    torch.manual_seed(0)
    old = build_ldm(tiny_cfg(0))
    with torch.no_grad():  # trained-looking weights: no zero output conv hiding differences, no two equal tensors
        for p in old.unet.parameters():  # (the exporter shares equal initializers, e.g. fresh norms' ones)
            p.add_(0.05 * torch.randn_like(p))
    new = build_ldm(tiny_cfg(16))
    new.load_state_dict(old.state_dict(), strict=False)
    with torch.no_grad():
        for p in new.unet.parameters():
            p.add_(0.02 * torch.randn_like(p))
    old_path, new_path = str(tmp_path / "old.onnx"), str(tmp_path / "new.onnx")
    export_denoiser(old, tiny_cfg(0), old_path)
    export_denoiser(new, tiny_cfg(16), new_path)
    return old, new, old_path, new_path


def unet_from(path, cfg):
    unet = build_ldm(cfg).unet
    fill(unet, [(path, "unet.", "")])
    return unet.eval()


def test_alpha_zero_is_the_old_net_alpha_one_the_new_and_between_is_linear(tmp_path):
    old, new, old_path, new_path = pair(tmp_path)
    x = unet_inputs(tiny_cfg(16))
    outs = {}
    for a in (0.0, 0.5, 1.0):
        out = str(tmp_path / f"a{a}.onnx")
        interpolate_graph(old_path, new_path, a, out)
        with torch.no_grad():
            outs[a] = unet_from(out, tiny_cfg(16))(*x)
    with torch.no_grad():
        assert torch.allclose(outs[0.0], old.unet.eval()(*x), atol=1e-5)  # the added path is exactly off at 0
        assert torch.allclose(outs[1.0], new.unet.eval()(*x), atol=1e-5)
    mid, o, n = initializers(str(tmp_path / "a0.5.onnx")), initializers(old_path), initializers(new_path)
    w = "unet.out.weight"
    assert torch.allclose(mid[w], (o[w] + n[w]) / 2, atol=1e-7)
    assert torch.allclose(mid["unet.envelope.4.weight"], n["unet.envelope.4.weight"] / 2, atol=1e-7)
    assert torch.equal(mid["unet.envelope.0.weight"], n["unet.envelope.0.weight"])


def test_a_parameter_the_old_graph_lacks_outside_a_zero_initialised_path_is_refused(tmp_path):
    import onnx
    _, _, old_path, new_path = pair(tmp_path)
    model = onnx.load(old_path)  # another net: its output conv is not named as the new one's
    for init in model.graph.initializer:
        if init.name == "unet.out.weight":
            init.name = "unet.renamed.weight"
    onnx.save(model, old_path)
    with pytest.raises(SystemExit, match="unet.out.weight is missing"):
        interpolate_graph(old_path, new_path, 0.5, str(tmp_path / "x.onnx"))
    assert not os.path.exists(tmp_path / "x.onnx")


def test_soup_writes_a_bundle_with_fresh_hashes_and_says_how_it_was_made(tmp_path):
    _, _, old_path, new_path = pair(tmp_path)
    bundles = {}
    for name, graph in (("old", old_path), ("new", new_path)):
        d = tmp_path / name
        d.mkdir()
        os.replace(graph, d / "denoiser.onnx")
        man = {"id": f"b-{name}", "graphs": {"denoiser": {"file": "denoiser.onnx"}}, "sha256": {"denoiser.onnx": "x"}}
        (d / "manifest.json").write_text(json.dumps(man))
        bundles[name] = str(d)
    out = str(tmp_path / "mix")
    soup(bundles["old"], bundles["new"], 0.25, out, graphs=("denoiser",), bundle_id="b-mix")
    man = json.loads(open(os.path.join(out, "manifest.json")).read())
    assert man["id"] == "b-mix"
    assert man["training"]["ldm"]["soup"] == {"old": "b-old", "new": "b-new", "alpha": 0.25, "graphs": ["denoiser"],
                                              "rule": "old + alpha * (new - old) per initializer (export/soup.py)"}
    from a2s_models.export.bundle import sha256
    assert man["sha256"]["denoiser.onnx"] == sha256(os.path.join(out, "denoiser.onnx"))
    with pytest.raises(SystemExit, match="exists"):
        soup(bundles["old"], bundles["new"], 0.25, out, graphs=("denoiser",))
    with pytest.raises(SystemExit, match="alpha"):
        soup(bundles["old"], bundles["new"], 1.5, str(tmp_path / "mix2"), graphs=("denoiser",))
