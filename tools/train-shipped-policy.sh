#!/usr/bin/env bash
# Reproduces policies/inline-oz, the policy the plugin embeds, from nothing but the training
# corpus: the behaviour clone of LLVM's -Oz heuristic (tools/train-clone-policy.sh), improved for
# code size by two trajectory-search runs on the six training projects (lua5.4, zlib and the
# bundled corpus are never compiled during training), exported to C, embedded, and measured on
# the held-out and the training projects.
#
#   tools/train-shipped-policy.sh [CORPORA_DIR] [WORK_DIR]
#
# About 1.5 hours on 2 cores once the corpora exist. Run it again after an interruption: the
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

# 1. Sampled trajectories around the clone's decisions, one iteration.
"${train[@]}" --initial policies/inline-oz-clone/policy.mlgo --output "$work/search-1" --iterations 1 \
  --perturbations sample:0.1,sample:0.05,sample:0.03,sample:0.1 $(resume_flag "$work/search-1")
# 2. Logit shifts (inline less / more on a whole module) and sampling, two iterations.
"${train[@]}" --initial "$work/search-1/policy.mlgo" --output "$work/search-2" --iterations 2 \
  --perturbations shift:-20,shift:-12,shift:-30,sample:0.05 $(resume_flag "$work/search-2")

# The policy best on the validation modules (10% of the training projects' modules).
cp "$work/search-2/best.mlgo" "$policy/policy.mlgo"
"$work/bin/mlgo-train" export --policy "$policy/policy.mlgo" --output Sources/EmbeddedPolicies/inline_policy.c
swift build -c release
"$(swift build -c release --show-bin-path)/mlgo-train" report training --run "$work/search-1" --run "$work/search-2" \
  --output "$policy/evaluation/training-runs.md"
./tools/evaluate-policy.sh embedded "$work/evaluation" "$corpora" --training
mkdir -p "$policy/evaluation"
for group in held-out training; do
  cp "$work/evaluation/$group/report.md" "$policy/evaluation/$group-projects.md"
  cp "$work/evaluation/$group/report.json" "$policy/evaluation/$group-projects.json"
done
(cd corpus/projects && sha256sum */manifest.json) > "$policy/evaluation/corpus-manifests.sha256"
echo "train-shipped-policy: wrote $policy/policy.mlgo, $policy/evaluation/ and Sources/EmbeddedPolicies/inline_policy.c"
