#!/usr/bin/env bash
# Reproduces policies/inline-oz, the policy the plugin embeds, from nothing but the training
# corpus: the behaviour clone of LLVM's -Oz heuristic (tools/train-clone-policy.sh), two
# trajectory-search runs, a clone of their best trajectories that reads LLVM's decision as an
# input, PPO from that clone, and a guard that never inlines what LLVM declines — all on the six
# training projects (lua5.4, zlib and the bundled corpus are never compiled during training;
# tinyxml2 chose the guard) — then exported to C, embedded, and
# measured on the held-out and the training projects.
#
#   tools/train-shipped-policy.sh [CORPORA_DIR] [WORK_DIR]
#
# About 1.5 hours on 2 cores (the clone adds 10 minutes) once the corpora exist. Run it again after an interruption: the
# search runs resume from their checkpoints.
set -euo pipefail
cd "$(dirname "$0")/.."
corpora=$(realpath -m "${1:-.mlgo/corpora}")
work=$(realpath -m "${2:-.mlgo/shipped}")
training=(leveldb libxml2 libzstd lz4 sqlite3 xz-utils)
policy=policies/inline-oz

[[ -f policies/inline-oz-clone/policy.mlgo ]] || ./tools/train-clone-policy.sh "$corpora"
./tools/setup.sh
swift build -c release
mkdir -p "$work/bin"
cp "$(swift build -c release --show-bin-path)"/{mlgo-train,libMLGOPlugin.so} "$work/bin/"
train=("$work/bin/mlgo-train" train search --holdout-fraction 0.1 --seed 1 --baseline-cache "$work/baselines.json")
for project in "${training[@]}"; do train+=(--corpus "$corpora/$project"); done
resume_flag() { [[ -f $1/checkpoint.json ]] && echo --resume || true; }

# 1. Search: sampled trajectories around the clone's decisions, one iteration.
"${train[@]}" --initial policies/inline-oz-clone/policy.mlgo --output "$work/search-1" --iterations 1 \
  --perturbations sample:0.1,sample:0.05,sample:0.03,sample:0.1 $(resume_flag "$work/search-1")
# 2. Search: logit shifts (a module inlining less / more) and sampling, one iteration.
"${train[@]}" --initial "$work/search-1/policy.mlgo" --output "$work/search-2" --iterations 1 \
  --perturbations shift:-20,shift:-12,shift:-30,sample:0.05 $(resume_flag "$work/search-2")
# 3. Clone the best trajectories with LLVM's decision as an input: exact where it copies LLVM.
"$work/bin/mlgo-train" train bc --traces "$work/search-2/best-trajectories" --target taken --heuristic-input \
  --inputs quantiles --epochs 30 --seed 1 --holdout-fraction 0 --output "$work/search-clone/policy.mlgo"
# 4. PPO from that clone; best.mlgo is the policy best on the validation modules (10% of the
#    training projects' modules).
ppo=("$work/bin/mlgo-train" train ppo --holdout-fraction 0.1 --seed 1 --baseline-cache "$work/baselines.json"
     --initial "$work/search-clone/policy.mlgo" --output "$work/ppo" --output-scale 0.45 --learning-rate 0.0003
     --epochs 2 --modules-per-iteration 16 --samples-per-module 4 --iterations 150 --evaluate-every 15)
for project in "${training[@]}"; do ppo+=(--corpus "$corpora/$project"); done
"${ppo[@]}" $(resume_flag "$work/ppo")

mkdir -p "$policy/evaluation"
cp "$work/ppo/best.mlgo" "$policy/ppo.mlgo"
# 5. The guard: never inline a call LLVM declines (a margin of 1000 on the logit wherever
#    inlining_default is 0). It keeps 99% of the training gain and stops the PPO policy's
#    growth of never-seen C++ (policies/inline-oz/evaluation/guard/README.md).
"$work/bin/mlgo-train" margin --policy "$policy/ppo.mlgo" --margin 1000 --only-where-llvm declines \
  --name inline-oz --output "$policy/policy.mlgo"
"$work/bin/mlgo-train" export --policy "$policy/policy.mlgo" --output Sources/EmbeddedPolicies/inline_policy.c
swift build -c release
"$(swift build -c release --show-bin-path)/mlgo-train" report training --run "$work/search-1" --run "$work/search-2" \
  --run "$work/ppo" --output "$policy/evaluation/training-runs.md"
./tools/evaluate-policy.sh embedded "$work/evaluation" "$corpora" --training
for group in held-out training; do
  cp "$work/evaluation/$group/report.md" "$policy/evaluation/$group-projects.md"
  cp "$work/evaluation/$group/report.json" "$policy/evaluation/$group-projects.json"
done
(cd corpus/projects && sha256sum */manifest.json) > "$policy/evaluation/corpus-manifests.sha256"
echo "train-shipped-policy: wrote $policy/policy.mlgo, $policy/evaluation/ and Sources/EmbeddedPolicies/inline_policy.c"
