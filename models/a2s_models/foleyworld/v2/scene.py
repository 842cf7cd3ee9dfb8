"""Scene plan for one window: which strikers hit where and when, which silent distractors move, and the camera."""
import numpy as np

from . import motion
from .actors import KINDS, _KIND_P, Drifter, Struck, Striker, Swayer

SCENARIOS = ("drum", "hammer", "chop", "hand", "single", "negative")
_SCEN_P = np.array([0.25, 0.15, 0.13, 0.14, 0.18, 0.15])
_KIND_OF = {"drum": ("stick", "mallet"), "hammer": ("hammer",), "chop": ("knife",), "hand": ("hand", "fist")}
# how often a hit rebounds at once (a drumstick, a hand on a drum skin) rather than stopping or settling: physics
REBOUND = {"drum": 0.8, "hand": 0.5, "hammer": 0.3, "chop": 0.1, "single": 0.3, "negative": 0.0}


def _contact(rng, aspect):
    off = rng.random() < 0.1      # sometimes the contact is at (or just past) the frame's edge
    x = rng.uniform(-0.04, aspect + 0.04) if off else rng.uniform(0.08, aspect - 0.08)
    y = rng.uniform(0.3, 1.04) if off else rng.uniform(0.3, 0.93)
    return np.array([x, y])


def _scale(rng):
    return float(np.exp(rng.uniform(np.log(0.08), np.log(0.6))))   # tool length, 3–40 % of the frame and more


def _misses(rng, hits, seconds, p):
    """Near misses between hits (down-strokes that stop in the air): no onset."""
    out = []
    for _ in range(int(rng.poisson(p * 3))):
        t = rng.uniform(0.0, seconds)
        if len(hits) == 0 or np.min(np.abs(np.asarray(hits) - t)) > 0.15:
            out.append(t)
    return out


def plan(rng, aspect, seconds, C):
    """Strikers (with their hit times), silent layers behind and in front, the onsets and the surface contacts."""
    scen = str(rng.choice(SCENARIOS, p=_SCEN_P / _SCEN_P.sum()))
    strikers, contacts, struck, behind, front = [], [], [], [], []
    if scen == "negative":
        for _ in range(int(rng.integers(0, 3))):
            kind = str(rng.choice(KINDS, p=_KIND_P))
            if rng.random() < 0.5:
                prof = motion.wander_profile(rng, seconds)
            else:
                prof = motion.strike_profile(rng, [], _misses(rng, [], seconds, 1.0) or [rng.uniform(0.2, 1.8)])
            strikers.append(Striker(rng, kind, _contact(rng, aspect), _scale(rng), prof, C))
    else:
        if scen == "single":
            kinds = [str(rng.choice(KINDS, p=_KIND_P))]
        else:
            kind = str(rng.choice(_KIND_OF[scen]))
            two = scen in ("drum", "hand") and rng.random() < 0.6
            kinds = [kind, kind] if two else [kind]
        hits = motion.pattern(rng, "single" if scen == "single" else scen, seconds)
        if len(kinds) == 2:     # alternating hands, with the odd double stroke
            who = np.arange(len(hits)) % 2
            flip = rng.random(len(hits)) < 0.1
            who = np.where(flip, 1 - who, who)
        else:
            who = np.zeros(len(hits), int)
        c0 = _contact(rng, aspect)
        scale = _scale(rng)
        body = None
        if rng.random() < 0.35:      # the strikers belong to a person: arms from shoulders, a swaying torso
            w = scale * rng.uniform(0.4, 1.0)
            body = Swayer(rng, aspect, C, at=(c0[0] + rng.normal(0, 0.2), c0[1] - rng.uniform(0.4, 0.9)), width=w)
        for i, kind in enumerate(kinds):
            c = c0 if i == 0 else (c0 + rng.normal(0, 0.12, 2) if rng.random() < 0.6 else _contact(rng, aspect))
            h = hits[who == i]
            miss = _misses(rng, h, seconds, 0.3) if rng.random() < 0.35 else []
            shoulder = None if body is None else body.shoulder(i if len(kinds) == 2 else int(c[0] > body.x))
            st = Striker(rng, kind, c, scale * rng.uniform(0.85, 1.15), motion.strike_profile(rng, h, miss, REBOUND[scen]), C,
                         shoulder=shoulder)
            strikers.append(st)
            contacts += [(float(t), c) for t in h]
            if rng.random() < 0.4:
                struck.append(Struck(rng, c, scale * rng.uniform(0.3, 1.0), h, C))
        if body is not None:
            behind.append(body)
    # silent motion: a hand that hovers, a second object, a swaying person, background motion, an occluder
    if rng.random() < 0.2:
        strikers.append(Striker(rng, str(rng.choice(KINDS, p=_KIND_P)), _contact(rng, aspect), _scale(rng),
                                motion.wander_profile(rng, seconds), C))
    if rng.random() < 0.25:
        behind.append(Swayer(rng, aspect, C))
    if rng.random() < 0.2:
        behind.append(Drifter(rng, aspect, C, big=True))
    if rng.random() < 0.3:
        front.append(Drifter(rng, aspect, C))
    if rng.random() < 0.08:
        front.append(Drifter(rng, aspect, C, big=True))
    if rng.random() < 0.1:       # background motion: several small things moving (leaves, a crowd, a screen)
        behind += [Drifter(rng, aspect, C) for _ in range(int(rng.integers(2, 6)))]
    if contacts and rng.random() < 0.12:     # a still occluder partly over a contact (a rim, a cymbal, a bowl)
        front.append(Drifter(rng, aspect, C, big=rng.random() < 0.5, still=contacts[0][1]))
    onsets = np.array(sorted(t for t, _ in contacts if 0.0 <= t < seconds), np.float32)
    return {"scenario": scen, "strikers": strikers, "struck": struck, "behind": behind, "front": front,
            "onsets": onsets,
            "contacts": contacts}
