#!/usr/bin/env bash
# Distils a ThinLTO back-end policy from the training projects' ThinLTO search (search.sh thin),
# with the plugin's features (thinlto_backend among them) as a 3-seed ensemble, and judges it
# where it decides (the plugin loaded in lld's link only; pre-link by LLVM, as in the corpora):
# on the searched training corpora, and on lua5.4 + zlib (selection).
#   tools/experiments/lto/distil-thin.sh [NAME]     # writes $RUNS/NAME (default distil-thin)
set -euo pipefail
source "$(dirname "$0")/common.sh"
out=$RUNS/${1:-distil-thin}
mkdir -p "$out"
training=() selection=()
for p in lz4 xz-utils libzstd; do training+=(--corpus "$LTO/thin/$p"); done
for p in zlib lua5.4; do selection+=(--corpus "$LTO/thin/$p"); done
"$BIN/mlgo-train" train distil --search "$RUNS/search-thin-training" "${training[@]}" --output "$out/policy.mlgo" \
  --heuristic-input --plugin-features --epochs 40 --seed 1 --ensemble 3 --plugin "$BIN/libMLGOPlugin.so" \
  > "$out/distil.out" 2> "$out/distil.err"
"$BIN/mlgo-train" report size "${training[@]}" --policy "$out/policy.mlgo" --output "$out/report-training" \
  --jobs "$JOBS" --plugin "$BIN/libMLGOPlugin.so" > "$out/report-training.out" 2>&1
"$BIN/mlgo-train" report size "${selection[@]}" --policy "$out/policy.mlgo" --output "$out/report-selection" \
  --jobs "$JOBS" --plugin "$BIN/libMLGOPlugin.so" > "$out/report-selection.out" 2>&1
grep -h "modules," "$out"/report-*.out
