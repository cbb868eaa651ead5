#!/bin/bash
# Expects the corpora in /work/corpora (tools/corpus/build-training-corpus.sh) and the searches of
# docs/results/callsite-search in /work/runs; writes /work/runs/features1.
# Issue 8: the same distillations as run.sh, as 3-seed ensembles (seeds 1-3, logits averaged),
# for LLVM's features only and with the plugin's.
set -u
T=/work/build-exp/release/mlgo-train
P=/work/build-exp/release/libMLGOPlugin.so
R=/work/runs
F=$R/features1
C=(); for p in leveldb libxml2 libzstd lz4 sqlite3 xz-utils; do C+=(--corpus /work/corpora/$p); done
cd /work/main
step() { echo "$(date +%T) $*" >> $F/status; }
for variant in plugin llvm; do
  out=$F/$variant-e3
  [ -f $out/report-heldout/report.json ] && continue
  mkdir -p $out
  extra=(); [ $variant = plugin ] && extra=(--plugin-features)
  step "distil ensemble $variant"
  $T train distil --search $R/search-training --search $R/dagger1/search "${C[@]}" --output $out/policy.mlgo \
    --heuristic-input --epochs 40 --seed 1 --ensemble 3 "${extra[@]}" --plugin $P > $out/distil.out 2> $out/distil.err || { step "distil failed $?"; continue; }
  step "report training ensemble $variant"
  $T report size "${C[@]}" --policy $out/policy.mlgo --held-out-of $R/dagger1/searched-training-modules.json \
    --output $out/report-training --jobs 2 --plugin $P > $out/report-training.out 2>&1
  step "report selection ensemble $variant"
  $T report size --corpus /work/corpora/lua5.4 --corpus /work/corpora/zlib --policy $out/policy.mlgo \
    --output $out/report-heldout --jobs 2 --plugin $P > $out/report-heldout.out 2>&1
done
step "ensembles done"
