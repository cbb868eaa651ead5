#!/usr/bin/env bash
# Trains and evaluates an -O2 eviction policy (docs/eviction.md, "Training"):
#  1. -O2 corpora of the training projects and of the held-out ones (built if missing);
#  2. traces of LLVM's default advisor (train mode without a policy) -> behaviour clone;
#  3. traces of the clone (greedy and sampled) and of the hand-written prior, with every
#     function's spill cost -> BC-Max: for each machine function, clone the decisions of the
#     configuration that spilled least;
#  4. `report spill` on the held-out projects: LLVM's advisor, the clone, BC-Max, the prior,
#     and the per-function best of them (the headroom of choosing among them per function).
#
#   tools/train-eviction-policy.sh [CORPORA_DIR] [WORK_DIR]
#
# CORPORA_DIR (default .mlgo/corpora-o2) reuses the projects' builds in .mlgo/corpora/.work
# when they exist. Held out of all training and selection: lua5.4, zlib, pugixml, expat.
set -euo pipefail
cd "$(dirname "$0")/.."
corpora=$(realpath -m "${1:-.mlgo/corpora-o2}")
work=$(realpath -m "${2:-.mlgo/eviction-policy}")
training=(${TRAINING_PROJECTS:-lz4 libyaml xz-utils libxml2 leveldb jsoncpp libzstd})
held_out=(${HELD_OUT_PROJECTS:-lua5.4 zlib expat pugixml})
jobs=${JOBS:-2}

./tools/setup.sh
swift build -c release
bin=$(swift build -c release --show-bin-path)
for project in "${training[@]}" "${held_out[@]}"; do
  [[ -f $corpora/$project/corpus_description.json ]] || \
    MLGO_TRAIN="$bin/mlgo-train" OPT_LEVEL=O2 WORK_DIR="${WORK_DIR:-$(realpath -m .mlgo/corpora/.work)}" \
      ./tools/corpus/build-training-corpus.sh "$corpora" "$project"
done
train_args=() held_out_args=()
for project in "${training[@]}"; do train_args+=(--corpus "$corpora/$project"); done
for project in "${held_out[@]}"; do held_out_args+=(--corpus "$corpora/$project"); done
mkdir -p "$work"

# 2. LLVM's choices, and their clone.
[[ -d $work/traces-llvm ]] || "$bin/mlgo-train" collect --problem eviction "${train_args[@]}" --output "$work/traces-llvm" --jobs "$jobs"
"$bin/mlgo-train" train bc --problem eviction --traces "$work/traces-llvm" --output "$work/clone/policy.mlgo" \
  --epochs 8 --hidden 32 --maximum-decisions 40000 --holdout-fraction 0.2

# 3. The clone's own trajectories, greedy and sampled, and the best of each function.
[[ -d $work/traces-clone ]] || "$bin/mlgo-train" collect --problem eviction "${train_args[@]}" --policy "$work/clone/policy.mlgo" \
  --output "$work/traces-clone" --jobs "$jobs"
[[ -d $work/traces-sampled ]] || "$bin/mlgo-train" collect --problem eviction "${train_args[@]}" --policy "$work/clone/policy.mlgo" \
  --sample --seed 1 --output "$work/traces-sampled" --jobs "$jobs"
[[ -d $work/traces-prior ]] || "$bin/mlgo-train" collect --problem eviction "${train_args[@]}" --policy policies/evict-prior/policy.mlgo \
  --output "$work/traces-prior" --jobs "$jobs"
"$bin/mlgo-train" train bc --problem eviction --best-per-function --traces "$work/traces-llvm" --traces "$work/traces-clone" \
  --traces "$work/traces-sampled" --traces "$work/traces-prior" --output "$work/bc-max/policy.mlgo" --epochs 8 --hidden 32 --maximum-decisions 40000 \
  --holdout-fraction 0.2

# 4. Held-out projects, never used for training or selection.
"$bin/mlgo-train" report spill "${held_out_args[@]}" --policy "clone=$work/clone/policy.mlgo" \
  --policy "bc-max=$work/bc-max/policy.mlgo" --policy "prior=policies/evict-prior/policy.mlgo" \
  --output "$work/held-out" --jobs "$jobs"
