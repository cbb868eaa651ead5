#!/usr/bin/env python3
"""Does the static spill score predict executed instructions once each function is weighed by
how often it is called? (issue 9: a score that agrees with execution)

A function's weighted spill cost (the SpillReloadCopies remark) counts spill code by block
frequency relative to the function's entry, so a program's total adds functions as if each ran
once. Here each function's change against LLVM is multiplied by its call count in a callgrind
profile of the benchmark (eviction changes no call counts), and the sum is compared with the
change in executed instructions that the speed report measured.

  call-weighted-score.py --profiles PROFILES --corpora /work/corpora-o2 --plugin P --output OUT.json \
      --policy NAME=POLICY ... --measured NAME=REPORT.json@CONFIG ... [--measured NAME=BENCH:PCT,...]

PROFILES/PROGRAM/ holds the callgrind outputs of one run of each benchmark (stock -O2; any
configuration would do, since eviction changes no calls). --measured takes a speed report's instruction changes of one configuration (the benchmarks by
project folder), or the changes written out (lz4:-3.09,...).

Per benchmark, its program's modules come from corpus/projects/P/links.json (sqlite3's
speedtest1 is the amalgamation, sqlite3.o). Modules are compiled here like the training compile
(opt-22 default<O2>, llc-22 -O2 with the plugin and regalloc remarks).
"""
import argparse, json, math, os, re, subprocess, sys
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
BENCHMARKS = {  # project: (its link target in links.json, the program its profiles name)
    "leveldb": ("db_bench", "db_bench"), "libxml2": ("xmllint", "xmllint"), "libzstd": ("zstd", "zstd"),
    "lua5.4": ("lua", "lua"), "lz4": ("lz4", "lz4"), "sqlite3": (None, "speedtest1"), "xz-utils": ("xz", "xz"),
}
LOAD, STORE, COPY = 4.0, 1.0, 0.2


def modules_of(project, target):
    if target is None:
        return ["sqlite3.o"]
    links = json.load(open(os.path.join(REPO, "corpus/projects", project, "links.json")))
    t = next(t for t in links["targets"] if t["name"] == target)
    return list(dict.fromkeys(t.get("modules", []) + t.get("archive", [])))


def remark_costs(text):
    """Per function: (score-weighted cost, instruction-like cost: spills + reloads + copies)."""
    costs = {}
    for doc in text.split("\n..."):
        if "Name:            SpillReloadCopies" not in doc or "generated in function" not in doc:
            continue
        fields = dict(re.findall(r"- (\w+):\s+'?([^'\n]*)'?", doc))
        name = re.search(r"Function:\s+'?([^'\n]+)'?", doc).group(1)
        f = lambda k: float(fields.get(k, 0) or 0)
        score = LOAD * (f("TotalReloadsCost") + f("TotalFoldedReloadsCost")) + STORE * (f("TotalSpillsCost") + f("TotalFoldedSpillsCost")) \
            + COPY * f("TotalCopiesCost")
        instrs = f("TotalReloadsCost") + f("TotalSpillsCost") + f("TotalCopiesCost")
        old = costs.get(name, (0.0, 0.0))
        costs[name] = (old[0] + score, old[1] + instrs)
    return costs


def compile_module(bitcode, cache, policies, plugin):
    os.makedirs(cache, exist_ok=True)
    optimized = os.path.join(cache, "opt.bc")
    if not os.path.exists(optimized):
        subprocess.run(["opt-22", "-passes=default<O2>", bitcode, "-o", optimized + ".tmp"], check=True)
        os.rename(optimized + ".tmp", optimized)
    out = {}
    for name, policy in [("default", None)] + policies:
        remarks = os.path.join(cache, f"{name}.yaml")
        if not os.path.exists(remarks):
            args = [] if policy is None else [f"-load-pass-plugin={plugin}", "-mlgo-evict-mode=release", f"-mlgo-evict-policy={policy}"]
            subprocess.run(["llc-22", "-O2", "-filetype=obj", *args, "-pass-remarks-analysis=regalloc", "-pass-remarks-filter=regalloc",
                            f"-pass-remarks-output={remarks}.tmp", optimized, "-o", os.devnull], check=True)
            os.rename(remarks + ".tmp", remarks)
        out[name] = remark_costs(open(remarks).read())
    return out


def callgrind_calls(folder):
    """Calls received per function name, summed over the profile files of one run."""
    calls = defaultdict(int)
    for file in os.listdir(folder):
        names = {}
        cfn = None
        for line in open(os.path.join(folder, file), errors="replace"):
            if line.startswith("cfn="):
                m = re.match(r"cfn=\((\d+)\)(?: (.*))?", line.rstrip("\n"))
                if m:
                    if m.group(2):
                        names[m.group(1)] = m.group(2)
                    cfn = names.get(m.group(1))
                else:
                    cfn = line[4:].strip()
            elif line.startswith("fn="):
                m = re.match(r"fn=\((\d+)\)(?: (.*))?", line.rstrip("\n"))
                if m and m.group(2):
                    names[m.group(1)] = m.group(2)
            elif line.startswith("calls=") and cfn is not None:
                calls[cfn] += int(line[6:].split()[0])
                cfn = None
    return calls


def demangle(names):
    if not names:
        return {}
    result = subprocess.run(["llvm-cxxfilt-22"], input="\n".join(names), capture_output=True, text=True, check=True)
    return dict(zip(names, result.stdout.split("\n")))


def pearson(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs); syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx > 0 and syy > 0 else float("nan")


def measured_changes(spec):
    """NAME=REPORT.json@CONFIG or NAME=BENCH:PCT,... -> (NAME, {benchmark: instruction change %})."""
    name, rest = spec.split("=", 1)
    if "@" in rest:
        path, config = rest.split("@", 1)
        changes = {}
        for benchmark in json.load(open(path))["benchmarks"]:
            for change in benchmark["changes"]:
                if change["configuration"] == config:
                    changes[benchmark["recipe"]["project"]] = 100 * change["instructionsChange"]
        return name, changes
    return name, {k: float(v) for k, v in (x.split(":") for x in rest.split(","))}


def callgrind_total(folder):
    """Executed instructions (Ir) of one run, summed over its profile files."""
    total = 0
    for file in os.listdir(folder):
        for line in open(os.path.join(folder, file), errors="replace"):
            if line.startswith(("summary:", "totals:")):
                total += int(line.split()[1])
                break
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--profiles", required=True, help="PROFILES/PROGRAM/callgrind.out.* per benchmark program")
    ap.add_argument("--corpora", required=True)
    ap.add_argument("--cache", default="/work/runs/call-weighted/cache")
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--policy", action="append", default=[], help="NAME=POLICY")
    ap.add_argument("--measured", action="append", default=[], help="NAME=BENCHMARK:PCT,... executed-instruction changes")
    ap.add_argument("--output", required=True)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--also-without", action="append", default=[], help="also summarise without this policy's rows")
    a = ap.parse_args()
    policies = [tuple(p.split("=", 1)) for p in a.policy]
    measured = dict(measured_changes(spec) for spec in a.measured)
    rows = []
    for bench, (target, program) in BENCHMARKS.items():
        project = bench
        profile = os.path.join(a.profiles, program)
        if not os.path.isdir(profile):
            print(f"{bench}: no profiles in {profile}; skipped", file=sys.stderr)
            continue
        calls = callgrind_calls(profile)
        executed = callgrind_total(profile)
        modules = modules_of(project, target)
        corpus = os.path.join(a.corpora, project)
        with ThreadPoolExecutor(a.jobs) as pool:
            results = list(pool.map(lambda m: compile_module(os.path.join(corpus, m + ".bc"), os.path.join(a.cache, project, m),
                                                             policies, a.plugin), modules))
        per = defaultdict(lambda: defaultdict(lambda: (0.0, 0.0)))
        for r in results:
            for config, costs in r.items():
                for fn, c in costs.items():
                    o = per[config][fn]; per[config][fn] = (o[0] + c[0], o[1] + c[1])
        names = sorted(set().union(*[set(v) for v in per.values()]))
        plain = demangle(names)
        def calls_of(function):  # callgrind names C++ functions demangled
            return calls.get(plain.get(function, function), calls.get(function, 0))
        matched = sum(1 for n in names if calls_of(n) > 0)
        for name, _ in policies:
            d_score = d_instr = w_score = w_instr = 0.0
            for fn in names:
                base, new = per["default"][fn], per[name][fn]
                count = calls_of(fn)
                d_score += new[0] - base[0]; d_instr += new[1] - base[1]
                w_score += count * (new[0] - base[0]); w_instr += count * (new[1] - base[1])
            base_total = sum(v[0] for v in per["default"].values())
            rows.append({"benchmark": bench, "policy": name, "functions": len(names), "functionsCalled": matched,
                         "staticScoreChangePercent": 100 * d_score / base_total if base_total else 0.0,
                         "callWeightedScoreChangePercent": 100 * w_score / executed,
                         "callWeightedInstructionChangePercent": 100 * w_instr / executed,
                         "measuredInstructionChangePercent": measured.get(name, {}).get(bench)})
            r = rows[-1]
            print(f"{bench:9} {name:8} static {r['staticScoreChangePercent']:+7.2f}%  call-weighted score "
                  f"{r['callWeightedScoreChangePercent']:+.3f}%  instruction-like {r['callWeightedInstructionChangePercent']:+.3f}%  "
                  f"measured {r['measuredInstructionChangePercent']}", flush=True)
    json.dump(rows, open(a.output, "w"), indent=1)
    measured_rows = [r for r in rows if r["measuredInstructionChangePercent"] is not None]
    summarize("all", measured_rows)
    for name in a.also_without:
        summarize(f"without {name}", [r for r in measured_rows if r["policy"] != name])


def summarize(label, pts):
    """Pearson r and sign agreement of each predictor with the measured instruction changes."""
    if len(pts) <= 2:
        return
    ys = [r["measuredInstructionChangePercent"] for r in pts]
    for key in ["staticScoreChangePercent", "callWeightedScoreChangePercent", "callWeightedInstructionChangePercent"]:
        xs = [r[key] for r in pts]
        signs = sum(1 for x, y in zip(xs, ys) if (x > 0) == (y > 0) and x != 0)
        print(f"{label}: {key}: Pearson r {pearson(xs, ys):+.2f} over {len(pts)} (benchmark, policy) pairs; same sign {signs}")

if __name__ == "__main__":
    main()
