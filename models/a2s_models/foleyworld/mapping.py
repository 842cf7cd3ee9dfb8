"""Review the first-pass classes (../shared/data/sound-sources/*.cls.tsv) into models/foleyworld/mapping.tsv.

    python3 -m a2s_models.foleyworld.mapping --sources ../../shared/data/sound-sources \
        --cache /work/cache/foleyworld --out foleyworld/mapping.tsv

The review is the RULES table below (path regex → our class), written after listening-by-name through every
non-excluded file: only single-contact one-shots for actions (no walking loops, tree falls, arrow fly-bys), only
loopable beds ≥ 1.5 s for ambience. Anything not matched is left out. Identical files (same bytes) are one
recording. Splits are by recording, per class: recordings sorted by a hash of their id; ~15 % test, ~15 % val,
the rest train (at least one of each when a class has ≥ 3 recordings).
"""
import argparse
import csv
import glob
import hashlib
import os
import re

from .licences import Licences

MT = r"x/minetest-data/usr/share/games/minetest/games/minetest_game/mods/"

# (kind, class, path regex, max seconds). First match wins.
RULES = [
    ("action", "chop", r"zad/audio/resource/lumbering/lumber_tree_\d+\.ogg", 1.6),
    ("action", "chop", r"oc/Sound/Environment\.ocg/Tree\.ocg/Chop\d\.wav", 2),
    ("action", "chop", MT + r"default/sounds/default_dig_choppy\.\d\.ogg", 2),
    ("action", "dig", r"zad/audio/resource/farming/hoe_\d+\.ogg", 2),
    ("action", "dig", r"oc/Sound/Clonk\.ocg/Action\.ocg/Dig\.ocg/Dig\d\.wav", 2),
    ("action", "dig", MT + r"default/sounds/default_(dig_crumbly|gravel_dig\.\d|gravel_dug\.\d|dug_node\.\d)\.ogg", 2),
    ("action", "pick", r"zad/audio/resource/mining/mine_(stone|metal)_\d+\.ogg", 1.5),
    ("action", "pick", r"oc/Sound/Objects\.ocg/Pickaxe\.ocg/Clang(Hard)?\d\.wav", 2),
    ("action", "pick", MT + r"default/sounds/default_(dig_cracky\.\d|dig_metal|dug_metal\.\d)\.ogg", 2),
    ("action", "hammer", r"zad/audio/resource/construction/con_(wood|stone)_\d+\.ogg", 2),
    ("action", "saw", r"zad/audio/resource/construction/con_saw_\d+\.ogg", 2),
    ("action", "saw", r"oc/Sound/Structures\.ocg/SawmillRipcut\.ogg", 2),
    ("action", "impact-wood", r"zad/audio/attack/impact/(shield|arrow|sling)_wood_\d+\.ogg", 0.8),
    ("action", "impact-wood", r"oc/Sound/Hits\.ocg/Materials\.ocg/Wood\.ocg/(Dull)?WoodHit\d\.ogg", 2),
    ("action", "impact-wood", MT + r"default/sounds/default_place_node\.\d\.ogg", 2),
    ("action", "impact-metal", r"zad/audio/attack/impact/(shield|arrow|sling)_metal_\d+\.ogg", 1.0),
    ("action", "impact-metal", r"oc/Sound/Hits\.ocg/(BucketHit\d\.wav|Materials\.ocg/Metal\.ocg/\w+Hit\d\.ogg)", 2),
    ("action", "impact-metal", MT + r"default/sounds/default_place_node_metal\.\d\.ogg", 2),
    ("action", "impact-stone", r"zad/audio/attack/impact/(arrow|sling)_stone_\d+\.ogg", 0.8),
    ("action", "impact-stone", r"oc/Sound/Hits\.ocg/Materials\.ocg/Rock\.ocg/RockHit\d\.ogg", 2),
    ("action", "impact-stone", MT + r"default/sounds/default_place_node_hard\.\d\.ogg", 2),
    ("action", "footstep-soft", r"zad/audio/actor/singlesteps/fs_(grass|sand)\d\.ogg", 1),
    ("action", "footstep-soft", MT + r"default/sounds/default_(grass|sand|dirt)_footstep\.\d\.ogg", 1),
    ("action", "footstep-soft", r"oc/Sound/Clonk\.ocg/Movement\.ocg/StepSoft\d\.ogg", 1),
    ("action", "footstep-crunchy", r"zad/audio/actor/singlesteps/fs_(gravel\d|snow_\d+)\.ogg", 1),
    ("action", "footstep-crunchy", MT + r"default/sounds/default_(gravel|snow)_footstep\.\d\.ogg", 1),
    ("action", "footstep-hard", r"zad/audio/actor/singlesteps/fs_(rock|wood)\d\.ogg", 1),
    ("action", "footstep-hard", MT + r"default/sounds/default_(wood|hard|metal|ice|glass)_footstep(\.\d)?\.ogg", 1),
    ("action", "footstep-hard", r"oc/Sound/Clonk\.ocg/Movement\.ocg/StepHard\d\.ogg", 1),
    ("action", "footstep-hard", r"rex/player/(concstep|footstep)\d?\.ogg", 1),
    ("action", "splash", r"oc/Sound/Liquids\.ocg/Splash\d\.wav", 3),
    ("action", "splash", r"rex/sfx/(splosh\d?|splashin\d?)\.ogg", 3),
    ("bed", "forest", r"zad/audio/ambient/dayscape/day_\w+\.ogg", 999),
    ("bed", "forest", r"rex/ambience/(forest\d|nightcrickets|cycadas)\.ogg", 999),
    ("bed", "forest", r"oc/Sound/Environment\.ocg/BirdsLoop\.ogg", 999),
    ("bed", "wind", r"zad/audio/ambient/weather/(wind|windstorm|snowstorm|windleaves|windgust)_\d+\.ogg", 999),
    ("bed", "wind", r"rex/ambience/(wind|blowwind|hollowwind|wastewind|morph/stormwind|morph/wind\d)\.ogg", 999),
    ("bed", "wind", r"oc/Sound/Environment\.ocg/WindLoop\.ogg", 999),
    ("bed", "rain", r"zad/audio/ambient/weather/(rain|thunder)_\d+\.ogg", 999),
    ("bed", "rain", r"oc/Sound/Liquids\.ocg/StereoRain\.ogg", 999),
    ("bed", "rain", r"rex/ambience/morph/(rain|stormrain|stormbolts)\.ogg", 999),
    ("bed", "water", r"zad/audio/ambient/water/\w+\.ogg", 999),
    ("bed", "water", r"rex/ambience/(river|creek|water|waterfall\w*)\.ogg", 999),
    ("bed", "water", MT + r"env_sounds/sounds/env_sounds_water\.\d\.ogg", 999),
    ("bed", "town", r"zad/audio/ambient/building/amb_\w+\.ogg", 999),
    ("bed", "town", r"rex/ambience/distant_cars\.ogg", 999),
    ("bed", "hum", MT + r"default/sounds/default_furnace_active\.ogg", 999),
    ("bed", "hum", r"oc/Sound/Structures\.ocg/(Furnace\.ocg/Loop|FanLoop|SteamEngine|Elevator\.ocg/Moving|Pumpjack)\.ogg",
     999),
    ("bed", "hum", r"rex/ambience/hum\.ogg", 999),
    ("bed", "fire", r"rex/ambience/fire\.ogg", 999),
    ("bed", "fire", MT + r"fire/sounds/fire_(fire\.\d|small|large)\.ogg", 999),
    ("bed", "fire", r"oc/Sound/Fire\.ocg/Fire\.ogg", 999),
]
_RULES = [(k, c, re.compile(rx + r"$"), mx) for k, c, rx, mx in RULES]

PACKAGE_OF = {"zad": "0ad-data", "oc": "openclonk-data", "rex": "redeclipse-data", "x": "minetest-data"}
COLUMNS = ["path", "package", "kind", "class", "recording", "split", "seconds", "licence", "author", "first_pass"]


def classify(path, seconds):
    for kind, cls, rx, mx in _RULES:
        if rx.match(path):
            return (kind, cls) if seconds <= mx else (None, f"too long for {cls}")
    return None, None


def assign_splits(rows, key="recording"):
    """Per class, split recordings ~70/15/15 by a stable hash (never by file order)."""
    by_cls = {}
    for r in rows:
        by_cls.setdefault(r["class"], set()).add(r[key])
    split_of = {}
    for cls, recs in by_cls.items():
        recs = sorted(recs, key=lambda x: hashlib.sha1(f"{cls}|{x}".encode()).hexdigest())
        n = len(recs)
        n_test = max(1, round(0.15 * n)) if n >= 3 else 0
        n_val = max(1, round(0.15 * n)) if n >= 3 else 0
        for i, rec in enumerate(recs):
            split_of[(cls, rec)] = "test" if i < n_test else "val" if i < n_test + n_val else "train"
    for r in rows:
        r["split"] = split_of[(r["class"], r[key])]
    return rows


def build(sources, src_root):
    lic = Licences(src_root)
    rows, seen = [], {}
    for f in sorted(glob.glob(os.path.join(sources, "*.cls.tsv"))):
        with open(f, newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                path, sec = r["path"].strip(), float(r["sec"])
                kind, cls = classify(path, sec)
                if kind is None:
                    continue
                full = os.path.join(src_root, path)
                digest = hashlib.sha256(open(full, "rb").read()).hexdigest()[:16] if os.path.exists(full) else path
                licence, author = lic(path)
                if not licence or "GPL" in licence:
                    continue
                rec = seen.setdefault(digest, os.path.splitext(path)[0])  # identical bytes → one recording
                rows.append(dict(path=path, package=PACKAGE_OF[path.split("/")[0]], kind=kind, **{"class": cls},
                                 recording=rec, seconds=f"{sec:.2f}", licence=licence, author=author,
                                 first_pass=r["cls"]))
    return assign_splits(rows)


def write_tsv(rows, out):
    with open(out, "w", newline="") as fh:
        w = csv.DictWriter(fh, COLUMNS, delimiter="\t", lineterminator="\n")
        w.writeheader()
        for r in sorted(rows, key=lambda r: (r["kind"], r["class"], r["path"])):
            w.writerow(r)


def read_tsv(path):
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sources", default="../../shared/data/sound-sources")
    ap.add_argument("--cache", default="/work/cache/foleyworld")
    ap.add_argument("--out", default="foleyworld/mapping.tsv")
    a = ap.parse_args(argv)
    rows = build(a.sources, os.path.join(a.cache, "src"))
    write_tsv(rows, a.out)
    counts = {}
    for r in rows:
        k = (r["kind"], r["class"], r["split"])
        counts[k] = counts.get(k, 0) + 1
    for k in sorted(counts):
        print(*k, counts[k])


if __name__ == "__main__":
    main()
