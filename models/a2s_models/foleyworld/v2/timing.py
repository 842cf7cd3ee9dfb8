"""Source frame rate and the engine's frame pick ("left" sampling).

The engine decodes a clip at its own frame rate and picks model frame k at time k*seconds/frames as the last
source frame at or before that time; a 25 fps source therefore repeats frames (zero difference) and a 15 fps
source repeats almost every other one. The generator renders at a source rate and picks frames the same way.
"""
import numpy as np

# Common camera/phone/web rates carry most of the weight; the rest is uniform over 15–60 fps.
_COMMON = np.array([24.0, 25.0, 30.0, 29.97, 23.976, 50.0, 60.0, 59.94, 15.0, 20.0], np.float64)
_COMMON_P = np.array([0.2, 0.2, 0.25, 0.08, 0.05, 0.06, 0.08, 0.03, 0.03, 0.02])


def sample_fps(rng):
    """A source frame rate in [15, 60]: 80 % a common rate, 20 % any rate."""
    if rng.random() < 0.8:
        return float(rng.choice(_COMMON, p=_COMMON_P / _COMMON_P.sum()))
    return float(rng.uniform(15.0, 60.0))


def source_times(fps, seconds, phase=0.0):
    """Times of the source frames shown in a window [0, seconds): the first is at -phase/fps <= 0 (a window starts
    anywhere between two source frames), the last before `seconds`."""
    n = int(np.ceil(seconds * fps + phase - 1e-9))
    return (np.arange(max(n, 1)) - phase) / fps


def pick_left(src_times, frames, seconds):
    """Index into src_times of the frame each model frame shows: the last source frame at or before k*seconds/frames."""
    model_t = np.arange(frames) * (seconds / frames)
    idx = np.searchsorted(src_times, model_t + 1e-9, side="right") - 1
    return np.clip(idx, 0, len(src_times) - 1)
