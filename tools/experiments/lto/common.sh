# Shared settings of the LTO experiments (issue 8, item 6). Paths can be overridden.
BIN=${BIN:-/work/bin-lto}              # a frozen copy of mlgo-train and libMLGOPlugin.so
CORPORA=${CORPORA:-/work/corpora}      # per-module corpora (tools/corpus/build-training-corpus.sh)
LTO=${LTO:-/work/lto}                  # LTO corpora: $LTO/{thin,full}/PROJECT, $LTO/policy-{thin,full}/PROJECT
RUNS=${RUNS:-/work/runs/lto}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
JOBS=${JOBS:-2}
