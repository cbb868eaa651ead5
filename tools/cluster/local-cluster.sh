#!/usr/bin/env bash
# A Dask cluster on this machine, bound to 127.0.0.1 only: a scheduler and N workers (one
# thread each), for tests and for trying --cluster before a real cluster.
#
#   tools/cluster/local-cluster.sh start DIR [N]   # prints the scheduler's address; DIR/scheduler.json
#   tools/cluster/local-cluster.sh stop DIR        # stops what start started (pids in DIR)
#
# Installs Dask first (tools/cluster/setup-dask.sh). Workers run without a nanny, so a killed
# worker stays dead (what the fault tests want); a real cluster keeps Dask's nanny.
set -euo pipefail
cd "$(dirname "$0")/../.."
action=${1:?usage: local-cluster.sh start|stop DIR [N]}
dir=${2:?usage: local-cluster.sh start|stop DIR [N]}
workers=${3:-2}

stop() {
  # Workers first (a worker whose scheduler is gone first lingers), then the scheduler; what
  # has not ended after 5 s is killed.
  local pids=()
  for pidfile in "$dir"/worker-*.pid "$dir"/scheduler.pid; do
    [[ -e $pidfile ]] || continue
    pids+=("$(cat "$pidfile")")
    kill "${pids[-1]}" 2>/dev/null || true
    rm -f "$pidfile"
  done
  for _ in $(seq 50); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || return 0
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
}

# Runs "$@" in the background in a session of its own, with nothing of this script open but
# the redirections given: whoever runs the script sees its end when it ends, not when the
# cluster stops (Foundation's Process waits until every holder of a descriptor it gave the
# child has closed it, so a daemon that inherits one would hold the caller until it exits).
detached() {
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      ((fd > 2)) && eval "exec $fd>&-" 2>/dev/null
    done
    exec setsid "$@"
  ) &
}

case $action in
start)
  python=$(tools/cluster/setup-dask.sh)
  bin=$(dirname "$python")
  mkdir -p "$dir"
  stop
  rm -f "$dir/scheduler.json"
  # A worker that stops answering (hung, or SIGSTOPped) is dropped after 20 s without a
  # heartbeat, and its tasks go to the others; Dask's default is 5 minutes.
  DASK_DISTRIBUTED__SCHEDULER__WORKER_TTL=${MLGO_DASK_WORKER_TTL:-20s} \
    detached "$bin/dask" scheduler --host 127.0.0.1 --port 0 --dashboard-address 127.0.0.1:0 \
    --scheduler-file "$dir/scheduler.json" </dev/null >"$dir/scheduler.log" 2>&1
  echo $! >"$dir/scheduler.pid"
  for _ in $(seq 100); do [[ -s $dir/scheduler.json ]] && break; sleep 0.1; done
  [[ -s $dir/scheduler.json ]] || { echo "local-cluster: the scheduler did not start (see $dir/scheduler.log)" >&2; stop; exit 1; }
  for i in $(seq "$workers"); do
    detached "$bin/dask" worker --scheduler-file "$dir/scheduler.json" --host 127.0.0.1 --nthreads 1 --no-nanny \
      --dashboard-address 127.0.0.1:0 --name "worker-$i" </dev/null >"$dir/worker-$i.log" 2>&1
    echo $! >"$dir/worker-$i.pid"
  done
  # Ready when every worker has joined.
  for _ in $(seq 300); do
    joined=$("$python" - "$dir/scheduler.json" <<'PY' 2>/dev/null || echo 0
import sys
from distributed import Client
with Client(scheduler_file=sys.argv[1], timeout="5s") as client:
    print(len(client.scheduler_info()["workers"]))
PY
)
    ((joined >= workers)) && break
    sleep 0.2
  done
  ((joined >= workers)) || { echo "local-cluster: only $joined of $workers workers joined (see $dir/worker-*.log)" >&2; stop; exit 1; }
  "$python" -c "import json,sys; print(json.load(open(sys.argv[1]))['address'])" "$dir/scheduler.json"
  ;;
stop) stop ;;
*) echo "local-cluster: unknown action $action (start or stop)" >&2; exit 2 ;;
esac
