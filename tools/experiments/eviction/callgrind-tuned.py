#!/usr/bin/env python3
"""Issue 9: the headroom in executed instructions of choosing, per machine function, between
LLVM's eviction advisor and a policy, measured rather than scored.

`mlgo-train report speed` keeps each benchmark's last callgrind output per configuration in
WORK/run/callgrind.PROJECT.CONFIGURATION/. Register allocation decides each function on its own,
so a function's self instructions (Ir) under a configuration depend on that configuration's
allocation of that function (up to code alignment). For every function whose self Ir is larger
under the policy than under LLVM, this writes a `FUNCTION<TAB>llvm` line of the plugin's
`-mlgo-evict-decisions` file, and prints, per benchmark, the per-function best of the two
predicted from the counts. Building the benchmarks again with that file (a `NAME=FLAGS`
configuration of `report speed`) measures what the selection really gives. It is chosen on the
benchmarks' own runs: an in-sample ceiling, not a policy.

  callgrind-tuned.py WORK/run stock evict-o2:o2 --programs WORK/builds --output tuned.evict-decisions

Callgrind names functions demangled; C++ names are mapped back to the symbols of the programs
under --programs (llvm-nm-22 and llvm-cxxfilt-22), since the plugin matches mangled names.
"""
import argparse
import collections
import glob
import os
import re
import subprocess
import sys


def self_instructions(files):
    """Self Ir by function name, summed over callgrind output files (every process of a run)."""
    totals = collections.Counter()
    for path in files:
        names = {}
        function = None
        skip_next = False
        ir_index = 0
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                line = line.rstrip("\n")
                if skip_next:  # the inclusive cost of a call belongs to the callee
                    skip_next = False
                    continue
                if line.startswith("events:"):
                    ir_index = line.split()[1:].index("Ir")
                elif line.startswith("fn="):
                    function = name_of(line[3:], names)
                elif line.startswith(("cfn=", "cfi=", "cfl=", "cob=")):
                    if line.startswith("cfn="):
                        name_of(line[4:], names)  # may define a compressed name
                elif line.startswith("calls="):
                    skip_next = True
                elif function is not None and line and (line[0].isdigit() or line[0] in "+-*"):
                    fields = line.split()
                    if len(fields) > 1 + ir_index:
                        totals[function] += int(fields[1 + ir_index])
    return totals


def name_of(text, names):
    """Callgrind's name compression: "(12) name" defines 12, "(12)" refers to it."""
    match = re.match(r"\((\d+)\)(?: (.*))?$", text)
    if not match:
        return text
    if match.group(2) is not None:
        names[match.group(1)] = match.group(2)
    return names.get(match.group(1), text)


def demangled_to_symbols(programs):
    """Demangled name (as callgrind prints it) -> mangled symbols, from the built programs."""
    mapping = collections.defaultdict(set)
    for path in programs:
        try:
            symbols = subprocess.run(["llvm-nm-22", "--defined-only", "-j", path], capture_output=True, text=True,
                                     check=True).stdout.split()
        except (subprocess.CalledProcessError, FileNotFoundError):
            continue
        mangled = [s for s in symbols if s.startswith("_Z")]
        if not mangled:
            continue
        demangled = subprocess.run(["llvm-cxxfilt-22"], input="\n".join(mangled), capture_output=True, text=True,
                                   check=True).stdout.split("\n")
        for m, d in zip(mangled, demangled):
            mapping[d].add(m)
    return mapping


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run_folder", help="WORK/run of report speed")
    parser.add_argument("llvm", help="the configuration of LLVM's advisor (stock)")
    parser.add_argument("policy", help="the policy's configuration (evict-o2:o2)")
    parser.add_argument("--programs", help="folder searched for the built programs (ELF files), for C++ names")
    parser.add_argument("--output", required=True, help="the decisions file to write")
    args = parser.parse_args()

    def profile_folders(configuration):
        suffix = "." + configuration.replace("/", "_")
        return {os.path.basename(f)[len("callgrind."):-len(suffix)]: f
                for f in glob.glob(os.path.join(args.run_folder, "callgrind.*" + suffix))}

    llvm_runs, policy_runs = profile_folders(args.llvm), profile_folders(args.policy)
    projects = sorted(set(llvm_runs) & set(policy_runs))
    if not projects:
        sys.exit(f"no benchmark has callgrind outputs of both {args.llvm} and {args.policy} in {args.run_folder}")
    programs = []
    if args.programs:
        for root, _, files in os.walk(args.programs):
            for name in files:
                path = os.path.join(root, name)
                if os.access(path, os.X_OK) and open(path, "rb").read(4) == b"\x7fELF":
                    programs.append(path)
    symbols = demangled_to_symbols(programs)

    saving = collections.Counter()  # policy - LLVM, by symbol, over all benchmarks
    print("| benchmark | LLVM Ir | policy | per-function best (predicted) | functions given to LLVM |")
    print("|---|---|---|---|---|")
    for project in projects:
        llvm = self_instructions(glob.glob(os.path.join(llvm_runs[project], "callgrind.out.*")))
        policy = self_instructions(glob.glob(os.path.join(policy_runs[project], "callgrind.out.*")))
        llvm_total, policy_total = sum(llvm.values()), sum(policy.values())
        best = 0
        given = 0
        for function in set(llvm) | set(policy):
            a, b = llvm.get(function, 0), policy.get(function, 0)
            best += min(a, b)
            # A demangled C++ name may stand for several symbols (overloads print alike).
            base = function.split("'")[0]
            for symbol in symbols.get(base, {base}):
                saving[symbol] += b - a
            given += b > a
        print(f"| {project} | {llvm_total:,} | {100 * (policy_total / llvm_total - 1):+.2f}% | "
              f"{100 * (best / llvm_total - 1):+.2f}% | {given} |")
    chosen = sorted(s for s, v in saving.items() if v > 0 and "\t" not in s and not s.startswith("#") and " " not in s)
    with open(args.output, "w") as out:
        out.write("mlgo-evict-decisions 1\n# chosen by executed instructions (tools/experiments/eviction/callgrind-tuned.py)\n")
        for symbol in chosen:
            out.write(f"{symbol}\tllvm\n")
    print(f"\n{len(chosen)} functions given to LLVM: {args.output}")


if __name__ == "__main__":
    main()
