#!/bin/bash
# Expects the corpora in /work/corpora (tools/corpus/build-training-corpus.sh) and the searches of
# docs/results/callsite-search in /work/runs; writes /work/runs/features1.
# Issue 8 item 5: ablation of the plugin's inlining features. The DAgger step-1 labels
# (search-training + dagger1/search) distilled with LLVM's features only (llvm) and with the
# plugin's too (plugin), three seeds each; judged on the 174 searched training modules and on
# lua5.4 + zlib (the selection set). pugixml + expat (never seen) come afterwards, in final.sh.
set -u
T=/work/build-exp/release/mlgo-train
P=/work/build-exp/release/libMLGOPlugin.so
R=/work/runs
F=$R/features1
C=(); for p in leveldb libxml2 libzstd lz4 sqlite3 xz-utils; do C+=(--corpus /work/corpora/$p); done
cd /work/main
step() { echo "$(date +%T) $*" >> $F/status; }
for seed in 1 2 3; do
  for variant in llvm plugin; do
    out=$F/$variant-s$seed
    [ -f $out/report-heldout/report.json ] && continue
    mkdir -p $out
    extra=(); [ $variant = plugin ] && extra=(--plugin-features)
    step "distil $variant seed $seed"
    $T train distil --search $R/search-training --search $R/dagger1/search "${C[@]}" --output $out/policy.mlgo \
      --heuristic-input --epochs 40 --seed $seed "${extra[@]}" --plugin $P > $out/distil.out 2> $out/distil.err || { step "distil failed $?"; continue; }
    step "report training $variant $seed"
    $T report size "${C[@]}" --policy $out/policy.mlgo --held-out-of $R/dagger1/searched-training-modules.json \
      --output $out/report-training --jobs 2 --plugin $P > $out/report-training.out 2>&1
    step "report selection $variant $seed"
    $T report size --corpus /work/corpora/lua5.4 --corpus /work/corpora/zlib --policy $out/policy.mlgo \
      --output $out/report-heldout --jobs 2 --plugin $P > $out/report-heldout.out 2>&1
  done
done
step done
