"""Proposes and checks reference onsets for a built real set (how real-dev2's references were made).

    /usr/bin/python3 models/eval-sets/real-dev2/check_onsets.py /work/data/real-dev2 [--only c01]

1. proposal: spectral flux (1024-pt Hann, 10 ms hop, 16 kHz mono of the encoded clip), peaks above
   median + 1.5 std, 80 ms minimum gap (real-dev's fixed-parameter detector rule);
2. check, independent of the flux: the RMS energy rise at each proposal (dB, 30 ms after vs 30 ms before) and
   the level relative to the clip's loud frames; proposals with a rise < 3 dB are printed as 'weak?' (possible false
   hit), energy rises >= 6 dB with no proposal within 80 ms as 'miss?'.
The final onsets in recipe.json are the proposals after a hand decision on every 'weak?'/'miss?' line (recorded
per clip in the recipe's onsets_check), so they are not just a detector's output.
"""
import json, os, subprocess, sys
import numpy as np

SR, HOP = 16000, 160


def audio(f):
    cmd = ['ffmpeg', '-v', 'error', '-i', f, '-ac', '1', '-ar', str(SR), '-f', 'f32le', '-']
    return np.frombuffer(subprocess.run(cmd, capture_output=True, check=True).stdout, np.float32)


def analyse(x, n=1024):
    fr = np.lib.stride_tricks.sliding_window_view(np.pad(x, (n // 2, n // 2)), n)[::HOP] * np.hanning(n)
    S = np.log1p(100 * np.abs(np.fft.rfft(fr, axis=1)))
    flux = np.maximum(0, np.diff(S, axis=0, prepend=S[:1])).sum(1)
    small = np.lib.stride_tricks.sliding_window_view(np.pad(x, (240, 240)), 480)[::HOP]  # 30 ms energy frames
    rms = 20 * np.log10(np.sqrt((small ** 2).mean(1)) + 1e-6)
    return flux, rms


def proposals(flux, k=1.5, gap=0.08):
    thr = np.median(flux) + k * flux.std()
    out = []
    for i in range(1, len(flux) - 1):
        if flux[i] >= thr and flux[i] >= flux[i - 1] and flux[i] >= flux[i + 1]:
            if out and (i - out[-1]) * HOP / SR < gap:
                if flux[i] > flux[out[-1]]:
                    out[-1] = i
                continue
            out.append(i)
    return out


def rise(rms, i, w=3):
    return float(rms[min(len(rms) - 1, i + w)] - rms[max(0, i - w)])


def main():
    d = sys.argv[1]
    only = sys.argv[sys.argv.index('--only') + 1] if '--only' in sys.argv else None
    for c in json.load(open(os.path.join(d, 'manifest.json'))):
        if only and c['id'] != only:
            continue
        x = audio(os.path.join(d, c['file']))
        flux, rms = analyse(x)
        loud = np.percentile(rms, 95)
        p = proposals(flux)
        print(f"== {c['id']} ({c.get('action', '')}) {len(x) / SR:.2f} s, loud(p95) {loud:.0f} dB, {len(p)} proposals")
        for i in p:
            r = rise(rms, i)
            print(f"  {i * HOP / SR:6.2f}  rise {r:5.1f} dB  level {rms[min(len(rms) - 1, i + 3)] - loud:6.1f} dB{'  weak?' if r < 3 else ''}")
        r_all = np.array([rise(rms, i) for i in range(len(rms))])
        pt = np.array(p) * HOP / SR
        last = -1
        for i in range(1, len(rms) - 1):
            t = i * HOP / SR
            if r_all[i] >= 6 and r_all[i] >= r_all[i - 1] and r_all[i] >= r_all[i + 1] and t - last > 0.08:
                last = t
                if not len(pt) or np.min(np.abs(pt - t)) > 0.08:
                    print(f"  {t:6.2f}  miss?  rise {r_all[i]:5.1f} dB")


if __name__ == '__main__':
    main()
