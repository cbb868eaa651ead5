"""The bridge between mlgo-train and a Dask cluster (docs/scale-out.md). It knows nothing of
compiling: mlgo-train (Swift) decides every command and parses every result.

    python mlgo_dask_bridge.py ADDRESS        # tcp://HOST:PORT, or a scheduler file

Standard input and output carry one JSON object per line.
- Out, once connected: {"op": "ready", "workers": N}; or {"op": "fatal", "error": "..."} and exit 1.
- In: {"op": "batch", "id": K, "llvm": "<the client's llc --version>", "blobs": {SHA256: PATH},
  "jobs": [JOB, ...]}. A JOB is {"inputs": {NAME: SHA256}, "outputs": [NAME],
  "commands": [{"arguments": [PROGRAM, ARG...], "timeout": SECONDS}]}; arguments may hold
  @in:NAME@, @out:NAME@ and @tmp:NAME@, replaced by files in the job's own temporary folder.
  Commands run in order; the first that fails ends the job.
- Out: {"id": K, "results": [{"steps": [{"status", "seconds", "timedOut", "stderr"}],
  "outputs": {NAME: BASE64}}, ...]}, one result a job; or {"id": K, "error": "..."}.
- Out: {"op": "lost", "error": "..."}, then exit 3: the cluster cannot run the client's compiles
  any more: the scheduler went away (a task was cancelled for it, or the client has not been
  connected for LOST_AFTER seconds), or a worker has another LLVM than the client. Tasks in flight get no
  answer of their own: mlgo-train fails them all, so none is taken for a module's own failure.
- In: {"op": "close"}, or the end of input: the bridge disconnects and exits.

A batch is one Dask task. Its input files go to the cluster once each (scattered, keyed by
content), and a worker refuses a batch when its LLVM is not the client's, which ends the run. A task lost with its
worker is run again by Dask; if the worker held the task's inputs, the bridge scatters them
again and resubmits (at most 3 attempts), so nothing is lost or counted twice.
"""
import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

MAX_ATTEMPTS = 3
LOST_AFTER = 15
STDERR_LIMIT = 64 << 10


# Not an exception class of its own: the worker's copy of this module is pickled by value, so
# the client would not recognise the class; the message's start says what it is.
LLVM_MISMATCH = "LLVM mismatch: "
_worker_llvm = {}


def _llvm_version(program):
    if program not in _worker_llvm:
        try:
            _worker_llvm[program] = subprocess.run([program, "--version"], capture_output=True, text=True,
                                                   timeout=60).stdout
        except OSError as error:
            _worker_llvm[program] = "missing: %s" % error
    return _worker_llvm[program]


def run_jobs(jobs, blobs, llvm, llvm_program):
    """Runs on a worker: every job of a batch, each in its own temporary folder."""
    mine = _llvm_version(llvm_program)
    if mine != llvm:
        raise RuntimeError(LLVM_MISMATCH + "worker %s has another LLVM than the client: %r, not %r"
                           % (os.uname().nodename, mine.strip()[:200], llvm.strip()[:200]))
    results = []
    for job in jobs:
        with tempfile.TemporaryDirectory(prefix="mlgo-job-") as work:
            paths = {}
            for name, sha in job["inputs"].items():
                paths["in:" + name] = os.path.join(work, "in-" + name)
                with open(paths["in:" + name], "wb") as file:
                    file.write(blobs[sha])
            for name in job["outputs"]:
                paths["out:" + name] = os.path.join(work, "out-" + name)

            def substitute(argument):
                while "@" in argument:
                    start = argument.find("@")
                    end = argument.find("@", start + 1)
                    if end < 0:
                        break
                    key = argument[start + 1:end]
                    if key.startswith("tmp:") and key not in paths:
                        paths[key] = os.path.join(work, "tmp-" + key[4:])
                    if key not in paths:
                        break
                    argument = argument[:start] + paths[key] + argument[end + 1:]
                return argument

            steps = []
            for command in job["commands"]:
                argv = [substitute(argument) for argument in command["arguments"]]
                started = time.monotonic()
                try:
                    finished = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                              stderr=subprocess.PIPE, timeout=command["timeout"], cwd=work)
                    status, timed_out, stderr = finished.returncode, False, finished.stderr
                except subprocess.TimeoutExpired as expired:
                    status, timed_out, stderr = -9, True, expired.stderr or b""
                except OSError as error:
                    status, timed_out, stderr = 127, False, str(error).encode()
                steps.append({"status": status, "seconds": time.monotonic() - started, "timedOut": timed_out,
                              "stderr": stderr[-STDERR_LIMIT:].decode("utf-8", "replace")})
                if status != 0:
                    break
            outputs = {}
            for name in job["outputs"]:
                path = paths["out:" + name]
                if os.path.exists(path):
                    with open(path, "rb") as file:
                        outputs[name] = base64.b64encode(file.read()).decode("ascii")
            results.append({"steps": steps, "outputs": outputs})
    return results


class Bridge:
    def __init__(self, client):
        self.client = client
        self.lock = threading.Lock()
        self.scattered = {}  # sha -> future of its bytes
        self.closing = False

    def send(self, message):
        with self.lock:
            sys.stdout.write(json.dumps(message) + "\n")
            sys.stdout.flush()

    def blob(self, sha, path, fresh):
        with self.lock:
            future = self.scattered.get(sha)
        if future is not None and not fresh and future.status != "lost" and future.status != "error":
            return future
        with open(path, "rb") as file:
            data = file.read()
        if hashlib.sha256(data).hexdigest() != sha:
            raise ValueError("%s changed: its content is not %s" % (path, sha))
        future = self.client.scatter(data, hash=False)
        with self.lock:
            self.scattered[sha] = future
        return future

    def lost(self, why):
        self.send({"op": "lost", "error": why})
        os._exit(3)

    def watch(self):
        """Ends the bridge once the client has not been connected for LOST_AFTER seconds."""
        since = None
        while True:
            time.sleep(1)
            if self.client.status == "running":
                since = None
            elif self.client.status in ("closing", "closed") and self.closing:
                return
            else:
                since = since or time.monotonic()
                if time.monotonic() - since > LOST_AFTER:
                    self.lost("lost the connection to the Dask scheduler (client %s for %d s)" % (self.client.status, LOST_AFTER))

    def submit(self, request, attempt=1):
        if self.client.status != "running":
            self.lost("lost the connection to the Dask scheduler (client %s)" % self.client.status)
        try:
            blobs = {sha: self.blob(sha, path, fresh=attempt > 1) for sha, path in request["blobs"].items()}
            future = self.client.submit(run_jobs, request["jobs"], blobs, request["llvm"], request["llvmProgram"],
                                        pure=False, retries=2)
        except Exception as error:  # noqa: BLE001 - every failure goes back to mlgo-train
            if self.client.status != "running":
                self.lost("lost the connection to the Dask scheduler: %s" % error)
            self.send({"id": request["id"], "error": "cannot submit to the Dask cluster: %s" % error})
            return
        future.add_done_callback(lambda done: self.finished(request, attempt, done))

    def finished(self, request, attempt, future):
        try:
            self.send({"id": request["id"], "results": future.result()})
        except Exception as error:  # noqa: BLE001
            if "scheduler-connection-lost" in str(error) or self.client.status != "running":
                self.lost("lost the connection to the Dask scheduler: %s" % str(error).strip())
            if str(error).startswith(LLVM_MISMATCH):
                # Not this batch's fault: the cluster cannot give the client's results at all.
                self.lost(str(error))
            elif attempt < MAX_ATTEMPTS and self.client.status == "running":
                # Often a worker that died with the batch's inputs: scatter them again.
                threading.Thread(target=self.submit, args=(request, attempt + 1), daemon=True).start()
            else:
                self.send({"id": request["id"], "error": "the batch failed %d times on the Dask cluster: %s: %s"
                           % (attempt, type(error).__name__, error)})


def main():
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    address = sys.argv[1]
    if "://" not in address and os.sep in address and not os.path.isfile(address):
        sys.stdout.write(json.dumps({"op": "fatal", "error": "no Dask scheduler file at %s (is the scheduler running?)"
                                     % address}) + "\n")
        sys.stdout.flush()
        return 1
    try:
        from distributed import Client
        if os.path.isfile(address):
            client = Client(scheduler_file=address, timeout="15s", set_as_default=False)
        else:
            client = Client(address, timeout="15s", set_as_default=False)
        workers = len(client.scheduler_info()["workers"])
    except Exception as error:  # noqa: BLE001
        sys.stdout.write(json.dumps({"op": "fatal", "error": "cannot reach the Dask scheduler at %s: %s"
                                     % (address, error)}) + "\n")
        sys.stdout.flush()
        return 1
    bridge = Bridge(client)
    bridge.send({"op": "ready", "workers": workers})
    threading.Thread(target=bridge.watch, daemon=True).start()
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        if request.get("op") == "close":
            break
        bridge.submit(request)
    bridge.closing = True
    client.close(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
