"""Licence and author per source file, from each package's copyright file (DEP-5) or OpenClonk's authors.txt."""
import fnmatch
import os
import re


def parse_dep5(text):
    """Stanzas of a machine-readable debian/copyright as dicts (continuation lines joined with newlines)."""
    stanzas, cur, key = [], {}, None
    for line in text.splitlines():
        if not line.strip():
            if cur:
                stanzas.append(cur)
            cur, key = {}, None
        elif line[0] in " \t" and key:
            cur[key] += "\n" + line.strip()
        elif ":" in line:
            key, val = line.split(":", 1)
            cur[key] = val.strip()
    if cur:
        stanzas.append(cur)
    return [s for s in stanzas if "Files" in s]


def dep5_lookup(stanzas, path):
    """Last matching stanza wins (DEP-5); `*` matches across '/'."""
    hit = None
    for s in stanzas:
        for pat in s["Files"].split():
            if fnmatch.fnmatchcase(path, pat):
                hit = s
    if hit is None:
        return None, None
    author = " ".join(x.strip() for x in hit.get("Copyright", "").splitlines() if x.strip())
    return hit.get("License", "").splitlines()[0].strip(), author


def parse_oc_authors(text):
    """[(author, works text, licence)] from OpenClonk's Sound.ocg/authors.txt."""
    out, lic = [], "CC-BY-3.0"
    for line in text.splitlines():
        if "CC 0 license" in line:
            lic = "CC0-1.0"
            continue
        if not line.strip() or line.startswith("="):
            continue
        m = re.match(r"^(\S[^\t]*?)\s*-\s*(.*)$", line) if line[0] not in " \t" else None
        if m and not line.startswith("The following") and not line.startswith("If not") and \
                not line.startswith("CC Attribution") and not line.startswith("Author"):
            out.append([m.group(1).strip().rstrip(","), m.group(2), lic])
        elif out and line[0] in " \t":
            out[-1][1] += " " + line.strip()
    return out


def oc_lookup(entries, path):
    stem = os.path.splitext(os.path.basename(path))[0]
    base = re.sub(r"\d+$", "", stem)
    parent = os.path.basename(os.path.dirname(path)).replace(".ocg", "")
    for needle, behind in ((f"{parent}/{base}", "A-Za-z"), (base, "A-Za-z/"), (base, "A-Za-z")):
        rx = re.compile(r"(?<![" + behind + "])" + re.escape(needle) + r"(?![A-Za-z/])")
        for author, works, lic in entries:
            if rx.search(works):
                url = re.search(r"https?://\S+?(?=\)|\s|$)", works[rx.search(works).start():])
                return lic, author + (f" ({url.group(0)})" if url else "")
    return "CC-BY-3.0", "OpenClonk Team (not itemised in Sound.ocg/authors.txt)"


class Licences:
    """Resolve (licence, author) for a mapping path such as `zad/audio/...` or `oc/Sound/...`."""

    def __init__(self, src_root):
        def read(p):
            p = os.path.join(src_root, p)
            return open(p, encoding="utf-8", errors="replace").read() if os.path.exists(p) else ""
        self.rex = parse_dep5(read("doc/redeclipse-data/copyright"))
        self.mt = parse_dep5(read("doc/minetest-data/copyright"))
        self.oc = parse_oc_authors(read("oc/Sound/authors.txt"))

    def __call__(self, path):
        if path.startswith("zad/"):
            return "CC-BY-SA-3.0", "Wildfire Games (0 A.D.)"
        if path.startswith("oc/"):
            return oc_lookup(self.oc, path)
        if path.startswith("rex/"):
            return dep5_lookup(self.rex, "data/sounds/" + path[4:])
        if path.startswith("x/minetest-data/"):
            rel = path.split("/games/minetest/games/minetest_game/", 1)
            return dep5_lookup(self.mt, "mtg/" + rel[1] if len(rel) == 2 else path)
        return None, None
