#!/usr/bin/env bash
# Installs what the corpus tests and recipes use besides LLVM 22: bear (Debian) and LLVM's own
# corpus tools, the PyPI package mlgo-utils (extract_ir, make_corpus, combine_training_corpus),
# in a virtual environment: .mlgo/venv, or $MLGO_VENV (Debian 12 refuses a system-wide pip
# install). Idempotent: a second run only checks. The tests need every tool, so a tool that
# cannot be installed stops this script with exit 1 instead of letting tests skip.
set -euo pipefail
cd "$(dirname "$0")/../.."

venv=${MLGO_VENV:-$PWD/.mlgo/venv}
# Only pre-releases exist on PyPI; pinned so every machine runs the tools the tests were written against.
mlgo_utils_version=19.0.0.dev202407180600
corpus_tools=(extract_ir make_corpus combine_training_corpus)

fail() {
  echo "install-test-tools: $*" >&2
  exit 1
}

# Debian's own python3 when there is one: a pyenv or other local build may be gone on the next
# machine, and its venv with it.
python=/usr/bin/python3
packages=(bear python3 python3-venv)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if ((${#missing[@]} > 0)); then
  echo "install-test-tools: installing ${missing[*]}" >&2
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq \
    || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" \
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null \
    || fail "could not install ${missing[*]} with apt-get"
fi
command -v bear >/dev/null || fail "bear is still missing after installing it"
[[ -x $python ]] || fail "$python is missing after installing python3"

# A venv whose interpreter no longer runs (its Python was removed or upgraded) is rebuilt.
if ! "$venv/bin/python" -c '' 2>/dev/null; then
  echo "install-test-tools: creating the virtual environment $venv" >&2
  "$python" -m venv --clear "$venv" || fail "could not create $venv with $python -m venv (python3-venv)"
fi
installed=$("$venv/bin/python" -m pip show mlgo-utils 2>/dev/null | sed -n 's/^Version: //p' || true)
if [[ $installed != "$mlgo_utils_version" ]]; then
  echo "install-test-tools: installing mlgo-utils $mlgo_utils_version into $venv" >&2
  "$venv/bin/python" -m pip install --quiet "mlgo-utils==$mlgo_utils_version" \
    || fail "could not install mlgo-utils $mlgo_utils_version from PyPI into $venv"
fi
for tool in "${corpus_tools[@]}"; do
  [[ -x $venv/bin/$tool ]] || fail "$venv/bin/$tool is missing after installing mlgo-utils"
done
echo "install-test-tools: bear $(bear --version 2>&1 | awk '{print $2}'), mlgo-utils $mlgo_utils_version in $venv" >&2
