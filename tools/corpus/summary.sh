#!/usr/bin/env bash
# Prints a Markdown table of built corpora: modules, duplicates, failures, functions,
# callsites, bitcode and -Oz .text bytes, build and extraction seconds.
#   tools/corpus/summary.sh OUTPUT_DIR PROJECT...
# OPT_LEVEL and WORK_DIR as for build-project.sh, whose timings-LEVEL.json it reads.
set -euo pipefail
output=$1
shift
work=$(realpath -m "${WORK_DIR:-$output/.work}")
python3 - "$output" "$work" "${OPT_LEVEL:-Oz}" "$@" <<'PY'
import json, sys, os
out, work, level = sys.argv[1:4]
print("| project | source | modules (unique) | duplicates | failed | functions | callsites | bitcode bytes | -Oz .text bytes | build s | extract s |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
total = [0] * 7
for project in sys.argv[4:]:
    corpus = os.path.join(out, project)
    try:
        manifest = json.load(open(os.path.join(corpus, "manifest.json")))
        report = json.load(open(os.path.join(corpus, "extraction_report.json")))
        stats = json.load(open(os.path.join(corpus, "stats.json")))
        timings = json.load(open(os.path.join(work, project, f"timings-{level}.json")))
    except OSError as error:
        print(f"| {project} | not built ({error.strerror}) |")
        continue
    modules = stats["modules"]
    row = [len(manifest["modules"]), len(report["duplicates"]), len(report["failures"]),
           sum(m["functions"] for m in modules), sum(m["callsites"] for m in modules),
           sum(m["bitcodeBytes"] for m in modules), sum(m.get("textBytesOz") or 0 for m in modules)]
    total = [a + b for a, b in zip(total, row)]
    source = manifest.get("source", "").replace("Debian source package ", "").replace(" (pristine upstream tarball)", "")
    print(f"| {project} | {source} | " + " | ".join(f"{v:,}" for v in row)
          + f" | {timings['build_seconds']} | {timings['extract_seconds']} |")
print("| **total** | | " + " | ".join(f"{v:,}" for v in total) + " | | |")
PY
