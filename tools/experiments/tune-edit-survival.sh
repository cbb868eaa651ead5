#!/usr/bin/env bash
# How much of tune's gain survives an edit: every bundled source gets an unrelated helper and its
# caller prepended (every later decision's position moves; keys stay). Restores the sources.
set -euo pipefail
D=$(realpath "${1:?usage: tune-edit-survival.sh TUNED.decisions (from mlgo-train tune on a corpus built from corpus/bundled/src)}")
tmp=$(mktemp -d)
cd "$(dirname "$0")/../.."
P=.build/release/libMLGOPlugin.so
size() { llvm-size-22 -A "$1" | awk '$1 ~ /^\.text/ {s+=$2} END{print s}'; }
measure() {
  local pol=0 tun=0
  for f in corpus/bundled/src/*.c; do
    clang-22 -Oz -fpass-plugin=$P -c "$f" -o $tmp/p.o
    clang-22 -Oz -fpass-plugin=$P -mllvm -mlgo-inline-decisions=$D -c "$f" -o $tmp/t.o
    pol=$((pol + $(size $tmp/p.o))); tun=$((tun + $(size $tmp/t.o)))
  done
  echo "$pol $tun"
}
trap 'git checkout -- corpus/bundled/src; rm -rf "$tmp"' EXIT
read p0 t0 < <(measure)
for f in corpus/bundled/src/*.c; do
  { echo 'static int mlgo_edit_helper(int x) { return x * 3 + 1; }'
    echo 'int mlgo_edit_entry(int x) { return mlgo_edit_helper(x) + mlgo_edit_helper(x + 1); }'
    cat "$f"; } > $tmp/edited.c && cp $tmp/edited.c "$f"
done
read p1 t1 < <(measure)
echo "unedited: policy $p0 tuned $t0 (gain $((p0 - t0))); edited: policy $p1 tuned $t1 (gain $((p1 - t1)))"
