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
# The tests are XCTest; Swift Testing's empty run would otherwise close the log with "0 tests".
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
swift test --skip-build --disable-swift-testing 2>&1 | tee "$log" || status=$?
summary=$(grep -E "Executed [0-9]+ tests?, with [0-9]+ failures?" "$log" | tail -1 || true)
executed=$(sed -E 's/.*Executed ([0-9]+) tests?.*/\1/' <<<"$summary")
failed=$(sed -E 's/.*with ([0-9]+) failures?.*/\1/' <<<"$summary")
if [[ -n $summary ]]; then
  echo "$((executed - failed)) passed, $failed failed"
fi
exit "$status"
