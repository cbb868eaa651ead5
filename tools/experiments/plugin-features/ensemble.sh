#!/bin/bash
# Issue 8: the same distillations as run.sh, as 3-seed ensembles (seeds 1-3, logits averaged).
source "$(dirname "$0")/common.sh"
distil_and_judge $F/plugin-e3 --seed 1 --ensemble 3 --plugin-features
distil_and_judge $F/llvm-e3 --seed 1 --ensemble 3
step "ensembles done"
