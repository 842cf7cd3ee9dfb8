"""build_realset: a tiny synthetic recipe (an ffmpeg-made source with clicks at known times) built twice into the
real-dev format; checks the manifest a2s eval --set real reads, the cut, the sound and determinism."""
import hashlib
import json
import os
import subprocess

import numpy as np
import pytest

from a2s_models.eval import build_realset

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def make_source(path):
    # 4 s, 640x360 at 25 fps, a 1 kHz tone burst every second (at 0.5, 1.5, 2.5, 3.5 s): a stand-in for a real clip.
    os.makedirs(os.path.dirname(path), exist_ok=True)
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=640x360:rate=25:duration=4",
                    "-f", "lavfi", "-i", "aevalsrc='if(lt(mod(t-0.5\\,1)\\,0.03)*gte(t\\,0.5)\\,sin(2*PI*1000*t)\\,0)':s=48000:d=4",
                    "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", path], check=True)


def recipe(tmp_path, **over):
    clip = {"id": "s01", "source_repo": "someone/media", "source_commit": "0" * 40, "source_path": "clips/a.mp4",
            "licence": "test fixture", "start": 1.0, "end": 3.5, "onsets": [0.5, 1.5], "action": "beep",
            "description": "synthetic", "onsets_check": {"changes": "none"}}
    clip.update(over)
    p = tmp_path / "recipe.json"
    p.write_text(json.dumps({"name": "tiny", "clips": [clip]}))
    return str(p)


def test_builds_the_real_dev_format_deterministically(tmp_path):
    src = tmp_path / "src"
    make_source(str(src / "someone+media" / "clips" / "a.mp4"))
    r = recipe(tmp_path)
    out1, out2 = str(tmp_path / "o1"), str(tmp_path / "o2")
    assert build_realset.main(["--recipe", r, "--out", out1, "--sources", str(src)]) == 0
    assert build_realset.main(["--recipe", r, "--out", out2, "--sources", str(src)]) == 0

    m = json.load(open(os.path.join(out1, "manifest.json")))
    assert isinstance(m, list) and len(m) == 1
    e = m[0]
    for k in ("id", "file", "seconds", "fps", "width", "height", "source_repo", "source_path", "source_commit", "licence",
              "description", "onsets", "cut"):
        assert k in e, k
    assert e["id"] == "s01" and e["file"] == "s01.mp4" and e["seconds"] == 2.5 and e["onsets"] == [0.5, 1.5]
    assert e["cut"] == {"start": 1.0, "end": 3.5} and e["fps"] == 25.0
    assert max(e["width"], e["height"]) == 480 and e["height"] % 2 == 0
    assert os.path.isfile(os.path.join(out1, "README.md"))

    clip = os.path.join(out1, "s01.mp4")
    pr = json.loads(subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=codec_name,channels,sample_rate",
                                    "-show_entries", "format=duration", "-of", "json", clip], capture_output=True, text=True, check=True).stdout)
    codecs = {s["codec_name"]: s for s in pr["streams"]}
    assert set(codecs) == {"h264", "aac"}
    assert codecs["aac"]["channels"] == 1 and codecs["aac"]["sample_rate"] == "44100"
    assert abs(float(pr["format"]["duration"]) - 2.5) < 0.1

    # The cut keeps the source's sound in place: bursts at source 1.5 and 2.5 s land at clip 0.5 and 1.5 s.
    pcm = subprocess.run(["ffmpeg", "-v", "error", "-i", clip, "-ac", "1", "-ar", "8000", "-f", "f32le", "-"],
                         capture_output=True, check=True).stdout
    x = np.abs(np.frombuffer(pcm, np.float32))
    env = np.array([x[i:i + 80].max() for i in range(0, len(x) - 80, 80)])  # 10 ms frames
    loud = np.flatnonzero(env > 0.5 * env.max()) / 100.0
    starts = [t for i, t in enumerate(loud) if i == 0 or t - loud[i - 1] > 0.1]
    assert len(starts) == 2 and all(abs(a - b) < 0.05 for a, b in zip(starts, e["onsets"]))

    h = [hashlib.sha256(open(os.path.join(o, "s01.mp4"), "rb").read()).hexdigest() for o in (out1, out2)]
    assert h[0] == h[1]


def test_rejects_onsets_outside_the_cut_and_missing_sources(tmp_path):
    with pytest.raises(build_realset.RecipeError, match="outside"):
        build_realset.load_recipe(recipe(tmp_path, onsets=[3.0]))
    assert build_realset.main(["--recipe", recipe(tmp_path), "--out", str(tmp_path / "o"), "--sources", str(tmp_path / "none")]) == 1


def test_the_committed_real_dev2_recipe_is_well_formed():
    r = build_realset.load_recipe(os.path.join(ROOT, "eval-sets", "real-dev2", "recipe.json"))
    assert 8 <= len(r["clips"]) <= 12 and r.get("evaluation_only") is True
    for c in r["clips"]:
        assert len(c["source_commit"]) == 40 and c["onsets"] and c["onsets_check"]["changes"]
        assert "CondFoleyGen" not in c["source_repo"] and "FoleyCrafter" not in c["source_repo"]
