#!/usr/bin/env bash
# Installs what the corpus tests and recipes use besides LLVM 22: bear (Debian) and LLVM's
# own corpus tools, the PyPI package mlgo-utils (extract_ir, make_corpus,
# combine_training_corpus), for the compatibility tests. Idempotent. The compatibility tests
# skip themselves when mlgo-utils is missing, so a failed pip install is only a warning.
set -uo pipefail

if ! command -v bear >/dev/null; then
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq bear >/dev/null \
    || echo "install-test-tools: could not install bear" >&2
fi
if ! command -v extract_ir >/dev/null; then
  python3 -m pip install --quiet mlgo-utils \
    || echo "install-test-tools: could not install mlgo-utils; its compatibility tests will be skipped" >&2
fi
