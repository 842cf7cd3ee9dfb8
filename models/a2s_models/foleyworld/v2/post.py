"""Camera-side processing: defocus, exposure/gamma/contrast, lighting, sensor noise, H.264 round trip and the
area downscale to the model's size."""
import subprocess
import threading

import numpy as np

FFMPEG = "/usr/bin/ffmpeg"


def area_matrix(n_in, n_out):
    """[n_out, n_in] weights of an area (box-overlap) resample, as ffmpeg's 'area' scaler averages."""
    s = n_in / n_out
    lo = np.arange(n_out)[:, None] * s
    i = np.arange(n_in)[None, :]
    return (np.clip(np.minimum(i + 1, lo + s) - np.maximum(i, lo), 0, None) / s).astype(np.float32)


def blur_matrix(n, sigma):
    """[n, n] Gaussian blur (edge-renormalised) of a given sigma in pixels; identity when sigma is ~0."""
    if sigma < 0.3:
        return np.eye(n, dtype=np.float32)
    i = np.arange(n)
    g = np.exp(-0.5 * ((i[:, None] - i[None, :]) / sigma) ** 2)
    return (g / g.sum(1, keepdims=True)).astype(np.float32)


def area_resize(frames, h, w, sigma=0.0):
    """frames [T, C, H, W] float -> [T, C, h, w] by area averaging (two GEMMs per frame). A defocus blur of `sigma`
    output pixels is folded into the same matrices (blur then resample is one linear map per axis)."""
    T, C, H, W = frames.shape
    Ah = area_matrix(H, h)
    Aw = area_matrix(W, w)
    if sigma > 0:
        Ah = blur_matrix(h, sigma) @ Ah
        Aw = blur_matrix(w, sigma) @ Aw
    x = np.matmul(frames.reshape(T * C, H, W), Aw.T)       # batched GEMMs, one per frame
    return np.matmul(Ah, x).reshape(T, C, h, w)


LUT_SCALE = 1024.0     # linear light 1.0 -> LUT index 1024; 4095 = four stops over white clips


def tone_luts(gamma, black, sigma, shot, white=2.0):
    """The camera's tone curve (linear light -> 0..255: a highlight shoulder that reaches 1 at `white`, gamma, black
    level) and its noise amplitude per level (read noise sigma plus shot noise growing with the square root of the
    signal), as 4096-entry tables; the noise table is None for a noiseless camera."""
    v = np.arange(4096, dtype=np.float32) / LUT_SCALE
    v = np.minimum(v * (1 + v / (white * white)) / (1 + v), 1.0)     # extended Reinhard: soft highlights
    tone = black + (1 - black) * v ** (1.0 / gamma)
    if sigma == 0 and shot == 0:
        return (255.0 * tone).astype(np.float32), None
    noise = sigma + shot * np.sqrt(np.minimum(tone, 1.0))
    return (255.0 * tone).astype(np.float32), (255.0 * noise).astype(np.float32)


def tone_and_noise(rng, lin, lut, nlut):
    """lin: float32 [T, C, H, W] in LUT units (overwritten). Returns 0..255 float32 with sensor noise. A noise tile
    is drawn once and read at random offsets per frame (fresh-looking grain per frame for a fraction of the cost)."""
    T, C, H, W = lin.shape
    np.minimum(lin, 4095.0, out=lin)
    np.maximum(lin, 0.0, out=lin)
    idx = lin.astype(np.int32)
    out = lut[idx]
    if nlut is None:
        return out
    tile = rng.standard_normal((C, H + 37, W + 53), dtype=np.float32)
    oy, ox = rng.integers(0, 37, T), rng.integers(0, 53, T)
    flat = np.ptp(nlut) < 0.05          # read noise only: no per-pixel amplitude lookup
    amp = np.float32(nlut[0])
    for k in range(T):
        n = tile[:, oy[k]:oy[k] + H, ox[k]:ox[k] + W]
        out[k] += n * amp if flat else n * nlut[idx[k]]
    return out


def h264_roundtrip(frames_u8, fps, crf, keyint=250):
    """Encode uint8 [T, H, W] (grey) or [T, H, W, 3] with libx264 at `fps` and decode back (same shape).
    H and W must be even."""
    T, H, W = frames_u8.shape[:3]
    pix = "gray" if frames_u8.ndim == 3 else "rgb24"
    enc = [FFMPEG, "-v", "error", "-f", "rawvideo", "-pix_fmt", pix, "-s", f"{W}x{H}", "-r", f"{fps:.4f}",
           "-i", "-", "-c:v", "libx264", "-preset", "ultrafast", "-crf", str(int(crf)), "-g", str(int(keyint)),
           "-pix_fmt", "yuv420p",
           "-threads", "1", "-f", "h264", "-"]
    dec = [FFMPEG, "-v", "error", "-threads", "1", "-f", "h264", "-i", "-", "-f", "rawvideo", "-pix_fmt", pix, "-"]
    p1 = subprocess.Popen(enc, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    p2 = subprocess.Popen(dec, stdin=p1.stdout, stdout=subprocess.PIPE)
    p1.stdout.close()
    data = np.ascontiguousarray(frames_u8).tobytes()

    def feed():     # a writer thread: the pipes would deadlock if we wrote everything before reading
        try:
            p1.stdin.write(data)
        finally:
            p1.stdin.close()
    th = threading.Thread(target=feed)
    th.start()
    out = p2.stdout.read()
    th.join()
    p1.wait()
    p2.wait()
    if p1.returncode or p2.returncode or len(out) != frames_u8.size:
        raise RuntimeError(f"ffmpeg H.264 round trip failed (rc {p1.returncode}/{p2.returncode}, "
                           f"{len(out)} of {frames_u8.size} bytes); is {FFMPEG} built with libx264?")
    return np.frombuffer(out, np.uint8).reshape(frames_u8.shape)
