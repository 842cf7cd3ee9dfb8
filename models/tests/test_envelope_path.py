"""Issue 15: the UNet's own envelope path and the trainer's envelope-only rows."""
import json
import os

import torch

from a2s_models.nets import build_ldm
from a2s_models.train.ldm import corrupt_video_tokens

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def tiny_cfg(envelope_path):
    cfg = json.load(open(os.path.join(HERE, "configs/tiny.json")))
    cfg["nets"]["unet"]["envelopePath"] = envelope_path
    return cfg


def unet_inputs(cfg, b=2):
    g = torch.Generator().manual_seed(0)
    m, c = cfg["audio"]["mel"], cfg["context"]
    env = torch.zeros(b, m["frames"])
    env[:, 10] = 1.0
    return (torch.randn(b, m["nMels"], m["frames"], generator=g), torch.full((b,), 500.0),
            torch.randn(b, c["video"] + c["audio"], c["dim"], generator=g), env)


def test_a_new_envelope_path_leaves_a_trained_unet_unchanged_until_trained():
    torch.manual_seed(0)
    old = build_ldm(tiny_cfg(0)).unet
    torch.nn.init.normal_(old.out.weight, std=0.05)  # a zero output conv would hide any difference
    new = build_ldm(tiny_cfg(16)).unet
    missing, unexpected = new.load_state_dict(old.state_dict(), strict=False)
    assert not unexpected and missing and all(k.startswith(new.new_parameter_prefixes()) for k in missing)
    x = unet_inputs(tiny_cfg(16))
    assert torch.allclose(old(*x), new(*x))
    torch.nn.init.normal_(new.envelope[-1].weight, std=0.1)  # once trained, the envelope moves the output
    assert not torch.allclose(old(*x), new(*x))


def test_envelope_only_rows_corrupt_tokens_and_force_the_true_envelope():
    g = torch.Generator().manual_seed(3)
    vt = torch.randn(64, 8, 4, generator=g)
    keep_v = torch.ones(64)
    keep_v[:8] = 0  # CFG-dropped rows stay as they are (zeroed later with their envelope)
    use_true = torch.zeros(64, 1)
    out, use = corrupt_video_tokens(vt, keep_v, use_true, 0.5, g)
    changed = (out != vt).flatten(1).any(1)
    assert not changed[:8].any()
    assert 0 < int(changed.sum()) < 56
    assert torch.equal(use[:, 0] == 1, changed)  # exactly the corrupted rows get the true envelope
    same, use0 = corrupt_video_tokens(vt, keep_v, use_true, 0.0, g)
    assert same is vt and use0 is use_true
