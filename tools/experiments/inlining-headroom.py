#!/usr/bin/env python3
"""How much smaller can -Oz code get by inlining differently, per module? A quick bound.

Compiles a seeded random sample of corpus modules with stock opt-22 -passes='default<Oz>' +
llc-22 -O2, then with each variant (-inline-threshold=N, or a policy file run by the plugin),
and prints, per variant, the total .text change, and the per-module best over all variants (an
oracle that picks the best variant for each module separately).

  tools/experiments/inlining-headroom.py CORPORA_DIR --modules 120 --seed 7 \\
      --threshold -20 --threshold 0 --policy P.mlgo --plugin .build/release/libMLGOPlugin.so
"""
import argparse, concurrent.futures, os, random, subprocess, tempfile

from elf_text import text_size

def compile_module(module, extra):
    handle, optimized = tempfile.mkstemp(suffix=".bc")
    os.close(handle)
    obj = optimized + ".o"
    try:
        subprocess.run(["opt-22", *extra, "-passes=default<Oz>", module, "-o", optimized], check=True, capture_output=True, timeout=300)
        subprocess.run(["llc-22", "-O2", "-filetype=obj", optimized, "-o", obj], check=True, capture_output=True, timeout=300)
        return text_size(obj)
    except (subprocess.SubprocessError, OSError):
        return None
    finally:
        for path in (optimized, obj):
            if os.path.exists(path):
                os.remove(path)

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpora")
    parser.add_argument("--modules", type=int, default=120)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threshold", action="append", default=[])
    parser.add_argument("--policy", action="append", default=[])
    parser.add_argument("--plugin", default=".build/release/libMLGOPlugin.so")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    args = parser.parse_args()

    modules = sorted(os.path.join(root, name) for root, _, names in os.walk(args.corpora) for name in names if name.endswith(".bc"))
    random.seed(args.seed)
    random.shuffle(modules)
    modules = modules[: args.modules]
    variants = {"heuristic": []}
    for threshold in args.threshold:
        variants[f"threshold {threshold}"] = [f"-inline-threshold={threshold}"]
    for policy in args.policy:
        variants[f"policy {os.path.basename(policy)}"] = [f"-load-pass-plugin={os.path.abspath(args.plugin)}",
                                                          "-mlgo-inline-mode=release", f"-mlgo-inline-policy={os.path.abspath(policy)}"]
    jobs = [(module, name) for module in modules for name in variants]
    sizes = {}
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for (module, name), size in zip(jobs, pool.map(lambda job: compile_module(job[0], variants[job[1]]), jobs)):
            sizes.setdefault(module, {})[name] = size
    usable = [m for m in modules if all(sizes[m].get(name) for name in variants)]
    base = sum(sizes[m]["heuristic"] for m in usable)
    print(f"{len(usable)} modules with code, heuristic .text {base} bytes")
    for name in variants:
        if name == "heuristic":
            continue
        total = sum(sizes[m][name] for m in usable)
        grew = sum(sizes[m][name] > sizes[m]["heuristic"] for m in usable)
        shrank = sum(sizes[m][name] < sizes[m]["heuristic"] for m in usable)
        print(f"{name}: total {100 * (total / base - 1):+.2f}%, {shrank} modules smaller, {grew} larger")
    best = sum(min(sizes[m].values()) for m in usable)
    print(f"per-module best of all variants: {100 * (best / base - 1):+.2f}%")

if __name__ == "__main__":
    main()
