"""Conditioning clips shipped with a bundle (issue 7): a retrieval pool of training-split clips and the low-ambient
clip, chosen by MEASURED bed level (the same 10th-percentile-of-50-ms-RMS measure as the TypeScript evaluation).

python3 -m a2s_models.export.pool --pack PACK --bundle models/bundles/default [--clips 160] [--seed 7]
Writes conditions/pool/NNN.flac + conditions/pool.json + conditions/low.wav and sets manifest.conditions.
"""
import argparse
import hashlib
import json
import os
import subprocess

import numpy as np

RATE = 16000


def bed_level_db(wave, rate=RATE):
    n = int(0.05 * rate)
    frames = wave[: len(wave) // n * n].reshape(-1, n)
    db = np.sort(10 * np.log10((frames.astype(np.float64) ** 2).mean(1) + 1e-12))
    return float(db[int(0.1 * (len(db) - 1))])


def write_audio(path, wave):
    pcm = (np.clip(wave, -1, 1) * 32767).astype("<i2").tobytes()
    cmd = ["ffmpeg", "-v", "error", "-y", "-f", "s16le", "-ar", str(RATE), "-ac", "1", "-i", "-",
           "-fflags", "+bitexact", "-flags", "+bitexact", "-map_metadata", "-1", path]
    subprocess.run(cmd, input=pcm, check=True)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pack", required=True)
    ap.add_argument("--bundle", required=True)
    ap.add_argument("--clips", type=int, default=160)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    from ..foleyworld.clips import FoleyWorldClips

    ds = FoleyWorldClips(a.pack, "train", a.seed)
    cdir = os.path.join(a.bundle, "conditions")
    os.makedirs(os.path.join(cdir, "pool"), exist_ok=True)
    rng = np.random.default_rng(a.seed)
    entries, waves = [], []
    for i in range(a.clips):
        s = ds.sample(rng)
        rel = f"pool/{i:03d}.flac"
        write_audio(os.path.join(cdir, rel), s["wave"])
        waves.append(s["wave"])
        entries.append({"file": rel, "ambientDb": round(bed_level_db(s["wave"]), 2), "ambienceClass": int(s["ambience_class"]),
                        "scene": int(s["scene"]), "bed": s.get("bed", ""), "split": "train"})
    low = int(np.argmin([e["ambientDb"] for e in entries]))
    write_audio(os.path.join(cdir, "low.wav"), waves[low])
    with open(os.path.join(cdir, "pool.json"), "w") as f:
        json.dump(entries, f, indent=1)
    mpath = os.path.join(a.bundle, "manifest.json")
    with open(mpath) as f:
        manifest = json.load(f)
    manifest["conditions"] = {"low": "conditions/low.wav", "pool": "conditions/pool.json",
                              "lowChosenBy": f"lowest measured bed level among {a.clips} training clips "
                                             f"({entries[low]['ambientDb']} dBFS, {entries[low]['file']})"}
    tmp = mpath + ".tmp"
    with open(tmp, "w") as f:
        json.dump(manifest, f, indent=2)
    os.replace(tmp, mpath)
    print(f"pool: {a.clips} clips, low-ambient = {entries[low]['file']} at {entries[low]['ambientDb']} dBFS")


if __name__ == "__main__":
    main()
