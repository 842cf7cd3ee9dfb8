#!/usr/bin/env python3
"""Builds the starter library (assets/library/) from the Foley World ambience sources.

Reads the reviewed mapping (models/foleyworld/mapping.tsv), takes ambience beds ("bed" rows) of the train and val
splits only (the test split's recordings stay unseen, so the retrieval evaluation measures new recordings), and
writes per clip a seamless loop of 10-30 s at the source's own rate and channel count: a segment from the middle
of the recording whose last second is crossfaded (equal power) into its first, so it can be looped by the
editor's ambient beds without a click. Encoded as Ogg Vorbis (q0, ~64 kbit/s) to keep the folder under 10 MB.
Sources shorter than 10 s are looped (with the same crossfade at each seam) up to 10 s.

usage: python3 assets/library/build.py [--src /work/cache/foleyworld/src] [--per-class 6]
Writes: assets/library/*.ogg, index.json (licence/author/source per clip), CREDITS.md.
"""
import argparse
import csv
import json
import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
XFADE = 1.0
MIN_S, MAX_S, TARGET_S = 10.0, 30.0, 20.0

DESCRIPTIONS = {
    'fire': 'crackling fire, campfire or hearth',
    'forest': 'outdoor nature: birds, insects, forest or countryside by day or night',
    'hum': 'machinery hum: furnace, engine, fan, pump',
    'rain': 'rain falling, storm, thunder',
    'town': 'town or market: crowd murmur, traffic, farm or harbour activity',
    'water': 'running water: creek, river, waterfall, waves',
    'wind': 'wind: gusts, storm, wind in leaves',
}
PACKAGES = {
    'redeclipse-data': 'Red Eclipse data (Debian package redeclipse-data)',
    '0ad-data': '0 A.D. data (Debian package 0ad-data)',
    'openclonk-data': 'OpenClonk data (Debian package openclonk-data)',
    'minetest-data': 'Minetest Game data (Debian package minetest-data)',
}


def probe(path):
    out = subprocess.run(['ffprobe', '-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=sample_rate,channels',
                          '-of', 'csv=p=0', path], capture_output=True, text=True, check=True).stdout.strip().split(',')
    return int(out[0]), int(out[1])


def decode(path, rate, channels):
    raw = subprocess.run(['ffmpeg', '-v', 'error', '-i', path, '-f', 'f32le', '-ac', str(channels), '-ar', str(rate), '-'],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype=np.float32).reshape(-1, channels)


def seamless(x, rate, seconds):
    """A loop of `seconds`: the segment's tail (XFADE s) is crossfaded into its head (equal power)."""
    n, xf = int(seconds * rate), int(XFADE * rate)
    if len(x) >= n + xf:
        start = (len(x) - n - xf) // 2
        seg = x[start:start + n + xf].copy()
    else:  # short source: tile it (each seam crossfaded) until long enough
        unit = x[:max(len(x) - xf, 1)].copy() if len(x) > 2 * xf else x.copy()
        reps = int(np.ceil((n + xf) / len(unit))) + 1
        seg = np.concatenate([unit] * reps)[:n + xf]
    t = np.linspace(0, np.pi / 2, xf, dtype=np.float32)[:, None]
    head, tail = seg[:xf], seg[n:n + xf]
    out = seg[:n].copy()
    out[:xf] = head * np.sin(t) + tail * np.cos(t)
    return out


def encode(x, rate, path):
    subprocess.run(['ffmpeg', '-v', 'error', '-y', '-f', 'f32le', '-ar', str(rate), '-ac', str(x.shape[1]), '-i', '-',
                    '-c:a', 'libvorbis', '-q:a', '0', '-map_metadata', '-1', '-fflags', '+bitexact', path],
                   input=np.ascontiguousarray(x).tobytes(), check=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--src', default=os.environ.get('FOLEYWORLD_SRC', '/work/cache/foleyworld/src'))
    ap.add_argument('--per-class', type=int, default=8)
    args = ap.parse_args()
    rows = list(csv.DictReader(open(os.path.join(ROOT, 'models', 'foleyworld', 'mapping.tsv')), delimiter='\t'))
    beds = [r for r in rows if r['kind'] == 'bed' and r['split'] in ('train', 'val') and float(r['seconds']) >= 4.0]
    for old in os.listdir(HERE):
        if old.endswith('.ogg'):
            os.remove(os.path.join(HERE, old))
    clips = []
    for cls in sorted({r['class'] for r in beds}):
        # Longest recordings first, one per recording, alternating packages so a class is not one game's sound.
        cand = sorted((r for r in beds if r['class'] == cls), key=lambda r: -float(r['seconds']))
        seen, picked = set(), []
        for pkg_round in range(3):
            for r in cand:
                if len(picked) >= args.per_class:
                    break
                if r['recording'] in seen:
                    continue
                n_pkg = sum(1 for p in picked if p['package'] == r['package'])
                if n_pkg > pkg_round:
                    continue
                seen.add(r['recording'])
                picked.append(r)
        for i, r in enumerate(picked):
            src = os.path.join(args.src, r['path'])
            if not os.path.exists(src):
                print(f'skip (not in cache): {src}', file=sys.stderr)
                continue
            rate, ch = probe(src)
            x = decode(src, rate, ch)
            secs = float(np.clip(len(x) / rate - XFADE, MIN_S, min(MAX_S, TARGET_S)))
            loop = seamless(x, rate, secs)
            stem = os.path.splitext(os.path.basename(r['path']))[0].lower().replace('.', '_')
            short = {'redeclipse-data': 're', '0ad-data': '0ad', 'openclonk-data': 'oc', 'minetest-data': 'mt'}.get(r['package'], 'x')
            name = f"{cls}_{short}_{stem}.ogg"
            encode(loop, rate, os.path.join(HERE, name))
            clips.append({
                'file': name, 'class': cls, 'tags': ['ambience', cls],
                'licence': r['licence'], 'author': r['author'],
                'source': f"{r['package']}: {r['path'].split('/', 1)[1] if r['path'].startswith('x/') else r['path']}",
                'description': f"{DESCRIPTIONS.get(cls, cls)} — {secs:.0f} s seamless loop from {PACKAGES.get(r['package'], r['package'])}",
            })
            print(f'{name}: {secs:.1f} s, {rate} Hz, {ch} ch, {os.path.getsize(os.path.join(HERE, name)) // 1024} KiB')
    json.dump({'format': 'a2s-starter/1', 'version': 1, 'clips': clips}, open(os.path.join(HERE, 'index.json'), 'w'), indent=2)
    with open(os.path.join(HERE, 'CREDITS.md'), 'w') as f:
        f.write('# Starter library credits\n\nSeamless ambience loops made by `build.py` from recordings in Debian packages '
                '(see ../CREDITS.md, "## Starter library"). Each clip keeps the licence of its source; CC-BY-SA-3.0 '
                'clips are shared under the same licence.\n\n| file | class | licence | author | source |\n|---|---|---|---|---|\n')
        for c in clips:
            f.write(f"| {c['file']} | {c['class']} | {c['licence']} | {c['author'].replace('|', '/')} | {c['source']} |\n")
    total = sum(os.path.getsize(os.path.join(HERE, c['file'])) for c in clips)
    print(f'{len(clips)} clips, {total / 1e6:.2f} MB')


if __name__ == '__main__':
    main()
