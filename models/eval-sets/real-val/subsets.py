"""Means of an `a2s eval --set real --json FILE` result over subsets of clips (e.g. real-val's first ten clips and
the clips added later), because the CLI prints only the whole-set mean and figures from different versions of a set
are not comparable.

    /usr/bin/python3 models/eval-sets/real-val/subsets.py /tmp/rv.json v01-v10 v11-v11 [all]

A subset is FIRST-LAST (ids compared as strings, so keep the zero-padded vNN names) or `all`. Like the CLI, a method's
score is the mean over the subset's clips of the per-clip means over takes; the random floor likewise.
"""
import json
import sys

METHODS = ("motion-baseline", "timing-head", "av-ldm-low", "av-ldm-auto", "av-ldm-given-onsets", "reference")


def pick(clips, spec):
    if spec == "all":
        return clips
    lo, hi = spec.split("-", 1)
    return [c for c in clips if lo <= c["id"] <= hi]


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf8") as f:
        clips = json.load(f)["perClip"]
    for spec in argv[1:]:
        sub = pick(clips, spec)
        if not sub:
            print(f"{spec}: no clips", file=sys.stderr)
            return 1
        mean = lambda xs: sum(xs) / len(xs)
        print(f"== {spec}: {len(sub)} clips, {sum(c['referenceOnsets'] for c in sub)} reference onsets")
        for m in METHODS:
            rows = [c["methods"][m] for c in sub if m in c["methods"]]
            if rows:
                print(f"  {m:22s} F1 {mean([r['onsetF1'] for r in rows]):.3f}  P {mean([r['onsetPrecision'] for r in rows]):.3f}"
                      f"  R {mean([r['onsetRecall'] for r in rows]):.3f}")
        print(f"  {'random floor':22s} F1 {mean([c['floorOnsetF1'] for c in sub]):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
