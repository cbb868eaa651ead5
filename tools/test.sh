#!/usr/bin/env bash
# Sets everything up on a fresh machine and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

./tools/setup.sh
# bear and LLVM's corpus tools (PyPI mlgo-utils) for the corpus compatibility tests.
./tools/corpus/install-test-tools.sh
# `swift build` builds every product, the plugin included; the tests load the plugin from the
# build folder, so build it before testing.
swift build --build-tests
swift test --skip-build
