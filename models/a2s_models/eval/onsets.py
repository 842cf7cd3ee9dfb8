"""librosa-free onset detector (spectral flux on log-mel + peak picking), onset F1 with a +-50 ms window, and an
ambience level (level of the quietest frames, where events are absent)."""
import numpy as np


def detect_onsets_logmel(logmel: np.ndarray, hop=256, sr=16000, k=1.0, min_gap_s=0.06) -> np.ndarray:
    """logmel [nMels, F] (natural log power) -> onset times (s). Spectral flux (positive differences summed over
    bins), peaks above mean + k*std of the flux and separated by min_gap_s. Frame f centre ~ f*hop + hop/2."""
    x = np.asarray(logmel, np.float64)
    flux = np.maximum(0.0, np.diff(x, axis=1)).sum(0)
    flux = np.concatenate([[0.0], flux])
    thr = flux.mean() + k * flux.std()
    gap = max(1, int(round(min_gap_s * sr / hop)))
    peaks = []
    for f in range(1, len(flux) - 1):
        if flux[f] > thr and flux[f] >= flux[max(0, f - gap): f + gap + 1].max():
            if not peaks or f - peaks[-1] >= gap:
                peaks.append(f)
    return np.array(peaks, np.float64) * hop / sr


def onset_f1(pred, true, tol=0.05):
    """Greedy one-to-one matching within +-tol seconds. Returns (f1, precision, recall)."""
    pred, true = sorted(pred), sorted(true)
    used, tp = set(), 0
    for p in pred:
        best = None
        for j, t in enumerate(true):
            if j not in used and abs(p - t) <= tol and (best is None or abs(p - t) < abs(p - true[best])):
                best = j
        if best is not None:
            used.add(best)
            tp += 1
    prec = tp / len(pred) if pred else 0.0
    rec = tp / len(true) if true else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec > 0 else 0.0
    return f1, prec, rec


def ambience_db(logmel: np.ndarray, q=20) -> float:
    """dB level of the q-th percentile frame power (event-free frames dominate the low percentiles)."""
    power = np.exp(np.asarray(logmel, np.float64)).sum(0)
    return float(10 * np.log10(np.percentile(power, q) + 1e-10))
