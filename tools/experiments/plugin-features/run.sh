#!/bin/bash
# Issue 8 item 5: ablation of the plugin's inlining features. DAgger step 1's labels distilled
# with LLVM's features only (llvm-sN) and with the plugin's too (plugin-sN), seeds 1-3.
# pugixml + expat (never seen) afterwards, only through never-seen.sh.
source "$(dirname "$0")/common.sh"
for seed in 1 2 3; do
  distil_and_judge $F/llvm-s$seed --seed $seed
  distil_and_judge $F/plugin-s$seed --seed $seed --plugin-features
done
step done
