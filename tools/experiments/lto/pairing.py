#!/usr/bin/env python3
"""A ThinLTO build with the embedded policy in the compiles and another policy in lld's link
(the pairing docs/plugin.md advises), against the same build without the plugin (lld's linked
.text, from corpus lto's lto-reference.json).

    tools/experiments/lto/pairing.py PLUGIN LINK_POLICY CORPORA LTO PROJECT...
    e.g. tools/experiments/lto/pairing.py /work/bin-lto/libMLGOPlugin.so policies/inline-lto/policy.mlgo \
         /work/corpora /work/lto zlib lua5.4
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from elf_text import text_size  # noqa: E402

plugin, link_policy, corpora, lto, projects = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5:]
repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
clang = "/usr/lib/llvm-22/bin/clang"


print("| project | program | LLVM | embedded in compiles + link policy | change |\n|---|---|---|---|---|")
total_stock = total_paired = 0
for project in projects:
    links = json.load(open(os.path.join(repo, "corpus/projects", project, "links.json")))
    reference = {r["target"]: r["lld_text"] for r in json.load(open(os.path.join(lto, "thin", project, "lto-reference.json")))}
    with tempfile.TemporaryDirectory() as work:
        for target in links["targets"]:
            objects = {}
            for module in target["modules"] + target.get("archive", []):
                obj = os.path.join(work, target["name"], module + ".o")
                os.makedirs(os.path.dirname(obj), exist_ok=True)
                subprocess.run([clang, "-flto=thin", "-Oz", "-fpass-plugin=" + plugin, "-c", "-x", "ir",
                                os.path.join(corpora, project, module + ".bc"), "-o", obj], check=True)
                objects[module] = obj
            program = os.path.join(work, target["name"], target["name"])
            arguments = [clang, "-flto=thin", "-Oz", "-fuse-ld=lld", "-Wl,--build-id=none", "-Wl,--thinlto-jobs=1",
                         "-Wl,--load-pass-plugin=" + plugin]
            arguments += ["-shared", "-Wl,-Bsymbolic"] if target["kind"] == "shared" else ["-pie"]
            arguments += target.get("linker_flags", []) + ["-o", program] + [objects[m] for m in target["modules"]]
            if target.get("archive"):
                arguments += ["-Wl,--start-lib"] + [objects[m] for m in target["archive"]] + ["-Wl,--end-lib"]
            arguments += target.get("libraries", [])
            environment = dict(os.environ, MLGO_OPTIONS="-mlgo-inline-policy=" + link_policy)
            subprocess.run(arguments, check=True, env=environment)
            paired, stock = text_size(program), reference[target["name"]]
            total_stock, total_paired = total_stock + stock, total_paired + paired
            print(f"| {project} | {target['name']} | {stock} | {paired} | {100 * (paired / stock - 1):+.2f}% |")
print(f"| **all** | | {total_stock} | {total_paired} | **{100 * (total_paired / total_stock - 1):+.2f}%** |")
