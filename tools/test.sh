#!/usr/bin/env bash
# Sets everything up on a fresh machine and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

./tools/setup.sh
# bear, and LLVM's corpus tools (PyPI mlgo-utils, in .mlgo/venv) for the compatibility tests.
./tools/corpus/install-test-tools.sh
# Dask distributed (PyPI, in .mlgo/dask-venv) for the --cluster tests on a loopback cluster.
./tools/cluster/setup-dask.sh >/dev/null
# `swift build` builds every product, the plugin included; the tests load the plugin from the
# build folder, so build it before testing.
swift build --build-tests
# The tests are XCTest; Swift Testing's empty run would otherwise close the log with "0 tests".
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
swift test --skip-build --disable-swift-testing 2>&1 | tee "$log" || status=$?
# The summary also fails the run when swift test exits 0 without XCTest's closing line.
if ! ./tools/xctest-summary.sh "$log" && ((status == 0)); then status=1; fi
# The libFuzzer targets, for a bounded time each (docs/fuzzing.md); a crash fails the run.
./tools/fuzz.sh --seconds "${FUZZ_SECONDS:-30}" || status=1
exit "$status"
