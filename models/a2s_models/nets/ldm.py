"""AV-LDM container: mel latent (normalised log-mel, decoder = affine de-normalisation), video encoder with timing
head, audio-condition encoder, 1D UNet denoiser."""
import torch
import torch.nn as nn

from .audio_cond import AudioConditionEncoder
from .mel import MelFrontEnd, MelNormalizer
from .unet1d import UNet1D
from .video import VideoEncoder


class AVLDM(nn.Module):
    def __init__(self, cfg: dict):
        super().__init__()
        a, ctx, n = cfg["audio"], cfg["context"], cfg["nets"]
        m = a["mel"]
        self.cfg = cfg
        self.mel = MelFrontEnd.from_config(a)
        self.normalizer = MelNormalizer(m["nMels"])
        self.video = VideoEncoder(n["video"]["channels"], ctx["dim"], m["frames"], n["video"].get("temporalKernel", 5),
                                  n["video"].get("headHidden", 64))
        self.audio_cond = AudioConditionEncoder(MelFrontEnd.from_config(a), m["nMels"], m["frames"], ctx["audio"],
                                                ctx["dim"], n["audioCond"]["hidden"])
        u = n["unet"]
        self.unet = UNet1D(m["nMels"], u["channels"], u["attnLevels"], u["heads"], ctx["dim"], ctx["video"],
                           u["alignedDim"], u["tembDim"], m["frames"], u.get("blocksPerLevel", 1),
                           u.get("envelopePath", 0))

    def sync_normalizers(self):
        """The audio-condition encoder uses the same mel statistics as the latent."""
        self.audio_cond.normalizer.load_state_dict(self.normalizer.state_dict())

    def new_parameter_prefixes(self):
        return tuple("unet." + p for p in self.unet.new_parameter_prefixes())

    def encode_audio(self, wave):
        return self.normalizer(self.mel(wave))

    def decode(self, latent):
        return self.normalizer.inverse(latent)

    def context(self, frames, cond_wave):
        vt, logits = self.video(frames)
        at = self.audio_cond(cond_wave)
        return vt, at, logits


def count_params(m: nn.Module) -> int:
    return sum(p.numel() for p in m.parameters())
