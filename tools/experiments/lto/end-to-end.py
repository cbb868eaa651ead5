#!/usr/bin/env python3
"""Linked .text of lld's own (Thin)LTO links: LLVM deciding against a policy deciding in the
pre-link compiles and the link (build-corpora.sh), per program and per project.

    tools/experiments/lto/end-to-end.py /work/lto [--name NAME] [PROJECT...]

NAME (default policy) is build-corpora.sh's: the policy's corpora are NAME-{full,thin}.
"""
import json
import os
import sys

root, args = sys.argv[1], sys.argv[2:]
name = "policy"
if args[:1] == ["--name"]:
    name, args = args[1], args[2:]
for kind in ("full", "thin"):
    stock_root, policy_root = os.path.join(root, kind), os.path.join(root, name + "-" + kind)
    if not os.path.isdir(policy_root):
        continue
    projects = args or sorted(p for p in os.listdir(policy_root) if not p.startswith("."))
    print(f"\n{kind} LTO (lld's linked .text; policy vs LLVM):\n")
    print("| project | program | LLVM | policy | change |\n|---|---|---|---|---|")
    all_stock = all_policy = 0
    for project in projects:
        def read(folder):
            with open(os.path.join(folder, project, "lto-reference.json")) as f:
                return {r["target"]: r["lld_text"] for r in json.load(f)}
        stock, policy = read(stock_root), read(policy_root)
        common = sorted(set(stock) & set(policy))
        for target in common:
            print(f"| {project} | {target} | {stock[target]} | {policy[target]} | {100 * (policy[target] / stock[target] - 1):+.2f}% |")
        s, p = sum(stock[t] for t in common), sum(policy[t] for t in common)
        print(f"| **{project}** | {len(common)} programs | {s} | {p} | **{100 * (p / s - 1):+.2f}%** |")
        all_stock, all_policy = all_stock + s, all_policy + p
    print(f"| **all** | | {all_stock} | {all_policy} | **{100 * (all_policy / all_stock - 1):+.2f}%** |")
