"""Motion timing net (nets/motion.py), its trainer and exporter."""
import json
import os
import shutil

import numpy as np
import pytest
import torch

from a2s_models.export.motion import fixture_frames
from a2s_models.export.motion import main as export_motion
from a2s_models.nets.motion import MotionTiming, MotionTimingGraph, direction_features, motion_fields, motion_grid, suppress
from a2s_models.train import motion as trainer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_grid_is_zero_for_a_still_picture_and_marks_the_moving_cell():
    f = torch.full((1, 8, 32, 32), 0.5)
    assert float(motion_grid(f, 4).abs().max()) == 0.0
    f[0, 4:, 0:8, 8:16] = 1.0   # a block appears in cell (0, 1) at frame 4
    g = motion_grid(f, 4)[0]
    assert g[4, 0, 1] > 0 and float(g[4].sum()) == pytest.approx(float(g[4, 0, 1]))
    assert float(g[5:].abs().max()) == 0.0


def test_output_ignores_exposure_scale_and_keeps_the_latent_rate():
    torch.manual_seed(0)
    net = MotionTiming().eval()
    x = torch.from_numpy(fixture_frames(128, 64))
    with torch.no_grad():
        a, b = net(x), net(x * 0.5)
    assert a.shape == (1, 128)
    assert float((a - b).abs().max()) <= 1e-3 * float(a.abs().max())
    with torch.no_grad():
        assert net.from_grid(motion_grid(x, 16)[:, :48]).shape == (1, 96)


def test_suppression_keeps_one_peak_per_contact_and_the_graph_applies_it():
    p = torch.tensor([[0.1, 0.6, 0.55, 0.7, 0.2, 0.1, 0.1, 0.1, 0.9, 0.1]])
    assert suppress(p, 0) is p
    kept = suppress(p, 2)[0].tolist()
    assert [i for i, v in enumerate(kept) if v > 0] == [3, 8]      # 0.6 and 0.55 lie within 2 frames of 0.7
    assert kept[3] == pytest.approx(0.7) and kept[8] == pytest.approx(0.9)
    torch.manual_seed(0)
    net = MotionTiming().eval()
    x = torch.from_numpy(fixture_frames(128, 64))
    with torch.no_grad():
        plain = MotionTimingGraph(net)(x)
        net.min_gap = 3
        assert torch.equal(MotionTimingGraph(net)(x), suppress(plain, 3))


def test_targets_and_peaks_follow_the_engine_envelope_convention():
    y, w = trainer.targets([np.array([0.1, 1.0])])
    hot = np.flatnonzero(y[0])
    assert list(hot) == [5, 6, 7, 61, 62, 63]    # floor(t / 0.016) ± 1
    assert list(np.flatnonzero(w[0] == 0)) == [2, 3, 4, 8, 9, 10, 58, 59, 60, 64, 65, 66]   # 2..4 frames away: ignored
    p = np.zeros(128)
    p[10], p[11], p[40] = 0.7, 0.7, 0.4       # a plateau reads as its later frame; below 0.5 is no onset
    assert trainer.peaks(p) == [pytest.approx(11 * trainer.HOP_S)]


def test_flow_follows_a_bar_down_and_back_up_and_reverses_at_the_turn():
    # a textured bar moving 12 px per frame down for 6 frames, then back up: a stick rebounding off a drum
    pos = [10 + 12 * i for i in range(7)] + [10 + 12 * i for i in range(5, -1, -1)]
    f = torch.from_numpy(np.random.default_rng(0).random((1, len(pos), 128, 128)).astype(np.float32) * 0.1)
    for i, p in enumerate(pos):
        f[0, i, p:p + 10, 40:90] += 0.8
    m = motion_fields(f, 16)[0]
    assert m.shape == (3, len(pos), 16, 16)
    v = m[2].sum((1, 2))                 # net vertical flow per frame (+: down)
    truth = np.sign(np.diff(pos))
    assert np.array_equal(np.sign(v[1:].numpy()), truth)
    cos = direction_features(m[1][None], m[2][None])[0, 0].mean((1, 2))   # lag-1 cosine per frame
    turn = int(np.argmax(np.diff(pos) < 0)) + 1      # the first frame of the way up
    assert float(cos[turn]) < 0 and float(cos[turn]) == float(cos[2:].min())


def test_direction_net_ignores_exposure_scale_and_reads_cached_fields():
    torch.manual_seed(0)
    net = MotionTiming(direction=True).eval()
    x = torch.from_numpy(fixture_frames(128, 64))
    with torch.no_grad():
        a, b = net(x), net(x * 0.5)
        assert float((a - b).abs().max()) <= 2e-2 * float(a.abs().max())
        assert torch.allclose(net.from_grid(motion_fields(x, 16)), a)


def _shards(folder, n_train=12, n_val=8, direction=False):
    """Two tiny shards of grids with a contact that makes one cell stop moving, like the cache writes them."""
    g = np.random.default_rng(0)
    for seed, n in ((1, n_train), (2, n_val)):
        cells = g.random((n, 64, 16, 16)).astype(np.float16) * 0.01
        onsets = []
        for i in range(n):
            k = int(g.integers(10, 50))
            cells[i, k - 6:k, 5, 5] = 1.0
            onsets.append(np.array([k * 0.032], np.float32))
        if direction:    # |diff| + a flow that reverses at the contact
            flow = np.zeros((n, 2, 64, 16, 16), np.float16)
            for i, o in enumerate(onsets):
                k = int(round(float(o[0]) / 0.032))
                flow[i, 1, k - 6:k, 5, 5], flow[i, 1, k:k + 6, 5, 5] = 2.0, -2.0
            cells = np.concatenate([cells[:, None], flow], 1)
        np.savez(os.path.join(folder, f"shard_{seed}_00000.npz"), cells=cells, onsets=np.concatenate(onsets),
                 counts=np.ones(n, np.int32), seconds=np.float32(2.048))


def test_v1_windows_give_fields_and_on_screen_onsets_inside_the_window(tmp_path):
    from a2s_models.foleyworld.synth import make_synthetic_pack
    from a2s_models.train.motion_data import v1_rows
    pack = make_synthetic_pack(str(tmp_path / "synth.npz"))
    rows = v1_rows(0, 3, "train", pack, 128, 16, True, n=3)
    assert len(rows) == 3
    for cells, onsets in rows:
        assert cells.shape == (3, 64, 16, 16) and cells.dtype == np.float16
        assert np.all(cells[0, 0] == 0) and np.all(np.isfinite(cells.astype(np.float32)))
        assert np.all((onsets >= 0) & (onsets < 2.048))
    assert any(float(np.abs(c[0]).max()) > 0 for c, _ in rows)     # the picture moves
    again = v1_rows(0, 3, "train", pack, 128, 16, True, n=3)       # a shard is a function of (seed, k)
    assert all(np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1]) for a, b in zip(rows, again))


def test_trainer_mixes_in_v1_windows_and_selects_on_both_worlds(tmp_path):
    data, out = tmp_path / "data", tmp_path / "run"
    data.mkdir()
    _shards(str(data), direction=True)
    for name in os.listdir(data):
        shutil.copy(data / name, data / ("v1" + name))
    import sys
    argv = sys.argv
    try:
        sys.argv = ["motion", "--data", str(data), "--out", str(out), "--batch", "4", "--val-every", "2",
                    "--steps", "2", "--v1-share", "0.5"]
        trainer.main()
    finally:
        sys.argv = argv
    rec = [json.loads(x) for x in open(out / "log_motion.jsonl") if "valF1" in x][-1]
    assert rec["valF1"] == pytest.approx((rec["valF1v1"] + rec["valF1v2"]) / 2)
    c = torch.load(out / "motion.pt")
    assert c["v1Share"] == 0.5
    from a2s_models.export.motion import calibrate
    net = MotionTiming(direction=True)
    net.load_state_dict(c["model"])
    assert calibrate(net, str(data), v1=True)[1]["worlds"] == ["v2", "v1"]
    assert calibrate(net, str(data))[1]["worlds"] == ["v2"]      # a v2-only net is calibrated on v2 val only


@pytest.mark.parametrize("direction", [False, True])
def test_trainer_runs_saves_and_resumes(tmp_path, direction):
    data, out = tmp_path / "data", tmp_path / "run"
    data.mkdir()
    _shards(str(data), direction=direction)
    args = ["--data", str(data), "--out", str(out), "--batch", "4", "--val-every", "2"]
    import sys
    argv = sys.argv
    try:
        sys.argv = ["motion", *args, "--steps", "2"]
        trainer.main()
        assert torch.load(out / "ckpt_motion.pt")["state"]["step"] == 2
        sys.argv = ["motion", *args, "--steps", "4"]
        trainer.main()
    finally:
        sys.argv = argv
    log = [json.loads(x) for x in open(out / "log_motion.jsonl")]
    assert [r["step"] for r in log if "valF1" in r] == [2, 4]
    assert (out / "motion.pt").exists()
    assert torch.load(out / "motion.pt")["direction"] is direction


@pytest.mark.parametrize("direction", [False, True])
def test_exporter_adds_a_verified_graph_to_a_bundle_copy(tmp_path, direction):
    b = tmp_path / "tiny"
    shutil.copytree(os.path.join(ROOT, "bundles", "tiny"), b)
    export_motion(["--random", "--bundle", str(b), "--fixtures", str(tmp_path / "fx")] + (["--direction"] if direction else []))
    man = json.load(open(b / "manifest.json"))
    assert man["graphs"]["motionTiming"]["outputs"] == {"onsets": "[B,128]"}
    assert man["motion"]["width"] == 128 and man["bytes"]["motion_timing.onnx"] == os.path.getsize(b / "motion_timing.onnx")
    idx = json.load(open(tmp_path / "fx" / "index.json"))
    assert idx["arrays"]["frames"]["shape"] == [1, 64, 128, 128]


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg not installed")
def test_real_scorer_reports_per_clip_counts_for_each_set_after_calibration(tmp_path, capsys):
    """eval/motion_real main: a checkpoint scored on a real-format folder (an mp4 + manifest), calibrated first."""
    import subprocess
    import sys
    from a2s_models.eval import motion_real
    data, real = tmp_path / "cache", tmp_path / "real"
    data.mkdir()
    real.mkdir()
    _shards(str(data), direction=True)
    frames = (fixture_frames(128, 64)[0] * 255).astype(np.uint8)       # a bar that falls and stops twice
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "gray", "-s", "128x128", "-r", "30",
                    "-i", "-", "-pix_fmt", "yuv420p", str(real / "c1.mp4")], input=frames.tobytes(), check=True)
    json.dump([{"id": "c1", "file": "c1.mp4", "seconds": 64 / 30, "onsets": [20 / 30, 44 / 30]}], open(real / "manifest.json", "w"))
    net = MotionTiming(direction=True)
    torch.save({"model": net.state_dict(), "grid": 16, "direction": True, "step": 0}, tmp_path / "m.pt")
    argv = sys.argv
    try:
        sys.argv = ["motion_real", "--ckpt", str(tmp_path / "m.pt"), "--calibrate", str(data), "--data", str(real)]
        motion_real.main()
    finally:
        sys.argv = argv
    out = json.loads(capsys.readouterr().out)
    assert out["calibration"]["worlds"] == ["v2"] and 0.2 <= out["calibration"]["threshold"] <= 0.8
    clip = out[str(real)]["clips"]["c1"]
    assert clip["reference"] == 2 and clip["predicted"] >= 0 and 0.0 <= clip["f1"] <= 1.0
    assert out[str(real)]["meanF1"] == pytest.approx(clip["f1"], abs=1e-3)
