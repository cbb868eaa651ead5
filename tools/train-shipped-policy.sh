#!/usr/bin/env bash
# Reproduces policies/inline-oz, the policy the plugin embeds: a behaviour clone of LLVM 22's
# -Oz inliner fitted on the training corpus (docs/corpus.md), exported into the plugin, and
# evaluated on held-out modules and on the bundled corpus, which it never sees.
#
#   tools/train-shipped-policy.sh [CORPORA_DIR] [WORK_DIR]
#
# CORPORA_DIR (default .mlgo/corpora) is built by tools/corpus/build-training-corpus.sh if
# missing (cached). Takes about 10 minutes on 2 cores once the corpora exist.
set -euo pipefail
cd "$(dirname "$0")/.."
corpora=$(realpath -m "${1:-.mlgo/corpora}")
work=$(realpath -m "${2:-.mlgo/shipped}")
projects=(sqlite3 lua5.4 libzstd xz-utils libxml2 zlib lz4 leveldb)
policy=policies/inline-oz

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
# held-out modules, with half the inputs (see policies/inline-oz/README.md).
"$bin/mlgo-train" train bc --traces "$work/traces" --output "$policy/policy.mlgo" \
  --inputs quantiles --epochs 30 --seed 1 --holdout-fraction 0.25
"$bin/mlgo-train" export --policy "$policy/policy.mlgo" --output Sources/EmbeddedPolicies/inline_policy.c
swift build -c release

# The embedded policy (release mode, no --policy) against the heuristic.
"$bin/mlgo-train" report size "${corpus_args[@]}" --held-out-of "$policy/provenance.json" --output "$work/held-out"
"$bin/mlgo-train" corpus build --sources corpus/bundled/src --output "$work/bundled"
"$bin/mlgo-train" report size --corpus "$work/bundled" --output "$work/unseen"
mkdir -p "$policy/evaluation"
cp "$work/held-out/report.md" "$policy/evaluation/held-out-modules.md"
cp "$work/held-out/report.json" "$policy/evaluation/held-out-modules.json"
cp "$work/unseen/report.md" "$policy/evaluation/bundled-corpus.md"
cp "$work/unseen/report.json" "$policy/evaluation/bundled-corpus.json"
(cd corpus/projects && sha256sum */manifest.json) > "$policy/evaluation/corpus-manifests.sha256"
echo "train-shipped-policy: wrote $policy/ (policy, provenance, evaluation) and Sources/EmbeddedPolicies/inline_policy.c"
