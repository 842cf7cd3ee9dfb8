"""Foley World v2 (video): interface, the engine's frame pick, determinism, negatives, contacts where motion stops,
motion profiles and the codecs."""
import shutil

import numpy as np
import pytest

from a2s_models.foleyworld.v2 import motion, render_window
from a2s_models.foleyworld.v2.codec import block_codec
from a2s_models.foleyworld.v2.post import area_resize, h264_roundtrip
from a2s_models.foleyworld.v2.timing import pick_left, source_times

SECONDS, FRAMES = 2.048, 64


def _window(seed, **kw):
    return render_window(np.random.default_rng([2026, seed]), **kw)


@pytest.fixture(scope="module")
def windows():
    return [_window(s) for s in range(40)]


def _shown_times(meta, frames=FRAMES, seconds=SECONDS):
    src = source_times(meta["fps"], seconds, meta["phase"])
    return src[pick_left(src, frames, seconds)]


def test_interface_grey_and_rgb():
    w = _window(0)
    assert w["frames"].dtype == np.uint8 and w["frames"].shape == (64, 128, 128)
    assert w["onsets"].dtype == np.float32
    assert 15.0 <= w["meta"]["fps"] <= 60.0
    c = _window(0, size=96, frames=32, rgb=True)
    assert c["frames"].dtype == np.uint8 and c["frames"].shape == (32, 96, 96, 3)


def test_onsets_sorted_inside_window(windows):
    for w in windows:
        o = w["onsets"]
        assert np.all(np.diff(o) >= 0)
        assert len(o) == 0 or (o[0] >= 0.0 and o[-1] < SECONDS)
        assert [c[0] for c in w["meta"]["contacts"]] == pytest.approx(o.tolist(), abs=1e-6)


def test_determinism_per_seed():
    a, b, c = _window(5), _window(5), _window(6)
    assert np.array_equal(a["frames"], b["frames"]) and np.array_equal(a["onsets"], b["onsets"])
    assert not np.array_equal(a["frames"], c["frames"])


def test_left_pick_repeats_frames_at_low_fps():
    # 25 fps under 31.25 model fps: every 4th-5th model frame repeats; 15 fps: almost every other; 60: none
    for fps, repeats in ((25.0, (12, 13)), (15.0, (32, 33)), (60.0, (0, 0))):
        p = pick_left(source_times(fps, SECONDS, 0.5), FRAMES, SECONDS)
        assert repeats[0] <= int(np.sum(np.diff(p) == 0)) <= repeats[1]
    src = source_times(24.0, SECONDS, 0.3)
    shown = src[pick_left(src, FRAMES, SECONDS)]
    model_t = np.arange(FRAMES) * SECONDS / FRAMES
    assert np.all(shown <= model_t + 1e-9) and np.all(shown > model_t - 1 / 24.0)    # the last frame at or before


def test_repeated_source_frames_are_identical(windows):
    low = [w for w in windows if w["meta"]["fps"] <= 25.0]
    assert low, "no window at 25 fps or below among 40"
    for w in windows:
        shown = _shown_times(w["meta"])
        same = np.diff(shown) == 0
        d = np.abs(np.diff(w["frames"].astype(np.int16), axis=0)).reshape(FRAMES - 1, -1).max(1)
        assert np.all(d[same] == 0)
        if w["meta"]["fps"] <= 25.0:
            assert same.sum() >= 10


def test_windows_without_contact_still_move(windows):
    neg = [w for w in windows if len(w["onsets"]) == 0]
    assert 2 <= len(neg) <= 16                      # ~15 % negatives (plus rare empty patterns)
    moving = [np.abs(np.diff(w["frames"].astype(np.float32), axis=0)).mean() > 0.05 for w in neg]
    assert np.mean(moving) >= 0.5


def _contact_energy(windows):
    """For each isolated on-screen contact: the local frame-difference energy (16×16 px at the contact, minus the
    frame's mean: camera moves and sensor noise cancel) and the index of the first model frame after the contact."""
    out = []
    for w in windows:
        m = w["meta"]
        d = np.abs(np.diff(w["frames"].astype(np.float32), axis=0))
        g = d.mean(axis=(1, 2))
        shown = _shown_times(m)
        cs = m["contacts"]
        for i, (t, x, y) in enumerate(cs):
            if not (8 <= x < 120 and 8 <= y < 120) or any(abs(t - u) < 0.3 for j, (u, _, _) in enumerate(cs) if j != i):
                continue
            after = np.nonzero(shown >= t)[0]
            before = np.nonzero(shown + m["shutter"] / m["fps"] < t)[0]
            if len(after) == 0 or len(before) < 3 or not 6 <= after[0] < FRAMES - 6:
                continue
            e = d[:, int(y) - 8:int(y) + 8, int(x) - 8:int(x) + 8].mean(axis=(1, 2)) - g
            out.append((e, before[-1], after[0]))
    return out


def test_contact_is_where_motion_stops(windows):
    """Around a contact, motion arrives and stops: the changes reaching it (the last ones before it, up to the first
    frame after it) are larger than the first changes after it, and the local motion peaks in the two frames before
    the first frame after the contact. Measured on these windows: true labels put 46 % of peaks there (median
    offset -1 frame); labels 64 ms late 28 % (median -3), 128 ms late 17 % (-5), 100 ms early 15 % (+1)."""
    rows = _contact_energy(windows)
    assert len(rows) >= 25
    pre = np.array([e[kb - 2:ka].max() for e, kb, ka in rows])
    post = np.array([e[ka:ka + 2].max() for e, kb, ka in rows])
    assert np.median(pre) > 1.5 * np.median(post)
    assert np.mean(pre > post) > 0.55
    peak = np.array([int(np.argmax(e[ka - 6:ka + 5])) - 6 for e, kb, ka in rows])
    assert -2 <= np.median(peak) <= 0
    assert np.mean((peak >= -2) & (peak <= 0)) >= 0.4


def test_strike_profile_hits_the_surface_and_misses_stop_above_it():
    rng = np.random.default_rng(3)
    hits, misses = [0.5, 1.0, 1.5], [1.25]
    p = motion.strike_profile(rng, hits, misses)
    assert np.allclose(p(np.array(hits)), 0.0, atol=1e-9)
    assert p.at(1.25) > 0.02                                   # a near miss stops in the air
    eps = 0.01
    for t in hits:        # fastest just before contact, slower just after (stop, bounce or slow lift)
        v_in = (p.at(t - eps) - p.at(t - 2 * eps)) / eps
        v_out = (p.at(t + eps) - p.at(t)) / eps
        assert v_in < 0 and abs(v_out) < abs(v_in)
    t = np.linspace(-1, 3, 501)
    assert np.allclose(p(t), [p.at(x) for x in t])             # scalar and vector paths agree


def test_strike_profile_rebound_reverses_at_contact():
    # a drumstick: down fast, and up at once after the contact (not stopping there)
    rng = np.random.default_rng(4)
    hits = [0.5, 0.8, 1.1, 1.4]
    p = motion.strike_profile(rng, hits, rebound=1.0)
    assert np.allclose(p(np.array(hits)), 0.0, atol=1e-9)
    eps = 0.005
    for t in hits[:-1]:
        v_in = (p.at(t) - p.at(t - eps)) / eps
        v_out = (p.at(t + eps) - p.at(t)) / eps
        assert v_in < 0 and v_out > 0.3 * abs(v_in)     # it reverses, leaving at a good part of its impact speed
    q = motion.strike_profile(np.random.default_rng(4), hits)  # no rebound: it never leaves the surface that fast
    assert all((q.at(t + eps) - q.at(t)) / eps < 0.3 * abs((q.at(t) - q.at(t - eps)) / eps) for t in hits[:-1])


def test_patterns_rates():
    rng = np.random.default_rng(1)
    drum = np.concatenate([np.diff(motion.pattern(rng, "drum", SECONDS)) for _ in range(50)])
    assert 1 / 8.0 * 0.5 < np.median(drum) < 1 / 2.0 * 1.5
    single = [motion.pattern(rng, "single", SECONDS) for _ in range(50)]
    assert all(1 <= len(s) <= 2 and s.min() >= 0 and s.max() < SECONDS for s in single)


def test_block_codec_freezes_static_grain_and_keeps_motion():
    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[0:64, 0:64]
    base = (120 + 50 * np.sin(xx / 7.0) * np.cos(yy / 11.0))[None].astype(np.float32)
    frames = np.stack([base + rng.normal(0, 2, base.shape).astype(np.float32) for _ in range(12)])
    frames[6:, :, 16:32, 16:32] += 60                        # a block appears at frame 6
    out = block_codec(frames, crf=30, keyint=250)
    d = np.abs(np.diff(out, axis=0))
    assert d[:5].mean() < 0.2 * np.abs(np.diff(frames[:6], axis=0)).mean()   # grain under the quantiser: frozen
    assert d[5, :, 16:32, 16:32].mean() > 30                  # the change is coded
    assert np.abs(out - frames).mean() < 8


def test_area_resize_is_an_average():
    x = np.arange(2 * 1 * 6 * 9, dtype=np.float32).reshape(2, 1, 6, 9)
    y = area_resize(x, 3, 3)
    assert np.allclose(y, x.reshape(2, 1, 3, 2, 3, 3).mean(axis=(3, 5)))
    z = area_resize(np.full((1, 1, 10, 17), 7.0, np.float32), 4, 4, sigma=1.5)
    assert np.allclose(z, 7.0, atol=1e-4)                     # rows of the blur and area maps sum to one


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg not installed")
def test_h264_roundtrip_shapes_and_fidelity():
    rng = np.random.default_rng(0)
    g = np.clip(np.cumsum(rng.normal(0, 4, (8, 32, 48)), axis=2) + 128, 0, 255).astype(np.uint8)
    out = h264_roundtrip(g, 25.0, 20)
    assert out.shape == g.shape and out.dtype == np.uint8
    assert np.abs(out.astype(float) - g).mean() < 6
    rgb = np.repeat(g[..., None], 3, -1)
    assert h264_roundtrip(rgb, 30.0, 35).shape == rgb.shape
