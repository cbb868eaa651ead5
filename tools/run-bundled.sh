#!/usr/bin/env bash
# The main job on the bundled corpus: set up, build, trace LLVM's -Oz inliner, clone it by
# behaviour cloning, improve the clone for code size by trajectory search, and compare the
# clone, the improved policy and the shipped policy with the heuristic; then search the
# decisions callsite by callsite (the headroom over the heuristic) and tune the corpus; last,
# eviction at -O2: clone LLVM's eviction advisor and compare it and the prior with LLVM; then the
# bundled programs as a ThinLTO corpus, with the policies and the search in lld's back ends.
# Outputs go to .mlgo/ (or $1).
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-.mlgo}"

./tools/setup.sh
swift build -c release
bin="$(swift build -c release --show-bin-path)"

rm -rf "$work/corpus/bundled" "$work/traces" "$work/clone" "$work/search" "$work/reports" "$work/callsite-search" "$work/tune" \
  "$work/corpus/bundled-thinlto" "$work/thinlto-search"
echo "== 1/11 corpus: one module per file of corpus/bundled/src"
"$bin/mlgo-train" corpus build --sources corpus/bundled/src --output "$work/corpus/bundled"
echo "== 2/11 collect: LLVM's decisions, one trace per module"
"$bin/mlgo-train" collect --corpus "$work/corpus/bundled" --output "$work/traces"
echo "== 3/11 train bc: fit a policy to those decisions, a quarter of the modules held out"
"$bin/mlgo-train" train bc --traces "$work/traces" --output "$work/clone/policy.mlgo"
echo "== 4/11 report size: the clone on the held-out modules"
"$bin/mlgo-train" report size --corpus "$work/corpus/bundled" --policy "$work/clone/policy.mlgo" \
  --held-out-of "$work/clone/provenance.json" --output "$work/reports/clone-held-out"
echo "== 5/11 train search: compile each module with the clone's decisions perturbed, keep the smallest, clone those"
"$bin/mlgo-train" train search --corpus "$work/corpus/bundled" --holdout-fraction 0.25 \
  --initial "$work/clone/policy.mlgo" --output "$work/search" --iterations 1 \
  --perturbations shift:-20,sample:0.05 --baseline-cache "$work/baselines.json"
echo "== 6/11 report size: the improved policy on the modules the search held out"
"$bin/mlgo-train" report size --corpus "$work/corpus/bundled" --policy "$work/search/policy.mlgo" \
  --held-out-of "$work/clone/provenance.json" --output "$work/reports/search-held-out"
echo "== 7/11 report size: the policy shipped in the plugin on the whole bundled corpus"
"$bin/mlgo-train" report size --corpus "$work/corpus/bundled" --output "$work/reports/shipped"
echo "== 8/11 search: every module's decisions callsite by callsite, from LLVM's heuristic (the headroom)"
"$bin/mlgo-train" search --corpus "$work/corpus/bundled" --output "$work/callsite-search" --budget 30
echo "== 9/11 tune: the same search from the shipped policy, replayed through the plugin"
"$bin/mlgo-train" tune --corpus "$work/corpus/bundled" --output "$work/tune" --budget 30
"$bin/mlgo-train" report size --corpus "$work/corpus/bundled" --decisions "$work/tune/tuned.decisions" --output "$work/reports/tuned"
echo "== 10/11 eviction: an -O2 corpus, LLVM's eviction choices traced and cloned, report spill (clone, prior, per-function best)"
"$bin/mlgo-train" corpus build --sources corpus/bundled/src --output "$work/corpus/bundled-O2" --opt-level O2
"$bin/mlgo-train" collect --problem eviction --corpus "$work/corpus/bundled-O2" --output "$work/eviction/traces"
"$bin/mlgo-train" train bc --problem eviction --traces "$work/eviction/traces" --output "$work/eviction/clone/policy.mlgo" \
  --epochs 8 --hidden 32
"$bin/mlgo-train" report spill --corpus "$work/corpus/bundled-O2" --policy "clone=$work/eviction/clone/policy.mlgo" \
  --policy "prior=policies/evict-prior/policy.mlgo" --output "$work/reports/eviction"
echo "== 11/11 LTO: the bundled programs as a ThinLTO corpus (lld-22's back ends), the shipped and the ThinLTO policy on them, and their headroom"
"$bin/mlgo-train" corpus lto --corpus "$work/corpus/bundled" --links corpus/bundled/links.json --kind thin \
  --output "$work/corpus/bundled-thinlto"
"$bin/mlgo-train" report size --corpus "$work/corpus/bundled-thinlto" --output "$work/reports/thinlto-shipped"
"$bin/mlgo-train" report size --corpus "$work/corpus/bundled-thinlto" --policy policies/inline-lto/policy.mlgo \
  --output "$work/reports/thinlto-policy"
"$bin/mlgo-train" search --corpus "$work/corpus/bundled-thinlto" --output "$work/thinlto-search" --budget 30
echo "Eviction: $work/reports/eviction/report.md (the policy trained on real projects: policies/evict-o2/README.md)"
echo "Headroom (search from the heuristic): $work/callsite-search/summary.md; shipped policy: $work/reports/shipped/report.md;"
echo "tuned decisions replayed: $work/reports/tuned/report.md; ThinLTO: $work/reports/thinlto-{shipped,policy}/report.md, headroom $work/thinlto-search/summary.md"
echo "Note: the bundled corpus is small (about 1,800 decisions), so its clone and search generalise poorly; the"
echo "shipped policy was trained on six real projects and never saw this corpus (policies/inline-oz/README.md)."
echo "Reports: $work/reports/*/report.{md,html}; the clone: $work/clone/ (export it with: $bin/mlgo-train export --policy $work/clone/policy.mlgo --output Sources/EmbeddedPolicies/inline_policy.c)"
