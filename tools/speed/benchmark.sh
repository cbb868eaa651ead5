#!/usr/bin/env bash
# Runs one step of a benchmark recipe (corpus/projects/PROJECT/benchmark.sh, docs/speed-report.md)
# for `mlgo-train report speed`, which computes the cache keys, keeps the folders and measures.
#
#   benchmark.sh describe RECIPE                 prints the recipe's fields, one `key=value` a line
#   benchmark.sh fetch    RECIPE CACHE            fetches the sources; prints their paths, one a line
#   benchmark.sh inputs   RECIPE INPUT_DIR SOURCE...   makes the fixed inputs in INPUT_DIR
#   benchmark.sh build    RECIPE TREE BIN SOURCE...    unpacks into TREE, builds the programs into BIN
#   benchmark.sh run      RECIPE BIN INPUT_DIR    runs the fixed command in the current folder
#
# RECIPE is the recipe's folder. A recipe sets `package` (a Debian source package, fetched with
# tools/corpus/apt-source.sh; its pristine *.orig.tar.* is unpacked) or `sources` (files, relative
# to the recipe's folder), and defines benchmark_build, benchmark_run and optionally
# benchmark_inputs and benchmark_normalize (a filter of standard output before it is compared).
# build gets CC, CXX, CFLAGS, CXXFLAGS and JOBS from the environment and runs in the unpacked
# source tree; inputs runs in its own unpacked copy. Both run with errexit.
# run: every program is started through `bench`, which adds $BENCH_WRAPPER (words, e.g. valgrind
# and its options) in front and appends "start end" ($EPOCHREALTIME) to $BENCH_TIMES, so only the
# programs are timed, not this script.
set -euo pipefail

action=${1:?usage: benchmark.sh describe|fetch|inputs|build|run RECIPE ...}
recipe_dir=$(realpath "${2:?benchmark.sh: no recipe folder}")
shift 2
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
[[ -f $recipe_dir/benchmark.sh ]] || { echo "benchmark.sh: no recipe $recipe_dir/benchmark.sh" >&2; exit 1; }

package= sources=() benchmark_packages=() benchmark_tools=()
benchmark_name= benchmark_summary= benchmark_command=
benchmark_inputs() { :; }
benchmark_normalize() { cat; }
# shellcheck source=/dev/null
source "$recipe_dir/benchmark.sh"

# Unpacks the fetched sources into $1: a tarball's top folder, or the listed files. Prints the
# folder to build in.
unpack() {
  local into=$1 file
  shift
  rm -rf "$into" && mkdir -p "$into"
  if [[ -n $package ]]; then
    tar -xf "$1" -C "$into"
    find "$into" -mindepth 1 -maxdepth 1 -type d | head -1
  else
    for file in "$@"; do cp "$file" "$into/"; done
    echo "$into"
  fi
}

# Installs the recipe's build dependencies when missing (idempotent): commands from the Debian
# package of the same name, and Debian packages.
ensure_packages() {
  local tool pkg
  for tool in "${benchmark_tools[@]}"; do
    command -v "$tool" >/dev/null || DEBIAN_FRONTEND=noninteractive \
      apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$tool" >/dev/null
  done
  for pkg in "${benchmark_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' \
      || DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$pkg" >/dev/null
  done
}

bench() {
  local wrapper=() start status=0
  [[ -z ${BENCH_WRAPPER:-} ]] || read -ra wrapper <<<"$BENCH_WRAPPER"
  start=$EPOCHREALTIME
  "${wrapper[@]}" "$@" || status=$?
  echo "$start $EPOCHREALTIME" >>"${BENCH_TIMES:-/dev/null}"
  return $status
}

case $action in
  describe)
    echo "name=${benchmark_name:-$(basename "$recipe_dir")}"
    echo "package=$package"
    echo "summary=$benchmark_summary"
    echo "command=$benchmark_command"
    ;;
  fetch)
    cache=$(realpath -m "${1:?usage: benchmark.sh fetch RECIPE CACHE}")
    if [[ -n $package ]]; then
      "$repo/tools/corpus/apt-source.sh" "$cache" "$package"
      ls "$cache/sources/$package/"*.orig.tar.* | grep -v '\.asc$' | head -1
    else
      for file in "${sources[@]}"; do
        [[ $file == /* ]] || file="$recipe_dir/$file"
        [[ -f $file ]] || { echo "benchmark.sh: source $file does not exist" >&2; exit 1; }
        realpath "$file"
      done
    fi
    ;;
  inputs)
    inputs=$(realpath -m "${1:?usage: benchmark.sh inputs RECIPE INPUT_DIR SOURCE...}")
    shift
    mkdir -p "$inputs"
    export BENCH_INPUT=$inputs BENCH_RECIPE=$recipe_dir
    src=$(unpack "$inputs/.src" "$@")
    (cd "$src" || exit 1; benchmark_inputs)
    rm -rf "$inputs/.src"
    ;;
  build)
    tree=$(realpath -m "${1:?usage: benchmark.sh build RECIPE TREE BIN SOURCE...}")
    bin=$(realpath -m "${2:?usage: benchmark.sh build RECIPE TREE BIN SOURCE...}")
    shift 2
    ensure_packages
    export BENCH_BIN=$bin BENCH_RECIPE=$recipe_dir JOBS=${JOBS:-2}
    : "${CC:?}" "${CXX:?}"
    rm -rf "$BENCH_BIN" && mkdir -p "$BENCH_BIN"
    src=$(unpack "$tree" "$@")
    (cd "$src" || exit 1; benchmark_build)
    rm -rf "$tree"
    ;;
  run)
    bin=$(realpath "${1:?usage: benchmark.sh run RECIPE BIN INPUT_DIR}")
    inputs=$(realpath "${2:?usage: benchmark.sh run RECIPE BIN INPUT_DIR}")
    export BENCH_BIN=$bin BENCH_INPUT=$inputs BENCH_RECIPE=$recipe_dir
    benchmark_run | benchmark_normalize
    ;;
  *)
    echo "benchmark.sh: unknown action $action" >&2
    exit 1
    ;;
esac
