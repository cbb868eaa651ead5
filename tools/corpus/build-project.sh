#!/usr/bin/env bash
# Builds one project's training corpus from its recipe (corpus/projects/PROJECT/recipe.sh):
# fetch the Debian source package, unpack the pristine *.orig.tar.*, build it under bear with
# clang-22 at -O0, replay the recorded compiles into pre-optimisation bitcode at -Oz (or at
# OPT_LEVEL), then validate, measure and write the manifest.
#
#   tools/corpus/build-project.sh PROJECT OUTPUT_DIR
#   OPT_LEVEL=O2 tools/corpus/build-project.sh PROJECT OUTPUT_DIR   # -O2 bitcode (eviction)
#
# OPT_LEVEL (Oz, Os, O1, O2, O3; default Oz) sets the level the compiles are replayed at, so the
# bitcode carries that level's function attributes (minsize/optsize for Oz) and clang's
# pre-optimisation pipeline for it. WORK_DIR (default OUTPUT_DIR/.work) holds sources and builds:
# a build recorded there (.build-done, same recipe) is reused, so a corpus at a second level
# replays the same compile database without building the project again.
#
# The corpus goes to OUTPUT_DIR/PROJECT/ (with manifest.json and stats.json), sources and
# builds to OUTPUT_DIR/.work/PROJECT/, downloads to OUTPUT_DIR/.cache/. Cached: a finished
# project is skipped; delete OUTPUT_DIR/PROJECT/.recipe-done to redo it (extraction resumes).
# Needs MLGO_TRAIN (the mlgo-train binary); build-training-corpus.sh sets it.
set -euo pipefail

project=${1:?usage: build-project.sh PROJECT OUTPUT_DIR}
output=$(realpath -m "${2:?usage: build-project.sh PROJECT OUTPUT_DIR}")
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
recipe="$repo/corpus/projects/$project/recipe.sh"
[[ -f $recipe ]] || { echo "build-project: no recipe $recipe" >&2; exit 1; }
: "${MLGO_TRAIN:?set MLGO_TRAIN to the mlgo-train binary}"
JOBS=${JOBS:-2}
OPT_LEVEL=${OPT_LEVEL:-Oz}
[[ $OPT_LEVEL =~ ^O([0-3]|s|z)$ ]] || { echo "build-project: OPT_LEVEL must be O0-O3, Os or Oz, not '$OPT_LEVEL'" >&2; exit 1; }

corpus="$output/$project"
work="$(realpath -m "${WORK_DIR:-$output/.work}")/$project"
cache="$output/.cache"
done_file="$corpus/.recipe-done"
if [[ -f $done_file ]]; then
  echo "build-project: $project already built ($corpus)" >&2
  exit 0
fi
mkdir -p "$work" "$corpus"

package= build_tools=() build_packages=()
# shellcheck source=/dev/null
source "$recipe"
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# 1. Fetch (cached) and unpack the pristine upstream tarball: Debian's patches break some builds.
t0=$(now)
recipe_hash=$(sha256sum "$recipe" | cut -d' ' -f1)
build_done="$work/.build-done"
reuse_build=0
[[ -f $build_done && $(cat "$build_done") == "$recipe_hash" && -f $work/compile_commands.json ]] && reuse_build=1
"$here/apt-source.sh" "$cache" "$package"
tarball=$(ls "$cache/sources/$package/"*.orig.tar.* | grep -v '\.asc$' | head -1)
version=$(sed -n 's/^Version: //p' "$cache/sources/$package/"*.dsc | head -1)
if ((reuse_build == 0)); then
  rm -rf "$work/src" "$build_done" && mkdir -p "$work/src"
  tar -xf "$tarball" -C "$work/src"
fi
src=$(find "$work/src" -mindepth 1 -maxdepth 1 -type d | head -1)
# __DATE__/__TIME__ (zstd's tests/fullbench.c prints __DATE__) expand to the date of the Debian
# changelog's last entry (its first " -- NAME <MAIL>  DATE" line), not the day of the build, so a
# rebuild gives the same bitcode; clang reads SOURCE_DATE_EPOCH, as in Debian's own builds.
debian_tarball=$(ls "$cache/sources/$package/"*.debian.tar.* 2>/dev/null | head -1 || true)
changelog=
[[ -z $debian_tarball ]] || changelog=$(tar -xOf "$debian_tarball" debian/changelog)
changelog_date=$(sed -n 's/^ -- .*>  //p' <<<"$changelog" | sed -n 1p)
SOURCE_DATE_EPOCH=0
[[ -n $changelog_date ]] && SOURCE_DATE_EPOCH=$(date -d "$changelog_date" +%s)
export SOURCE_DATE_EPOCH
t1=$(now)

database="$work/compile_commands.json"
# 2. Build under bear with clang-22 at -O0 (cheap: only the commands matter).
# build_tools: commands (installed from the Debian package of the same name when missing);
# build_packages: Debian build dependencies (libraries, headers), installed when missing.
build_project() {
  for tool in "${build_tools[@]}"; do
    command -v "$tool" >/dev/null || apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$tool" >/dev/null
  done
  for pkg in "${build_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' \
      || DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$pkg" >/dev/null
  done
  export CC=clang-22 CXX=clang++-22 CFLAGS=-O0 CXXFLAGS=-O0 JOBS
  rm -f "$database"
  capture() { bear --output "$database" --append -- "$@"; }
  echo "build-project: building $project ($package $version) in $src" >&2
  # The recipe runs with errexit in effect (not under `if`, which would disable it): a mandatory
  # step that fails fails the project; optional steps in recipes end in `|| true`.
  set +e
  (cd "$src" || exit 1; set -e; build) > "$work/build.log" 2>&1
  build_status=$?
  set -e
  if ((build_status != 0)); then
    echo "build-project: $project build failed (status $build_status); see $work/build.log" >&2
    tail -20 "$work/build.log" >&2
    exit 1
  fi
}
if ((reuse_build == 1)); then
  echo "build-project: reusing the build of $project in $src ($build_done)" >&2
else
  build_project
  echo "$recipe_hash" > "$build_done"
fi
t2=$(now)

# 3. Replay into bitcode at OPT_LEVEL (resumes if interrupted); paths relative to the source tree
# so the bitcode does not depend on OUTPUT_DIR.
"$MLGO_TRAIN" corpus extract --compile-commands "$database" --build-dir "$src" --output "$corpus" \
  --opt-level "$OPT_LEVEL" --prefix-map "$src=." --jobs "$JOBS" 2> "$work/extract-$OPT_LEVEL.log" || {
  echo "build-project: extraction failed; see $work/extract-$OPT_LEVEL.log" >&2; exit 1; }
t3=$(now)

# 4. Validate, measure, and write the manifest.
"$MLGO_TRAIN" corpus validate "$corpus" --jobs "$JOBS" > "$work/validate-$OPT_LEVEL.log" 2>&1 || {
  echo "build-project: some modules do not compile; see $work/validate-$OPT_LEVEL.log" >&2; exit 1; }
"$MLGO_TRAIN" corpus stats "$corpus" --jobs "$JOBS" --json "$corpus/stats.json" > "$work/stats-$OPT_LEVEL.txt" 2> "$work/stats-$OPT_LEVEL.log"
"$MLGO_TRAIN" corpus manifest "$corpus" --project "$project" \
  --source "Debian source package $package $version (pristine upstream tarball)" --output "$corpus/manifest.json"
t4=$(now)

cat > "$work/timings-$OPT_LEVEL.json" <<JSON
{"project": "$project", "opt_level": "$OPT_LEVEL", "fetch_seconds": $(elapsed "$t0" "$t1"), "build_seconds": $(elapsed "$t1" "$t2"),
 "extract_seconds": $(elapsed "$t2" "$t3"), "validate_and_stats_seconds": $(elapsed "$t3" "$t4")}
JSON
cp "$work/timings-$OPT_LEVEL.json" "$done_file"
echo "build-project: $project done: $(grep -c '"name"' "$corpus/manifest.json") modules in $corpus" >&2
