"""Fetch the Foley World source recordings from Debian packages (docs/DESIGN.md §7).

    python3 -m a2s_models.foleyworld.fetch --cache /work/cache/foleyworld
    python3 -m a2s_models.foleyworld.fetch --cache DIR --unpacked /path/with/dpkg-x/trees

Result (the prefixes match ../shared/data/sound-sources/*.cls.tsv and models/foleyworld/mapping.tsv):
    DIR/debs/*.deb                     `apt-get download` (kept: 0ad-data alone is ~1.4 GB, fetch once)
    DIR/src/zad/audio/...              0ad public.zip → audio/ only
    DIR/src/oc/Sound/<Group>.ocg/...   OpenClonk Sound.ocg (C4Group, see c4group.py)
    DIR/src/rex/...                    redeclipse data/sounds
    DIR/src/x/minetest-data/usr/...    minetest-data sound files
    DIR/src/doc/<package>/copyright    licence texts
Only the audio is unpacked, never the whole package; the cache must live outside the git checkout.
"""
import argparse
import glob
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile

from . import c4group

PACKAGES = ["0ad-data", "openclonk-data", "redeclipse-data", "minetest-data"]
AUDIO_EXT = (".ogg", ".wav", ".flac", ".mp3")
ZAD_ZIP = "usr/share/games/0ad/mods/public/public.zip"
OC_SOUND = "usr/share/games/openclonk/Sound.ocg"
REX_SOUNDS = "usr/share/games/redeclipse/data/sounds/"
MT_ROOT = "usr/share/games/minetest/"


class FetchError(RuntimeError):
    pass


def _wanted(pkg: str, name: str) -> bool:
    """Members of a package's data tar that we unpack (audio and licence texts only)."""
    name = name.lstrip("./")
    if name.startswith("usr/share/doc/") and name.endswith("copyright"):
        return True
    if pkg == "0ad-data":
        return name == ZAD_ZIP
    if pkg == "openclonk-data":
        return name == OC_SOUND or (name.startswith("usr/share/games/openclonk/Sound.ocg/"))
    if pkg == "redeclipse-data":
        return name.startswith(REX_SOUNDS) and name.lower().endswith(AUDIO_EXT)
    if pkg == "minetest-data":
        return name.startswith(MT_ROOT) and name.lower().endswith(AUDIO_EXT)
    return False


def download(debs: str) -> None:
    os.makedirs(debs, exist_ok=True)
    missing = [p for p in PACKAGES if not glob.glob(os.path.join(debs, f"{p}_*.deb"))]
    if not missing:
        return
    if not shutil.which("apt-get") or not shutil.which("dpkg-deb"):
        raise FetchError("apt-get/dpkg-deb not found: this fetcher needs a Debian/Ubuntu system with the 'main' "
                         "archive reachable, or pass --unpacked DIR with the packages already unpacked (dpkg -x).")
    r = subprocess.run(["apt-get", "download", *missing], cwd=debs, capture_output=True, text=True)
    if r.returncode != 0:
        subprocess.run(["apt-get", "update"], capture_output=True)
        r = subprocess.run(["apt-get", "download", *missing], cwd=debs, capture_output=True, text=True)
    if r.returncode != 0:
        raise FetchError(f"apt-get download {' '.join(missing)} failed (is the Debian archive reachable, and the "
                         f"package list current? try `apt-get update`):\n{r.stderr.strip()}")


def unpack_deb(deb: str, pkg: str, tree: str) -> None:
    """Stream the deb's data tar (dpkg-deb --fsys-tarfile) and write only the wanted members into tree."""
    proc = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", deb], stdout=subprocess.PIPE)
    with tarfile.open(fileobj=proc.stdout, mode="r|*") as tar:
        for m in tar:
            if m.isfile() and _wanted(pkg, m.name):
                dst = os.path.join(tree, m.name.lstrip("./"))
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                with tar.extractfile(m) as src, open(dst, "wb") as out:
                    shutil.copyfileobj(src, out)
    if proc.wait() != 0:
        raise FetchError(f"dpkg-deb --fsys-tarfile {deb} failed")


def _copy_tree(src: str, dst: str, keep=lambda p: p.lower().endswith(AUDIO_EXT)) -> int:
    n = 0
    for root, _dirs, files in os.walk(src):
        for f in files:
            p = os.path.join(root, f)
            if keep(p):
                q = os.path.join(dst, os.path.relpath(p, src))
                os.makedirs(os.path.dirname(q), exist_ok=True)
                shutil.copyfile(p, q)
                n += 1
    return n


def arrange(tree: str, out: str) -> dict:
    """From a merged dpkg -x tree (usr/share/...), write the src/ layout. Returns files per package prefix."""
    counts = {}
    for pkg in PACKAGES:
        c = os.path.join(tree, "usr/share/doc", pkg, "copyright")
        if os.path.exists(c):
            os.makedirs(os.path.join(out, "doc", pkg), exist_ok=True)
            shutil.copyfile(c, os.path.join(out, "doc", pkg, "copyright"))
    z = os.path.join(tree, ZAD_ZIP)
    if os.path.exists(z):
        n = 0
        with zipfile.ZipFile(z) as zf:
            for info in zf.infolist():
                if info.filename.startswith("audio/") and not info.is_dir():
                    zf.extract(info, os.path.join(out, "zad"))
                    n += 1
        counts["zad"] = n
    oc = os.path.join(tree, OC_SOUND)
    if os.path.isfile(oc):
        counts["oc"] = c4group.extract(oc, os.path.join(out, "oc", "Sound"))
    elif os.path.isdir(oc):  # some builds ship the group unpacked as a folder
        counts["oc"] = _copy_tree(oc, os.path.join(out, "oc", "Sound"), keep=lambda p: True)
    rex = os.path.join(tree, REX_SOUNDS)
    if os.path.isdir(rex):
        counts["rex"] = _copy_tree(rex, os.path.join(out, "rex"))
    mt = os.path.join(tree, MT_ROOT)
    if os.path.isdir(mt):
        counts["minetest"] = _copy_tree(mt, os.path.join(out, "x/minetest-data", MT_ROOT))
    return counts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", required=True, help="cache folder outside the git checkout")
    ap.add_argument("--unpacked", help="an already-unpacked tree (dpkg -x of the packages): skip apt")
    a = ap.parse_args(argv)
    out = os.path.join(a.cache, "src")
    try:
        if a.unpacked:
            tree = a.unpacked
        else:
            debs = os.path.join(a.cache, "debs")
            download(debs)
            tree = os.path.join(a.cache, "tree")
            for pkg in PACKAGES:
                deb = sorted(glob.glob(os.path.join(debs, f"{pkg}_*.deb")))[-1]
                stamp = os.path.join(tree, f".{pkg}.done")
                if not os.path.exists(stamp):
                    print(f"unpacking {os.path.basename(deb)}", file=sys.stderr)
                    unpack_deb(deb, pkg, tree)
                    open(stamp, "w").close()
        counts = arrange(tree, out)
    except FetchError as e:
        print(f"fetch: {e}", file=sys.stderr)
        return 2
    print(f"sources in {out}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
