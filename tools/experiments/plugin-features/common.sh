# Sourced by the scripts here. Expects the corpora in /work/corpora
# (tools/corpus/build-training-corpus.sh), the searches of docs/results/callsite-search in
# /work/runs and a release build in /work/build-exp; results go to /work/runs/features1.
set -u
T=/work/build-exp/release/mlgo-train
P=/work/build-exp/release/libMLGOPlugin.so
R=/work/runs
F=$R/features1
C=(); for p in leveldb libxml2 libzstd lz4 sqlite3 xz-utils; do C+=(--corpus /work/corpora/$p); done
cd /work/main
step() { echo "$(date +%T) $*" >> $F/status; }

# distil_and_judge OUT DISTIL-OPTIONS...: DAgger step 1's labels (the LLVM-start search and the
# search from distil1's trajectories) distilled into OUT/policy.mlgo, then judged on the 174
# searched training modules and on lua5.4 + zlib (the selection set). Skips a finished OUT.
distil_and_judge() {
  local out=$1; shift
  [ -f $out/report-heldout/report.json ] && return 0
  mkdir -p $out
  step "distil $out $*"
  $T train distil --search $R/search-training --search $R/dagger1/search "${C[@]}" --output $out/policy.mlgo \
    --heuristic-input --epochs 40 "$@" --plugin $P > $out/distil.out 2> $out/distil.err || { step "distil failed $?"; return 1; }
  step "report training $out"
  $T report size "${C[@]}" --policy $out/policy.mlgo --held-out-of $R/dagger1/searched-training-modules.json \
    --output $out/report-training --jobs 2 --plugin $P > $out/report-training.out 2>&1
  step "report selection $out"
  $T report size --corpus /work/corpora/lua5.4 --corpus /work/corpora/zlib --policy $out/policy.mlgo \
    --output $out/report-heldout --jobs 2 --plugin $P > $out/report-heldout.out 2>&1
}
