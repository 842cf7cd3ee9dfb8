"""Export a bundle: ONNX graphs + manifest.json ("a2s-bundle/1") + LICENSE + CARD.md, then verify every graph.

python3 -m a2s_models.export.bundle --ckpt-dir DIR --out bundles/NAME [--id ID] [--fixtures fixtures/parity]
python3 -m a2s_models.export.bundle --random --config configs/tiny.json --out bundles/tiny --fixtures fixtures/parity
DIR holds final checkpoints written by the trainers: ldm.pt (required unless --random), vocoder.pt, avsim.pt,
classifier.pt, ldm_noaudio.pt (each optional; Griffin-Lim is the vocoder when vocoder.pt is missing; ldm_noaudio.pt,
the ablation trained without an audio condition, adds the ablation* graphs that `a2s eval` uses for av-ldm-nocond).
"""
import argparse
import hashlib
import json
import os
import shutil
import sys

import torch

from ..nets import build_avsim, build_classifier, build_griffinlim, build_ldm, build_vocoder, load_state
from .graphs import export_graph, example_inputs, graph_specs
from .verify import verify

LICENSE_TEXT = """Action2Sound Studio model bundle.
Networks: Apache-2.0 (this repository). Weights trained on the Foley World procedural set, built from recordings
in Debian packages (openclonk-data CC-BY-3.0/CC0, 0ad-data CC-BY-SA-3.0, redeclipse-data, minetest-data): see the
data pack's per-clip licence list. Weights are distributed under CC-BY-SA-3.0 to honour the share-alike sources.
"""


def load_ckpt(path):
    return torch.load(path, map_location="cpu", weights_only=False) if path and os.path.exists(path) else None


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def shape_str(shape):
    return "[" + ",".join(["B"] + [str(s) for s in shape]) + "] f32"


def build_models(cfg, ckpt_dir=None, random_init=False, seed=0):
    torch.manual_seed(seed)
    ldm, avsim, gl = build_ldm(cfg), build_avsim(cfg), build_griffinlim(cfg)
    vocoder, classifier, classes, info = None, None, None, {}
    ck = (lambda n: load_ckpt(os.path.join(ckpt_dir, n))) if ckpt_dir else (lambda n: None)
    c = ck("ldm.pt")
    if c is None and not random_init:
        raise SystemExit("ldm.pt missing in --ckpt-dir (use --random for a random bundle)")
    if c is not None:
        ldm.load_state_dict(c["model"])
        info["ldm"] = {"step": c.get("step"), "samples": c.get("samples")}
    elif random_init:  # the zero-initialised output conv would make a random denoiser output exactly 0
        torch.nn.init.normal_(ldm.unet.out.weight, std=0.05)
    ldm.sync_normalizers()
    c = ck("vocoder.pt")
    if c is not None or random_init:
        vocoder = build_vocoder(cfg)
        if c is not None:
            vocoder.load_state_dict(c["model"])
            info["vocoder"] = {"step": c.get("step")}
    c = ck("avsim.pt")
    if c is not None:
        avsim.load_state_dict(c["model"])
        info["avsim"] = {"step": c.get("step")} | ({"light": c["light"]} if "light" in c else {})
    else:
        # An untrained tower has an unfitted normaliser: borrow the LDM's. A trained one keeps the normaliser it was
        # trained with (overwriting it shifted every mel bin by up to 0.16 std in the v1 bundle).
        avsim.audio.normalizer.load_state_dict(ldm.normalizer.state_dict())
    c = ck("classifier.pt")
    if c is not None:
        classes = c["classes"]
        classifier = build_classifier(cfg, len(classes))
        classifier.load_state_dict(c["model"])
        info["classifier"] = {"step": c.get("step")}
    return ldm, vocoder, gl, avsim, classifier, classes, info


def build_ablation(cfg, ckpt_dir, ldm):
    """The no-audio-condition LDM of ckpt_dir (or None). It shares the bundle's decoder, so its latent normaliser
    must be the main LDM's."""
    c = load_ckpt(os.path.join(ckpt_dir, "ldm_noaudio.pt")) if ckpt_dir else None
    if c is None:
        return None, None
    ab = build_ldm(cfg)
    load_state(ab, {k: v.float() if v.is_floating_point() else v for k, v in c["model"].items()})
    ab.sync_normalizers()
    for (k, a), (_, b) in zip(ldm.normalizer.state_dict().items(), ab.normalizer.state_dict().items()):
        if not torch.allclose(a.float(), b.float(), atol=1e-4):
            raise SystemExit(f"ldm_noaudio.pt has another latent normaliser ({k}) than ldm.pt: it cannot share the decoder")
    return ab, {"step": c.get("step"), "samples": c.get("samples")}


def manifest(cfg, bid, specs, files_dir, description, classes, info):
    a = cfg["audio"]
    graphs = {}
    for key, file, _, shapes, outputs in specs:
        out_shapes = {"videoEncoder": {"tokens": f"[B,{cfg['context']['video']},{cfg['context']['dim']}]",
                                       "onsets": f"[B,{a['mel']['frames']}]"},
                      "audioCondition": {"tokens": f"[B,{cfg['context']['audio']},{cfg['context']['dim']}]"},
                      "denoiser": {"eps": f"[B,{a['mel']['nMels']},{a['mel']['frames']}]"},
                      "decoder": {"mel": f"[B,{a['mel']['nMels']},{a['mel']['frames']}]"},
                      "vocoder": {"wave": f"[B,{a['clipSamples']}]"},
                      "vocoderGriffinLim": {"wave": f"[B,{a['clipSamples']}]"},
                      "avsimVideo": {"embedding": f"[B,{cfg['nets']['avsim']['dim']}]"},
                      "avsimAudio": {"embedding": f"[B,{cfg['nets']['avsim']['dim']}]"},
                      "classifier": {"logits": f"[B,{len(classes or [])}]",
                                     "embedding": f"[B,{cfg['nets']['classifier']['dim']}]"}}
        out_shapes["ablationVideoEncoder"], out_shapes["ablationDenoiser"] = out_shapes["videoEncoder"], out_shapes["denoiser"]
        out_shapes = out_shapes[key]
        graphs[key] = {"file": file, "inputs": {k: shape_str(v) for k, v in shapes.items()}, "outputs": out_shapes}
    files = sorted([f for f in os.listdir(files_dir) if f.endswith(".onnx") or f.endswith(".data")])
    d = cfg["diffusion"]
    return {
        "format": "a2s-bundle/1", "id": bid, "license": "CC-BY-SA-3.0 (weights); Apache-2.0 (code)",
        "description": description,
        "audio": {"sampleRate": a["sampleRate"], "clipSeconds": a["clipSeconds"], "clipSamples": a["clipSamples"],
                  "mel": dict(a["mel"], log="natural log of mel power, floor 1e-5")},
        "video": dict(cfg["video"], layout="[B,T,3,H,W] float32 RGB, (x/255 - mean)/std, T frames uniform over the clip"),
        "latent": {"shape": cfg["latent"]["shape"], "scale": cfg["latent"]["scale"],
                   "kind": "normalised log-mel; decoder = affine de-normalisation"},
        "diffusion": {k: d[k] for k in ("trainSteps", "betaSchedule", "betaStart", "betaEnd", "prediction", "sampler",
                                        "steps", "guidance")}
                     | ({"guidanceInterval": d["guidanceInterval"]} if "guidanceInterval" in d else {})
                     | {"timestepSpacing": "linspace",
                                                                 "unconditional": "zero context and zero onsetEnvelope"},
        "context": cfg["context"],
        "onsets": {"frames": a["mel"]["frames"], "hop": a["mel"]["hop"],
                   "envelope": "1.0 at latent frame floor(time_s*sampleRate/hop) of each onset, else 0"},
        "graphs": graphs,
        "classes": classes,
        "training": info,
        "sha256": {f: sha256(os.path.join(files_dir, f)) for f in files},
        "bytes": {f: os.path.getsize(os.path.join(files_dir, f)) for f in files},
    }


def card(cfg, bid, info, results):
    lines = [f"# {bid}", "", "Action2Sound AV-LDM bundle (mel latent, 1D UNet denoiser with time-aligned video path "
             "and timing head). See models/README.md.", "",
             f"- config: {cfg['name']}", f"- training: {json.dumps(info)}", "", "## ONNX parity (max abs diff vs PyTorch)"]
    for r in results or []:
        lines.append(f"- {r['graph']}: {r['maxAbsDiff']} {'ok' if r['ok'] else 'FAIL'}")
    if results is None:
        lines.append("- not verified: no onnxruntime (python) or onnxruntime-node found")
    return "\n".join(lines) + "\n"


def export_bundle(cfg, out, ckpt_dir=None, random_init=False, bid=None, description=None, verify_graphs=True,
                  fixtures=None, external_data=False, seed=0):
    os.makedirs(out, exist_ok=True)
    ldm, vocoder, gl, avsim, classifier, classes, info = build_models(cfg, ckpt_dir, random_init, seed)
    ablation, ablation_info = build_ablation(cfg, ckpt_dir, ldm)
    if ablation_info:
        info["ldmNoAudio"] = ablation_info
    specs = graph_specs(cfg, ldm, vocoder, gl, avsim, classifier, ablation)
    gen = torch.Generator().manual_seed(1)
    for key, file, module, shapes, outputs in specs:
        export_graph(module, example_inputs(shapes, 2, gen), outputs, os.path.join(out, file), external_data)
    results = verify(out, specs) if verify_graphs else None
    bid = bid or f"{cfg['name']}-foleyworld-v1"
    desc = description or ("random weights: structure test bundle" if random_init else "trained on Foley World")
    with open(os.path.join(out, "LICENSE"), "w") as f:
        f.write(LICENSE_TEXT)
    with open(os.path.join(out, "CARD.md"), "w") as f:
        f.write(card(cfg, bid, info, results))
    man = manifest(cfg, bid, specs, out, desc, classes, info)
    man["sha256"].update({n: sha256(os.path.join(out, n)) for n in ("LICENSE", "CARD.md")})
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(man, f, indent=2)
    if fixtures:
        from .parity import write_parity
        write_parity(cfg, ldm, vocoder or gl, fixtures, bundle_id=bid)
    return man, results


def copy_conditions(src, out):
    """The pool's embeddings come from avsim_audio.onnx: copy only when it is byte-identical in both bundles."""
    with open(os.path.join(src, "manifest.json")) as f:
        smf = json.load(f)
    mpath = os.path.join(out, "manifest.json")
    with open(mpath) as f:
        man = json.load(f)
    tower = smf["graphs"]["avsimAudio"]["file"]
    if smf["sha256"].get(tower) != man["sha256"].get(tower):
        raise SystemExit(f"--conditions-from {src}: its {tower} differs, so its pool embeddings do not fit; "
                         "run export/pool.py and scripts/pool_embed.mjs instead")
    dst = os.path.join(out, "conditions")
    if os.path.exists(dst):
        shutil.rmtree(dst)
    shutil.copytree(os.path.join(src, "conditions"), dst)
    man["conditions"] = smf["conditions"]
    tmp = mpath + ".tmp"
    with open(tmp, "w") as f:
        json.dump(man, f, indent=2)
    os.replace(tmp, mpath)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt-dir")
    ap.add_argument("--config", help="default: the config stored in ldm.pt")
    ap.add_argument("--out", required=True)
    ap.add_argument("--id")
    ap.add_argument("--random", action="store_true")
    ap.add_argument("--fixtures")
    ap.add_argument("--no-verify", action="store_true")
    ap.add_argument("--external-data", action="store_true")
    ap.add_argument("--conditions-from", help="copy this bundle's conditioning clips (pool + low clip, export/pool.py) "
                                              "when the retrieval towers are unchanged")
    a = ap.parse_args(argv)
    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    if a.config:
        with open(a.config) as f:
            cfg = json.load(f)
    else:
        cfg = load_ckpt(os.path.join(a.ckpt_dir, "ldm.pt"))["config"]
    man, results = export_bundle(cfg, a.out, a.ckpt_dir, a.random, a.id, verify_graphs=not a.no_verify,
                                 fixtures=a.fixtures, external_data=a.external_data)
    if a.conditions_from:
        copy_conditions(a.conditions_from, a.out)
    print(json.dumps({"bundle": a.out, "files": man["bytes"], "verify": results}, indent=1))
    if results is not None and not all(r["ok"] for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
