#!/bin/bash
# Issue 8: never-seen projects pugixml (C++) + expat, for the policies chosen on lua5.4 + zlib.
source "$(dirname "$0")/common.sh"
for variant in "$@"; do
  out=$F/$variant/report-never-seen
  [ -f $out/report.json ] && continue
  step "never-seen $variant"
  $T report size --corpus /work/corpora/pugixml --corpus /work/corpora/expat --policy $F/$variant/policy.mlgo \
    --output $out --jobs 2 --plugin $P > $F/$variant/report-never-seen.out 2>&1
done
step "never-seen done"
