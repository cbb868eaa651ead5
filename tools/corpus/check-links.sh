#!/usr/bin/env bash
# Links every target of a links.json from stock -Oz objects and prints each target's linked
# .text, or why it did not link. The same recipe `mlgo-train report size` links with (see
# docs/corpus.md, "Link targets"), without the plugin or a Swift build:
#   tools/corpus/check-links.sh CORPUS LINKS.json [WORK]
# Modules of shared targets are compiled with llc's PIC relocation model, all others with its
# default (static), so executables link with -no-pie. Exit status: number of targets that failed.
set -uo pipefail
corpus=${1:?corpus folder}
links=${2:?links.json}
work=${3:-$(mktemp -d)}
bin=${LLVM_PREFIX:-/usr/lib/llvm-22}/bin
mkdir -p "$work"

# object MODULE PIC(0/1) → path of its stock -Oz object (compiled once per relocation model)
object() {
  local module=$1 pic=$2 suffix=static flags=()
  if [ "$pic" = 1 ]; then suffix=pic; flags=(-relocation-model=pic); fi
  local out="$work/$suffix/$module.o"
  if [ ! -f "$out" ]; then
    mkdir -p "$(dirname "$out")"
    "$bin/opt" -passes='default<Oz>' "$corpus/$module.bc" -o "$out.opt.bc" &&
      "$bin/llc" -O2 "${flags[@]}" -filetype=obj "$out.opt.bc" -o "$out" && rm -f "$out.opt.bc" || return 1
  fi
  echo "$out"
}

failed=0
count=$(jq '.targets | length' "$links")
for ((i = 0; i < count; i++)); do
  target=$(jq -c ".targets[$i]" "$links")
  name=$(jq -r .name <<<"$target")
  kind=$(jq -r .kind <<<"$target")
  pic=0; [ "$kind" = shared ] && pic=1
  objects=() members=() problem=""
  for module in $(jq -r '.modules[]' <<<"$target"); do
    objects+=("$(object "$module" $pic)") || problem="compile of $module failed"
  done
  for module in $(jq -r '.archive // [] | .[]' <<<"$target"); do
    members+=("$(object "$module" $pic)") || problem="compile of $module failed"
  done
  out="$work/linked/$name"
  mkdir -p "$(dirname "$out")"
  rm -f "$out" "$out.a"
  archive=()
  if [ -z "$problem" ] && [ ${#members[@]} -gt 0 ]; then
    "$bin/llvm-ar" rcs "$out.a" "${members[@]}" && archive=("$out.a") || problem="llvm-ar failed"
  fi
  mapfile -t libraries < <(jq -r '.libraries // [] | .[]' <<<"$target")
  mapfile -t flags < <(jq -r '.linker_flags // [] | .[]' <<<"$target")
  mode=(-no-pie); [ "$kind" = shared ] && mode=(-shared -Wl,-Bsymbolic)
  if [ -z "$problem" ] && ! "$bin/clang" "${mode[@]}" -Wl,--build-id=none "${flags[@]}" -o "$out" "${objects[@]}" "${archive[@]}" \
      "${libraries[@]}" 2>"$out.log"; then
    problem="link failed: $(grep -v -e warning -e "linker command failed" "$out.log" | head -2 | tr "\n" " ")"
  fi
  if [ -n "$problem" ]; then
    echo "$name ($kind): FAILED $problem"
    failed=$((failed + 1))
  else
    text=$("$bin/llvm-size" -A "$out" | awk '$1 == ".text" { print $2 }')
    echo "$name ($kind): .text $text bytes (${#objects[@]} modules + ${#members[@]} in archive)"
  fi
done
exit $failed
