"""The CPU fine-tune path: a cache of a finished LDM's per-frame CNN features, and an LDM run on it that keeps the CNN
frozen, trains the rest, averages the weights (EMA) and resumes."""
import json
import os

import numpy as np
import torch

from a2s_models.foleyworld.synth import make_synthetic_pack
from a2s_models.nets import build_ldm
from a2s_models.train import ldm
from a2s_models.train.cache import CachedClips, build
from a2s_models.train.data import prep_frames

HERE = os.path.dirname(__file__)
CFG_PATH = os.path.join(HERE, "..", "configs", "tiny.json")
CFG = json.load(open(CFG_PATH))


def test_video_encoder_splits_at_the_cnn():
    torch.manual_seed(0)
    enc = build_ldm(CFG).video.eval()
    frames = torch.randn(2, 64, 3, 48, 48)
    tokens, logits = enc(frames)
    t2, l2 = enc.from_cnn(enc.body.cnn_features(frames))
    assert torch.allclose(tokens, t2) and torch.allclose(logits, l2)


def test_cnn_cache_and_frozen_fine_tune(tmp_path):
    common = ["--config", CFG_PATH, "--threads", "1", "--workers", "0"]
    base = str(tmp_path / "base")
    ldm.main(common + ["--data", "synthetic", "--out", base, "--steps", "1", "--val-every", "0"])
    base_pt = os.path.join(base, "ldm.pt")
    pack = make_synthetic_pack(str(tmp_path / "synth.npz"))
    cache = str(tmp_path / "cache")
    assert build(pack, "train", cache, seconds=1.0, procs=1, chunk=4, cnn_from=base_pt) >= 4

    ds = CachedClips(cache)
    s = ds.sample(np.random.default_rng(0))
    assert "frames" not in s and s["cnn"].shape == (64, CFG["nets"]["video"]["channels"][-1])
    net = build_ldm(CFG)
    net.load_state_dict(torch.load(base_pt, weights_only=False)["model"])
    shard = os.path.join(cache, sorted(d for d in os.listdir(cache) if d.startswith("shard_"))[0])
    assert not os.path.exists(os.path.join(shard, "frames.npy"))      # features replace the frames
    feats = torch.from_numpy(np.load(os.path.join(shard, "cnn.npy")).astype(np.float32))
    assert torch.isfinite(feats).all() and feats.abs().sum() > 0

    out = str(tmp_path / "ft")
    args = common + ["--data", "cache:" + cache, "--out", out, "--init", base_pt, "--ema", "0.5", "--val-every", "0",
                     "--lr", "1e-2", "--class-loss", "0.1"]
    ldm.main(args + ["--steps", "2"])
    ft = torch.load(os.path.join(out, "ldm.pt"), weights_only=False)
    assert ft["frozenCnn"] is True and ft["ema"] == 0.5
    base_sd = net.state_dict()
    cnn_keys = [k for k in base_sd if k.startswith("video.body.cnn.")]
    rest = [k for k in base_sd if k.startswith("unet.") and base_sd[k].is_floating_point()]
    assert cnn_keys and all(torch.equal(base_sd[k], ft["model"][k].float()) for k in cnn_keys)
    assert any(not torch.equal(base_sd[k], ft["model"][k].float()) for k in rest)
    ldm.main(args + ["--steps", "3", "--resume"])                     # continues from the checkpoint
    assert torch.load(os.path.join(out, "ldm.pt"), weights_only=False)["step"] == 3
    log = [json.loads(line) for line in open(os.path.join(out, "log_ldm.jsonl"))]
    assert any(r.get("event") == "resume" for r in log)
    assert any("classCe" in r for r in log)
    assert not any(k.startswith("class_head") for k in ft["model"])   # the training-only probe is not saved


def test_prep_frames_matches_cache_featurizer(tmp_path):
    """The featurizer normalises frames exactly as training does (uint8 -> prep_frames -> CNN)."""
    from a2s_models.train.cache import _cnn_featurizer
    base = str(tmp_path / "base")
    ldm.main(["--config", CFG_PATH, "--data", "synthetic", "--threads", "1", "--workers", "0", "--out", base,
              "--steps", "1", "--val-every", "0"])
    u8 = np.random.default_rng(0).integers(0, 256, (2, 64, 48, 48, 3), dtype=np.uint8)
    net = build_ldm(CFG).eval()
    net.load_state_dict(torch.load(os.path.join(base, "ldm.pt"), weights_only=False)["model"])
    want = net.video.body.cnn_features(prep_frames(torch.from_numpy(u8), CFG["video"]["mean"], CFG["video"]["std"]))
    got = torch.from_numpy(_cnn_featurizer(os.path.join(base, "ldm.pt"))(u8).astype(np.float32))
    assert torch.allclose(got, want.transpose(1, 2).detach(), atol=2e-2, rtol=1e-2)


def test_snapshot_of_a_running_job_holds_its_ema_weights(tmp_path):
    from a2s_models.train.snapshot import snapshot
    out = str(tmp_path / "run")
    ldm.main(["--config", CFG_PATH, "--data", "synthetic", "--threads", "1", "--workers", "0", "--out", out,
              "--steps", "2", "--val-every", "0", "--ema", "0.5"])
    ck = torch.load(os.path.join(out, "ckpt_ldm.pt"), weights_only=False)
    step, ema = snapshot(os.path.join(out, "ckpt_ldm.pt"), str(tmp_path / "snap" / "ldm.pt"))
    snap = torch.load(str(tmp_path / "snap" / "ldm.pt"), weights_only=False)
    assert step == 2 and ema
    net = build_ldm(CFG)
    net.load_state_dict({k: v.float() for k, v in snap["model"].items()})  # strict: a complete LDM
    k = next(k for k in ck["extra"]["ema"] if k.startswith("unet."))
    assert torch.allclose(snap["model"][k].float(), ck["extra"]["ema"][k], atol=1e-3)


def test_ema_swaps_weights_in_and_back():
    from a2s_models.train.ldm import EMA
    net = torch.nn.Linear(2, 2)
    ema = EMA(net, 0.5)
    before = net.weight.detach().clone()
    with torch.no_grad():
        net.weight.add_(2.0)
    ema.update()                                                       # shadow = before + 1
    with ema.swapped():
        assert torch.allclose(net.weight, before + 1.0)
    assert torch.allclose(net.weight, before + 2.0)
