"""Networks. Builders take the JSON config (models/configs/*.json)."""
from .avsim import AVSim, AVSimAudio, AVSimVideo
from .classifier import AudioClassifier
from .griffinlim import GriffinLim
from .ldm import AVLDM, count_params
from .mel import MelFrontEnd, MelNormalizer
from .vocoder import HiFiGANGenerator


def build_ldm(cfg):
    return AVLDM(cfg)


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
