"""A small synthetic stand-in for FoleyWorldClips with the same sample(rng) interface (tests, CPU dry runs):
a square moves down and touches the floor at each click; clicks are class-coloured noise bursts over a noise bed."""
import numpy as np

SR, S, T, HW, L, HOP = 16000, 32768, 64, 48, 128, 256
N_CLASSES = 3


class SyntheticClips:
    action_classes = ["thud", "click", "hiss"]

    def __init__(self, pack_path=None, split="train", seed=0):
        self.split, self.seed = split, seed

    def _events(self, rng, n_max=3):
        n = int(rng.integers(1, n_max + 1))
        times = np.sort(rng.uniform(0.15, 1.9, n))
        keep = [times[0]] + [t for a, t in zip(times, times[1:]) if t - a > 0.25]
        return list(keep)

    def _audio(self, rng, times, cls, bed_amp, bed_color):
        t = np.arange(S) / SR
        bed = rng.standard_normal(S).astype(np.float32)
        bed = np.convolve(bed, np.ones(bed_color) / bed_color, mode="same") * bed_amp
        wave = bed.copy()
        for ev in times:
            i = int(ev * SR)
            n = min(2400, S - i)
            burst = rng.standard_normal(n) * np.exp(-np.arange(n) / (200 + 300 * cls))
            if cls == 0:
                burst = np.convolve(burst, np.ones(8) / 8, mode="same") * 2
            elif cls == 1:
                burst = np.diff(burst, prepend=0)
            wave[i: i + n] += 0.5 * burst
        del t
        return np.clip(wave, -1, 1).astype(np.float32)

    def _frames(self, times):
        frames = np.full((T, HW, HW, 3), 40, np.uint8)
        frames[:, 40:, :, :] = 120  # floor
        for i in range(T):
            ti = i * (S / SR) / T
            # height above the floor: 0 at an event, rising to 30 px between events
            d = min([abs(ti - e) for e in times] + [1.0])
            y = int(np.clip(36 - 30 * min(d / 0.4, 1.0), 0, 36))
            frames[i, y: y + 4, 20:28] = (230, 200, 60)
        return frames

    def sample(self, rng):
        times = self._events(rng)
        cond_times = self._events(rng)
        cls = int(rng.integers(0, N_CLASSES))
        bed_db = float(rng.uniform(-60, -20))
        amp = 10 ** (bed_db / 20) * 3
        color = int(rng.integers(1, 6))
        onsets = np.zeros(L, np.float32)
        for e in times:
            onsets[min(L - 1, int(np.floor(e * SR / HOP)))] = 1.0
        return {"frames": self._frames(times), "wave": self._audio(rng, times, cls, amp, color),
                "cond_wave": self._audio(rng, cond_times, cls, amp, color), "onsets": onsets,
                "events": [(float(e), cls) for e in times], "action_class": cls, "ambience_class": color - 1,
                "scene": 0, "bed_db": bed_db}
