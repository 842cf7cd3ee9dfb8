"""A long Foley World scene: its random specification, its event schedule, and the tool/camera motion.

Everything here is a pure function of a numpy Generator, so a seed reproduces a scene exactly.
"""
import numpy as np

from . import classes as C
from .packfile import SPLITS

EVENT_PEAK_DB = -6.0   # nominal event peak (dBFS); bed_db is the bed RMS relative to this


def draw_bed_db(rng):
    """Bed RMS relative to event peaks: mostly -30..-10 dB (event-to-bed +10..+30), sometimes near silent/loud."""
    u = rng.random()
    if u < 0.12:
        return float(rng.uniform(-65, -45))
    if u < 0.2:
        return float(rng.uniform(-10, -5))
    return float(rng.uniform(-30, -10))


def ambience_tint(rng, amb):
    """Per-channel light colour for ambience `amb` (classes.AMBIENCE_LIGHT_HUE): its class hue ± 6°, saturation
    0.15–0.2, so every channel stays within 0.83..1.17 (the untied random tint this replaced spanned 0.88..1.12)."""
    h = np.deg2rad(C.AMBIENCE_LIGHT_HUE[amb] + rng.uniform(-6, 6))
    s = rng.uniform(0.15, 0.2)
    u, v = np.array([2.0, -1.0, -1.0]) / np.sqrt(6), np.array([0.0, 1.0, -1.0]) / np.sqrt(2)   # chroma plane
    return (1 + s * (np.cos(h) * u + np.sin(h) * v)).tolist()


def make_scene(rng, pack, split, fps=None, dominant=None):
    """Random scene spec (JSON-serialisable) using only `split`'s recordings of `pack`; `dominant` fixes the main
    action class (the long-video builder cycles through all classes so every split covers every class)."""
    avail_a, avail_b = pack.classes_available(split)
    avail_a = [C.ACTION_CLASSES[i] for i in avail_a]
    avail_b = [C.AMBIENCE_CLASSES[i] for i in avail_b]
    # balanced: the dominant action class is drawn uniformly, then a scene where it happens
    dom = avail_a[rng.integers(len(avail_a))]
    if dominant in avail_a:
        dom = dominant
    names = [n for n in C.SCENE_NAMES if dom in C.SCENES[n]["actions"]]
    name = names[rng.integers(len(names))]
    sc = C.SCENES[name]
    if dom.startswith("footstep"):      # walking: the feet are the only thing in view
        actions = [dom]
    else:
        others = [a for a in sc["actions"] if a in avail_a and a != dom and not a.startswith("footstep")]
        k = int(rng.integers(0, min(2, len(others)) + 1))
        actions = [dom] + [others[i] for i in rng.permutation(len(others))[:k]]
    k = len(actions)
    weights = np.array([0.6] + [0.4 / max(k - 1, 1)] * (k - 1))[:k]
    weights = (weights / weights.sum()).tolist()
    ambs = [a for a in sc["ambience"] if a in avail_b] or avail_b
    amb = ambs[rng.integers(len(ambs))]
    beds = pack.beds_of(split, C.AMBIENCE_CLASSES.index(amb))
    bed = int(beds[rng.integers(len(beds))])
    # patches: one per needed material that is not the background, laid out in distinct quadrants
    patches, quads = [], rng.permutation(4)
    for a in actions:
        mats = [m for m in C.CLASS_MATERIALS[a] if m == sc["background"] or m in sc["patches"]]
        mat = mats[rng.integers(len(mats))] if mats else C.CLASS_MATERIALS[a][0]
        if mat != sc["background"] and all(p["material"] != mat for p in patches) and len(patches) < 4:
            q = quads[len(patches)]
            cx, cy = 0.3 + 0.4 * (q % 2) + rng.uniform(-0.06, 0.06), 0.32 + 0.36 * (q // 2) + rng.uniform(-0.05, 0.05)
            hw, hh = rng.uniform(0.16, 0.26), rng.uniform(0.14, 0.22)
            patches.append(dict(material=mat, box=[cx - hw, cy - hh, cx + hw, cy + hh],
                                seed=int(rng.integers(1 << 30)), round=mat == "water"))
    foot = any(a.startswith("footstep") for a in actions)
    if fps is None:
        fps = float(rng.choice([24, 25, 30, 30, 24, 25, 15, 29.97]))
    return dict(
        scene=name, scene_id=C.SCENE_NAMES.index(name), actions=actions, weights=weights,
        background=sc["background"], bg_seed=int(rng.integers(1 << 30)), patches=patches,
        ambience=amb, ambience_id=C.AMBIENCE_CLASSES.index(amb), bed=bed,
        bed_recording=pack.recordings[int(pack.bed_rec[bed])]["id"], bed_db=draw_bed_db(rng),
        bed_offset=float(rng.uniform(0, 60)), split=split,
        rate=float(rng.uniform(0.5, 2.5)) if not foot else float(rng.uniform(1.4, 2.4)),
        fps=fps, tool_angle=float(rng.uniform(-0.6, 0.6)), palette_seed=int(rng.integers(1 << 30)),
        raise_h=float(rng.uniform(0.18, 0.32)), light_angle=float(rng.uniform(0, 2 * np.pi)),
        light_strength=float(rng.uniform(0.05, 0.3)), exposure=float(rng.uniform(0.75, 1.2)),
        tint=ambience_tint(rng, amb), vignette=float(rng.uniform(0.0, 0.35)),
        blur=float(rng.uniform(0.0, 1.0)), noise=float(rng.uniform(0.005, 0.04)),
        shake=float(rng.uniform(0.002, 0.01)), bob=float(rng.uniform(0.01, 0.03)) if foot else 0.0,
        crf=int(rng.integers(18, 33)), offscreen_p=float(rng.uniform(0.0, 0.15)))


def _point_in(rng, spec, mat):
    for p in spec["patches"]:
        if p["material"] == mat:
            x0, y0, x1, y1 = p["box"]
            return float(rng.uniform(x0 + 0.25 * (x1 - x0), x1 - 0.25 * (x1 - x0))), \
                float(rng.uniform(y0 + 0.25 * (y1 - y0), y1 - 0.25 * (y1 - y0)))
    return float(rng.uniform(0.25, 0.75)), float(rng.uniform(0.25, 0.7))


def material_at(spec, x, y):
    for p in reversed(spec["patches"]):
        x0, y0, x1, y1 = p["box"]
        if x0 <= x <= x1 and y0 <= y <= y1:
            return p["material"]
    return spec["background"]


def schedule(rng, spec, pack, t0, t1, offscreen=True):
    """Events with contact times snapped to the video's frame grid, ≥ MIN_SPACING apart, in [t0, t1)."""
    fps, period = spec["fps"], 1.0 / spec["rate"]
    rhythmic = rng.random() < 0.6
    t = t0 + rng.uniform(0.1, period)
    ev, last, spot = [], -1e9, {}
    split = spec["split"]
    while t < t1:
        tc = np.round(t * fps) / fps
        if tc - last >= C.MIN_SPACING and t0 <= tc < t1:
            cls = spec["actions"][rng.choice(len(spec["actions"]), p=spec["weights"])]
            shots = pack.shots_of(split, C.ACTION_CLASSES.index(cls))
            mats = [m for m in C.CLASS_MATERIALS[cls] if m == spec["background"]
                    or any(p["material"] == m for p in spec["patches"])] or C.CLASS_MATERIALS[cls][:1]
            mat = mats[rng.integers(len(mats))]
            if mat in spot and rng.random() < 0.7:      # keep working near the same spot
                x, y = _point_in(rng, spec, mat)
                x, y = spot[mat][0] + 0.25 * (x - spot[mat][0]), spot[mat][1] + 0.25 * (y - spot[mat][1])
            else:
                x, y = _point_in(rng, spec, mat)
            spot[mat] = (x, y)
            shot = int(shots[rng.integers(len(shots))])
            ev.append(dict(time=float(tc), cls=cls, material=mat, x=x, y=y, shot=shot,
                           recording=pack.recordings[int(pack.shot_rec[shot])]["id"],
                           gain_db=float(rng.uniform(-4, 2)), pitch=float(rng.uniform(0.9, 1.1)),
                           eq=float(rng.uniform(-0.6, 0.8)), offscreen=False))
            last = tc
        jitter = 0.12 if rhythmic else 0.6
        t += max(C.MIN_SPACING, period * rng.uniform(1 - jitter, 1 + jitter))
    if offscreen:
        n_off = rng.binomial(max(len(ev), 1), spec["offscreen_p"])
        avail = pack.classes_available(split)[0]
        for _ in range(n_off):
            cls = C.ACTION_CLASSES[avail[rng.integers(len(avail))]]
            shots = pack.shots_of(split, C.ACTION_CLASSES.index(cls))
            shot = int(shots[rng.integers(len(shots))])
            tt = float(rng.uniform(t0, t1))
            ev.append(dict(time=tt, cls=cls, material=None, x=None, y=None, shot=shot,
                           recording=pack.recordings[int(pack.shot_rec[shot])]["id"],
                           gain_db=float(rng.uniform(-16, -6)), pitch=float(rng.uniform(0.9, 1.1)),
                           eq=float(rng.uniform(-0.6, 0.8)), offscreen=True))
    ev.sort(key=lambda e: e["time"])
    return ev


def motion(spec, events, t):
    """Per-frame state for frame times t [F] → dict of arrays: ev (index into on-screen events, -1 none),
    h (tool height 0..raise_h, 0 = contact), x, y (tool ground position, world), cam_x, cam_y, zoom."""
    on = [e for e in events if not e["offscreen"]]
    F = len(t)
    H = spec["raise_h"]
    out = dict(ev=np.full(F, -1), h=np.full(F, H, np.float32), x=np.full(F, 0.5, np.float32),
               y=np.full(F, 1.3, np.float32))
    foot = any(a.startswith("footstep") for a in spec["actions"])
    cam_x = spec["shake"] * np.sin(2 * np.pi * 0.37 * t + spec["palette_seed"] % 7)
    cam_y = spec["shake"] * np.sin(2 * np.pi * 0.23 * t + spec["palette_seed"] % 5)
    zoom = np.ones(F, np.float32)
    if on:
        tc = np.array([e["time"] for e in on])
        ex = np.array([e["x"] for e in on], np.float32)
        ey = np.array([e["y"] for e in on], np.float32)
        gap = np.diff(tc)
        ta = np.minimum(0.2, 0.45 * np.concatenate([[1.0], gap]))      # approach time before each contact
        tr = np.minimum(0.3 if foot else 0.18, 0.45 * np.concatenate([gap, [1.0]]))     # rebound time after
        nxt = np.searchsorted(tc, t, side="left")                    # first contact at or after t
        prv = nxt - 1
        n_c = np.clip(nxt, 0, len(on) - 1)
        p_c = np.clip(prv, 0, len(on) - 1)
        hover_y = 0.35 if foot else 0.08
        appr = (nxt < len(on)) & (t >= tc[n_c] - ta[n_c])
        reb = ~appr & (prv >= 0) & (t < tc[p_c] + tr[p_c])
        xa = np.clip((tc[n_c] - t) / ta[n_c], 0, 1)
        yr = np.clip((t - tc[p_c]) / tr[p_c], 0, 1)
        if foot:    # the foot stays planted for half the lift time
            yr = np.clip(2 * yr - 1, 0, 1)
        # linear approach (full speed into the surface), then a slow-starting lift: the motion is sharpest at contact
        h = np.where(appr, H * xa, np.where(reb, H * yr * yr, H)).astype(np.float32)
        # lateral: glide from one contact point to the next over the whole gap (smoothstep: no lateral speed at
        # either contact, so the motion at contact is purely toward the surface); raised = drawn toward the viewer
        t_p = np.where(prv >= 0, tc[p_c], t - 1)
        t_n = np.where(nxt < len(on), tc[n_c], t + 1)
        w = np.clip((t - t_p) / np.maximum(t_n - t_p, 1e-3), 0, 1)
        w = w * w * (3 - 2 * w)
        x0 = np.where(prv >= 0, ex[p_c], ex[n_c])
        y0 = np.where(prv >= 0, ey[p_c], ey[n_c])
        x1 = np.where(nxt < len(on), ex[n_c], ex[p_c])
        y1 = np.where(nxt < len(on), ey[n_c], ey[p_c])
        off = hover_y * (1 if foot else 0.3)
        x = x0 + (x1 - x0) * w
        y = y0 + (y1 - y0) * w + off * h / H
        out.update(ev=np.where(appr, n_c, np.where(reb, p_c, -1)), h=h, x=x.astype(np.float32),
                   y=y.astype(np.float32))
        # camera: footstep bob + a damped jolt after every contact (stronger for footsteps)
        dt = t - tc[p_c]
        jolt = np.where((prv >= 0) & (dt >= 0) & (dt < 0.25), np.exp(-dt / 0.05) * np.cos(2 * np.pi * 9 * dt), 0)
        amp = 0.025 if foot else 0.006
        cam_y = cam_y + amp * jolt
        zoom = (zoom * (1 + (0.03 if foot else 0.008) * jolt)).astype(np.float32)
        if foot:
            phase = np.interp(t, tc, np.arange(len(tc)) * np.pi)
            # head bob: lowest and momentarily still at each heel strike, sway alternating left/right
            cam_y = cam_y + spec["bob"] * np.sin(phase) ** 2
            cam_x = cam_x + 0.5 * spec["bob"] * np.cos(phase) * np.sign(np.cos(np.floor(phase / np.pi) * np.pi))
    out.update(cam_x=cam_x.astype(np.float32), cam_y=cam_y.astype(np.float32), zoom=zoom)
    return out


def split_id(name):
    return SPLITS.index(name)
