import json
import os

import numpy as np
import pytest
import torch

from a2s_models.train import avsim, classifier, ldm, vocoder
from a2s_models.train.data import build_batch, loader
from a2s_models.train.synthetic import SyntheticClips

HERE = os.path.dirname(__file__)
CFG_PATH = os.path.join(HERE, "..", "configs", "tiny.json")
CFG = json.load(open(CFG_PATH))


def overfit(trainer, batch, steps=20, lr=3e-3):
    torch.manual_seed(0)
    opt = torch.optim.Adam(trainer.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        loss, _ = trainer(batch, torch.Generator().manual_seed(5))  # same noise/t every step: a fixed objective
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(float(loss))
    return losses


def tiny_batch(n=4):
    return build_batch(SyntheticClips(), 0, 0, 0, n)


@pytest.mark.parametrize("name,make,factor,lr", [
    ("ldm", lambda: ldm.LDMTrainer(CFG), 0.5, 3e-3),
    ("vocoder", lambda: vocoder.VocoderTrainer(CFG), 0.8, 3e-3),
    ("avsim", lambda: avsim.AVSimTrainer(CFG), 0.5, 3e-4),
    ("classifier", lambda: classifier.ClassifierTrainer(CFG, 3), 0.5, 3e-3),
])
def test_overfit_20_steps(name, make, factor, lr):
    torch.manual_seed(0)
    trainer = make()
    losses = overfit(trainer, tiny_batch(), lr=lr)
    assert losses[-1] < factor * losses[0], (name, losses[0], losses[-1])


def _weights(out):
    return torch.load(os.path.join(out, "ckpt_ldm.pt"), weights_only=False)


def test_resume_is_bit_identical(tmp_path):
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    common = ["--config", CFG_PATH, "--data", "synthetic", "--threads", "1", "--workers", "0"]
    ldm.main(common + ["--out", a, "--steps", "4"])
    ldm.main(common + ["--out", b, "--steps", "2"])
    ldm.main(common + ["--out", b, "--steps", "4", "--resume"])
    ca, cb = _weights(a), _weights(b)
    assert ca["step"] == cb["step"] == 4
    for k in ca["model"]:
        assert torch.equal(ca["model"][k], cb["model"][k]), k
    sa, sb = ca["opt"]["state"], cb["opt"]["state"]
    assert all(torch.equal(sa[i]["exp_avg"], sb[i]["exp_avg"]) for i in sa)
    assert os.path.exists(os.path.join(b, "ldm.pt"))


def test_loader_workers_keep_step_order():
    ds = SyntheticClips()
    seen = [s for s, _ in loader(ds, 0, 3, 2, workers=2, stop_step=9)]
    assert seen == list(range(3, 9))
    _, b0 = next(iter(loader(ds, 0, 5, 2, workers=0)))
    _, b1 = next(iter(loader(ds, 0, 5, 2, workers=2)))
    assert torch.equal(b0["wave"], b1["wave"])


def test_ddp_world_size_1_gloo(tmp_path, monkeypatch):
    monkeypatch.setenv("MASTER_ADDR", "127.0.0.1")
    monkeypatch.setenv("MASTER_PORT", str(29500 + os.getpid() % 1000))
    monkeypatch.setenv("RANK", "0")
    monkeypatch.setenv("WORLD_SIZE", "1")
    out = str(tmp_path / "d")
    ldm.main(["--config", CFG_PATH, "--data", "synthetic", "--threads", "1", "--workers", "0", "--out", out,
              "--steps", "2", "--ddp", "--device", "cpu"])
    assert _weights(out)["step"] == 2


def test_no_audio_cond_flag(tmp_path):
    out = str(tmp_path / "n")
    ldm.main(["--config", CFG_PATH, "--data", "synthetic", "--threads", "1", "--out", out, "--steps", "1",
              "--no-audio-cond", "--name", "ldm_noaudio"])
    assert torch.load(os.path.join(out, "ldm_noaudio.pt"), weights_only=False)["noAudioCond"] is True


def test_init_starts_from_final_weights(tmp_path):
    """--init: a new run starts from a finished run's weights (steps from 0, fresh optimizer)."""
    common = ["--config", CFG_PATH, "--data", "synthetic", "--threads", "1", "--workers", "0"]
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    avsim.main(common + ["--out", a, "--steps", "2"])
    avsim.main(common + ["--out", b, "--steps", "0", "--init", os.path.join(a, "avsim.pt")])
    wa = torch.load(os.path.join(a, "avsim.pt"), weights_only=False)["model"]
    wb = torch.load(os.path.join(b, "avsim.pt"), weights_only=False)
    assert wb["step"] == 0 and all(torch.equal(wa[k].float(), wb["model"][k].float()) for k in wa)


def test_classifier_init_and_validation_accuracy(tmp_path):
    """The eval classifier continues from given weights and logs its accuracy on fresh validation clips."""
    common = ["--config", CFG_PATH, "--data", "synthetic", "--threads", "1", "--workers", "0", "--val-clips", "8"]
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    classifier.main(common + ["--out", a, "--steps", "2", "--batch", "4"])
    classifier.main(common + ["--out", b, "--steps", "0", "--init", os.path.join(a, "classifier.pt")])
    wa = torch.load(os.path.join(a, "classifier.pt"), weights_only=False)["model"]
    wb = torch.load(os.path.join(b, "classifier.pt"), weights_only=False)["model"]
    assert all(torch.equal(wa[k].float(), wb[k].float()) for k in wa)
    val = [json.loads(line) for line in open(os.path.join(b, "log_classifier.jsonl")) if '"val"' in line]
    assert len(val) == 1 and 0.0 <= val[0]["acc"] <= 1.0
