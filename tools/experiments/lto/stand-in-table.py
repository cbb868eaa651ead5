#!/usr/bin/env python3
"""The stand-in check of every LTO corpus (corpus lto's stand-in-check.json) as a Markdown table.

    tools/experiments/lto/stand-in-table.py /work/lto PROJECT...
"""
import json
import os
import sys

root, projects = sys.argv[1], sys.argv[2:]
print("| project | targets | thin: modules, stand-in − lld per target | full: stand-in − lld per target |")
print("|---|---|---|---|")
for project in projects:
    cells = []
    for kind in ("thin", "full"):
        folder = os.path.join(root, kind, project)
        with open(os.path.join(folder, "stand-in-check.json")) as f:
            checks = json.load(f)
        with open(os.path.join(folder, "corpus_description.json")) as f:
            modules = len(json.load(f)["modules"])
        differences = ", ".join(
            f"{c['target']} {c['stand_in_text'] - c['lld_text']:+d}" if c.get("stand_in_text") is not None
            else f"{c['target']} not measured" for c in checks)
        lld = sum(c["lld_text"] for c in checks)
        cells.append((len(checks), f"{modules} modules, {lld:,} B: {differences}" if kind == "thin" else f"{lld:,} B: {differences}"))
    print(f"| {project} | {cells[0][0]} | {cells[0][1]} | {cells[1][1]} |")
