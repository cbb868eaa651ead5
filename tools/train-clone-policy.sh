#!/usr/bin/env bash
# Reproduces policies/inline-oz-clone, the warm start of every size trainer: a behaviour clone
# of LLVM 22's -Oz inliner fitted on the training corpus (docs/corpus.md), evaluated on held-out
# modules and on the bundled corpus, which it never sees.
#
#   tools/train-clone-policy.sh [CORPORA_DIR] [WORK_DIR]
#
# CORPORA_DIR (default .mlgo/corpora) is built by tools/corpus/build-training-corpus.sh if
# missing (cached). Takes about 10 minutes on 2 cores once the corpora exist.
set -euo pipefail
cd "$(dirname "$0")/.."
corpora=$(realpath -m "${1:-.mlgo/corpora}")
work=$(realpath -m "${2:-.mlgo/clone-policy}")
projects=(sqlite3 lua5.4 libzstd xz-utils libxml2 zlib lz4 leveldb)
policy=policies/inline-oz-clone

./tools/setup.sh
for project in "${projects[@]}"; do
  [[ -f $corpora/$project/corpus_description.json ]] || ./tools/corpus/build-training-corpus.sh "$corpora" "$project"
done
swift build -c release
bin=$(swift build -c release --show-bin-path)
corpus_args=()
for project in "${projects[@]}"; do corpus_args+=(--corpus "$corpora/$project"); done

rm -rf "$work"
"$bin/mlgo-train" collect "${corpus_args[@]}" --output "$work/traces"
# Quantile inputs (plus the cost-threshold margin): as accurate as quantiles + signed log on
# held-out modules, with half the inputs (see policies/inline-oz-clone/README.md).
"$bin/mlgo-train" train bc --traces "$work/traces" --output "$policy/policy.mlgo" \
  --inputs quantiles --epochs 30 --seed 1 --holdout-fraction 0.25

# The clone against the heuristic.
"$bin/mlgo-train" report size "${corpus_args[@]}" --policy "$policy/policy.mlgo" \
  --held-out-of "$policy/provenance.json" --output "$work/held-out"
"$bin/mlgo-train" corpus build --sources corpus/bundled/src --output "$work/bundled"
"$bin/mlgo-train" report size --corpus "$work/bundled" --policy "$policy/policy.mlgo" --output "$work/unseen"
mkdir -p "$policy/evaluation"
cp "$work/held-out/report.md" "$policy/evaluation/held-out-modules.md"
cp "$work/held-out/report.json" "$policy/evaluation/held-out-modules.json"
cp "$work/unseen/report.md" "$policy/evaluation/bundled-corpus.md"
cp "$work/unseen/report.json" "$policy/evaluation/bundled-corpus.json"
(cd corpus/projects && sha256sum */manifest.json) > "$policy/evaluation/corpus-manifests.sha256"
echo "train-clone-policy: wrote $policy/ (policy, provenance, evaluation)"
