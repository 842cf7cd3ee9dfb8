"""The adaptation trainers' shared loop (train/adapt_loop.py): validation cadence, best-weights keeping, patience,
the checkpoint a second run resumes from, and the onset scoring both trainers stop on."""
import json
import os
from types import SimpleNamespace

import torch

from a2s_models.train.adapt_loop import (CHECKPOINT, Loop, attempt_checkpoint, batch_counts, choose_alpha, first_gain,
                                        guard_offsets, guard_windows, interpolate, match_counts, pick, pooled_f1, windows)


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


def _guarded(guard_at):
    """A one-weight model fine-tuned from 0 (base) to 1, a held-back F1 that grows with the weight, and a guard F1
    given by `guard_at(weight)`: the guard rule's inputs."""
    model = torch.nn.Linear(1, 1, bias=False)
    with torch.no_grad():
        model.weight.fill_(0.0)
    base = {k: v.clone() for k, v in model.state_dict().items()}
    with torch.no_grad():
        model.weight.fill_(1.0)
    w = lambda: float(model.weight)   # noqa: E731
    return model, base, lambda: {"f1": 0.5 + 0.4 * w(), "loss": 1.0}, lambda: {"f1": guard_at(w()), "loss": 1.0}


def test_the_guard_rule_steps_back_toward_the_base_when_the_full_weights_hurt_the_guard(capsys):
    # the guard holds up to half-way and drops beyond: the full fine-tune (α=1) and 0.75 fail it, 0.5 is kept
    model, base, val, guard = _guarded(lambda w: 0.8 if w <= 0.5 else 0.8 - (w - 0.5))
    c = choose_alpha(model, base, val, guard, {"f1": 0.8, "loss": 1.0})
    assert c["alpha"] == 0.5 and float(model.weight) == 0.5
    assert c["after"]["f1"] == 0.7 and c["guard"]["f1"] == 0.8
    assert [(t["alpha"], t["ok"]) for t in c["tried"]] == [(1.0, False), (0.75, False), (0.5, True), (0.25, True), (0.0, True)]
    assert [e["alpha"] for e in _events(capsys) if e["event"] == "guard"] == [1.0, 0.75, 0.5, 0.25, 0.0]


def test_the_guard_rule_keeps_the_full_weights_when_the_guard_holds_and_the_base_when_nothing_does():
    model, base, val, guard = _guarded(lambda w: 0.8 + 0.01 * w)   # a guard the fine-tune does not hurt
    c = choose_alpha(model, base, val, guard, {"f1": 0.8, "loss": 1.0})
    assert c["alpha"] == 1.0 and float(model.weight) == 1.0
    model, base, val, guard = _guarded(lambda w: 0.8 - w)           # any step away from the base hurts it
    c = choose_alpha(model, base, val, guard, {"f1": 0.8, "loss": 1.0})
    assert c["alpha"] == 0.0 and float(model.weight) == 0.0   # the base itself: its guard F1 by definition
    assert c["guard"]["f1"] == 0.8 and c["after"]["f1"] == 0.5
    # a smaller α with a better held-back F1 than a larger qualifying one wins; ties go to the larger α
    model, base, _, guard = _guarded(lambda w: 0.8)
    c = choose_alpha(model, base, lambda: {"f1": {1.0: 0.6, 0.75: 0.7, 0.5: 0.7}.get(float(model.weight), 0.1), "loss": 1.0},
                     guard, {"f1": 0.8, "loss": 1.0})
    assert c["alpha"] == 0.75


def test_an_alpha_that_fails_the_guard_is_retried_with_its_threshold_moved_and_the_first_that_holds_is_kept():
    model, base, val, _ = _guarded(lambda w: 0.8)
    model.shift = 0.0
    offsets = []

    def offset(m, b):
        offsets.append(b)
        m.shift = b   # set, not added: every candidate starts from its own weights

    # the fine-tuned weights fire too often on the guard unless the threshold is raised by 0.5 or more (logit −0.5)
    guard = lambda: {"f1": 0.8 if float(model.weight) <= 0.5 or model.shift <= -0.5 else 0.7, "loss": 1.0}   # noqa: E731
    c = choose_alpha(model, base, val, guard, {"f1": 0.8, "loss": 1.0}, offset=offset, offsets=(-0.25, -0.5, -1.0, 0.5))
    assert (c["alpha"], c["offset"]) == (1.0, -0.5) and float(model.weight) == 1.0 and model.shift == -0.5
    # α = 1 tries 0, −0.25, −0.5 (kept: no further offsets); 0.75 the same; 0.5 holds as it is; 0.25 too; 0 as it is
    assert [(t["alpha"], t["offset"], t["ok"]) for t in c["tried"]] == [
        (1.0, 0.0, False), (1.0, -0.25, False), (1.0, -0.5, True), (0.75, 0.0, False), (0.75, -0.25, False),
        (0.75, -0.5, True), (0.5, 0.0, True), (0.25, 0.0, True), (0.0, 0.0, True)]
    assert offsets[-1] == -0.5   # the kept candidate set again at the end


def test_interpolation_is_exact_at_the_ends_and_leaves_counters_alone():
    base = {"w": torch.tensor([1.0, 2.0]), "n": torch.tensor(3)}
    tuned = {"w": torch.tensor([3.0, 0.0]), "n": torch.tensor(7)}
    assert interpolate(base, tuned, 0.0)["w"].tolist() == [1.0, 2.0]
    assert interpolate(base, tuned, 1.0)["w"].tolist() == [3.0, 0.0]
    mid = interpolate(base, tuned, 0.25)
    assert mid["w"].tolist() == [1.5, 1.5] and int(mid["n"]) == 7


def test_guard_windows_come_from_guard_clips_only():
    assert guard_offsets({"guard": [[0, 20], [40, 48], [50, 57]]}, 8) == [0, 2, 4, 6, 8, 10, 12, 40]
    assert guard_offsets({}, 8) == []
    clips = [SimpleNamespace(rehearsal=False, train=[0], val=[1]), SimpleNamespace(rehearsal=False, train=[], val=[], guard=[0, 4])]
    assert guard_windows(clips) == [(1, 0), (1, 4)]
    assert windows(clips) == ([(0, 0)], [], [(0, 1)])


def _attempts(afters, spent=10.0):
    """run() for first_gain: training k ends with held-back F1 afters[k], having spent `spent` seconds."""
    calls = []

    def run(setting, k, seconds):
        calls.append((setting, k, seconds))
        return {"after": {"f1": afters[k]}, "spent": spent, "setting": setting}
    return run, calls


def test_a_second_training_runs_only_where_the_first_kept_no_held_back_gain():
    before = {"f1": 0.2}
    run, calls = _attempts([0.5, 0.9])
    kept, runs = first_gain([20.0, 10.0], run, before, 100.0)
    assert kept["setting"] == 20.0 and len(runs) == 1          # a gain at the first: no second training
    assert calls == [(20.0, 0, 50.0)]                           # its share of the budget: half, two may run
    run, calls = _attempts([0.2, 0.5])
    kept, runs = first_gain([20.0, 10.0], run, before, 100.0)
    assert kept["setting"] == 10.0 and [r["setting"] for r in runs] == [20.0, 10.0]
    assert calls[1] == (10.0, 1, 90.0)                          # what the first left of the budget
    # neither gains: the better held-back F1 is kept, a tie goes to the first (the base's own weighting)
    run, _ = _attempts([0.1, 0.2])
    assert first_gain([20.0, 10.0], run, before, 100.0)[0]["setting"] == 10.0
    run, _ = _attempts([0.2, 0.2])
    assert first_gain([20.0, 10.0], run, before, 100.0)[0]["setting"] == 20.0
    # one setting (--pos-weight given): one training with the whole budget
    run, calls = _attempts([0.0])
    assert first_gain([5.0], run, before, 100.0)[0]["setting"] == 5.0 and calls == [(5.0, 0, 100.0)]


def test_each_training_has_its_own_checkpoint_and_budget(tmp_path, capsys):
    assert attempt_checkpoint(0) == CHECKPOINT and attempt_checkpoint(1) != CHECKPOINT
    model = torch.nn.Linear(1, 1, bias=False)
    opt = torch.optim.SGD(model.parameters(), lr=0.0)
    loop = Loop(_args(tmp_path, max_steps=2), model, opt, checkpoint=attempt_checkpoint(1), budget=7.0, report={"attempt": 2})
    _run(loop, model, opt, [0.1])
    (ev,) = [e for e in _events(capsys) if e["event"] == "progress"]
    assert ev["budget"] == 7.0 and ev["attempt"] == 2
    assert os.path.exists(tmp_path / attempt_checkpoint(1)) and not os.path.exists(tmp_path / CHECKPOINT)
    # the first training's loop does not resume from the second's checkpoint
    loop0 = Loop(_args(tmp_path), torch.nn.Linear(1, 1, bias=False), opt)
    assert loop0.step == 0
