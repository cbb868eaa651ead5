#!/usr/bin/env bash
# Compares a policy with LLVM 22's -Oz heuristic on the projects held out from training
# (lua5.4, zlib, and the bundled corpus) and, with --training, on the six training projects:
# `mlgo-train report size` per group, with each project's linked programs and libraries.
#
#   tools/evaluate-policy.sh POLICY OUTPUT_DIR [CORPORA_DIR] [--training]
#
# POLICY is a policy file, or "embedded" for the plugin's own. Reports land in
# OUTPUT_DIR/held-out and OUTPUT_DIR/training. About 2 minutes for the held-out projects and
# 15 for the training projects on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
policy=$1
output=$(realpath -m "$2")
corpora=$(realpath -m "${3:-.mlgo/corpora}")
training_too=${4:-}
held_out=(lua5.4 zlib)
training=(leveldb libxml2 libzstd lz4 sqlite3 xz-utils)

./tools/setup.sh
swift build -c release
bin=$(swift build -c release --show-bin-path)
policy_args=()
[[ $policy == embedded ]] || policy_args=(--policy "$(realpath "$policy")")
[[ -f .mlgo/corpus/bundled/corpus_description.json ]] ||
  "$bin/mlgo-train" corpus build --sources corpus/bundled/src --output .mlgo/corpus/bundled

corpus_args() {
  for project in "$@"; do
    [[ -f $corpora/$project/corpus_description.json ]] || ./tools/corpus/build-training-corpus.sh "$corpora" "$project"
    echo --corpus "$corpora/$project" --links "corpus/projects/$project/links.json"
  done
}
# shellcheck disable=SC2046  # corpus_args prints whitespace-free option pairs
"$bin/mlgo-train" report size $(corpus_args "${held_out[@]}") --corpus .mlgo/corpus/bundled \
  "${policy_args[@]}" --output "$output/held-out"
if [[ $training_too == --training ]]; then
  # shellcheck disable=SC2046
  "$bin/mlgo-train" report size $(corpus_args "${training[@]}") "${policy_args[@]}" --output "$output/training"
fi
