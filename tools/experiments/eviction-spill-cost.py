#!/usr/bin/env python3
"""Weighted spill cost of llc-22 -O2 with LLVM's default eviction advisor and with an
eviction policy (docs/eviction.md, "The prior policy").

For each C file: clang-22 -O2 -emit-llvm, then llc-22 -O2 -filetype=obj with
-pass-remarks-analysis=regalloc; sums the frequency-weighted costs of the function-level
`SpillReloadCopies` remarks (spills, reloads, folded spills/reloads, copies) and reads `.text`.

    tools/experiments/eviction-spill-cost.py PLUGIN POLICY FILE.c...
"""
import os, re, subprocess, sys, tempfile

COSTS = ("TotalSpillsCost", "TotalReloadsCost", "TotalFoldedSpillsCost", "TotalFoldedReloadsCost", "TotalCopiesCost")

def remarks(path):
    totals = {"cost": 0.0, "spills": 0, "reloads": 0}
    for block in open(path).read().split("\n...\n"):
        if "Name:            SpillReloadCopies" not in block:
            continue
        for key in COSTS:
            m = re.search(r"%s:\s+'([^']+)'" % key, block)
            if m:
                totals["cost"] += float(m.group(1))
        for key, name in (("spills", "NumSpills"), ("reloads", "NumReloads")):
            m = re.search(r"%s:\s+'(\d+)'" % name, block)
            if m:
                totals[key] += int(m.group(1))
    return totals

def text_size(obj):
    out = subprocess.run(["llvm-size-22", "-A", obj], capture_output=True, text=True, check=True).stdout
    return sum(int(l.split()[1]) for l in out.splitlines() if l.startswith(".text"))

def main():
    plugin, policy, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    variants = {"default": [], "policy": ["-load-pass-plugin=" + plugin, "-mlgo-evict-mode=release", "-mlgo-evict-policy=" + policy]}
    grand = {v: {"cost": 0.0, "spills": 0, "reloads": 0, "text": 0} for v in variants}
    print("| module | advisor | .text | spills / reloads | weighted cost |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for source in files:
            name = os.path.splitext(os.path.basename(source))[0]
            bc = os.path.join(tmp, name + ".bc")
            subprocess.run(["clang-22", "-O2", "-emit-llvm", "-c", source, "-o", bc], check=True)
            for variant, args in variants.items():
                yaml, obj = os.path.join(tmp, name + variant + ".yaml"), os.path.join(tmp, name + variant + ".o")
                subprocess.run(["llc-22"] + args + ["-O2", "-filetype=obj", "-pass-remarks-analysis=regalloc",
                                "-pass-remarks-output=" + yaml, bc, "-o", obj], check=True)
                r = remarks(yaml)
                r["text"] = text_size(obj)
                for k in grand[variant]:
                    grand[variant][k] += r[k]
                print("| %s | %s | %d | %d / %d | %.1f |" % (name, variant, r["text"], r["spills"], r["reloads"], r["cost"]))
    for variant, r in grand.items():
        print("| **total** | %s | %d | %d / %d | %.1f |" % (variant, r["text"], r["spills"], r["reloads"], r["cost"]))
    d, p = grand["default"]["cost"], grand["policy"]["cost"]
    print("\npolicy vs default: weighted cost %+.2f%%, .text %+.2f%%" % ((p / d - 1) * 100 if d else 0,
          (grand["policy"]["text"] / grand["default"]["text"] - 1) * 100))

if __name__ == "__main__":
    main()
