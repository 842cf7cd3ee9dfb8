"""The Foley World source pack: one .npz with every one-shot and bed, 16 kHz mono, plus metadata.

Layout (all arrays; `meta` is UTF-8 JSON stored as uint8):
    shots      int16  concatenated one-shots, peak-normalised to 0.95 FS; sample PRE (16) is the onset
    shot_off   int64  [N+1] offsets into `shots`
    shot_class int16  [N] index into meta.action_classes
    shot_split int8   [N] 0 train, 1 val, 2 test
    shot_rec   int32  [N] index into meta.recordings
    beds       uint8  concatenated beds, 8-bit mu-law (mu = 255), RMS-normalised to -20 dBFS
    bed_off / bed_class / bed_split / bed_rec   likewise (class → meta.ambience_classes)
8-bit mu-law for beds halves their size at a quantisation noise ~38 dB under the signal, inaudible under events
and irrelevant when beds are mixed 10-60 dB down; one-shots stay int16 because their decays matter.
"""
import json

import numpy as np

SPLITS = ["train", "val", "test"]
PRE = 16            # samples of pre-roll before each one-shot's onset
MU = 255.0


def mulaw_encode(x):
    x = np.clip(x, -1.0, 1.0)
    y = np.sign(x) * np.log1p(MU * np.abs(x)) / np.log1p(MU)
    return np.round((y + 1.0) * 127.5).astype(np.uint8)


_MULAW_TABLE = None


def mulaw_decode(q):
    global _MULAW_TABLE
    if _MULAW_TABLE is None:
        y = np.arange(256, dtype=np.float64) / 127.5 - 1.0
        _MULAW_TABLE = (np.sign(y) * ((1.0 + MU) ** np.abs(y) - 1.0) / MU).astype(np.float32)
    return _MULAW_TABLE[q]


def save(path, shots, beds, meta):
    """shots/beds: lists of dict(audio=float32 array, cls=int, split=int, rec=int)."""
    def cat(items, enc, dtype):
        off = np.zeros(len(items) + 1, np.int64)
        off[1:] = np.cumsum([len(i["audio"]) for i in items])
        data = np.concatenate([enc(i["audio"]) for i in items]) if items else np.zeros(0, dtype)
        return (data.astype(dtype), off, np.array([i["cls"] for i in items], np.int16),
                np.array([i["split"] for i in items], np.int8), np.array([i["rec"] for i in items], np.int32))
    s = cat(shots, lambda a: np.round(np.clip(a, -1, 1) * 32767), np.int16)
    b = cat(beds, mulaw_encode, np.uint8)
    np.savez_compressed(path, shots=s[0], shot_off=s[1], shot_class=s[2], shot_split=s[3], shot_rec=s[4],
                        beds=b[0], bed_off=b[1], bed_class=b[2], bed_split=b[3], bed_rec=b[4],
                        meta=np.frombuffer(json.dumps(meta).encode(), np.uint8))


class Pack:
    """Loaded pack; one-shots decoded to float32 lazily per index, beds decoded once per split on demand."""

    def __init__(self, path):
        z = np.load(path)
        self.meta = json.loads(bytes(z["meta"]).decode())
        self.action_classes = self.meta["action_classes"]
        self.ambience_classes = self.meta["ambience_classes"]
        self.recordings = self.meta["recordings"]
        self._shots = z["shots"]
        self.shot_off, self.shot_class = z["shot_off"], z["shot_class"]
        self.shot_split, self.shot_rec = z["shot_split"], z["shot_rec"]
        self._beds = z["beds"]
        self.bed_off, self.bed_class = z["bed_off"], z["bed_class"]
        self.bed_split, self.bed_rec = z["bed_split"], z["bed_rec"]
        self._shot_cache, self._bed_cache = {}, {}

    def shot(self, i):
        a = self._shot_cache.get(i)
        if a is None:
            a = self._shots[self.shot_off[i]:self.shot_off[i + 1]].astype(np.float32) / 32767.0
            self._shot_cache[i] = a
        return a

    def bed(self, i):
        a = self._bed_cache.get(i)
        if a is None:
            a = mulaw_decode(self._beds[self.bed_off[i]:self.bed_off[i + 1]])
            self._bed_cache[i] = a
        return a

    def shots_of(self, split, cls=None):
        m = self.shot_split == SPLITS.index(split)
        if cls is not None:
            m &= self.shot_class == cls
        return np.nonzero(m)[0]

    def beds_of(self, split, cls=None):
        m = self.bed_split == SPLITS.index(split)
        if cls is not None:
            m &= self.bed_class == cls
        return np.nonzero(m)[0]

    def classes_available(self, split):
        """(action class ids, ambience class ids) that have material in this split."""
        a = sorted(set(self.shot_class[self.shot_split == SPLITS.index(split)].tolist()))
        b = sorted(set(self.bed_class[self.bed_split == SPLITS.index(split)].tolist()))
        return a, b
