"""Networks. Builders take the JSON config (models/configs/*.json)."""
from .avsim import AVSim, AVSimAudio, AVSimVideo
from .classifier import AudioClassifier
from .griffinlim import GriffinLim
from .ldm import AVLDM, count_params
from .mel import MelFrontEnd, MelNormalizer
from .vocoder import HiFiGANGenerator


def build_ldm(cfg):
    return AVLDM(cfg)


def load_state(net, state):
    """load_state_dict that accepts a file older than the net by the modules the net declares new (zero-initialised,
    so neutral: nets.unet envelope path); any other missing or unexpected key is an error. Returns the new keys."""
    new = net.new_parameter_prefixes() if hasattr(net, "new_parameter_prefixes") else ()
    missing, unexpected = net.load_state_dict(state, strict=False)
    bad = [k for k in missing if not k.startswith(new)] + list(unexpected)
    if bad:
        raise SystemExit(f"weights do not match the network: {bad[:5]}")
    return missing


def build_vocoder(cfg):
    v = cfg["nets"]["vocoder"]
    return HiFiGANGenerator(cfg["audio"]["mel"]["nMels"], v["initial"], v["rates"], v["kernels"], v["resKernels"],
                            v["resDilations"])


def build_griffinlim(cfg):
    return GriffinLim(MelFrontEnd.from_config(cfg["audio"]), cfg["nets"].get("griffinLim", {}).get("iters", 32))


def build_avsim(cfg):
    s = cfg["nets"]["avsim"]
    return AVSim(AVSimVideo(s["videoChannels"], s["hidden"], s["dim"], s.get("light", False)),
                 AVSimAudio(MelFrontEnd.from_config(cfg["audio"]), cfg["audio"]["mel"]["nMels"], s["hidden"], s["dim"]))


def build_classifier(cfg, classes):
    c = cfg["nets"]["classifier"]
    return AudioClassifier(MelFrontEnd.from_config(cfg["audio"]), cfg["audio"]["mel"]["nMels"], c["hidden"], c["dim"],
                           classes)
