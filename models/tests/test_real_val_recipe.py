"""real-val: the committed selection-set recipe stays well formed and stays apart from the report sets, and its
subset helper (figures for the first ten clips vs the clips added later) averages the way `a2s eval` does."""
import importlib.util
import json
import os

from a2s_models.eval import build_realset

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SETS = os.path.join(ROOT, "eval-sets")
# real-dev has no recipe (its manifest lives in /work/shared, outside the repository): its three sources by name.
REAL_DEV_SOURCES = ("v-iashin/SpecVQGAN", "luosiallen/Diff-Foley", "OpenNLPLab/AVSBench")
BANNED = ("CondFoleyGen", "FoleyCrafter", "greatest", "AVSync")


def test_the_committed_real_val_recipe_is_well_formed_and_disjoint_from_the_report_sets():
    r = build_realset.load_recipe(os.path.join(SETS, "real-val", "recipe.json"))
    assert r.get("evaluation_only") is True
    dev2 = {c["source_repo"] for c in build_realset.load_recipe(os.path.join(SETS, "real-dev2", "recipe.json"))["clips"]}
    for c in r["clips"]:
        assert c["training_use"] is False
        assert len(c["source_commit"]) == 40 and c["onsets"] and c["licence"]
        assert c["onsets_check"]["changes"] and "proposals" in c["onsets_check"]
        assert c["source_repo"] not in dev2 and c["source_repo"] not in REAL_DEV_SOURCES
        assert not any(b.lower() in (c["source_repo"] + c["source_path"]).lower() for b in BANNED)
        assert 2.99 <= c["end"] - c["start"] <= 6.01  # the 3-6 s asked for (float cut times)


def load_subsets():
    spec = importlib.util.spec_from_file_location("subsets", os.path.join(SETS, "real-val", "subsets.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_subsets_average_per_clip_scores_over_the_chosen_ids(tmp_path, capsys):
    def clip(cid, f1, floor):
        m = {"onsetF1": f1, "onsetPrecision": f1, "onsetRecall": f1}
        return {"id": cid, "referenceOnsets": 2, "floorOnsetF1": floor, "methods": {"motion-baseline": m}}
    path = tmp_path / "eval.json"
    path.write_text(json.dumps({"perClip": [clip("v09", 0.2, 0.1), clip("v10", 0.4, 0.3), clip("v11", 1.0, 0.5)]}))
    assert load_subsets().main([str(path), "v01-v10", "v11-v11", "all"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "== v01-v10: 2 clips, 4 reference onsets" in out
    assert any(line.strip().startswith("motion-baseline") and "F1 0.300" in line for line in out)  # (0.2 + 0.4) / 2
    assert any(line.strip().startswith("random floor") and "F1 0.500" in line for line in out)  # v11 alone
    assert load_subsets().main([str(path), "v20-v30"]) == 1
