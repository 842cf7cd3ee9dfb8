"""Adapting the motion timing net (train/adapt_motion.py via train/adapt.py) on data laid out as the engine writes it
(main/engine/adapt/prepare.ts): the untrained motion graph of models/fixtures/motion-random as the base, a few steps."""
import json
import os
import shutil

import numpy as np
import pytest
import torch

from a2s_models.export.recover import initializers
from a2s_models.export.graphs import export_graph
from a2s_models.nets.motion import MotionTiming, MotionTimingGraph, motion_fields, motion_grid
from a2s_models.train import adapt
from a2s_models.train.adapt_motion import Clip, check_rebuilt, graph_layout, net_from_graph

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE = os.path.join(ROOT, "fixtures", "motion-random")
SIZE, T = 128, 64


def _base(folder):
    """bundles/tiny's manifest plus the motion fixture's entries (as tests/inference/motion-bundle.ts), and its graph."""
    with open(os.path.join(ROOT, "bundles", "tiny", "manifest.json")) as f:
        man = json.load(f)
    with open(os.path.join(FIXTURE, "manifest-fragment.json")) as f:
        frag = json.load(f)
    man["motion"] = frag["motion"]
    man["graphs"].update(frag["graphs"])
    man["sha256"].update(frag["sha256"])
    os.makedirs(folder)
    shutil.copy(os.path.join(FIXTURE, "motion_timing.onnx"), folder)
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(man, f)
    return folder


def _clip(n, period, first):
    """A bright square sliding between two spots, stopping every `period` frames: luma uint8 [n,H,W] and stops."""
    x = np.full((n, SIZE, SIZE), 60, np.uint8)
    stops = list(range(first, n, period))
    for k in range(n):
        j = max(0, (k - first) // period + 1) if k >= first else 0
        f = (k - (stops[j - 1] if j else first - period)) / period
        a, b = (20, 90) if j % 2 == 0 else (90, 20)
        pos = int(a + (b - a) * min(1.0, f / 0.6))   # moves for 60% of the period, holds for the rest
        x[k, 50:66, pos:pos + 16] = 220
    return x, stops


def _work(folder, rehearsal=False, guard=False):
    """Two clips (one trains, one held back); with `rehearsal` a third marked as Foley World rehearsal, given a
    validation range too, which the trainer must ignore; with `guard` a Foley World guard clip (scored, not trained)."""
    os.makedirs(os.path.join(folder, "clips"))
    specs = []
    shots = [(160, 14, 9, [[0, 160]], []), (130, 17, 12, [], [[0, 130]])]
    more = ([(100, 11, 5, [[0, 100]], [[0, 100]])] if rehearsal else []) + ([(120, 13, 7, [], [])] if guard else [])
    for i, (n, period, first, train, val) in enumerate(shots + more):
        luma, stops = _clip(n, period, first)
        luma.tofile(os.path.join(folder, "clips", f"{i}.luma.u8"))
        env = np.zeros(n * 2, "<f4")
        env[[2 * s for s in stops]] = 1.0   # a stop at frame s is at s * 32 ms: latent frame 2s (16 ms hop)
        env.tofile(os.path.join(folder, "clips", f"{i}.env.f32"))
        specs.append({"id": f"c{i}", "source": f"c{i}.mp4", "luma": f"clips/{i}.luma.u8", "count": n,
                      "envelope": f"clips/{i}.env.f32", "train": train, "val": val,
                      **({"rehearsal": True} if i == 2 and rehearsal else {}), **({"guard": [[0, n]]} if n == 120 else {})})
    with open(os.path.join(folder, "data.json"), "w") as f:
        json.dump({"version": 1, "head": "motion", "motion": {"frames": T, "height": SIZE, "width": SIZE},
                   "envelopePerFrame": 2, "clips": specs}, f)
    return folder


def _events(capsys):
    return [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.startswith("{")]


def test_rebuilds_the_graph_with_its_logit_offset_and_refuses_a_wrong_one():
    path = os.path.join(FIXTURE, "motion_timing.onnx")
    net = net_from_graph(path, T, SIZE, 128)
    import onnx
    assert graph_layout(onnx.load(path), SIZE) == (16, (1, 2, 4), 0.5, 0)   # make.py lifts it by 0.5
    assert net.logit_bias == 0.5
    rel = check_rebuilt(net, path, T, SIZE, SIZE, "the fixture")
    assert rel is None or rel <= 1e-4
    if rel is not None:   # an ONNX runtime is there to compare with
        net.logit_bias = 0.0
        with pytest.raises(SystemExit, match="differs from its PyTorch net"):
            check_rebuilt(net, path, T, SIZE, SIZE, "the fixture")


def test_rebuilds_a_direction_graph_with_its_suppression(tmp_path):
    torch.manual_seed(1)
    net = MotionTiming(direction=True).eval()
    net.logit_bias, net.min_gap = -0.7, 3
    path = str(tmp_path / "motion_timing.onnx")
    export_graph(MotionTimingGraph(net), {"frames": torch.rand(1, T, SIZE, SIZE)}, ["onsets"], path)
    back = net_from_graph(path, T, SIZE, 128)
    assert back.direction and back.min_gap == 3 and back.logit_bias == pytest.approx(-0.7)
    rel = check_rebuilt(back, path, T, SIZE, SIZE, "the direction graph")
    assert rel is None or rel <= 1e-4


def test_a_direction_window_is_the_graphs_own_motion_fields(tmp_path):
    work = _work(str(tmp_path / "w"))
    with open(os.path.join(work, "data.json")) as f:
        spec = json.load(f)["clips"][0]
    clip = Clip(work, spec, {"frames": T, "height": SIZE, "width": SIZE}, 2, 16, direction=True)
    luma = np.fromfile(os.path.join(work, spec["luma"]), np.uint8).reshape(-1, SIZE, SIZE)
    cells, _ = clip.window(37, 2, 128)
    want = motion_fields(torch.from_numpy(luma[37:37 + T].astype(np.float32) / 255.0)[None], 16)[0]
    assert cells.shape == want.shape
    assert float((cells - want).abs().max()) <= 1e-5 * float(want.abs().max())


def test_a_window_grid_is_the_graphs_own_motion_grid_of_its_frames(tmp_path):
    work = _work(str(tmp_path / "w"))
    with open(os.path.join(work, "data.json")) as f:
        spec = json.load(f)["clips"][0]
    clip = Clip(work, spec, {"frames": T, "height": SIZE, "width": SIZE}, 2, 16)
    luma = np.fromfile(os.path.join(work, spec["luma"]), np.uint8).reshape(-1, SIZE, SIZE)
    for o in (0, 37):
        cells, env = clip.window(o, 2, 128)
        want = motion_grid(torch.from_numpy(luma[o:o + T].astype(np.float32) / 255.0)[None], 16)[0]
        assert float((cells - want).abs().max()) <= 1e-6 * float(want.abs().max())
        assert env.shape == (128,)


def test_adapts_exports_keeps_the_offset_and_resumes(tmp_path, capsys):
    base = _base(str(tmp_path / "base"))
    work = _work(str(tmp_path / "work"))
    out = str(tmp_path / "motion_timing.onnx")
    args = ["--work", work, "--base", base, "--out", out, "--val-every", "2", "--batch", "4", "--threads", "1",
            "--lr", "3e-3"]
    adapt.main([*args, "--max-steps", "4"])
    ev = _events(capsys)
    assert [e["step"] for e in ev if e["event"] == "progress"] == [2, 4]
    before = next(e for e in ev if e["event"] == "before")
    assert before["train"] == 160 - T + 1 and before["val"] == len(range(0, 130 - T + 1, T // 8))
    done = ev[-1]
    assert done["event"] == "done" and done["graph"] == "motionTiming" and done["steps"] == 4
    assert done["logitBias"] == 0.5
    for k in ("rebuiltRelDiff", "exportRelDiff"):
        assert done[k] is None or done[k] <= 1e-4
    import onnx
    assert graph_layout(onnx.load(out), SIZE)[2] == 0.5   # the calibration offset travels with the adapted net
    new, old = initializers(out), initializers(os.path.join(base, "motion_timing.onnx"))
    assert set(new) == set(old)
    assert any(float((new[k] - old[k]).abs().max()) > 0 for k in new)
    assert os.path.exists(os.path.join(work, "checkpoint.pt"))

    adapt.main([*args, "--max-steps", "6"])
    ev = _events(capsys)
    assert next(e for e in ev if e["event"] == "resumed")["step"] == 4
    assert [e["step"] for e in ev if e["event"] == "progress"] == [6]
    assert ev[-1]["steps"] == 6


def test_rehearsal_windows_join_training_never_validation(tmp_path, capsys):
    base = _base(str(tmp_path / "base"))
    work = _work(str(tmp_path / "work"), rehearsal=True)
    args = ["--work", work, "--base", base, "--out", str(tmp_path / "m.onnx"), "--val-every", "2", "--batch", "4",
            "--threads", "1", "--max-steps", "2"]
    adapt.main(args)
    ev = _events(capsys)
    before = next(e for e in ev if e["event"] == "before")
    # the user's windows only: the rehearsal clip's training windows are counted apart, its validation range dropped
    assert before["train"] == 160 - T + 1 and before["val"] == len(range(0, 130 - T + 1, T // 8))
    done = ev[-1]
    assert done["rehearsalWindows"] == 100 - T + 1 and done["rehearsalShare"] == 0.25
    assert done["valWindows"] == before["val"]

    shutil.rmtree(work)
    work = _work(str(tmp_path / "work"), rehearsal=True)
    adapt.main([*args, "--rehearsal-share", "0.5"])
    assert _events(capsys)[-1]["rehearsalShare"] == 0.5
    shutil.rmtree(work)
    work = _work(str(tmp_path / "work"))
    adapt.main(args)
    done = _events(capsys)[-1]
    assert done["rehearsalWindows"] == 0 and done["rehearsalShare"] == 0


def test_the_guard_is_measured_before_and_the_kept_weights_are_not_worse_there(tmp_path, capsys):
    base = _base(str(tmp_path / "base"))
    work = _work(str(tmp_path / "work"), rehearsal=True, guard=True)
    out = str(tmp_path / "m.onnx")
    adapt.main(["--work", work, "--base", base, "--out", out, "--val-every", "2", "--batch", "4", "--threads", "1",
                "--max-steps", "4", "--lr", "3e-2"])
    ev = _events(capsys)
    before = next(e for e in ev if e["event"] == "before")
    n_guard = len(range(0, 120 - T + 1, T // 4))
    # the guard clip trains nothing and is not held back: the user's windows as without it
    assert before["train"] == 160 - T + 1 and before["val"] == len(range(0, 130 - T + 1, T // 8))
    assert before["guard"] == n_guard
    done = ev[-1]
    g = done["guard"]
    assert g["windows"] == n_guard and g["base"] == before["guardF1"]
    # every α in turn (each with offsets until one holds), the base last
    assert [t["alpha"] for t in g["tried"] if t["offset"] == 0] == [1.0, 0.75, 0.5, 0.25, 0.0]
    assert g["tried"][-1]["guardF1"] == g["base"] and g["tried"][-1]["ok"]
    kept = next(t for t in g["tried"] if (t["alpha"], t["offset"]) == (g["alpha"], g["offset"]))
    assert kept["ok"] and g["adapter"] == kept["guardF1"] >= g["base"]
    assert done["after"]["f1"] == kept["valF1"] == max(t["valF1"] for t in g["tried"] if t["ok"])
    # the exported graph carries the kept offset on top of the base's calibration
    import onnx
    assert graph_layout(onnx.load(out), SIZE)[2] == pytest.approx(0.5 + g["offset"])
    # no guard clips: no guard report, the best weights as they are
    shutil.rmtree(work)
    work = _work(str(tmp_path / "work"))
    adapt.main(["--work", work, "--base", base, "--out", out, "--val-every", "2", "--batch", "4", "--threads", "1", "--max-steps", "2"])
    ev = _events(capsys)
    assert ev[-1]["guard"] is None and next(e for e in ev if e["event"] == "before")["guard"] == 0
