#!/usr/bin/env bash
# Regenerates the seed corpora of the fuzz targets from the repository: the policies of
# policies/, and traces the plugin writes for small bundled modules (inlining: greedy, and
# sampled with exploration; eviction), plus one small trace with the parts the plugin never
# writes (a score, outcomes, a resumed context); the byte stream LLVM sends an eviction host
# (llc-22 on LLVM's own interactive channel, answered by tools/fuzz/capture-eviction-channel.py)
# and the decider inputs of its observations; a decision record of a bundled module. Run after
# `swift build`; commit the result. The small policies (Fuzz/corpus/policy-runtime/tiny.mlgo,
# one-quantile.mlgo) and the small decisions files (Fuzz/corpus/inline-decisions/*.decisions)
# are written by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

plugin=$(swift build --show-bin-path)/libMLGOPlugin.so
[[ -f $plugin ]] || { echo "fuzz-seeds: build the plugin first (swift build)" >&2; exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

policies=Fuzz/corpus/policy-runtime
mkdir -p "$policies"
cp policies/inline-oz/policy.mlgo "$policies/inline-oz.mlgo"
cp policies/inline-oz-clone/policy.mlgo "$policies/inline-oz-clone.mlgo"
cp policies/evict-prior/policy.mlgo "$policies/evict-prior.mlgo"

traces=Fuzz/corpus/training-log
mkdir -p "$traces"
trace() {  # trace MODULE OUTPUT PLUGIN-OPTIONS...
  local module=$1 output=$PWD/$2
  shift 2
  clang-22 -Oz -Xclang -disable-llvm-passes -emit-llvm -c "corpus/bundled/src/$module.c" \
    -o "$scratch/$module.bc"
  # From the scratch folder, so that the trace's context is "MODULE.bc", not a temporary path.
  (cd "$scratch" && opt-22 -load-pass-plugin="$plugin" -mlgo-inline-mode=train \
    -mlgo-inline-trace="$output" "$@" -passes='default<Oz>' "$module.bc" -o /dev/null)
}
trace treap "$traces/treap.log" -mlgo-inline-seed=1
trace linked_list "$traces/linked_list-sampled.log" -mlgo-inline-seed=7 -mlgo-inline-sample \
  -mlgo-inline-exploration=0.2

# An eviction trace (llc-22, one context per machine function, [1,33] tensors): two decisions.
clang-22 -O2 -emit-llvm -c corpus/bundled/src/trie.c -o "$scratch/trie.bc"
llc-22 -load-pass-plugin="$plugin" -mlgo-evict-mode=release \
  -mlgo-evict-policy=policies/evict-prior/policy.mlgo -mlgo-evict-trace="$PWD/$traces/trie-eviction.log" \
  -O2 "$scratch/trie.bc" -o /dev/null

# Two int64 features and a float score: {"observation":N} then 16 bytes, {"outcome":N} then 4.
header='{"features":[{"name":"callee_users","type":"int64_t","port":0,"shape":[1]},{"name":"inlining_decision","type":"int64_t","port":0,"shape":[1]}],"score":{"name":"reward","type":"float","port":0,"shape":[1]}}'
{
  printf '%s\n{"context":"a.bc"}\n' "$header"
  printf '{"observation":0}\n\003\0\0\0\0\0\0\0\001\0\0\0\0\0\0\0\n'
  printf '{"outcome":0}\n\0\0\300\077\n'
  printf '{"context":"b.bc"}\n{"observation":0}\n\n\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\n'
  printf '{"context":"a.bc"}\n{"observation":1}\n\371\377\377\377\377\377\377\377\0\0\0\0\0\0\0\0\n'
} >"$traces/outcomes.log"
# LLVM's interactive eviction channel, without the plugin: the header, contexts and
# observations of two small modules. Channel inputs start with 3 bytes of settings
# (Fuzz/eviction-channel.cpp): whole reads and the prior policy; 7-byte reads and the
# default-like rule.
channel=Fuzz/corpus/eviction-channel
decider=Fuzz/corpus/eviction-decider
# Overwritten in place: the reproducers of earlier findings live beside them.
mkdir -p "$channel" "$decider"
for module in trie sha256_digest; do
  clang-22 -O2 -emit-llvm -c "corpus/bundled/src/$module.c" -o "$scratch/$module.bc"
  ./tools/fuzz/capture-eviction-channel.py "$scratch/channel-$module" "$scratch/$module.stream" "$decider" &
  host=$!
  while [[ ! -p $scratch/channel-$module.out ]]; do sleep 0.1; done
  llc-22 -O2 -regalloc-enable-advisor=release -regalloc-evict-interactive-channel-base="$scratch/channel-$module" \
    "$scratch/$module.bc" -o /dev/null
  wait "$host"
  { printf '\0\1\0'; cat "$scratch/$module.stream"; } >"$channel/$module-prior"
  { printf '\6\0\0'; cat "$scratch/$module.stream"; } >"$channel/$module-chunked"
done

# A decision record of a bundled module under the shipped policy (every field the plugin writes).
decisions=Fuzz/corpus/inline-decisions
mkdir -p "$decisions"
clang-22 -Oz -Xclang -disable-llvm-passes -emit-llvm -c corpus/bundled/src/treap.c -o "$scratch/treap.bc"
(cd "$scratch" && opt-22 -load-pass-plugin="$plugin" -mlgo-inline-record="$scratch/treap.decisions" \
  -passes='default<Oz>' treap.bc -o /dev/null)
cp "$scratch/treap.decisions" "$decisions/treap-record.decisions"
du -sh Fuzz/corpus
