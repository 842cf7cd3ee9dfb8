"""Builds a real-footage evaluation set (the real-dev format) from a recipe committed in the repository.

    /usr/bin/python3 -m a2s_models.eval.build_realset --recipe models/eval-sets/real-dev2/recipe.json \
        --out /work/data/real-dev2 [--sources DIR]

Why a recipe: the clips are third-party footage that must not live in the repository, and /work/shared is reset
between sessions. The recipe names, per clip, the public repository, commit and path of the source file, the cut
and the reference onsets; this script reads each source from a git mirror (`/work/.mirror/<owner>+<name>/repo`,
read with `git show COMMIT:PATH`) or, with `--sources DIR`, from `DIR/<owner>+<name>/<path>` (a plain copy), cuts
it with ffmpeg to the real-dev format (H.264 crf 28, longest side <= 480 px, the clip's frame rate, AAC mono
44.1 kHz) and writes `manifest.json` (what `a2s eval --set real` reads) and the README next to the clips.

Deterministic: fixed encoder settings, one thread, no timestamps or encoder tags in the files (`-fflags +bitexact`,
`-map_metadata -1`), so the same recipe and sources give the same bytes on one ffmpeg build. EVALUATION ONLY: never
train a shipped bundle on these clips.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

MIRRORS = "/work/.mirror"
CLIP_KEYS = ("id", "source_repo", "source_commit", "source_path", "licence", "start", "end", "onsets")


class RecipeError(ValueError):
    pass


def load_recipe(path):
    with open(path, encoding="utf8") as f:
        recipe = json.load(f)
    clips = recipe.get("clips") if isinstance(recipe, dict) else None
    if not isinstance(clips, list) or not clips:
        raise RecipeError(f"{path}: needs a non-empty 'clips' list")
    seen = set()
    for i, c in enumerate(clips):
        missing = [k for k in CLIP_KEYS if k not in c]
        if missing:
            raise RecipeError(f"{path}: clip [{i}] ({c.get('id', '?')}) lacks {', '.join(missing)}")
        if c["id"] in seen:
            raise RecipeError(f"{path}: clip id {c['id']} is listed twice")
        seen.add(c["id"])
        if not (0 <= c["start"] < c["end"]):
            raise RecipeError(f"{path}: clip {c['id']}: start/end must satisfy 0 <= start < end")
        length = c["end"] - c["start"]
        bad = [t for t in c["onsets"] if not (0 <= t < length)]
        if bad:
            raise RecipeError(f"{path}: clip {c['id']}: onsets {bad} outside [0, {length:.3f}) (clip time, seconds)")
    return recipe


def source_file(clip, sources, tmp):
    """Path of the clip's source file: a plain copy under --sources, else `git show` from the mirror."""
    name = clip["source_repo"].replace("/", "+")
    if sources:
        p = os.path.join(sources, name, clip["source_path"])
        if not os.path.isfile(p):
            raise FileNotFoundError(f"{clip['id']}: source {p} not found (--sources DIR/<owner>+<name>/<path>)")
        return p
    git_dir = os.path.join(MIRRORS, name, "repo")
    if not os.path.isdir(git_dir):
        raise FileNotFoundError(f"{clip['id']}: no mirror {git_dir}; fetch github:{clip['source_repo']} first or pass --sources")
    out = os.path.join(tmp, clip["id"] + os.path.splitext(clip["source_path"])[1])
    with open(out, "wb") as f:
        r = subprocess.run(["git", "-C", git_dir, "show", f"{clip['source_commit']}:{clip['source_path']}"], stdout=f, stderr=subprocess.PIPE)
    if r.returncode != 0:
        raise FileNotFoundError(f"{clip['id']}: git show {clip['source_commit']}:{clip['source_path']} failed: {r.stderr.decode().strip()}")
    return out


def probe(path):
    r = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height,r_frame_rate",
                        "-show_entries", "format=duration", "-of", "json", path], capture_output=True, text=True, check=True)
    j = json.loads(r.stdout)
    s = j["streams"][0]
    num, den = (int(v) for v in s["r_frame_rate"].split("/"))
    return {"width": int(s["width"]), "height": int(s["height"]), "fps": round(num / den, 3), "duration": float(j["format"]["duration"])}


def cut(src, dst, start, end, fps):
    # Longest side <= 480 (even sizes for yuv420p); fps fixed to the source's so frames stay the source's frames.
    scale = "scale='if(gte(iw,ih),min(480,iw),-2)':'if(gte(iw,ih),-2,min(480,ih))'"
    cmd = ["ffmpeg", "-v", "error", "-y", "-ss", f"{start:.3f}", "-to", f"{end:.3f}", "-i", src,
           "-vf", f"{scale},fps={fps},format=yuv420p", "-c:v", "libx264", "-crf", "28", "-preset", "veryfast",
           "-threads", "1", "-x264-params", "threads=1", "-c:a", "aac", "-b:a", "128k", "-ac", "1", "-ar", "44100",
           "-map", "0:v:0", "-map", "0:a:0", "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact",
           "-flags:a", "+bitexact", "-movflags", "+faststart", dst]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"ffmpeg failed for {dst}: {r.stderr.strip()[-500:]}")


def build(recipe_path, out, sources=None):
    recipe = load_recipe(recipe_path)
    os.makedirs(out, exist_ok=True)
    manifest = []
    with tempfile.TemporaryDirectory() as tmp:
        for c in recipe["clips"]:
            src = source_file(c, sources, tmp)
            info = probe(src)
            fps = c.get("fps") or info["fps"]
            part = os.path.join(out, f".{c['id']}.part.mp4")
            cut(src, part, c["start"], c["end"], fps)
            os.replace(part, os.path.join(out, c["id"] + ".mp4"))  # atomic: a clip is either whole or absent
            got = probe(os.path.join(out, c["id"] + ".mp4"))
            entry = {"id": c["id"], "file": c["id"] + ".mp4", "seconds": round(c["end"] - c["start"], 3), "fps": fps,
                     "width": got["width"], "height": got["height"], "source_repo": c["source_repo"],
                     "source_path": c["source_path"], "source_commit": c["source_commit"], "licence": c["licence"],
                     "description": c.get("description", ""), "onsets": sorted(float(t) for t in c["onsets"]),
                     "cut": {"start": c["start"], "end": c["end"]}}
            for k in ("action", "onsets_check"):
                if k in c:
                    entry[k] = c[k]
            manifest.append(entry)
    tmpm = os.path.join(out, ".manifest.json.part")
    with open(tmpm, "w", encoding="utf8") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    os.replace(tmpm, os.path.join(out, "manifest.json"))
    readme = os.path.join(os.path.dirname(os.path.abspath(recipe_path)), "README.md")
    if os.path.isfile(readme):
        shutil.copyfile(readme, os.path.join(out, "README.md"))
    else:
        with open(os.path.join(out, "README.md"), "w", encoding="utf8") as f:
            f.write(f"# {recipe.get('name', 'real set')}\n\nBuilt by a2s_models.eval.build_realset from {os.path.basename(recipe_path)}."
                    " Evaluation only: never train a shipped bundle on it.\n")
    return manifest


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--recipe", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--sources", help="plain copies: DIR/<owner>+<name>/<path> (default: git mirrors under /work/.mirror)")
    a = ap.parse_args(argv)
    try:
        m = build(a.recipe, a.out, a.sources)
    except (RecipeError, FileNotFoundError, RuntimeError) as e:
        print(f"build_realset: {e}", file=sys.stderr)
        return 1
    print(f"wrote {len(m)} clips + manifest.json + README.md to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
