#!/usr/bin/env bash
# LTO corpora of PROJECT... from their per-module corpora: ThinLTO and full LTO, LLVM deciding
# (the training and report corpora), and the same with the plugin's embedded policy deciding in
# the pre-link compiles and lld's link (POLICY=FILE for another policy), for end-to-end numbers.
#   tools/experiments/lto/build-corpora.sh zlib lua5.4 expat
set -euo pipefail
source "$(dirname "$0")/common.sh"
for project in "$@"; do
  for kind in ${KINDS:-full thin}; do
    [[ ${STOCK:-1} == 0 ]] || "$BIN/mlgo-train" corpus lto --corpus "$CORPORA/$project" \
      --links "$REPO/corpus/projects/$project/links.json" --kind $kind --output "$LTO/$kind/$project" --jobs "$JOBS"
    "$BIN/mlgo-train" corpus lto --corpus "$CORPORA/$project" --links "$REPO/corpus/projects/$project/links.json" \
      --kind $kind --output "$LTO/${NAME:-policy}-$kind/$project" --jobs "$JOBS" --policy "${POLICY:-embedded}" \
      --plugin "$BIN/libMLGOPlugin.so"
  done
done
