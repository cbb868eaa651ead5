#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/targets and runs each for a bounded time on its seed
# corpus (Fuzz/corpus/NAME/) and the inputs earlier runs kept (.build/fuzz/corpus/NAME/).
# Fails if a target finds a crash, a leak, a timeout or an out-of-memory input, and prints the
# reproducer. docs/fuzzing.md describes the targets and what they found.
#
# Usage: tools/fuzz.sh [--seconds N] [--build-only] [NAME...]
#   --seconds N   time per target (default $FUZZ_SECONDS, else 30)
#   NAME...       targets to run (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-30}
build_only=0
names=()
while (($# > 0)); do
  case $1 in
  --seconds) seconds=$2; shift 2 ;;
  --build-only) build_only=1; shift ;;
  -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
  -*) echo "fuzz: unknown option $1" >&2; exit 2 ;;
  *) names+=("$1"); shift ;;
  esac
done
if ((${#names[@]} == 0)); then
  mapfile -t names < <(awk '!/^#/ && NF { print $1 }' Fuzz/targets)
fi

binaries=()
for name in "${names[@]}"; do
  binaries+=("$(./tools/fuzz-build.sh "$name")")
done
((build_only)) && exit 0

# Swift's backtracer would catch the signal first and libFuzzer would write no reproducer.
export SWIFT_BACKTRACE=enable=no
status=0
for index in "${!names[@]}"; do
  name=${names[$index]}
  binary=${binaries[$index]}
  corpus=.build/fuzz/corpus/$name
  artifacts=.build/fuzz/artifacts/$name
  log=.build/fuzz/logs/$name.log
  mkdir -p "$corpus" "$artifacts" .build/fuzz/logs
  seeds=()
  [[ -d Fuzz/corpus/$name ]] && seeds+=("Fuzz/corpus/$name")
  options=(-max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1
    -artifact_prefix="$artifacts/")
  [[ -f Fuzz/$name.dict ]] && options+=(-dict="Fuzz/$name.dict")
  marker=$(mktemp)
  echo "fuzz: $name for ${seconds}s (log: $log)" >&2
  result=0
  "$binary" "${options[@]}" "$corpus" "${seeds[@]}" >"$log" 2>&1 || result=$?
  mapfile -t found < <(find "$artifacts" -type f -newer "$marker" | sort)
  rm -f "$marker"
  if ((result != 0 || ${#found[@]} > 0)); then
    status=1
    grep -v '^#[0-9]' "$log" | tail -40 >&2
    echo "fuzz: $name FAILED (exit $result)" >&2
    for file in "${found[@]}"; do
      echo "fuzz: reproducer: $file (run: $binary $file)" >&2
    done
  else
    runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log")
    coverage=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -nE 's/.*cov: ([0-9]+) ft: ([0-9]+) corp: ([0-9]+).*/\1 edges, \2 features, \3 corpus inputs/p')
    echo "fuzz: $name passed: ${runs:-?} runs, $coverage" >&2
  fi
done
exit "$status"
