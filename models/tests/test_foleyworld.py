"""Foley World: timing in the mp4, visible contacts, splits, determinism, clip API (synthetic pack, no sources)."""
import filecmp
import json
import os
import shutil
import struct
import subprocess

import numpy as np
import pytest

from a2s_models.foleyworld import build as B
from a2s_models.foleyworld import c4group, classes as C, world
from a2s_models.foleyworld.clips import FoleyWorldClips
from a2s_models.foleyworld.mapping import read_tsv
from a2s_models.foleyworld.packfile import Pack, mulaw_decode, mulaw_encode
from a2s_models.foleyworld.synth import make_synthetic_pack

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg not installed")
SIZE = 96
MAPPING = os.path.join(os.path.dirname(__file__), "..", "foleyworld", "mapping.tsv")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("fw")
    pack = make_synthetic_pack(str(root / "synth.npz"))
    quiet = world.draw_bed_db
    world.draw_bed_db = lambda rng: -40.0          # clean events so every onset is detectable
    try:
        metas = B.build(str(root / "a"), 0.002, 7, pack, ["val", "test"], SIZE, durations=[8.0], log=open(os.devnull, "w"))
    finally:
        world.draw_bed_db = quiet
    return root, pack, metas


def _decode_audio(path):
    r = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-ac", "1", "-ar", "16000", "-f", "f32le", "-"],
                       capture_output=True, check=True)
    return np.frombuffer(r.stdout, np.float32)


def _decode_video(path, size):
    r = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                       capture_output=True, check=True)
    return np.frombuffer(r.stdout, np.uint8).reshape(-1, size, size, 3)


def _onsets(x, sr=16000, hop=16):
    """Times where the 1 ms energy jumps ≥ 12 dB over the preceding 10 ms (a simple transient detector)."""
    e = np.add.reduceat(x[: len(x) // hop * hop] ** 2, np.arange(0, len(x) // hop * hop, hop)) + 1e-9
    db = 10 * np.log10(e)
    prev = np.array([db[max(0, i - 10):max(1, i - 1)].mean() for i in range(len(db))])
    hits = np.nonzero((db - prev) > 12)[0]
    return hits * hop / sr


def _all_metas(metas):
    return [m for ms in metas.values() for m in ms]


def test_event_times_match_mp4_audio_onsets(built):
    root, _, metas = built
    for m in _all_metas(metas):
        onsets = _onsets(_decode_audio(str(root / "a" / "long" / (m["id"] + ".mp4"))))
        assert m["events"], m["id"]
        times = [e["time"] for e in m["events"]]
        for e in m["events"]:
            masked = any(0 < e["time"] - t < 0.3 for t in times)   # a quiet off-screen event in another's tail
            if e["offscreen"] and masked:
                continue
            assert np.min(np.abs(onsets - e["time"])) <= 0.010, (m["id"], e)


def test_contact_visible_at_event_frame(built):
    root, _, metas = built
    checked = ok = 0
    for m in _all_metas(metas):
        v = _decode_video(str(root / "a" / "long" / (m["id"] + ".mp4")), SIZE).astype(np.float32)
        b = SIZE // 12                      # 12×12 block means: tool motion stays, codec/sensor noise averages out
        v = v.reshape(len(v), 12, b, 12, b, 3).mean(axis=(2, 4))
        diff = np.abs(np.diff(v, axis=0)).mean(axis=(1, 2, 3))          # diff[k-1] = |frame k - frame k-1|
        on = [e["time"] for e in m["events"] if not e["offscreen"]]
        for i, t in enumerate(on):
            if (i and t - on[i - 1] < 0.4) or (i + 1 < len(on) and on[i + 1] - t < 0.4):
                continue
            k = int(round(t * m["fps"]))
            if k < 4 or k + 4 >= len(v):
                continue
            win = diff[k - 4:k + 3]                                        # changes into frames k-3 .. k+3
            checked += 1
            ok += abs(int(np.argmax(win)) - 3) <= 1
    assert checked >= 3 and ok / checked >= 0.9, (ok, checked)


def test_motion_reaches_surface_exactly_at_contact():
    pack = Pack(make_synthetic_pack("/tmp/_fw_synth_motion.npz"))
    rng = np.random.default_rng(3)
    spec = world.make_scene(rng, pack, "train")
    ev = [e for e in world.schedule(rng, spec, pack, 0, 6) if not e["offscreen"]]
    t = np.arange(0, 6, 1 / spec["fps"])
    st = world.motion(spec, ev, t)
    for e in ev:
        k = int(round(e["time"] * spec["fps"]))
        assert abs(st["h"][k]) < 1e-6
        assert st["h"][k - 1] > 0            # still in the air one frame before (feet then stay planted a while)


def test_splits_share_no_recording(built):
    rows = read_tsv(MAPPING)
    seen = {}
    for r in rows:
        seen.setdefault(r["recording"], set()).add(r["split"])
        assert "GPL" not in r["licence"]
    assert all(len(s) == 1 for s in seen.values())
    for kind, names in (("action", C.ACTION_CLASSES), ("bed", C.AMBIENCE_CLASSES)):
        for cls in names:
            splits = {r["split"] for r in rows if r["class"] == cls and r["kind"] == kind}
            assert splits == {"train", "val", "test"}, cls
    _, pack, metas = built
    recs = {r["id"]: r["split"] for r in Pack(pack).recordings}
    for split, ms in metas.items():
        for m in ms:
            assert recs[m["bed_recording"]] == split
            assert all(recs[e["recording"]] == split for e in m["events"])


def test_rerun_is_byte_identical(built, tmp_path):
    root, pack, _ = built
    B.build(str(tmp_path / "b"), 0.0005, 11, pack, ["test"], 64, durations=[3.0], log=open(os.devnull, "w"))
    B.build(str(tmp_path / "c"), 0.0005, 11, pack, ["test"], 64, durations=[3.0], log=open(os.devnull, "w"))
    for sub in ("long", "clips", "sheets"):
        names = sorted(os.listdir(tmp_path / "b" / sub))
        assert names == sorted(os.listdir(tmp_path / "c" / sub)) and names
        for n in names:
            assert filecmp.cmp(tmp_path / "b" / sub / n, tmp_path / "c" / sub / n, shallow=False), n


def test_clip_index(built):
    root, _, metas = built
    rows = [json.loads(x) for x in open(root / "a" / "clips" / "test.jsonl")]
    assert rows and all(abs(r["end"] - r["start"] - 2.048) < 1e-6 for r in rows)
    assert all(0 <= e["time"] < 2.048 for r in rows for e in r["events"])


def test_clip_api_shapes_and_condition(built):
    _, pack, _ = built
    ds = FoleyWorldClips(pack, "train", seed=0)
    rng = np.random.default_rng(0)
    for _ in range(5):
        s = ds.sample(rng)
        assert s["frames"].shape == (64, 48, 48, 3) and s["frames"].dtype == np.uint8
        assert s["wave"].shape == (32768,) and s["wave"].dtype == np.float32
        assert s["cond_wave"].shape == (32768,) and s["cond_wave"].dtype == np.float32
        assert s["onsets"].shape == (128,) and s["onsets"].dtype == np.float32
        assert isinstance(s["action_class"], int) and 0 <= s["action_class"] < len(C.ACTION_CLASSES)
        assert 0 <= s["ambience_class"] < len(C.AMBIENCE_CLASSES) and 0 <= s["scene"] < len(C.SCENE_NAMES)
        assert isinstance(s["bed_db"], float)
        for t, c in s["events"]:
            assert s["onsets"][int(t * 16000) // 256] == 1.0
        assert s["onsets"].sum() <= len(s["events"])
        assert abs(s["start"] - s["cond_start"]) >= 2.048          # a different time of the same scene
        assert s["bed"] == s["cond_bed"]
        assert not np.allclose(s["wave"], s["cond_wave"])


def test_cond_shares_bed_level():
    """With no events, target and condition are the same bed at the same level (different times)."""
    pack = Pack(make_synthetic_pack("/tmp/_fw_synth_bed.npz"))
    ds = FoleyWorldClips(pack, "val", seed=1)
    rng = np.random.default_rng(1)
    spec, _ = ds._scene(rng)
    from a2s_models.foleyworld.mix import render_audio
    a = render_audio(pack, spec, [], 0.0, 32768)
    b = render_audio(pack, spec, [], 3.0, 32768)
    la, lb = (10 * np.log10(np.mean(x ** 2)) for x in (a, b))
    assert abs(la - lb) < 3.0 and not np.allclose(a, b)


def test_light_colour_tells_the_ambience():
    """Each ambience tints its scene with its own hue (the picture's cue for retrieval): a tint's nearest class hue
    is its own class, every channel stays in 0.83..1.17, and the same class drawn twice differs (jitter)."""
    rng = np.random.default_rng(3)
    u, v = np.array([2.0, -1.0, -1.0]) / np.sqrt(6), np.array([0.0, 1.0, -1.0]) / np.sqrt(2)
    for amb in C.AMBIENCE_CLASSES:
        tints = [np.array(world.ambience_tint(rng, amb)) for _ in range(20)]
        for t in tints:
            assert t.min() >= 0.83 and t.max() <= 1.17
            hue = np.degrees(np.arctan2((t - 1) @ v, (t - 1) @ u)) % 360
            nearest = min(C.AMBIENCE_LIGHT_HUE, key=lambda a: abs((hue - C.AMBIENCE_LIGHT_HUE[a] + 180) % 360 - 180))
            assert nearest == amb
        assert not np.allclose(tints[0], tints[1])


def test_mulaw_roundtrip():
    x = np.linspace(-1, 1, 1001).astype(np.float32)
    y = mulaw_decode(mulaw_encode(x))
    assert np.max(np.abs(y - x) / (np.abs(x) + 0.01)) < 0.1


def test_c4group_reader(tmp_path):
    """A hand-made packed group (gzip with 1e 8c magic, scrambled header, one child group) reads back."""
    def group(files):
        head = bytearray(b"RedWolf Design GrpFolder\0\0\0\0" + struct.pack("<3i", 1, 2, len(files)) + bytes(164))
        for i in range(0, len(head) - 2, 3):
            head[i], head[i + 2] = head[i + 2], head[i]
        head = bytes(x ^ 0xED for x in head)
        entries, data = b"", b""
        for name, payload, child in files:
            entries += name.encode().ljust(260, b"\0") + struct.pack("<6i", 0, child, len(payload), 0, len(data), 0)
            entries += bytes(316 - 284)
            data += payload
        return head + entries + data
    inner = group([("a.wav", b"RIFFdata", 0)])
    outer = group([("Hits.ocg", inner, 1), ("authors.txt", b"x - y", 0)])
    import gzip
    packed = bytearray(gzip.compress(outer))
    packed[:2] = b"\x1e\x8c"
    p = tmp_path / "Sound.ocg"
    p.write_bytes(bytes(packed))
    n = c4group.extract(str(p), str(tmp_path / "out"))
    assert n == 2 and (tmp_path / "out" / "Hits.ocg" / "a.wav").read_bytes() == b"RIFFdata"


def test_small_render_matches_downsampled_large_render():
    """The clip API's 48-px frames ≈ a 192-px render area-resized to 48 (what the app does with an mp4)."""
    from a2s_models.foleyworld.render import Renderer
    pack = Pack(make_synthetic_pack("/tmp/_fw_synth_size.npz"))
    for seed in range(3):
        rng = np.random.default_rng(seed)
        spec = world.make_scene(rng, pack, "test")
        ev = world.schedule(rng, spec, pack, 0, 4)
        t = np.arange(0, 2, 1 / spec["fps"])[:24]
        small = Renderer(spec, 48).frames(t, ev).astype(np.float32)
        big = Renderer(spec, 192).frames(t, ev).astype(np.float32)
        down = big.reshape(len(t), 48, 4, 48, 4, 3).mean(axis=(2, 4))
        assert abs(down.mean() - small.mean()) < 3.0
        assert np.abs(down - small).mean() < 8.0
