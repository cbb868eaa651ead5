#!/usr/bin/env bash
# The per-callsite search of LTO corpora (issue 8, item 6): the headroom lld's link leaves.
#   tools/experiments/lto/search.sh thin training|selection     # budget 30 per back end
#   tools/experiments/lto/search.sh full training|never-seen    # budget 60 per program
# Resumable: run it again to finish an interrupted search.
set -euo pipefail
source "$(dirname "$0")/common.sh"
kind=$1 set=$2
case $set in
  training) projects=(lz4 xz-utils libzstd) ;;
  selection) projects=(zlib lua5.4) ;;
  never-seen) projects=(expat) ;;
  *) echo "search.sh: training, selection or never-seen, not $set" >&2; exit 1 ;;
esac
budget=30; [[ $kind == full ]] && budget=60
# libzstd's full-LTO programs take about 20 s a compile here: left out of the full-LTO training search.
[[ $kind == full && $set == training ]] && projects=(lz4 xz-utils)
corpora=(); for p in "${projects[@]}"; do corpora+=(--corpus "$LTO/$kind/$p"); done
resume=(); [[ -f $RUNS/search-$kind-$set/results.jsonl ]] && resume=(--resume)
"$BIN/mlgo-train" search "${corpora[@]}" --budget $budget --output "$RUNS/search-$kind-$set" --jobs "${JOBS:-1}" \
  --plugin "$BIN/libMLGOPlugin.so" "${resume[@]}"
