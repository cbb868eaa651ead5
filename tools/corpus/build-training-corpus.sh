#!/usr/bin/env bash
# Rebuilds the whole training corpus from nothing: one corpus per project under OUTPUT_DIR,
# then checks each project's manifest against the committed corpus/projects/PROJECT/manifest.json.
#
#   tools/corpus/build-training-corpus.sh OUTPUT_DIR [PROJECT...]
#   OPT_LEVEL=O2 WORK_DIR=/work/corpora/.work tools/corpus/build-training-corpus.sh /work/corpora-o2
#
# OPT_LEVEL (default Oz) is the level of the bitcode (build-project.sh); a corpus at another level
# is checked against corpus/projects/PROJECT/manifest-LEVEL.json. WORK_DIR shares the projects'
# builds with a corpus at another level, so they are not built twice.
#
# Cached: finished projects are skipped on a re-run. --update-manifests copies the produced
# manifests into the repository instead of failing on a difference. MLGO_TRAIN=/path/to/mlgo-train
# uses that binary instead of building it in .build-corpus.
set -euo pipefail

update=0
args=()
for arg in "$@"; do
  if [[ $arg == --update-manifests ]]; then update=1; else args+=("$arg"); fi
done
set -- "${args[@]}"
output=$(realpath -m "${1:?usage: build-training-corpus.sh OUTPUT_DIR [PROJECT...] [--update-manifests]}")
shift
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
projects=("$@")
if ((${#projects[@]} == 0)); then
  # The first eight, then the six added for C++ (issue 8): each project is built on its own, so
  # the order does not change any corpus.
  projects=(sqlite3 lua5.4 libzstd xz-utils libxml2 zlib lz4 leveldb fmtlib yaml-cpp jsoncpp pugixml expat libyaml)
fi

start=$(date +%s)
# Build tools: LLVM 22 and bear (idempotent), and mlgo-train in its own scratch folder.
"$repo/tools/setup.sh"
command -v bear >/dev/null || apt-get -o DPkg::Lock::Timeout=600 install -y -qq bear >/dev/null
if [[ -z ${MLGO_TRAIN:-} ]]; then
  (cd "$repo" && swift build -c release --product mlgo-train --scratch-path .build-corpus >&2)
  MLGO_TRAIN="$repo/.build-corpus/release/mlgo-train"
fi
export MLGO_TRAIN

status=0
for project in "${projects[@]}"; do
  if ! "$here/build-project.sh" "$project" "$output"; then
    echo "build-training-corpus: $project failed; continuing with the others" >&2
    status=1
    continue
  fi
  produced="$output/$project/manifest.json"
  committed="$repo/corpus/projects/$project/manifest.json"
  [[ ${OPT_LEVEL:-Oz} == Oz ]] || committed="$repo/corpus/projects/$project/manifest-${OPT_LEVEL}.json"
  if [[ $update == 1 || ! -f $committed ]]; then
    cp "$produced" "$committed"
    echo "build-training-corpus: wrote $committed" >&2
  elif cmp -s "$produced" "$committed"; then
    echo "build-training-corpus: $project manifest matches the committed one" >&2
  else
    echo "build-training-corpus: $project manifest differs from $committed:" >&2
    diff "$committed" "$produced" | head -20 >&2 || true
    status=1
  fi
done

"$here/summary.sh" "$output" "${projects[@]}"
echo "build-training-corpus: $(( $(date +%s) - start )) s in all" >&2
exit $status
