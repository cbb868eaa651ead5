#!/usr/bin/env bash
# Installs what the project needs from Debian's archive. Idempotent: a second run
# only checks that the tools are there.
set -euo pipefail

# libclang-rt-22-dev: clang-22's sanitizer and libFuzzer runtimes (tools/fuzz.sh); Debian only
# recommends it with clang-22. valgrind: callgrind counts for `mlgo-train report speed`.
packages=(llvm-22-dev clang-22 llvm-22-tools lld-22 libclang-rt-22-dev valgrind)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} > 0)); then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" \
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null
fi

for tool in opt-22 llc-22 clang-22 llvm-config-22 valgrind; do
  if ! command -v "$tool" >/dev/null; then
    echo "setup: $tool is still missing after installing ${packages[*]}" >&2
    exit 1
  fi
done
echo "setup: LLVM $(llvm-config-22 --version) at $(llvm-config-22 --prefix)" >&2
