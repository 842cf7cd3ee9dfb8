"""Reader for OpenClonk group files (`.ocg`, the C4Group format).

A packed group is gzip with the first two magic bytes changed (1e 8c instead of 1f 8b). Inside is a C4Group:
a 204-byte header, XOR-ed with 0xED and byte-swapped in triples (OpenClonk's `MemScramble`), then `Entries`
plain 316-byte entry records (`C4GroupEntryCore`, packed), then the entry data; offsets count from the end of
the entry table. Child groups are stored as raw (unpacked) groups inside their parent.
"""
import gzip
import os
import struct

HEADER_SIZE = 204
ENTRY_SIZE = 316
MAGIC = b"RedWolf Design GrpFolder"


def _unscramble(buf: bytes) -> bytes:
    b = bytearray(x ^ 0xED for x in buf)
    for i in range(0, len(b) - 2, 3):
        b[i], b[i + 2] = b[i + 2], b[i]
    return bytes(b)


def decompress(raw: bytes) -> bytes:
    """Packed .ocg bytes → the raw group."""
    if raw[:2] in (b"\x1e\x8c", b"\x1f\x8b"):
        return gzip.decompress(b"\x1f\x8b" + raw[2:])
    return raw


def entries(group: bytes, prefix: str = ""):
    """Yield (path, bytes) for every file in a raw group, recursing into child groups."""
    head = _unscramble(group[:HEADER_SIZE])
    if not head.startswith(MAGIC):
        raise ValueError("not a C4Group (bad header magic)")
    count = struct.unpack("<i", head[36:40])[0]
    base = HEADER_SIZE + ENTRY_SIZE * count
    for k in range(count):
        rec = group[HEADER_SIZE + ENTRY_SIZE * k:HEADER_SIZE + ENTRY_SIZE * (k + 1)]
        name = rec[:260].split(b"\0")[0].decode("latin-1")
        _packed, child, size, _r1, offset = struct.unpack("<5i", rec[260:280])
        data = group[base + offset:base + offset + size]
        path = f"{prefix}{name}"
        if child:
            yield from entries(data, path + "/")
        else:
            yield path, data


def extract(ocg_path: str, out_dir: str, keep=lambda p: True) -> int:
    """Unpack the .ocg file (packed, or already a folder on disk) into out_dir; returns files written."""
    n = 0
    with open(ocg_path, "rb") as f:
        group = decompress(f.read())
    for path, data in entries(group):
        if not keep(path):
            continue
        dst = os.path.join(out_dir, path)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        with open(dst, "wb") as f:
            f.write(data)
        n += 1
    return n
