import json
import os

import torch

from a2s_models.nets import (build_avsim, build_griffinlim, build_ldm, build_vocoder, count_params)
from a2s_models.nets.mel import MelFrontEnd

CFG = json.load(open(os.path.join(os.path.dirname(__file__), "..", "configs", "tiny.json")))


def test_mel_matches_torch_stft():
    mel = MelFrontEnd.from_config(CFG["audio"])
    wave = torch.randn(2, 32768) * 0.1
    x = torch.nn.functional.pad(wave, (mel.pad, mel.pad))
    ref = torch.stft(x, 1024, 256, window=torch.hann_window(1024), center=False, return_complex=True).abs() ** 2
    assert torch.allclose(mel.power(wave), ref, rtol=1e-3, atol=1e-3)
    assert mel(wave).shape == (2, 64, 128)


def test_shapes_match_spec():
    torch.manual_seed(0)
    ldm = build_ldm(CFG)
    frames, wave = torch.randn(2, 64, 3, 48, 48), torch.randn(2, 32768) * 0.1
    vt, at, logits = ldm.context(frames, wave)
    assert vt.shape == (2, 64, 128) and at.shape == (2, 16, 128) and logits.shape == (2, 128)
    lat = ldm.encode_audio(wave)
    out = ldm.unet(lat, torch.tensor([3.0, 900.0]), torch.cat([vt, at], 1), torch.zeros(2, 128))
    assert lat.shape == out.shape == (2, 64, 128)
    assert build_vocoder(CFG)(ldm.decode(lat)).shape == (2, 32768)
    assert build_griffinlim(CFG)(ldm.decode(lat)).shape == (2, 32768)
    s = build_avsim(CFG)
    e = s.video(frames)
    assert e.shape == (2, 128) and torch.allclose(e.norm(dim=-1), torch.ones(2), atol=1e-5)
    assert s.audio(wave).shape == (2, 128)
    assert count_params(ldm) < 1_000_000


def test_griffinlim_reconstructs_spectrum():
    mel = MelFrontEnd.from_config(CFG["audio"])
    cfg = json.loads(json.dumps(CFG))
    cfg["nets"]["griffinLim"]["iters"] = 16
    gl = build_griffinlim(cfg)
    torch.manual_seed(0)
    t = torch.arange(32768) / 16000.0
    wave = (torch.randn(32768) * 0.1 * (1 + torch.sin(2 * 3.14159 * 3 * t))).unsqueeze(0)
    m = mel(wave)
    rec = gl(m)
    err = (mel(rec)[..., 4:-4] - m[..., 4:-4]).abs().mean()
    assert err < 0.6, err  # natural-log mel units; the mel pseudo-inverse limits this
