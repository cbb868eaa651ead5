#!/usr/bin/env bash
# The main job on the bundled corpus: set up, build, trace LLVM's -Oz inliner, clone it by
# behaviour cloning, improve the clone for code size by trajectory search, and compare the
# clone, the improved policy and the shipped policy with the heuristic.
# Outputs go to .mlgo/ (or $1).
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-.mlgo}"

./tools/setup.sh
swift build -c release
bin="$(swift build -c release --show-bin-path)"

rm -rf "$work/corpus/bundled" "$work/traces" "$work/clone" "$work/search" "$work/reports"
echo "== 1/7 corpus: one module per file of corpus/bundled/src"
"$bin/mlgo-train" corpus build --sources corpus/bundled/src --output "$work/corpus/bundled"
echo "== 2/7 collect: LLVM's decisions, one trace per module"
"$bin/mlgo-train" collect --corpus "$work/corpus/bundled" --output "$work/traces"
echo "== 3/7 train bc: fit a policy to those decisions, a quarter of the modules held out"
"$bin/mlgo-train" train bc --traces "$work/traces" --output "$work/clone/policy.mlgo"
echo "== 4/7 report size: the clone on the held-out modules"
"$bin/mlgo-train" report size --corpus "$work/corpus/bundled" --policy "$work/clone/policy.mlgo" \
  --held-out-of "$work/clone/provenance.json" --output "$work/reports/clone-held-out"
echo "== 5/7 train search: compile each module with the clone's decisions perturbed, keep the smallest, clone those"
"$bin/mlgo-train" train search --corpus "$work/corpus/bundled" --holdout-fraction 0.25 \
  --initial "$work/clone/policy.mlgo" --output "$work/search" --iterations 1 \
  --perturbations shift:-20,sample:0.05 --baseline-cache "$work/baselines.json"
echo "== 6/7 report size: the improved policy on the modules the search held out"
"$bin/mlgo-train" report size --corpus "$work/corpus/bundled" --policy "$work/search/policy.mlgo" \
  --held-out-of "$work/clone/provenance.json" --output "$work/reports/search-held-out"
echo "== 7/7 report size: the policy shipped in the plugin on the whole bundled corpus"
"$bin/mlgo-train" report size --corpus "$work/corpus/bundled" --output "$work/reports/shipped"
echo "Note: the bundled corpus is small (about 1,800 decisions), so its clone and search generalise poorly; the"
echo "shipped policy was trained on six real projects and never saw this corpus (policies/inline-oz/README.md)."
echo "Reports: $work/reports/*/report.{md,html}; the clone: $work/clone/ (export it with: $bin/mlgo-train export --policy $work/clone/policy.mlgo --output Sources/EmbeddedPolicies/inline_policy.c)"
