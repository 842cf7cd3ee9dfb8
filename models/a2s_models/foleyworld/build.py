"""Build Foley World long videos (mp4 + events JSON), the clip index and contact sheets.

    python3 -m a2s_models.foleyworld.build --hours 1 --seed 0 --out DIR [--pack FILE] [--splits val,test]

DIR/long/<id>.mp4   H.264 yuv420p 256×256 (x264 single-threaded, bit-exact flags) + AAC 16 kHz mono
DIR/long/<id>.json  scene spec, fps, bed, and every event (time, class, material, recording, offscreen)
DIR/clips/<split>.jsonl  2.048 s clips (long id, start, end, events inside, neighbour clips of the same video)
DIR/sheets/<id>.png contact sheet: 16 frames around the first contact + spectrogram with event markers
Each long video belongs to one split and uses only that split's recordings; `--hours` is shared equally by the
requested splits; the main action class cycles through all classes (shuffled per split), so each split covers all. Same arguments → byte-identical files. Event times are exact: contacts are on the video's
frame grid and the audio's onset sample is round(time × 16000); ffmpeg writes the AAC priming delay as an mp4
edit list, which ffmpeg (and the app) honour on decode, so decoded audio lines up (checked by the tests).
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import wave as wavmod

import numpy as np

from . import classes as C
from .mix import render_audio
from .packfile import Pack
from .png import contact_sheet, write_png
from .render import Renderer
from .world import make_scene, schedule

CLIP_S = C.CLIP_SAMPLES / C.SAMPLE_RATE
FPS_RATIONAL = {29.97: "30000/1001"}


def _seed(*parts):
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:12], 16)


def write_wav(path, x, sr=C.SAMPLE_RATE):
    with wavmod.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes(np.round(np.clip(x, -1, 1) * 32767).astype("<i2").tobytes())


def encode(path, frames_iter, size, fps, wav, crf):
    # A camera-like bitrate cap: a noisy scene at low CRF would otherwise grow 20× (30 MB for 2 min of 256²) and
    # the shipped evaluation set must stay small; typical scenes stay under the cap and are unchanged.
    cmd = ["ffmpeg", "-y", "-v", "error", "-nostdin", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{size}x{size}",
           "-framerate", FPS_RATIONAL.get(fps, str(fps)), "-i", "-", "-i", wav, "-map", "0:v", "-map", "1:a",
           "-c:v", "libx264", "-preset", "veryfast", "-crf", str(crf), "-maxrate", "400k", "-bufsize", "800k", "-pix_fmt", "yuv420p", "-threads", "1",
           "-c:a", "aac", "-b:a", "96k", "-ar", str(C.SAMPLE_RATE), "-ac", "1",
           "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact", "-map_metadata", "-1",
           "-movflags", "+faststart", path]
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    try:
        for fr in frames_iter:
            p.stdin.write(fr.tobytes())
    finally:
        p.stdin.close()
    if p.wait() != 0:
        raise RuntimeError(f"ffmpeg failed writing {path}")


def build_long(pack, split, idx, seed, out, size=256, duration=None, chunk=48):
    rng = np.random.default_rng(_seed(seed, split, idx))
    avail = pack.classes_available(split)[0]
    order = np.random.default_rng(_seed(seed, split, "order")).permutation(len(avail))
    spec = make_scene(rng, pack, split, dominant=C.ACTION_CLASSES[avail[order[idx % len(avail)]]])
    dur = float(duration if duration is not None else rng.uniform(30, 120))
    fps = spec["fps"]
    n_frames = int(np.floor(dur * fps))
    dur = n_frames / fps
    events = schedule(rng, spec, pack, 0.0, dur - 0.2)
    audio = render_audio(pack, spec, events, 0.0, int(round(dur * C.SAMPLE_RATE)))
    lid = f"{split}-{seed}-{idx:04d}"
    ren = Renderer(spec, size)
    frng = np.random.default_rng(_seed(seed, split, idx, "frames"))
    on = [e for e in events if not e["offscreen"]]
    k0 = int(round(on[0]["time"] * fps)) if on else 0
    sheet_idx = set(range(max(0, k0 - 8), min(n_frames, k0 + 8)))
    sheet = []

    def frames():
        for s0 in range(0, n_frames, chunk):
            t = np.arange(s0, min(s0 + chunk, n_frames)) / fps
            fr = ren.frames(t, events, frng)
            for j, k in enumerate(range(s0, s0 + len(t))):
                if k in sheet_idx:
                    sheet.append((fr[j], k / fps))
            yield fr
    os.makedirs(os.path.join(out, "long"), exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        wav = os.path.join(tmp, "a.wav")
        write_wav(wav, audio)
        encode(os.path.join(out, "long", lid + ".mp4"), frames(), size, fps, wav, spec["crf"])
    meta = dict(id=lid, split=split, duration=dur, fps=fps, size=size, sample_rate=C.SAMPLE_RATE,
                scene=spec["scene"], scene_id=spec["scene_id"], ambience=spec["ambience"],
                ambience_id=spec["ambience_id"], bed_recording=spec["bed_recording"], bed_db=spec["bed_db"],
                actions=spec["actions"], spec=spec,
                events=[dict(time=round(e["time"], 6), cls=e["cls"], class_id=C.ACTION_CLASSES.index(e["cls"]),
                             material=e["material"], recording=e["recording"], offscreen=e["offscreen"],
                             x=e["x"], y=e["y"], gain_db=round(e["gain_db"], 3), pitch=round(e["pitch"], 4))
                        for e in events])
    with open(os.path.join(out, "long", lid + ".json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
    if sheet:
        os.makedirs(os.path.join(out, "sheets"), exist_ok=True)
        img = contact_sheet(np.stack([s[0] for s in sheet]), [s[1] for s in sheet], audio, events, dur)
        write_png(os.path.join(out, "sheets", lid + ".png"), img)
    return meta


def clip_index(meta):
    n = int(np.floor(meta["duration"] / CLIP_S))
    rows = []
    for k in range(n):
        s, e = k * CLIP_S, (k + 1) * CLIP_S
        rows.append(dict(id=f"{meta['id']}#{k}", long=meta["id"], start=round(s, 6), end=round(e, 6),
                         split=meta["split"], ambience_id=meta["ambience_id"], scene_id=meta["scene_id"],
                         bed_db=meta["bed_db"],
                         events=[dict(time=round(ev["time"] - s, 6), cls=ev["cls"], class_id=ev["class_id"],
                                      offscreen=ev["offscreen"]) for ev in meta["events"] if s <= ev["time"] < e],
                         neighbours=[f"{meta['id']}#{j}" for j in range(n) if abs(j - k) >= 1]))
    return rows


def build(out, hours, seed, pack_path, splits=("train", "val", "test"), size=256, durations=None, log=sys.stderr):
    pack = Pack(pack_path)
    os.makedirs(os.path.join(out, "clips"), exist_ok=True)
    per_split = hours * 3600.0 / len(splits)
    metas = {}
    t0 = time.time()
    for split in splits:
        total, idx, metas[split] = 0.0, 0, []
        while total < per_split:
            dur = durations[idx % len(durations)] if durations else None
            m = build_long(pack, split, idx, seed, out, size, dur)
            metas[split].append(m)
            total += m["duration"]
            idx += 1
            print(f"{m['id']}: {m['duration']:.1f}s {m['scene']} {m['actions']} {m['ambience']} "
                  f"events={len(m['events'])} ({time.time() - t0:.0f}s elapsed)", file=log)
        with open(os.path.join(out, "clips", f"{split}.jsonl"), "w") as f:
            for m in metas[split]:
                for r in clip_index(m):
                    f.write(json.dumps(r, sort_keys=True) + "\n")
    return metas


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hours", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", required=True)
    ap.add_argument("--pack", default="/work/cache/foleyworld/sources.npz")
    ap.add_argument("--splits", default="train,val,test")
    ap.add_argument("--size", type=int, default=256)
    a = ap.parse_args(argv)
    t0 = time.time()
    metas = build(a.out, a.hours, a.seed, a.pack, a.splits.split(","), a.size)
    for s, ms in metas.items():
        print(f"{s}: {len(ms)} videos, {sum(m['duration'] for m in ms) / 60:.1f} min, "
              f"{sum(len(m['events']) for m in ms)} events")
    print(f"built in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
