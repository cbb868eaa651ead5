#!/usr/bin/env bash
# Builds one libFuzzer target of Fuzz/targets into .build/fuzz/bin/NAME, with the modules of
# Sources/ it links, instrumented for coverage and sanitizers. Prints the binary's path.
#   C and C++:  clang-22 / clang++-22 -fsanitize=fuzzer,address,undefined
#   Swift:      swiftc -sanitize=fuzzer,address (Swift has no UBSan; its own checks trap)
# Usage: tools/fuzz-build.sh NAME
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

name=${1:?usage: tools/fuzz-build.sh NAME}
line=$(awk -v name="$name" '$1 == name' Fuzz/targets)
if [[ -z $line ]]; then
  echo "fuzz-build: no target '$name' in Fuzz/targets" >&2
  exit 1
fi
read -r -a modules <<<"${line#"$name"}"

out=.build/fuzz
mkdir -p "$out/bin" "$out/modules"
sanitize_c=(-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all)
swift_flags=(-g -O -sanitize=fuzzer,address -parse-as-library -I "$out/modules")
# C++ is compiled as the plugin is (Package.swift): LLVM's flags, no RTTI, no exceptions.
read -r -a cxx_flags <<<"$(llvm-config-22 --cxxflags) -fno-rtti"
llvm_libdir=$(llvm-config-22 --libdir)

# True if $1 is missing or older than any later argument (files or folders, searched whole).
stale() {
  local output=$1
  shift
  [[ ! -e $output ]] || [[ -n $(find "$@" -newer "$output" -print -quit) ]]
}

include_flags=()  # -I of every C/C++ module's headers
objects=()        # C/C++ objects and Swift static libraries, dependencies first
built=(tools/fuzz-build.sh Fuzz/targets)  # what a module rebuilt after them must be newer than
needs_cxx=0

for module in "${modules[@]}"; do
  source_dir=Sources/$module
  [[ -d $source_dir ]] || { echo "fuzz-build: no module $source_dir" >&2; exit 1; }
  mapfile -t swift_sources < <(find "$source_dir" -name '*.swift' | sort)
  mapfile -t c_sources < <(find "$source_dir" -name '*.c' -o -name '*.cpp' | sort)
  if ((${#swift_sources[@]} > 0)); then
    library=$out/modules/lib$module.a
    if stale "$library" "$source_dir" "${built[@]}"; then
      echo "fuzz-build: $module (Swift)" >&2
      module_map_flags=()
      for map in "$out"/modules/*.modulemap; do
        [[ -e $map ]] && module_map_flags+=(-Xcc "-fmodule-map-file=$map")
      done
      swiftc "${swift_flags[@]}" "${module_map_flags[@]}" -module-name "$module" \
        -emit-module -emit-module-path "$out/modules/$module.swiftmodule" \
        -emit-library -static -o "$library" "${swift_sources[@]}" 2> >(grep -v "Cannot export local symbol" >&2)
    fi
    objects+=("$library")
    built+=("$library")
    continue
  fi
  ((${#c_sources[@]} > 0)) || { echo "fuzz-build: $source_dir has no sources" >&2; exit 1; }
  # Public headers, and the module's own (the plugin keeps its headers beside its sources).
  include_flags+=(-I "$root/$source_dir/include" -I "$root/$source_dir")
  mkdir -p "$out/modules/$module"
  for source in "${c_sources[@]}"; do
    object=$out/modules/$module/$(basename "$source").o
    if stale "$object" "$source_dir" "${built[@]}"; then
      echo "fuzz-build: $source" >&2
      if [[ $source == *.cpp ]]; then
        clang++-22 "${cxx_flags[@]}" "${sanitize_c[@]}" -fsanitize=fuzzer-no-link \
          "${include_flags[@]}" -c "$source" -o "$object"
      else
        clang-22 "${sanitize_c[@]}" -fsanitize=fuzzer-no-link "${include_flags[@]}" -c "$source" -o "$object"
      fi
    fi
    [[ $source == *.cpp ]] && needs_cxx=1
    objects+=("$object")
    built+=("$object")
  done
  # Swift imports a C module through a module map of its include folder, as SwiftPM does.
  if [[ -d $source_dir/include ]]; then
    printf 'module %s {\n  umbrella "%s"\n  export *\n}\n' "$module" "$root/$source_dir/include" \
      >"$out/modules/$module.modulemap"
  fi
done

# Static libraries resolve only what earlier inputs need: dependents first.
link_inputs=()
for ((i = ${#objects[@]} - 1; i >= 0; --i)); do link_inputs+=("${objects[$i]}"); done

binary=$out/bin/$name
mapfile -t target < <(find Fuzz -maxdepth 1 -name "$name.c" -o -maxdepth 1 -name "$name.cpp" -o -maxdepth 1 -name "$name.swift")
((${#target[@]} == 1)) || { echo "fuzz-build: expected one of Fuzz/$name.{c,cpp,swift}" >&2; exit 1; }
if stale "$binary" "${target[0]}" "${built[@]}"; then
  echo "fuzz-build: $name" >&2
  case ${target[0]} in
  *.swift)
    map_flags=()
    for map in "$out"/modules/*.modulemap; do
      [[ -e $map ]] && map_flags+=(-Xcc "-fmodule-map-file=$map")
    done
    swiftc "${swift_flags[@]}" "${map_flags[@]}" "${target[0]}" "${link_inputs[@]}" -lm -o "$binary" \
      2> >(grep -v "Cannot export local symbol" >&2)
    ;;
  *.c)
    link=(-lm)
    ((needs_cxx)) && link+=(-lstdc++ -L"$llvm_libdir" -lLLVM)
    clang-22 "${sanitize_c[@]}" -fsanitize=fuzzer "${include_flags[@]}" "${target[0]}" "${link_inputs[@]}" \
      "${link[@]}" -o "$binary"
    ;;
  *.cpp)
    clang++-22 "${cxx_flags[@]}" "${sanitize_c[@]}" -fsanitize=fuzzer \
      "${include_flags[@]}" "${target[0]}" "${link_inputs[@]}" -L"$llvm_libdir" -lLLVM -lm -o "$binary"
    ;;
  esac
fi
echo "$binary"
