"""Minimal PNG writer (zlib only) and the contact sheet of a long video."""
import struct
import zlib

import numpy as np


def write_png(path, img):
    """img: uint8 [H, W, 3]."""
    img = np.ascontiguousarray(img, np.uint8)
    h, w = img.shape[:2]
    raw = b"".join(b"\x00" + img[y].tobytes() for y in range(h))

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def spectrogram(wave, width, height, sr=16000, n_fft=512):
    """Log-magnitude spectrogram image (uint8 [height, width, 3]) of a mono wave."""
    hop = max(1, (len(wave) - n_fft) // max(width - 1, 1))
    idx = np.arange(n_fft)[None, :] + hop * np.arange(width)[:, None]
    idx = np.clip(idx, 0, len(wave) - 1)
    frames = wave[idx] * np.hanning(n_fft)[None, :]
    mag = 20 * np.log10(np.abs(np.fft.rfft(frames, axis=1)) + 1e-6)       # [width, bins]
    mag = np.clip((mag - mag.max() + 80) / 80, 0, 1)
    bins = np.linspace(0, mag.shape[1] - 1, height).astype(int)[::-1]
    m = mag[:, bins].T
    return (np.stack([m ** 0.5, m, m ** 2], -1) * 255).astype(np.uint8)


def contact_sheet(frames, times, wave, events, duration, sr=16000, cols=8, width=1024):
    """Sample frames (red border = an on-screen contact at that frame) over a spectrogram with event markers
    (red on-screen, yellow off-screen)."""
    n = len(frames)
    rows = (n + cols - 1) // cols
    tile = width // cols
    idx = np.linspace(0, frames.shape[1] - 1, tile).astype(int)
    sheet = np.zeros((rows * (tile + 4) + 160, width, 3), np.uint8)
    for i, (fr, t) in enumerate(zip(frames, times)):
        r, c = divmod(i, cols)
        y0 = r * (tile + 4)
        cell = fr[idx][:, idx].copy()
        hit = any(abs(e["time"] - t) < 1e-3 and not e["offscreen"] for e in events)
        if hit:                           # contact frame: red border
            cell[:3], cell[-3:], cell[:, :3], cell[:, -3:] = (255, 40, 40), (255, 40, 40), (255, 40, 40), (255, 40, 40)
        sheet[y0 + 4:y0 + 4 + tile, c * tile:(c + 1) * tile] = cell
    spec = spectrogram(wave, width, 150, sr)
    y0 = rows * (tile + 4) + 10
    sheet[y0:y0 + 150] = spec
    for e in events:
        x = int(e["time"] / duration * (width - 1))
        sheet[y0:y0 + 150, x] = (255, 220, 0) if e["offscreen"] else (255, 40, 40)
    return sheet
