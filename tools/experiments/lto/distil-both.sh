#!/usr/bin/env bash
# One policy for both link-time phases: distils the training projects' ThinLTO and full-LTO
# searches together (search.sh thin training, search.sh full training), so the plugin's
# thinlto_backend and full_lto_link features vary in its data, and judges it where it decides
# (the plugin in lld's link only) on the selection corpora of both kinds.
#   tools/experiments/lto/distil-both.sh [NAME]     # writes $RUNS/NAME (default distil-both)
set -euo pipefail
source "$(dirname "$0")/common.sh"
out=$RUNS/${1:-distil-both}
mkdir -p "$out"
training=()
for p in lz4 xz-utils libzstd; do training+=(--corpus "$LTO/thin/$p"); done
for p in lz4 xz-utils; do training+=(--corpus "$LTO/full/$p"); done
"$BIN/mlgo-train" train distil --search "$RUNS/search-thin-training" --search "$RUNS/search-full-training" "${training[@]}" \
  --output "$out/policy.mlgo" --heuristic-input --plugin-features --epochs 40 --seed 1 --ensemble 3 \
  --plugin "$BIN/libMLGOPlugin.so" > "$out/distil.out" 2> "$out/distil.err"
for kind in thin full; do
  "$BIN/mlgo-train" report size --corpus "$LTO/$kind/zlib" --corpus "$LTO/$kind/lua5.4" --policy "$out/policy.mlgo" \
    --output "$out/report-selection-$kind" --jobs "$JOBS" --plugin "$BIN/libMLGOPlugin.so" > "$out/report-selection-$kind.out" 2>&1
done
grep -h "modules," "$out"/report-*.out
