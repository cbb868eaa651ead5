#!/bin/bash
# Issue 8 item 7: per-callsite search on the training projects added for C++ (fmtlib, yaml-cpp,
# jsoncpp) and libyaml, every 3rd module, from LLVM's trajectories; resumable.
set -u
# A frozen copy of the release build, so that rebuilding /work/build-exp cannot change the
# programs under a run that takes hours.
B=/work/runs/bin-f1
J=${JOBS:-1}
cd /work/main
$B/mlgo-train search --corpus /work/corpora/fmtlib --corpus /work/corpora/yaml-cpp --corpus /work/corpora/jsoncpp \
  --corpus /work/corpora/libyaml --output /work/runs/search-cpp/search --budget 60 --every 3 --jobs $J \
  --plugin $B/libMLGOPlugin.so --resume >> /work/runs/search-cpp/search.out 2>> /work/runs/search-cpp/search.err
echo "$(date +%T) search exit $?" >> /work/runs/search-cpp/status
