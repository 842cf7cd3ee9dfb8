"""Strikers (an arm, a hand and a tool that pivot and translate) and silent distractors, in world coordinates
(1 unit = frame height, y down). A pose is a function of the lift h(t); primitives come out in render pixels."""
import numpy as np

from . import palette
from .shapes import Prim

KINDS = ("stick", "mallet", "hammer", "knife", "hand", "fist")
_KIND_P = np.array([0.25, 0.1, 0.2, 0.15, 0.15, 0.15])


def _pattern(rng):
    """Printed stripes or checks: (cycles along, cycles across, contrast, phase)."""
    return (float(rng.uniform(0.5, 6.0)), float(rng.uniform(0.0, 6.0)), float(rng.uniform(0.1, 0.5)),
            float(rng.uniform(0, 2 * np.pi)))


def _rot(v, a):
    c, s = np.cos(a), np.sin(a)
    return np.array([c * v[0] - s * v[1], s * v[0] + c * v[1]])


class Striker:
    """One striking limb. At h = 0 the tool's tip is on the contact point. Lifting rotates the tool about the
    wrist, moves the wrist (translation, or an arc about the elbow), and may bring it toward the camera (grows).
    The forearm runs from the wrist to an elbow; with a body, an upper arm joins the elbow to a shoulder."""

    def __init__(self, rng, kind, contact, scale, profile, C, shoulder=None):
        self.kind, self.profile = kind, profile
        self.contact = np.asarray(contact, np.float64)
        # direction wrist -> tip at contact: mostly pointing down-ish from a side, sometimes anything (top views)
        if shoulder is not None:
            away = self.contact - shoulder
            self.theta = np.arctan2(away[1], away[0]) + rng.normal(0, 0.5)
        elif rng.random() < 0.75:
            self.theta = np.pi / 2 + rng.choice([-1, 1]) * rng.uniform(0.2, 1.4)
        else:
            self.theta = rng.uniform(-np.pi, np.pi)
        hand_like = kind in ("hand", "fist")
        self.L = scale * (0.35 if hand_like else 1.0)
        self.hand_r = self.L * (rng.uniform(0.3, 0.45) if hand_like else rng.uniform(0.07, 0.15))
        self.arm_w = self.hand_r * rng.uniform(0.7, 1.0)
        fore = self.hand_r * rng.uniform(4.0, 7.0)
        pivot_mix = rng.uniform(0.0, 1.0) if kind in ("stick", "mallet", "hammer", "hand") else rng.uniform(0.0, 0.3)
        side = -np.sign(np.cos(self.theta)) if abs(np.cos(self.theta)) > 0.1 else rng.choice([-1, 1])
        self.rot_amp = side * pivot_mix * rng.uniform(0.5, 1.3)              # radians of tool rotation at h = 1
        wrist_c = self.contact - self.L * np.array([np.cos(self.theta), np.sin(self.theta)])
        if shoulder is not None:     # elbow between the shoulder and the wrist, bent outward
            mid = (np.asarray(shoulder) + wrist_c) / 2
            perp = _rot(wrist_c - np.asarray(shoulder), np.pi / 2) * rng.uniform(-0.4, 0.4)
            self.elbow = mid + perp
        else:
            self.elbow = wrist_c + fore * np.array([np.cos(self.theta + np.pi + rng.normal(0, 0.5)),
                                                    np.sin(self.theta + np.pi + rng.normal(0, 0.5))])
        self.shoulder = None if shoulder is None else np.asarray(shoulder, np.float64)
        self.elbow_pivot = rng.random() < 0.35      # the wrist swings on an arc about the elbow
        self.elbow_amp = side * rng.uniform(0.2, 0.7)
        up = np.array([rng.normal(0, 0.35), -1.0])
        self.lift = up / np.linalg.norm(up) * (1.0 - 0.7 * pivot_mix) * rng.uniform(0.3, 1.0) * (self.L + fore) * 0.5
        self.grow = rng.uniform(0.0, 0.35) if rng.random() < 0.3 else 0.0
        skin = palette.skin(rng) if rng.random() < 0.8 else palette.any_tone(rng)
        self.c_skin = palette.to_channels(skin, C)
        self.c_arm = palette.to_channels(palette.sleeve(rng) if rng.random() < 0.6 else skin, C)
        self.c_tool = palette.to_channels(palette.tool(rng), C)
        self.c_head = palette.to_channels(palette.metal(rng) if kind in ("hammer", "knife") else palette.tool(rng), C)
        self.tool_w = self.L * rng.uniform(0.015, 0.045)
        self.head = (rng.uniform(0.12, 0.25), rng.uniform(0.05, 0.09))    # hammer head / mallet ball, × L
        self.light = rng.uniform(0.0, 0.6)
        self.draw_arm = shoulder is not None or rng.random() < 0.9
        self.shadow = None
        if rng.random() < 0.3:       # a soft shadow on the surface that meets the tool at contact
            phi = np.pi / 2 + rng.normal(0, 0.8)
            self.shadow = (rng.uniform(0.05, 0.3) * np.array([np.cos(phi), np.sin(phi)]), rng.uniform(0.2, 0.6),
                           rng.uniform(2.0, 8.0))

    def pose(self, t):
        """(wrist, elbow, tool angle, size factor, h) at time t."""
        h = self.profile.at(t)
        k = 1.0 + self.grow * h
        wrist_c = self.contact - self.L * np.array([np.cos(self.theta), np.sin(self.theta)])
        ang = self.theta - self.rot_amp * h
        if self.elbow_pivot:
            a = -self.elbow_amp * h
            wrist = self.elbow + _rot(wrist_c - self.elbow, a)
            ang = ang + a
            elbow = self.elbow
        else:
            wrist = wrist_c + self.lift * h
            elbow = self.elbow + (0.3 if self.shoulder is not None else 0.6) * self.lift * h
        return wrist, elbow, ang, k, h

    def tip(self, t):
        wrist, _, ang, k, _ = self.pose(t)
        return wrist + k * self.L * np.array([np.cos(ang), np.sin(ang)])

    def prims(self, t, to_px, zpx):
        """Primitives (back to front) at time t; to_px maps world points to pixels, zpx is pixels per world unit."""
        wrist, elbow, ang, k, h = self.pose(t)
        body = self._body(wrist, elbow, ang, k, to_px, zpx)
        if self.shadow is None:
            return body
        off, opacity, soft = self.shadow
        shift = to_px(off * (h + 0.02)) - to_px(np.zeros(2))
        shadows = []
        for pr in body[-3:]:
            p = dict(pr.p)
            for key in ("a", "b", "c"):
                if key in p:
                    p[key] = p[key] + shift
            shadows.append(Prim(pr.kind, p, np.zeros_like(pr.col), 0.0, soft * (1 + 2 * h), opacity))
        return shadows + body

    def _body(self, wrist, elbow, ang, k, to_px, zpx):
        d = np.array([np.cos(ang), np.sin(ang)])
        s = k * zpx
        out = []
        if self.shoulder is not None:
            out.append(Prim("capsule", {"a": to_px(self.shoulder), "b": to_px(elbow), "r0": self.arm_w * 1.3 * zpx,
                                        "r1": self.arm_w * 1.15 * zpx}, self.c_arm, self.light))
        if self.draw_arm:
            out.append(Prim("capsule", {"a": to_px(elbow), "b": to_px(wrist), "r0": self.arm_w * 1.15 * zpx,
                                        "r1": self.arm_w * s}, self.c_arm, self.light))
        tip = wrist + k * self.L * d
        if self.kind == "hand":      # flat hand: palm + fingers toward the tip
            mid = (wrist + tip) / 2
            out.append(Prim("ellipse", {"c": to_px(mid), "ang": ang, "rx": 0.55 * k * self.L * zpx,
                                        "ry": self.hand_r * s}, self.c_skin, self.light))
            return out
        if self.kind == "fist":
            out.append(Prim("ellipse", {"c": to_px(tip - 0.45 * k * self.L * d), "ang": ang,
                                        "rx": 0.5 * k * self.L * zpx, "ry": self.hand_r * 1.1 * s},
                            self.c_skin, self.light))
            return out
        back = wrist - 0.12 * k * self.L * d
        w = self.tool_w * s
        if self.kind == "knife":
            hmid = wrist + 0.1 * k * self.L * d
            out.append(Prim("box", {"c": to_px(hmid), "ang": ang, "hl": 0.2 * k * self.L * zpx, "hw": w * 1.2},
                            self.c_tool, self.light))
            bmid = wrist + 0.65 * k * self.L * d
            out.append(Prim("box", {"c": to_px(bmid), "ang": ang, "hl": 0.35 * k * self.L * zpx, "hw": w * 2.5,
                                    "cut": w * 3.0}, self.c_head, 0.2))
        else:
            out.append(Prim("capsule", {"a": to_px(back), "b": to_px(tip), "r0": w * 1.15, "r1": w * 0.85},
                            self.c_tool, self.light))
            if self.kind == "hammer":
                hl, hw = self.head[0] * k * self.L * zpx, self.head[1] * k * self.L * zpx
                out.append(Prim("box", {"c": to_px(tip - self.head[1] * k * self.L * d), "ang": ang + np.pi / 2,
                                        "hl": hl, "hw": hw}, self.c_head, 0.3))
            elif self.kind == "mallet":
                r = self.head[1] * 1.3 * k * self.L * zpx
                out.append(Prim("ellipse", {"c": to_px(tip - 0.8 * r / zpx * d), "ang": ang, "rx": r, "ry": r * 1.1},
                                self.c_head, 0.5))
        out.append(Prim("ellipse", {"c": to_px(wrist), "ang": ang, "rx": self.hand_r * 1.3 * s,
                                    "ry": self.hand_r * s}, self.c_skin, self.light))
        return out


class Struck:
    """The struck thing (drum head, cymbal, board, block) at a contact: after each hit it wobbles, swings or
    shifts a little and settles (motion caused by the hit, after it)."""

    def __init__(self, rng, contact, size, hits, C):
        self.c = np.asarray(contact, np.float64) + rng.normal(0, 0.3, 2) * size
        self.kind = str(rng.choice(["ellipse", "box"]))
        self.rx, self.ry = size, size * rng.uniform(0.25, 1.0)
        self.ang = rng.uniform(-0.3, 0.3)
        self.hits = np.asarray(hits, np.float64)
        self.amp, self.f, self.tau = rng.uniform(0.002, 0.012), rng.uniform(3, 15), rng.uniform(0.08, 0.5)
        self.spin = rng.uniform(0.0, 0.15)
        self.col = palette.to_channels(palette.any_tone(rng) if rng.random() < 0.6 else palette.metal(rng), C)
        self.rim = palette.to_channels(palette.any_tone(rng), C)
        self.pattern = _pattern(rng) if rng.random() < 0.3 else None

    def prims(self, t, to_px, zpx):
        dt = t - self.hits[self.hits <= t]
        w = float(np.sum(np.exp(-dt / self.tau) * np.sin(2 * np.pi * self.f * dt))) if len(dt) else 0.0
        c = self.c + np.array([0.3, 1.0]) * self.amp * w
        ang = self.ang + self.spin * w
        if self.kind == "ellipse":
            rim = {"c": to_px(c), "ang": ang, "rx": self.rx * zpx, "ry": self.ry * zpx}
            head = {"c": to_px(c), "ang": ang, "rx": self.rx * 0.9 * zpx, "ry": self.ry * 0.9 * zpx}
        else:
            rim = {"c": to_px(c), "ang": ang, "hl": self.rx * zpx, "hw": self.ry * zpx}
            head = {"c": to_px(c), "ang": ang, "hl": self.rx * 0.95 * zpx, "hw": self.ry * 0.9 * zpx}
        if self.pattern is not None:
            head["pattern"] = self.pattern
        return [Prim(self.kind, rim, self.rim, 0.2), Prim(self.kind, head, self.col, 0.3)]


class Drifter:
    """A silent moving object: a shape on a smooth random path (sum of slow sinusoids plus drift), rotating."""

    def __init__(self, rng, aspect, C, big=False, still=None):
        self.c0 = np.array([rng.uniform(0, aspect), rng.uniform(0, 1)])
        self.vel = rng.normal(0, 0.05, 2)
        self.amp = rng.uniform(0.005, 0.08, (3, 2))
        if still is not None:        # a static occluder near a given point
            self.c0 = np.asarray(still) + rng.normal(0, 0.08, 2)
            self.vel = self.vel * 0
            self.amp = self.amp * 0
        self.freq = rng.uniform(0.1, 1.5, 3)
        self.phase = rng.uniform(0, 2 * np.pi, (3, 2))
        self.ang0, self.spin = rng.uniform(0, np.pi), rng.normal(0, 0.6) * (still is None)
        self.kind = rng.choice(["ellipse", "box", "capsule"])
        sz = rng.uniform(0.12, 0.4) if big else rng.uniform(0.03, 0.2)
        self.rx, self.ry = sz, sz * rng.uniform(0.2, 1.0)
        self.col = palette.to_channels(palette.skin(rng) if rng.random() < 0.3 else palette.any_tone(rng), C)
        self.edge = rng.uniform(1.0, 6.0) if big else 1.0
        self.pattern = _pattern(rng) if rng.random() < 0.4 and self.kind != "capsule" else None

    def prims(self, t, to_px, zpx):
        c = self.c0 + self.vel * t + (self.amp * np.sin(2 * np.pi * self.freq[:, None] * t + self.phase)).sum(0)
        ang = self.ang0 + self.spin * t
        if self.kind == "capsule":
            d = self.rx * np.array([np.cos(ang), np.sin(ang)])
            p = {"a": to_px(c - d), "b": to_px(c + d), "r0": self.ry * zpx / 2, "r1": self.ry * zpx / 2}
        elif self.kind == "box":
            p = {"c": to_px(c), "ang": ang, "hl": self.rx * zpx, "hw": self.ry * zpx}
        else:
            p = {"c": to_px(c), "ang": ang, "rx": self.rx * zpx, "ry": self.ry * zpx}
        if self.pattern is not None:
            p["pattern"] = self.pattern
        return [Prim(self.kind, p, self.col, 0.3, self.edge)]


class Swayer:
    """A person-like blob (torso and head) swaying slowly: large, low-frequency, silent motion."""

    def __init__(self, rng, aspect, C, at=None, width=None):
        self.x, self.y = (rng.uniform(0, aspect), rng.uniform(0.3, 0.9)) if at is None else at
        self.w = rng.uniform(0.15, 0.4) if width is None else width
        self.amp, self.f, self.ph = rng.uniform(0.005, 0.06), rng.uniform(0.1, 0.8), rng.uniform(0, 2 * np.pi)
        if at is not None:           # arms hang from its shoulders: sway less
            self.amp *= 0.6
        self.c_body = palette.to_channels(palette.any_tone(rng), C)
        self.pattern = _pattern(rng) if rng.random() < 0.6 else None
        self.c_head = palette.to_channels(palette.skin(rng), C)
        self.edge = rng.uniform(1.0, 5.0)

    def shoulder(self, side):
        """A shoulder point (side 0: left, 1: right) at rest (arms do not follow the sway)."""
        return np.array([self.x + (side - 0.5) * 1.6 * self.w, self.y - 0.8 * self.w])

    def prims(self, t, to_px, zpx):
        dx = self.amp * np.sin(2 * np.pi * self.f * t + self.ph)
        body = np.array([self.x + dx, self.y])
        head = body + np.array([1.5 * dx, -self.w * 1.3])
        torso = {"c": to_px(body), "ang": 0.0, "rx": self.w * zpx, "ry": self.w * 1.3 * zpx}
        if self.pattern is not None:
            torso["pattern"] = self.pattern
        return [Prim("ellipse", torso, self.c_body, 0.2, self.edge),
                Prim("ellipse", {"c": to_px(head), "ang": 0.0, "rx": self.w * 0.38 * zpx, "ry": self.w * 0.45 * zpx},
                     self.c_head, 0.3, self.edge)]
