"""The adaptation trainers' shared loop (train/adapt_loop.py): validation cadence, best-weights keeping, patience,
the checkpoint a second run resumes from, and the onset scoring both trainers stop on."""
import json
import os
from types import SimpleNamespace

import torch

from a2s_models.train.adapt_loop import CHECKPOINT, Loop, batch_counts, match_counts, pick, pooled_f1, windows


def _args(work, **kw):
    return SimpleNamespace(**{"work": str(work), "minutes": 60.0, "max_steps": 100, "val_every": 2, "patience": 2, **kw})


def _events(capsys):
    return [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.startswith("{")]


def _run(loop, model, opt, scores):
    """Steps that set the weight to the step number; validation reads the next scripted F1."""
    it = iter(scores)
    while loop.running():
        with torch.no_grad():
            model.weight.fill_(float(loop.step + 1))
        opt.step()
        if loop.stepped(lambda: {"f1": next(it), "loss": 1.0}):
            break


def test_keeps_the_best_weights_stops_on_patience_and_resumes(tmp_path, capsys):
    model = torch.nn.Linear(1, 1, bias=False)
    opt = torch.optim.SGD(model.parameters(), lr=0.0)
    loop = Loop(_args(tmp_path), model, opt)
    _run(loop, model, opt, [0.2, 0.5, 0.4, 0.3])   # best at step 4, then two validations without improvement
    ev = _events(capsys)
    assert [e["step"] for e in ev if e["event"] == "progress"] == [2, 4, 6, 8]
    assert [e["best"] for e in ev if e["event"] == "progress"] == [0.2, 0.5, 0.5, 0.5]
    assert loop.summary() == {"steps": 8, "bestStep": 4}
    assert float(model.weight) == 8.0
    loop.keep_best()
    assert float(model.weight) == 4.0
    assert os.path.exists(tmp_path / CHECKPOINT)

    # a second run with more patience resumes at step 8 with the last weights and the best so far
    model2 = torch.nn.Linear(1, 1, bias=False)
    opt2 = torch.optim.SGD(model2.parameters(), lr=0.0)
    loop2 = Loop(_args(tmp_path, patience=3, max_steps=10), model2, opt2)
    assert _events(capsys) == [{"event": "resumed", "step": 8}]
    assert float(model2.weight) == 8.0
    _run(loop2, model2, opt2, [0.6])
    assert loop2.summary() == {"steps": 10, "bestStep": 10}
    assert [e["step"] for e in _events(capsys) if e["event"] == "progress"] == [10]


def test_the_last_step_is_validated_off_the_cadence(tmp_path, capsys):
    model = torch.nn.Linear(1, 1, bias=False)
    opt = torch.optim.SGD(model.parameters(), lr=0.0)
    loop = Loop(_args(tmp_path, max_steps=3), model, opt)
    _run(loop, model, opt, [0.1, 0.2])
    assert [e["step"] for e in _events(capsys) if e["event"] == "progress"] == [2, 3]


def test_onset_scoring():
    assert match_counts([10, 20, 30], [11, 29, 50], 1.5) == (2, 3, 3)
    assert match_counts([10, 11], [10], 2) == (1, 2, 1)   # one-to-one
    logits = torch.full((2, 8), -5.0)
    logits[0, 2] = logits[1, 6] = 5.0
    env = torch.zeros(2, 8)
    env[0, 3] = env[1, 1] = 1.0
    assert batch_counts(logits, env, 1.0) == (1, 2, 2)
    assert pooled_f1(1, 2, 2) == 0.5 and pooled_f1(0, 0, 3) == 0.0


def _clips(*kinds):
    """Stand-ins for the trainers' clips: (rehearsal?, training offsets, validation offsets)."""
    return [SimpleNamespace(rehearsal=r, train=list(t), val=list(v)) for r, t, v in kinds]


def test_rehearsal_windows_train_only_and_apart_from_the_users():
    clips = _clips((False, range(3), []), (True, range(5), range(2)), (False, [], [0, 4]))
    train, rehearsal, val = windows(clips)
    assert train == [(0, 0), (0, 1), (0, 2)]
    assert rehearsal == [(1, o) for o in range(5)]
    assert val == [(2, 0), (2, 4)]   # a rehearsal clip's validation range is never scored


def test_a_batch_mixes_its_share_of_rehearsal_windows():
    train, rehearsal = [(0, o) for o in range(10)], [(1, o) for o in range(10)]
    for share, k in ((0.25, 4), (0.5, 8), (0.0, 0), (1.0, 15), (0.01, 1)):
        items = pick(train, rehearsal, 16, share, torch.Generator().manual_seed(3))
        assert len(items) == 16
        assert sum(c == 1 for c, _ in items) == k   # at least one user window stays in every batch
    # no rehearsal set: every window is the user's
    assert all(c == 0 for c, _ in pick(train, [], 16, 0.5, torch.Generator().manual_seed(3)))
    # the same generator state draws the same batch (a resumed run replays them)
    a = [pick(train, rehearsal, 8, 0.25, g) for g in [torch.Generator().manual_seed(5)] for _ in range(3)]
    b = [pick(train, rehearsal, 8, 0.25, g) for g in [torch.Generator().manual_seed(5)] for _ in range(3)]
    assert a == b and a[0] != a[1]


def test_user_targets_spread_rehearsal_targets_exact():
    from a2s_models.train.adapt import spread_targets
    env = torch.zeros(2, 8)
    env[:, 4] = 1.0
    out = spread_targets(env, [True, False], 1)
    assert out[0].tolist() == [0, 0, 0, 1, 1, 1, 0, 0]   # the user's: the guide track's onsets jitter by a frame
    assert out[1].tolist() == env[1].tolist()            # Foley World's: exact, as the base learnt them
    assert spread_targets(env, [True, True], 0) is env
