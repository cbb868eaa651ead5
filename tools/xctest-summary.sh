#!/usr/bin/env bash
# Prints "P passed, K skipped, F failed" (F: failing tests) for the output of an XCTest run
# (`swift test`) and exits 1 when a test failed, no test ran, or the run's closing
# "Executed N tests" line is missing (the test process died before it).
set -euo pipefail
log=${1:?usage: xctest-summary.sh LOG}

# XCTest closes every suite with one of
#   Executed N tests, with F failures (U unexpected) in ...
#   Executed N tests, with K tests skipped and F failures (U unexpected) in ...
# where N counts skipped tests and F counts failed assertions; the last line is the whole run's.
pattern='Executed ([0-9]+) tests?, with (([0-9]+) tests? skipped and )?([0-9]+) failures?'
summary=$(grep -E "$pattern" "$log" | tail -1 || true)
if [[ ! $summary =~ $pattern ]]; then
  echo "test summary: no XCTest summary line (\"Executed N tests, with ...\") in the output: the run did not finish" >&2
  exit 1
fi
executed=${BASH_REMATCH[1]}
skipped=${BASH_REMATCH[3]:-0}
failures=${BASH_REMATCH[4]}
failed=$(grep -cE "^Test Case '.*' failed \(" "$log" || true)
# A failure outside any test case (a suite's set-up) still fails the run.
if ((failures > 0 && failed == 0)); then failed=1; fi
echo "$((executed - skipped - failed)) passed, $skipped skipped, $failed failed"
if ((executed == 0)); then
  echo "test summary: no test ran" >&2
  exit 1
fi
((failed == 0))
