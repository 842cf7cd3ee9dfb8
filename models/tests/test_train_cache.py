"""The GPU-run sample cache: shards appear whole, CachedClips serves the FoleyWorldClips interface, and
make_dataset routes cache:DIR (train) to it while validation still renders fresh clips."""
import numpy as np

from a2s_models.foleyworld.synth import make_synthetic_pack
from a2s_models.train.cache import CachedClips, build
from a2s_models.train.data import make_dataset


def test_cache_round_trip(tmp_path):
    pack = make_synthetic_pack(str(tmp_path / "synth.npz"))
    n = build(pack if isinstance(pack, str) else str(tmp_path / "synth.npz"), "train", str(tmp_path / "cache"), seconds=1.0, procs=1, chunk=4)
    assert n >= 4 and n % 4 == 0
    ds = CachedClips(str(tmp_path / "cache"))
    s = ds.sample(np.random.default_rng(0))
    assert s["frames"].shape == (64, 48, 48, 3) and s["frames"].dtype == np.uint8
    assert s["wave"].shape == (32768,) and s["cond_wave"].shape == (32768,)
    assert s["onsets"].shape == (128,)
    # every on-screen event sits on an onset frame of the envelope
    for t, _ in s["events"]:
        if 0 <= t < 2.048:
            assert s["onsets"][int(t * 16000 / 256)] == 1.0
    assert isinstance(make_dataset("cache:" + str(tmp_path / "cache"), "train", 0), CachedClips)
    assert not isinstance(make_dataset("cache:" + str(tmp_path / "cache"), "val", 0), CachedClips)
