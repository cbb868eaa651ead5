#!/bin/bash
# Expects the corpora in /work/corpora (tools/corpus/build-training-corpus.sh) and the searches of
# docs/results/callsite-search in /work/runs; writes /work/runs/features1.
# Issue 8: never-seen projects pugixml (C++) + expat, for the policies chosen on lua5.4 + zlib.
set -u
T=/work/build-exp/release/mlgo-train
P=/work/build-exp/release/libMLGOPlugin.so
F=/work/runs/features1
cd /work/main
for variant in "$@"; do
  out=$F/$variant/report-never-seen
  [ -f $out/report.json ] && continue
  echo "$(date +%T) never-seen $variant" >> $F/status
  $T report size --corpus /work/corpora/pugixml --corpus /work/corpora/expat --policy $F/$variant/policy.mlgo \
    --output $out --jobs 2 --plugin $P > $F/$variant/report-never-seen.out 2>&1
done
echo "$(date +%T) never-seen done" >> $F/status
