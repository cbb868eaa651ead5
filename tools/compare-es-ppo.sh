#!/usr/bin/env bash
# Trains for code size with evolution strategies and with PPO side by side, on the same
# compile budget (5,760 training compiles each) and one core each, starting from the shipped
# behaviour clone. Projects lua5.4 and zlib (and the bundled corpus) are held out entirely:
# the runs choose best.mlgo on 10% of the training projects' modules and never compile the
# held-out projects; judge the results on them with `mlgo-train report size`.
#
#   tools/compare-es-ppo.sh [CORPORA_DIR] [RUNS_DIR]
#
# Run it again to continue both runs from their checkpoints (a session ended, a run was
# killed). About 70 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
corpora=$(realpath -m "${1:-.mlgo/corpora}")
runs=$(realpath -m "${2:-.mlgo/runs}")
training=(leveldb libxml2 libzstd lz4 sqlite3 xz-utils)
initial=policies/inline-oz-clone/policy.mlgo

./tools/setup.sh
for project in "${training[@]}"; do
  [[ -f $corpora/$project/corpus_description.json ]] || ./tools/corpus/build-training-corpus.sh "$corpora" "$project"
done
swift build -c release
# The runs use a copy of the binaries, so rebuilding the package meanwhile cannot change them.
bin="$runs/bin"
mkdir -p "$bin"
cp "$(swift build -c release --show-bin-path)"/{mlgo-train,libMLGOPlugin.so} "$bin/"

common=(--holdout-fraction 0.1 --seed 1 --jobs 1 --baseline-cache "$runs/baselines.json")
for project in "${training[@]}"; do common+=(--corpus "$corpora/$project"); done
resume_flag() { [[ -f $1/checkpoint.json ]] && echo --resume || true; }

# Heuristic baselines once, with both cores, before the two runs share them.
all=()
for project in "${training[@]}"; do all+=(--corpus "$corpora/$project"); done
"$bin/mlgo-train" baselines "${all[@]}" --cache "$runs/baselines.json"
es=(train es "${common[@]}" --initial "$initial" --output "$runs/es"
    --output-scale 0.03 --sigma 0.03 --learning-rate 0.005 --pairs 8 --modules-per-step 12
    --steps 30 --evaluate-every 5)
ppo=(train ppo "${common[@]}" --initial "$initial" --output "$runs/ppo"
     --output-scale 0.05 --learning-rate 0.0003 --epochs 2 --modules-per-iteration 16 --samples-per-module 4
     --iterations 90 --evaluate-every 15)
"$bin/mlgo-train" "${es[@]}" $(resume_flag "$runs/es") >"$runs/es.log" 2>&1 &
"$bin/mlgo-train" "${ppo[@]}" $(resume_flag "$runs/ppo") >"$runs/ppo.log" 2>&1 &
wait
