"""ONNX graph wrappers with the exact input/output names of models/SPEC.md, and the exporter."""
import torch
import torch.nn as nn


class VideoEncoderGraph(nn.Module):
    def __init__(self, ldm):
        super().__init__()
        self.video = ldm.video

    def forward(self, frames):
        tokens, logits = self.video(frames)
        return tokens, torch.sigmoid(logits)


class AudioConditionGraph(nn.Module):
    def __init__(self, ldm):
        super().__init__()
        self.enc = ldm.audio_cond

    def forward(self, wave):
        return self.enc(wave)


class DenoiserGraph(nn.Module):
    def __init__(self, ldm):
        super().__init__()
        self.unet = ldm.unet

    def forward(self, latent, t, context, onsetEnvelope):  # noqa: N803 (contract name)
        return self.unet(latent, t, context, onsetEnvelope)


class DecoderGraph(nn.Module):
    def __init__(self, ldm):
        super().__init__()
        self.normalizer = ldm.normalizer

    def forward(self, latent):
        return self.normalizer.inverse(latent)


class Passthrough(nn.Module):
    """vocoder / avsim towers / classifier already have the graph signature."""

    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, x):
        return self.m(x)


def graph_specs(cfg, ldm, vocoder, griffinlim, avsim, classifier=None, ablation=None):
    """(key, file, module, {input: shape}, [outputs]) for every graph of a bundle. `ablation`: the LDM trained
    without an audio condition, whose video encoder and denoiser `a2s eval` samples its av-ldm-nocond row with."""
    a, v, ctx = cfg["audio"], cfg["video"], cfg["context"]
    m, s = a["mel"], a["clipSamples"]
    lat = [m["nMels"], m["frames"]]
    specs = [
        ("videoEncoder", "video_encoder.onnx", VideoEncoderGraph(ldm),
         {"frames": [v["frames"], 3, v["height"], v["width"]]}, ["tokens", "onsets"]),
        ("audioCondition", "audio_condition.onnx", AudioConditionGraph(ldm), {"wave": [s]}, ["tokens"]),
        ("denoiser", "denoiser.onnx", DenoiserGraph(ldm),
         {"latent": lat, "t": [], "context": [ctx["video"] + ctx["audio"], ctx["dim"]], "onsetEnvelope": [m["frames"]]},
         ["eps"]),
        ("decoder", "decoder.onnx", DecoderGraph(ldm), {"latent": lat}, ["mel"]),
        ("vocoder", "vocoder.onnx", Passthrough(vocoder if vocoder is not None else griffinlim), {"mel": lat}, ["wave"]),
        ("vocoderGriffinLim", "vocoder_griffinlim.onnx", Passthrough(griffinlim), {"mel": lat}, ["wave"]),
        ("avsimVideo", "avsim_video.onnx", Passthrough(avsim.video),
         {"frames": [v["frames"], 3, v["height"], v["width"]]}, ["embedding"]),
        ("avsimAudio", "avsim_audio.onnx", Passthrough(avsim.audio), {"wave": [s]}, ["embedding"]),
    ]
    if classifier is not None:
        specs.append(("classifier", "classifier.onnx", classifier, {"wave": [s]}, ["logits", "embedding"]))
    if ablation is not None:
        specs += [("ablationVideoEncoder", "ablation_video_encoder.onnx", VideoEncoderGraph(ablation)) + specs[0][3:],
                  ("ablationDenoiser", "ablation_denoiser.onnx", DenoiserGraph(ablation)) + specs[2][3:]]
    return specs


def example_inputs(shapes: dict, batch: int, gen: torch.Generator):
    out = {}
    for name, shp in shapes.items():
        if name == "t":
            out[name] = torch.randint(0, 1000, (batch,), generator=gen).float()
        elif name == "wave":
            out[name] = torch.randn(batch, *shp, generator=gen) * 0.1
        elif name == "onsetEnvelope":
            out[name] = (torch.rand(batch, *shp, generator=gen) > 0.95).float()
        elif name == "mel":
            out[name] = torch.randn(batch, *shp, generator=gen) * 2 - 6
        else:
            out[name] = torch.randn(batch, *shp, generator=gen)
    return out


def export_graph(module, inputs: dict, outputs: list, path: str, external_data=False):
    module.eval()
    dyn = {n: {0: "B"} for n in list(inputs) + outputs}
    with torch.no_grad():
        torch.onnx.export(module, tuple(inputs.values()), path, input_names=list(inputs), output_names=outputs,
                          dynamic_axes=dyn, opset_version=17, do_constant_folding=False)
    if external_data:
        import onnx
        model = onnx.load(path)
        onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=path.split("/")[-1] + ".data", size_threshold=1024)
