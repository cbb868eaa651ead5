#!/bin/bash
# Needs search-cpp.sh's search too; writes /work/runs/features1/cpp-e3.
# Issue 8 item 7: distil with the C++ training projects' labels too (plugin features, a 3-seed
# ensemble), then judge on the searched training modules and on lua5.4 + zlib (selection).
# pugixml + expat (never seen) only for the variant chosen here: never-seen.sh cpp-e3.
source "$(dirname "$0")/common.sh"
out=$R/features1/cpp-e3
for p in fmtlib yaml-cpp jsoncpp libyaml; do C+=(--corpus /work/corpora/$p); done
mkdir -p $out
$T train distil --search $R/search-training --search $R/dagger1/search --search $R/search-cpp/search "${C[@]}" \
  --output $out/policy.mlgo --heuristic-input --plugin-features --epochs 40 --seed 1 --ensemble 3 --plugin $P \
  > $out/distil.out 2> $out/distil.err || exit 1
python3 - <<'PY'
import json
names = set(json.load(open("/work/runs/dagger1/searched-training-modules.json"))["held_out_modules"])
names |= {json.loads(l)["corpus"] + "/" + json.loads(l)["module"] for l in open("/work/runs/search-cpp/search/results.jsonl")}
json.dump({"held_out_modules": sorted(names)}, open("/work/runs/features1/cpp-e3/searched-modules.json", "w"))
PY
$T report size "${C[@]}" --policy $out/policy.mlgo --held-out-of $out/searched-modules.json \
  --output $out/report-training --jobs 2 --plugin $P > $out/report-training.out 2>&1
$T report size --corpus /work/corpora/lua5.4 --corpus /work/corpora/zlib --policy $out/policy.mlgo \
  --output $out/report-heldout --jobs 2 --plugin $P > $out/report-heldout.out 2>&1
