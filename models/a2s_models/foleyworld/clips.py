"""On-the-fly training clips (models/SPEC.md): `FoleyWorldClips(pack_path, split, seed).sample(rng)`.

Each sample is one 2.048 s window of a freshly scheduled long scene, with frames rendered at 48×48 as the app
would see an mp4 of that scene (frames taken at the nearest source-video frame of each of the 64 target times,
the same blur/noise model scaled to 48 px), its audio (events + bed), and a conditioning clip from another time
of the same scene (same bed recording and level, different events).
"""
import numpy as np

from . import classes as C
from .mix import render_audio
from .packfile import Pack
from .render import Renderer
from .world import draw_bed_db, make_scene, schedule

CLIP_S = C.CLIP_SAMPLES / C.SAMPLE_RATE        # 2.048
SCENE_S = 8.0                                   # each sample schedules this much scene time


class FoleyWorldClips:
    def __init__(self, pack_path, split, seed=0, size=C.CLIP_SIZE, pool=64, refresh=0.05):
        self.pack = pack_path if isinstance(pack_path, Pack) else Pack(pack_path)
        self.split, self.size, self.refresh = split, size, refresh
        self.rng = np.random.default_rng(seed)
        self.pool = [None] * pool          # (spec, Renderer): textures/sprites are reused across samples

    def _scene(self, rng):
        i = int(rng.integers(len(self.pool)))
        if self.pool[i] is None or rng.random() < self.refresh:
            spec = make_scene(self.rng, self.pack, self.split)
            self.pool[i] = (spec, Renderer(spec, self.size))
        spec, ren = self.pool[i]
        # a pooled scene keeps its look; level and position of its bed are drawn afresh per sample
        return dict(spec, bed_db=draw_bed_db(rng), bed_offset=float(rng.uniform(0, 60))), ren

    def sample(self, rng):
        spec, ren = self._scene(rng)
        events = schedule(rng, spec, self.pack, 0.0, SCENE_S)
        a = float(rng.uniform(0.0, SCENE_S - CLIP_S))
        # the condition: another window of the same scene, not overlapping the target
        l1, l2 = max(0.0, a - CLIP_S), max(0.0, SCENE_S - 2 * CLIP_S - a)     # free room before / after
        u = float(rng.uniform(0.0, l1 + l2))
        b = u if u < l1 else a + CLIP_S + (u - l1)
        fps = spec["fps"]
        t = a + np.arange(C.CLIP_FRAMES) * (CLIP_S / C.CLIP_FRAMES)
        t_src = np.floor(t * fps + 0.5) / fps                   # nearest decoded frame of the source video
        uniq, inv = np.unique(t_src, return_inverse=True)      # a repeated source frame is decoded once
        frames = ren.frames(uniq, events, rng)[inv]
        wave = render_audio(self.pack, spec, events, a, C.CLIP_SAMPLES)
        cond = render_audio(self.pack, spec, events, b, C.CLIP_SAMPLES)
        onsets = np.zeros(C.CLIP_SAMPLES // C.HOP, np.float32)
        ev, counts = [], {}
        for e in events:
            if e["offscreen"] or not a <= e["time"] < a + CLIP_S:
                continue
            onsets[int((e["time"] - a) * C.SAMPLE_RATE) // C.HOP] = 1.0
            ci = C.ACTION_CLASSES.index(e["cls"])
            ev.append((float(e["time"] - a), ci))
            counts[ci] = counts.get(ci, 0) + 1
        dominant = max(counts, key=lambda k: (counts[k], -k)) if counts else C.ACTION_CLASSES.index(spec["actions"][0])
        return dict(frames=frames, wave=wave, cond_wave=cond, onsets=onsets, events=ev, action_class=int(dominant),
                    ambience_class=int(spec["ambience_id"]), scene=int(spec["scene_id"]), bed_db=float(spec["bed_db"]),
                    start=a, cond_start=b, bed=spec["bed_recording"], cond_bed=spec["bed_recording"],
                    offscreen=[(float(e["time"] - a), C.ACTION_CLASSES.index(e["cls"])) for e in events
                               if e["offscreen"] and a <= e["time"] < a + CLIP_S])


def throughput(pack_path, split="train", n=200, seed=0):
    """Samples/s of one process: (wall, per CPU-second, from the 10th-percentile sample time). On a machine shared
    with other jobs the last is the closest to what one free core gives."""
    import time
    ds = FoleyWorldClips(pack_path, split, seed)
    rng = np.random.default_rng(seed)
    for _ in range(len(ds.pool) * 3):       # fill the scene pool first (steady state: 1 new scene / 20 samples)
        ds.sample(rng)
    t0, c0, per = time.perf_counter(), time.process_time(), []
    for _ in range(n):
        t1 = time.perf_counter()
        ds.sample(rng)
        per.append(time.perf_counter() - t1)
    return n / (time.perf_counter() - t0), n / (time.process_time() - c0), 1.0 / float(np.percentile(per, 10))


if __name__ == "__main__":
    import os
    import sys
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    wall, cpu, p10 = throughput(sys.argv[1], *(sys.argv[2:3] or ["train"]))
    print(f"{wall:.1f} samples/s wall, {cpu:.1f} per CPU-second, {p10:.1f} from the 10th-percentile sample time")
