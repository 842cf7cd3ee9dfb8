"""Rebuild a bundle's training checkpoints from its ONNX graphs, so a shipped bundle can be fine-tuned when the run
folder that produced it is gone (the repository keeps bundles, never checkpoints).

    python3 -m a2s_models.export.recover --bundle bundles/default --config configs/default.json --out runs/v3

Writes ldm.pt, vocoder.pt, avsim.pt, classifier.pt and ldm_noaudio.pt (where the bundle has the graphs) in the
format of Run.save_final. This works because graphs.export_graph exports without constant folding: every ONNX
initializer keeps its parameter's state_dict name (prefixed by the wrapper's attribute, e.g. `unet.` or `m.`).
Buffers that are not initializers (the mel front end's filterbank, computed from the config) come from the freshly
built module; any *parameter* left unfilled is an error, so a renamed layer cannot slip through as random weights.
"""
import argparse
import json
import os

import onnx
import torch
from onnx import numpy_helper

from ..nets import build_avsim, build_classifier, build_ldm, build_vocoder


def initializers(path):
    """name -> float tensor of every initializer of an ONNX graph."""
    return {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in onnx.load(path).graph.initializer}


def fill(module, sources, training_only=()):
    """Load module's state from [(graph path, name prefix in the graph, prefix in module)]; returns the keys set.
    training_only: parameters no exported graph uses (they keep their initial value)."""
    sd = module.state_dict()
    done = set()
    for path, graph_prefix, module_prefix in sources:
        for name, value in initializers(path).items():
            if not name.startswith(graph_prefix):
                continue
            key = module_prefix + name[len(graph_prefix):]
            if key in sd and sd[key].shape == value.shape:
                sd[key] = value.to(sd[key].dtype)
                done.add(key)
    params = {k for k, _ in module.named_parameters()}
    new = module.new_parameter_prefixes() if hasattr(module, "new_parameter_prefixes") else ()
    # zero-initialised modules newer than the bundle stay neutral (a config that adds them to an older bundle)
    missing = sorted(k for k in params - done - set(training_only) if not k.startswith(new))
    if missing:
        raise SystemExit(f"recover: {len(missing)} parameters not found in the graphs, e.g. {missing[:5]}")
    module.load_state_dict(sd)
    return done


def save(out, name, kind, cfg, module, extra=None):
    torch.save({"kind": kind, "config": cfg, "model": module.state_dict(), **(extra or {})}, os.path.join(out, name))


def recover(bundle, cfg, out):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(bundle, "manifest.json")) as f:
        man = json.load(f)
    tr = man.get("training", {})
    g = lambda key: os.path.join(bundle, man["graphs"][key]["file"])  # noqa: E731
    have = lambda key: key in man["graphs"]  # noqa: E731
    written = []

    ldm = build_ldm(cfg)
    fill(ldm, [(g("videoEncoder"), "video.", "video."), (g("audioCondition"), "enc.", "audio_cond."),
               (g("denoiser"), "unet.", "unet."), (g("decoder"), "normalizer.", "normalizer.")])
    ldm.sync_normalizers()
    save(out, "ldm.pt", "ldm", cfg, ldm, tr.get("ldm"))
    written.append("ldm.pt")
    if have("ablationDenoiser") and have("ablationVideoEncoder"):
        ab = build_ldm(cfg)
        # the ablation never reads its audio condition; its normaliser is the main LDM's (export checks that)
        fill(ab.audio_cond, [(g("audioCondition"), "enc.", "")])
        fill(ab, [(g("ablationVideoEncoder"), "video.", "video."), (g("ablationDenoiser"), "unet.", "unet."),
                  (g("decoder"), "normalizer.", "normalizer."), (g("audioCondition"), "enc.", "audio_cond.")])
        ab.sync_normalizers()
        save(out, "ldm_noaudio.pt", "ldm", cfg, ab, tr.get("ldmNoAudio"))
        written.append("ldm_noaudio.pt")
    if have("vocoder") and "vocoder" in tr:  # a Griffin-Lim-only bundle has no trained vocoder to recover
        voc = build_vocoder(cfg)
        fill(voc, [(g("vocoder"), "m.", "")])
        save(out, "vocoder.pt", "vocoder", cfg, voc, tr.get("vocoder"))
        written.append("vocoder.pt")
    if have("avsimVideo") and have("avsimAudio"):
        av = build_avsim(cfg)
        fill(av, [(g("avsimVideo"), "m.", "video."), (g("avsimAudio"), "m.", "audio.")],
             training_only=("logit_scale",))  # the InfoNCE temperature: training only
        save(out, "avsim.pt", "avsim", cfg, av, {k: v for k, v in (tr.get("avsim") or {}).items() if k != "step"}
             | {"step": (tr.get("avsim") or {}).get("step")})
        written.append("avsim.pt")
    if have("classifier") and man.get("classes"):
        cl = build_classifier(cfg, len(man["classes"]))
        fill(cl, [(g("classifier"), "", "")])
        save(out, "classifier.pt", "classifier", cfg, cl, {"classes": man["classes"], **(tr.get("classifier") or {})})
        written.append("classifier.pt")
    return written


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bundle", required=True)
    ap.add_argument("--config", required=True, help="the config the bundle was exported with (configs/*.json)")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    with open(a.config) as f:
        cfg = json.load(f)
    print(json.dumps({"out": a.out, "written": recover(a.bundle, cfg, a.out)}))


if __name__ == "__main__":
    main()
