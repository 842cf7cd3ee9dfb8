"""CREDITS text for the pack and the "Foley World sources" section of assets/CREDITS.md."""
import os

HEADER = "## Foley World sources"
PACKAGES = {
    "0ad-data": "0 A.D. data (Wildfire Games), Debian package `0ad-data` — CC-BY-SA-3.0",
    "openclonk-data": "OpenClonk data, Debian package `openclonk-data` — CC-BY-3.0 / CC0 per file "
                      "(Sound.ocg/authors.txt)",
    "redeclipse-data": "Red Eclipse data, Debian package `redeclipse-data` — per file (debian/copyright)",
    "minetest-data": "Minetest Game data, Debian package `minetest-data` — CC-BY-SA-3.0, doors CC-BY-3.0",
}


def credits_text(used):
    lines = ["Foley World source recordings (every file in the pack)",
             "path\tpackage\tclass\tsplit\tlicence\tauthor"]
    for r in sorted(used, key=lambda r: r["path"]):
        lines.append("\t".join([r["path"], r["package"], r["class"], r["split"], r["licence"], r["author"]]))
    return "\n".join(lines) + "\n"


def section(used, stats):
    out = [HEADER, "",
           "The Foley World training/evaluation data (models/foleyworld, docs/DESIGN.md §7) mixes real recordings taken from",
           "Debian packages. Generated videos and clips are derivative works of these recordings: CC-BY-SA-3.0 items",
           "make them CC-BY-SA-3.0 as a whole. Full per-file list: `models/foleyworld/CREDITS.tsv`.", ""]
    for pkg, text in PACKAGES.items():
        n = sum(1 for r in used if r["package"] == pkg)
        out.append(f"- {text}: {n} files")
    out += ["", "| licence | files |", "|---|---|"]
    lic = {}
    for r in used:
        lic[r["licence"]] = lic.get(r["licence"], 0) + 1
    out += [f"| {k} | {v} |" for k, v in sorted(lic.items())]
    out += ["", "Authors (as credited by the packages):", ""]
    authors = sorted({(r["package"], r["author"]) for r in used})
    out += [f"- {a} ({p})" for p, a in authors]
    return "\n".join(out) + "\n"


def update_markdown(path, used, stats):
    """Replace (or append) the section that starts at HEADER and ends at the next '## ' heading."""
    text = open(path).read() if os.path.exists(path) else "# Credits\n\n"
    new = section(used, stats)
    if HEADER in text:
        head, rest = text.split(HEADER, 1)
        nxt = rest.find("\n## ")
        tail = rest[nxt + 1:] if nxt >= 0 else ""
        text = head + new + ("\n" + tail if tail else "")
    else:
        text = text.rstrip("\n") + "\n\n" + new
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
