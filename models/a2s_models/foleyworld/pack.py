"""Decode, normalise and pack the mapped recordings into one file (≤ 40 MB), and write the credits.

    python3 -m a2s_models.foleyworld.pack --cache /work/cache/foleyworld --out /work/cache/foleyworld/sources.npz \
        [--credits-md ../assets/CREDITS.md]

One-shots: 16 kHz mono, onset found at -20 dB of the peak, trimmed to PRE samples before it, trailing silence
(-50 dB) cut, at most 1.5 s (30 ms fade-out), peak-normalised. Beds: first ≤ 60 s (`--bed-seconds`), 20 ms fades,
RMS-normalised to -20 dBFS, 8-bit mu-law.
"""
import argparse
import os
import subprocess
import sys

import numpy as np

from . import classes as C
from . import credits
from .mapping import read_tsv
from .packfile import PRE, SPLITS, save

SR = C.SAMPLE_RATE


def decode(path, sr=SR):
    r = subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-i", path, "-ac", "1", "-ar", str(sr), "-f", "f32le",
                        "-"], capture_output=True)
    if r.returncode != 0:
        raise RuntimeError(f"ffmpeg could not decode {path}: {r.stderr.decode(errors='replace')[-300:]}")
    return np.frombuffer(r.stdout, np.float32).copy()


def prepare_shot(x, max_s=1.5):
    peak = float(np.max(np.abs(x))) if len(x) else 0.0
    if peak < 1e-4:
        return None
    env = np.abs(x)
    onset = int(np.argmax(env >= 0.1 * peak))
    start = max(0, onset - PRE)
    y = x[start:]
    if start == 0 and onset < PRE:
        y = np.concatenate([np.zeros(PRE - onset, np.float32), y])
    loud = np.nonzero(np.abs(y) >= peak * 10 ** (-50 / 20))[0]
    y = y[:loud[-1] + 1] if len(loud) else y
    y = y[:int(max_s * SR)].copy()
    n = min(len(y), int(0.03 * SR))
    y[len(y) - n:] *= np.linspace(1.0, 0.0, n, dtype=np.float32)
    return (y / np.max(np.abs(y)) * 0.95).astype(np.float32)


def prepare_bed(x, max_s=60.0):
    y = x[:int(max_s * SR)].copy()
    if len(y) < SR or np.sqrt(np.mean(y ** 2)) < 1e-5:
        return None
    n = int(0.02 * SR)
    y[:n] *= np.linspace(0, 1, n, dtype=np.float32)
    y[-n:] *= np.linspace(1, 0, n, dtype=np.float32)
    rms = np.sqrt(np.mean(y ** 2))
    return np.clip(y * (0.1 / rms), -1.0, 1.0).astype(np.float32)


def build_pack(rows, src_root, out, bed_seconds=60.0, log=sys.stderr):
    recs, rec_index, shots, beds, used = [], {}, [], [], []
    for r in rows:
        full = os.path.join(src_root, r["path"])
        x = decode(full)
        if r["kind"] == "action":
            a = prepare_shot(x)
            cls = C.ACTION_CLASSES.index(r["class"])
        else:
            a = prepare_bed(x, bed_seconds)
            cls = C.AMBIENCE_CLASSES.index(r["class"])
        if a is None:
            print(f"skip (silent/short): {r['path']}", file=log)
            continue
        if r["recording"] not in rec_index:
            rec_index[r["recording"]] = len(recs)
            recs.append(dict(id=r["recording"], path=r["path"], package=r["package"], licence=r["licence"],
                             author=r["author"], split=r["split"], kind=r["kind"], **{"class": r["class"]}))
        item = dict(audio=a, cls=cls, split=SPLITS.index(r["split"]), rec=rec_index[r["recording"]])
        (shots if r["kind"] == "action" else beds).append(item)
        used.append(dict(r, packed_seconds=f"{len(a) / SR:.2f}"))
    meta = dict(format="foleyworld-pack/1", sample_rate=SR, shot_pre=PRE, action_classes=C.ACTION_CLASSES,
                ambience_classes=C.AMBIENCE_CLASSES, splits=SPLITS, recordings=recs,
                bed_level="rms -20 dBFS, mu-law 8 bit", shot_level="peak 0.95, int16")
    save(out, shots, beds, meta)
    return used


def summary(used):
    out = {}
    for r in used:
        k = (r["kind"], r["class"])
        d = out.setdefault(k, dict(files=0, seconds=0.0, train=0, val=0, test=0))
        d["files"] += 1
        d["seconds"] += float(r["packed_seconds"])
        d[r["split"]] += 1
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", default="/work/cache/foleyworld")
    ap.add_argument("--mapping", default=os.path.join(os.path.dirname(__file__), "../../foleyworld/mapping.tsv"))
    ap.add_argument("--out", default=None, help="pack path (default CACHE/sources.npz)")
    ap.add_argument("--bed-seconds", type=float, default=60.0)
    ap.add_argument("--credits", default=None, help="CREDITS text (default next to the pack)")
    ap.add_argument("--credits-md", default=None, help="regenerate the Foley World section of this CREDITS.md")
    a = ap.parse_args(argv)
    out = a.out or os.path.join(a.cache, "sources.npz")
    used = build_pack(read_tsv(a.mapping), os.path.join(a.cache, "src"), out, a.bed_seconds)
    stats = summary(used)
    with open(a.credits or os.path.splitext(out)[0] + ".CREDITS.txt", "w") as f:
        f.write(credits.credits_text(used))
    if a.credits_md:
        credits.update_markdown(a.credits_md, used, stats)
    for (kind, cls), d in sorted(stats.items()):
        print(f"{kind:6s} {cls:17s} files={d['files']:3d} min={d['seconds'] / 60:5.2f} "
              f"train/val/test={d['train']}/{d['val']}/{d['test']}")
    print(f"pack {out}: {os.path.getsize(out) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
