"""Convert the official AV-LDM release to a bundle (graphs at the paper's shapes, manifest "a2s-bundle/1").

python3 -m a2s_models.convert.official --ldm av-ldm.ckpt --hifigan g_hifigan.pt --avsim av-sim.ckpt \
    --out bundles/paper [--config configs/paper.json] [--fp16] [--ema] [--no-verify]

Key names/shapes expected: a2s_models/convert/official_keys.json (see keyspec.py). The UNet is 3.4 GB in fp32, so
graphs above 2 GB are written with external data (`denoiser.onnx.data`); --fp16 stores weights as float16 with
Cast nodes (compute stays float32, half the size).
"""
import argparse
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

from ..export.bundle import LICENSE_TEXT, sha256
from ..export.graphs import example_inputs, export_graph
from ..export.verify import verify
from ..nets.mel import MelFrontEnd
from .official_nets import official_modules


def fold_weight_norm(sd: dict) -> dict:
    """weight = g * v / ||v|| (norm over all dims but 0: torch weight_norm(dim=0))."""
    out = {}
    for k, v in sd.items():
        if k.endswith("weight_g"):
            base = k[: -len("weight_g")]
            vv = sd[base + "weight_v"].float()
            norm = vv.reshape(vv.shape[0], -1).norm(dim=1).reshape([-1] + [1] * (vv.dim() - 1))
            out[base + "weight"] = v.float() * vv / norm
        elif not k.endswith("weight_v"):
            out[k] = v
    return out


def unwrap(ck):
    for key in ("state_dict", "generator", "model"):
        if isinstance(ck, dict) and key in ck and isinstance(ck[key], dict):
            inner = ck[key]
            return {("generator." + k if key == "generator" else k): v for k, v in inner.items()}
    return ck


def use_ema(sd: dict, prefix="model.diffusion_model.") -> dict:
    """CompVis LitEma stores model_ema.<name without dots>; copy those over the UNet weights."""
    ema = {k[len("model_ema."):]: v for k, v in sd.items() if k.startswith("model_ema.") and k != "model_ema.decay"
           and k != "model_ema.num_updates"}
    out = dict(sd)
    for k in sd:
        if k.startswith(prefix):
            flat = ("diffusion_model." + k[len(prefix):]).replace(".", "")
            if flat in ema:
                out[k] = ema[flat]
    return out


def load_into(parts: dict, sd: dict, report: dict, name: str):
    for prefix, module in parts.items():
        sub = {k[len(prefix):]: v.float() for k, v in sd.items() if k.startswith(prefix)}
        missing, unexpected = module.load_state_dict(sub, strict=False)
        report[name + ":" + (prefix or "*")] = {"loaded": len(sub) - len(unexpected), "missing": list(missing)[:20],
                                                "missingCount": len(missing), "unexpected": list(unexpected)[:20]}
        if missing:
            raise SystemExit(f"{name}: {len(missing)} keys missing under {prefix!r}, e.g. {list(missing)[:5]}")


class PaperMel(nn.Module):
    """wave -> log mel MAGNITUDE (HiFi-GAN convention: log(clamp(|X| mel, 1e-5))) [B,nMels,frames]."""

    def __init__(self, cfg):
        super().__init__()
        self.front = MelFrontEnd.from_config(cfg["audio"])
        self.frames = cfg["audio"]["mel"]["frames"]

    def forward(self, wave):
        hop = self.front.hop
        pad = (-wave.shape[-1]) % hop
        wave = F.pad(wave, (0, pad)) if pad else wave
        mag = torch.matmul(self.front.fb, torch.sqrt(self.front.power(wave) + 1e-9))
        return torch.log(torch.clamp(mag, min=1e-5))[..., : self.frames]


def to_image(logmel, o):
    x = (logmel - o["melMean"]) / o["melStd"]
    x = F.pad(x, (0, o["imageFrames"] - x.shape[-1]), value=-1.0)
    return x.unsqueeze(1).expand(x.shape[0], o["vae"]["imgCh"], x.shape[1], x.shape[2])


class VideoEncoderG(nn.Module):
    def __init__(self, cond):
        super().__init__()
        self.cond = cond

    def forward(self, frames):
        _, per_frame = self.cond.video_encoder(frames)
        return self.cond.video_proj(per_frame)


class AudioConditionG(nn.Module):
    def __init__(self, cfg, vae, cond):
        super().__init__()
        self.mel, self.vae, self.cond, self.o = PaperMel(cfg), vae, cond, cfg["official"]
        self.scale = cfg["latent"]["scale"]

    def forward(self, wave):
        z = self.vae.encode_mean(to_image(self.mel(wave), self.o)) * self.scale  # [B,4,16,24]
        b, c, h, w = z.shape
        return self.cond.audio_proj(z.permute(0, 3, 1, 2).reshape(b, w, c * h))


class DenoiserG(nn.Module):
    def __init__(self, unet):
        super().__init__()
        self.unet = unet

    def forward(self, latent, t, context):
        return self.unet(latent, t, context)


class DecoderG(nn.Module):
    def __init__(self, cfg, vae):
        super().__init__()
        self.vae, self.o, self.scale, self.frames = vae, cfg["official"], cfg["latent"]["scale"], cfg["audio"]["mel"]["frames"]

    def forward(self, latent):
        img = self.vae.decode(latent / self.scale).mean(1)
        return img[..., : self.frames] * self.o["melStd"] + self.o["melMean"]


class VocoderG(nn.Module):
    def __init__(self, cfg, gen):
        super().__init__()
        self.gen, self.s = gen, cfg["audio"]["clipSamples"]

    def forward(self, mel):
        return self.gen(mel)[:, : self.s]


class AVSimVideoG(nn.Module):
    def __init__(self, av):
        super().__init__()
        self.av = av

    def forward(self, frames):
        cls, _ = self.av.video_encoder(frames)
        return F.normalize(self.av.video_proj(cls), dim=-1)


class AVSimAudioG(nn.Module):
    def __init__(self, cfg, av):
        super().__init__()
        self.mel, self.av = PaperMel(cfg), av

    def forward(self, wave):
        m = self.mel(wave)
        return F.normalize(self.av.audio_mlp(torch.cat([m.mean(-1), m.std(-1)], -1)), dim=-1)


def to_fp16_initializers(path):
    """Store float32 initializers as float16 + Cast (keeps float32 compute)."""
    import numpy as np
    import onnx
    from onnx import helper, numpy_helper
    m = onnx.load(path)
    g = m.graph
    new_inits, casts = [], []
    for init in g.initializer:
        if init.data_type == onnx.TensorProto.FLOAT and np.prod(init.dims) >= 16:
            arr = numpy_helper.to_array(init).astype(np.float16)
            h = numpy_helper.from_array(arr, init.name + "_fp16")
            new_inits.append(h)
            casts.append(helper.make_node("Cast", [h.name], [init.name], to=onnx.TensorProto.FLOAT))
        else:
            new_inits.append(init)
    del g.initializer[:]
    g.initializer.extend(new_inits)
    nodes = list(g.node)
    del g.node[:]
    g.node.extend(casts + nodes)
    big = sum(i.ByteSize() for i in g.initializer) > 1.8e9
    onnx.save_model(m, path, save_as_external_data=big, all_tensors_to_one_file=True,
                    location=os.path.basename(path) + ".data")


def convert(cfg, ldm_path, hifigan_path, avsim_path, out, fp16=False, ema=False, verify_graphs=True, bid=None):
    o = cfg["official"]
    torch.manual_seed(0)
    mods = official_modules(o)
    report = {}
    load = lambda p: unwrap(torch.load(p, map_location="cpu", weights_only=False))  # noqa: E731
    sd = load(ldm_path)
    load_into(mods["ldm"], use_ema(sd) if ema else sd, report, "ldm")
    load_into(mods["hifigan"], fold_weight_norm(load(hifigan_path)), report, "hifigan")
    if avsim_path:
        load_into(mods["avsim"], load(avsim_path), report, "avsim")
    unet, vae, cond = (mods["ldm"][k] for k in ("model.diffusion_model.", "first_stage_model.", "cond_stage_model."))
    gen, av = mods["hifigan"]["generator."], mods["avsim"][""]
    a, v, ctx = cfg["audio"], cfg["video"], cfg["context"]
    s, lat, mel = a["clipSamples"], cfg["latent"]["shape"], [a["mel"]["nMels"], a["mel"]["frames"]]
    fr = [v["frames"], 3, v["height"], v["width"]]
    specs = [("videoEncoder", "video_encoder.onnx", VideoEncoderG(cond), {"frames": fr}, ["tokens"]),
             ("audioCondition", "audio_condition.onnx", AudioConditionG(cfg, vae, cond), {"wave": [s]}, ["tokens"]),
             ("denoiser", "denoiser.onnx", DenoiserG(unet),
              {"latent": lat, "t": [], "context": [ctx["video"] + ctx["audio"], ctx["dim"]]}, ["eps"]),
             ("decoder", "decoder.onnx", DecoderG(cfg, vae), {"latent": lat}, ["mel"]),
             ("vocoder", "vocoder.onnx", VocoderG(cfg, gen), {"mel": mel}, ["wave"])]
    if avsim_path:
        specs += [("avsimVideo", "avsim_video.onnx", AVSimVideoG(av), {"frames": fr}, ["embedding"]),
                  ("avsimAudio", "avsim_audio.onnx", AVSimAudioG(cfg, av), {"wave": [s]}, ["embedding"])]
    os.makedirs(out, exist_ok=True)
    gen_ = torch.Generator().manual_seed(1)
    for key, file, module, shapes, outputs in specs:
        nbytes = sum(p.numel() * 4 for p in module.parameters())
        path = os.path.join(out, file)
        export_graph(module, example_inputs(shapes, 1, gen_), outputs, path, external_data=nbytes > 1.8e9)
        if fp16:
            to_fp16_initializers(path)
    results = verify(out, specs, tol=1e-3 if fp16 else 1e-4, batch=1) if verify_graphs and not fp16 else None
    files = sorted(f for f in os.listdir(out) if f.endswith(".onnx") or f.endswith(".data"))
    d = cfg["diffusion"]
    man = {"format": "a2s-bundle/1", "id": bid or "av-ldm-official", "license": "see LICENSE (official weights)",
           "description": "Official AV-LDM release converted by a2s_models.convert.official",
           "audio": {**a, "mel": dict(a["mel"], log="natural log of mel magnitude (HiFi-GAN convention)")},
           "video": v, "latent": cfg["latent"], "context": ctx,
           "diffusion": {k: d[k] for k in ("trainSteps", "betaSchedule", "betaStart", "betaEnd", "prediction",
                                           "sampler", "steps", "guidance")} | {"timestepSpacing": "linspace",
                                                                               "unconditional": "zero context"},
           "graphs": {k: {"file": f, "inputs": {n: "[" + ",".join(["B"] + [str(x) for x in sh]) + "] f32"
                                                 for n, sh in shapes.items()}, "outputs": outs}
                      for k, f, _, shapes, outs in specs},
           "conversion": report, "weightsDtype": "float16" if fp16 else "float32",
           "sha256": {f: sha256(os.path.join(out, f)) for f in files},
           "bytes": {f: os.path.getsize(os.path.join(out, f)) for f in files}}
    with open(os.path.join(out, "LICENSE"), "w") as f:
        f.write("Converted from the official AV-LDM release (code Apache-2.0). The weights keep the licences of "
                "their sources (SD-v1.4: CreativeML OpenRAIL-M; AV-LDM/AV-Sim/HiFi-GAN: see their releases). "
                "Users download them themselves.\n" + LICENSE_TEXT)
    with open(os.path.join(out, "CARD.md"), "w") as f:
        f.write(f"# {man['id']}\n\nConverted official AV-LDM. Parity: {json.dumps(results)}\n")
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(man, f, indent=2)
    return man, results


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--ldm", required=True)
    ap.add_argument("--hifigan", required=True)
    ap.add_argument("--avsim")
    ap.add_argument("--out", required=True)
    ap.add_argument("--config", default=os.path.join(os.path.dirname(__file__), "..", "..", "configs", "paper.json"))
    ap.add_argument("--fp16", action="store_true")
    ap.add_argument("--ema", action="store_true")
    ap.add_argument("--no-verify", action="store_true")
    ap.add_argument("--id")
    a = ap.parse_args(argv)
    with open(a.config) as f:
        cfg = json.load(f)
    man, res = convert(cfg, a.ldm, a.hifigan, a.avsim, a.out, a.fp16, a.ema, not a.no_verify, a.id)
    print(json.dumps({"bundle": a.out, "bytes": man["bytes"], "verify": res}, indent=1))


if __name__ == "__main__":
    main()
