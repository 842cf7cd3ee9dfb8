"""render_window: one training window of a strike scene, sampled the way the engine samples real video."""
import numpy as np

from . import background, overlay, post
from .scene import plan
from .shapes import draw_blurred
from .camera import Camera
from .codec import block_codec
from .timing import pick_left, sample_fps, source_times

_ASPECTS = np.array([16 / 9, 4 / 3, 1.0, 9 / 16, 3 / 2, 1.85, 3 / 4])
_ASPECT_P = np.array([0.45, 0.15, 0.1, 0.15, 0.05, 0.03, 0.07])
MARGIN = 0.25
# Compression per window: a real libx264 round trip (costly: two ffmpeg starts) or the numpy block-codec stand-in.
H264_P = 0.05
BLOCK_P = 0.45


def _geometry(rng, size):
    aspect = float(rng.choice(_ASPECTS, p=_ASPECT_P / _ASPECT_P.sum()))
    short = size * float(rng.choice([1.0, 1.25, 1.5], p=[0.6, 0.3, 0.1]))
    H, W = (short, short * aspect) if aspect >= 1 else (short / aspect, short)
    # multiples of 16: whole macroblocks for the codecs (the aspect moves by < 4 %)
    return aspect, 16 * max(int(round(H / 16)), 1), 16 * max(int(round(W / 16)), 1)


def _layer(frame, prims_at, times, cam, Hr, aspect):
    """Composite a moving layer averaged over sub-frame times (motion blur)."""
    subs = []
    for t in times:
        cx, cy, z = cam(t)
        c = np.array([cx, cy])

        def to_px(p, c=c, z=z):
            return ((np.asarray(p) - c) * z + np.array([aspect / 2, 0.5])) * Hr
        subs.append(prims_at(t, to_px, z * Hr))
    if subs and subs[0]:
        draw_blurred(frame, subs)


def _subframes(t, shutter, fps, n):
    return t + shutter / fps * (np.arange(n) + 0.5) / n


def _n_sub(st, t, shutter, fps, Hr):
    """Enough sub-frames that the striker's tip moves ≤ ~3 px between them (at most 8)."""
    if shutter <= 0:
        return 1
    d = np.linalg.norm(st.tip(t + shutter / fps) - st.tip(t)) * Hr
    return int(min(max(np.ceil(d / 3.0), 1), 8))


def _ripples(rng, contacts):
    """The struck surface shakes a little after a contact: decaying rings of shading around the contact point."""
    if not contacts or rng.random() > 0.4:
        return []
    R, A, f, tau = rng.uniform(0.04, 0.2), rng.uniform(0.02, 0.1), rng.uniform(5, 25), rng.uniform(0.05, 0.25)
    return [(t, c, R, A, f, tau) for t, c in contacts]


def _apply_ripples(frame, ripples, t, cam, Hr, aspect, cache):
    cx, cy, z = cam(t)
    for k, (t0, c, R, A, f, tau) in enumerate(ripples):
        dt = t - t0
        if dt < 0 or dt > 4 * tau:
            continue
        g = A * np.exp(-dt / tau) * np.sin(2 * np.pi * f * dt + 0.5)
        r = R * z * Hr
        n = int(2 * r) + 1
        if k not in cache:       # the ring pattern, drawn once per contact and moved with the camera
            yy = (np.arange(-n, n + 1, dtype=np.float32))[:, None]
            d2 = (yy * yy + yy.T * yy.T) / (r * r)
            cache[k] = np.exp(-d2) * np.cos(3.0 * np.sqrt(d2))
        pat = cache[k]
        n = (pat.shape[0] - 1) // 2      # the size drawn first (the zoom drifts slowly)
        px = ((c - np.array([cx, cy])) * z + np.array([aspect / 2, 0.5])) * Hr
        iy, ix = int(round(px[1])) - n, int(round(px[0])) - n
        y0, y1 = max(iy, 0), min(iy + 2 * n + 1, frame.shape[1])
        x0, x1 = max(ix, 0), min(ix + 2 * n + 1, frame.shape[2])
        if y0 >= y1 or x0 >= x1:
            continue
        frame[:, y0:y1, x0:x1] *= 1.0 + g * pat[y0 - iy:y1 - iy, x0 - ix:x1 - ix]


def _contacts_px(sc, cam, aspect, size, seconds, Hr, Wr):
    """Each labelled contact as (t, x, y) in output pixels (the camera at that time), for tests and debugging."""
    out = []
    for t, c in sc["contacts"]:
        if 0.0 <= t < seconds:
            cx, cy, z = cam(t)
            p = ((np.asarray(c) - np.array([cx, cy])) * z + np.array([aspect / 2, 0.5])) * Hr   # render px
            out.append((float(t), float(p[0] * size / Wr), float(p[1] * size / Hr)))
    return sorted(out)


def _noise(rng):
    """Sensor noise: none (20 %), read noise only (40 %), read plus shot noise (40 %); fractions of full scale."""
    r = rng.random()
    if r < 0.2:
        return {"sigma": 0.0, "shot": 0.0}
    return {"sigma": float(rng.uniform(0.002, 0.03)), "shot": float(rng.uniform(0.0, 0.03)) if r >= 0.6 else 0.0}


def _light(rng, Hr, Wr, C):
    """Static lighting field (a gradient in a random direction and vignetting) and a white balance."""
    yy = (np.arange(Hr, dtype=np.float32) / Hr - 0.5)[:, None]
    xx = (np.arange(Wr, dtype=np.float32) / Hr - 0.5 * Wr / Hr)[None, :]
    a = rng.uniform(0, 2 * np.pi)
    g = 1.0 + rng.uniform(0, 0.8) * (np.cos(a) * xx + np.sin(a) * yy)
    g = g * (1.0 - rng.uniform(0, 0.6) * (xx * xx + yy * yy))
    wb = rng.uniform(0.8, 1.2, 3).astype(np.float32) if C == 3 else np.ones(1, np.float32)
    return (g[None] * wb[:, None, None]).astype(np.float32)


def render_window(rng, size=128, frames=64, seconds=2.048, rgb=False):
    """A window of a randomised strike scene. Returns {"frames": uint8 [frames, size, size] BT.601 luma (full range)
    or [frames, size, size, 3] RGB, "onsets": float32 sorted contact times in [0, seconds), "meta": dict}."""
    C = 3 if rgb else 1
    # 1. source timing and the engine's frame pick
    fps = sample_fps(rng)
    phase = float(rng.random())
    src_t = source_times(fps, seconds, phase)
    pick = pick_left(src_t, frames, seconds)
    r = rng.random()
    codec = "x264" if r < H264_P else "block" if r < H264_P + BLOCK_P else None
    crf = int(np.clip(rng.normal(27, 5), 16, 40)) if codec else None
    keyint = int(rng.choice([12, 15, 25, 30, 60, 120, 250]))
    # 2. geometry, background, scene, camera
    aspect, Hr, Wr = _geometry(rng, size)
    sc = plan(rng, aspect, seconds, C)
    density = Hr * rng.uniform(0.8, 1.3)
    cy = float(np.mean([c[1] for _, c in sc["contacts"]])) if sc["contacts"] else 0.7
    cv = background.canvas(rng, aspect, MARGIN, density, C, cy)
    cam = Camera(rng, aspect, MARGIN, [t for t, _ in sc["contacts"]])
    ripples = _ripples(rng, sc["contacts"])
    shutter = float(rng.uniform(0.0, 1.0)) if rng.random() < 0.8 else 0.0
    flick = (rng.uniform(0.01, 0.08), rng.uniform(0.2, 3.0), rng.uniform(0, 6.3)) if rng.random() < 0.3 else (0, 0, 0)
    exposure = float(np.exp(rng.normal(0.3, 0.4)))       # the shoulder compresses: ~1.35 keeps mid-grey
    light = _light(rng, Hr, Wr, C) * np.float32(exposure * post.LUT_SCALE)
    lut, nlut = post.tone_luts(gamma=float(rng.uniform(0.7, 1.5)), black=float(rng.uniform(0.0, 0.08)),
                               white=float(rng.uniform(1.2, 4.0)), **_noise(rng))
    sigma_def = float(rng.uniform(0.3, 1.6)) * (size / 128) if rng.random() < 0.3 else 0.0
    overlays = overlay.make(rng, Hr, Wr, C)
    # 3. render the source frames that are needed (all of them when the clip is compressed)
    need = np.arange(len(src_t)) if codec == "x264" else np.unique(pick)
    out = np.empty((len(need), C, Hr, Wr), np.float32)
    static_bg = cam.amp.max() == 0 and not cam.pan.any() and cam.zr == 0 and not cam.jolts
    bg0 = background.sample(cv, density, MARGIN, cam(0.0), Hr, Wr, aspect) if static_bg else None
    rcache = {}
    for j, si in enumerate(need):
        t = float(src_t[si])
        fr = bg0.copy() if static_bg else background.sample(cv, density, MARGIN, cam(t), Hr, Wr, aspect)
        _apply_ripples(fr, ripples, t, cam, Hr, aspect, rcache)
        for d in sc["behind"]:
            _layer(fr, d.prims, _subframes(t, shutter, fps, 2 if shutter > 0 else 1), cam, Hr, aspect)
        for d in sc["struck"]:
            _layer(fr, d.prims, _subframes(t, shutter, fps, 2 if shutter > 0 else 1), cam, Hr, aspect)
        for st in sc["strikers"]:
            _layer(fr, st.prims, _subframes(t, shutter, fps, _n_sub(st, t, shutter, fps, Hr)), cam, Hr, aspect)
        for d in sc["front"]:
            _layer(fr, d.prims, _subframes(t, shutter, fps, 3 if shutter > 0 else 1), cam, Hr, aspect)
        np.multiply(fr, light, out=out[j])
        if flick[0]:
            out[j] *= np.float32(1.0 + flick[0] * np.sin(2 * np.pi * flick[1] * t + flick[2]))
    # 4. camera response: tone curve and signal-dependent noise (LUTs), the codec, the engine's pick and downscale
    out = post.tone_and_noise(rng, out, lut, nlut)
    overlay.apply(out, overlays, src_t[need])
    if codec == "block":
        out = block_codec(out, crf, keyint)
    elif codec == "x264":
        u8 = np.clip(out + 0.5, 0, 255).astype(np.uint8)
        arr = post.h264_roundtrip(u8[:, 0] if C == 1 else u8.transpose(0, 2, 3, 1), fps, crf, keyint)
        out = (arr[:, None] if C == 1 else arr.transpose(0, 3, 1, 2)).astype(np.float32)
    small = post.area_resize(out[np.searchsorted(need, pick)], size, size, sigma_def)   # defocus folded in
    np.clip(small + 0.5, 0, 255, out=small)
    res = small.astype(np.uint8)
    res = res[:, 0] if C == 1 else res.transpose(0, 2, 3, 1)
    meta = {"fps": fps, "phase": phase, "contacts": _contacts_px(sc, cam, aspect, size, seconds, Hr, Wr),
            "aspect": aspect, "render": (Hr, Wr), "codec": codec, "crf": crf, "scenario": sc["scenario"],
            "strikers": [s.kind for s in sc["strikers"]], "behind": len(sc["behind"]), "front": len(sc["front"]),
            "shutter": shutter, "defocus": sigma_def, "camera_moves": not static_bg,
            "jolts": len(cam.jolts) > 0, "ripples": len(ripples) > 0, "flicker": flick[0] > 0,
            "exposure": exposure, "overlays": len(overlays)}
    return {"frames": np.ascontiguousarray(res), "onsets": sc["onsets"], "meta": meta}
