#!/usr/bin/env bash
# Installs Dask distributed, the engine behind `--cluster`, in a virtual environment:
# .mlgo/dask-venv, or $MLGO_DASK_VENV (Debian 12 refuses a system-wide pip install). Pinned, so
# that the client, the scheduler and every worker speak the same Dask. Idempotent: a second run
# only checks. Prints the venv's python on success; exits 1 when it cannot install.
set -euo pipefail
cd "$(dirname "$0")/../.."

venv=${MLGO_DASK_VENV:-$PWD/.mlgo/dask-venv}
dask_version=2026.8.0

fail() {
  echo "setup-dask: $*" >&2
  exit 1
}

python=/usr/bin/python3
if ! dpkg-query -W -f='${Status}' python3-venv 2>/dev/null | grep -q "install ok installed"; then
  echo "setup-dask: installing python3-venv" >&2
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq python3-venv >/dev/null \
    || fail "could not install python3-venv with apt-get"
fi
installed() {
  [[ -x $venv/bin/python ]] && "$venv/bin/python" -c "import distributed, sys; sys.exit(distributed.__version__ != '$dask_version')" 2>/dev/null
}
if ! installed; then
  echo "setup-dask: installing dask distributed $dask_version into $venv" >&2
  "$python" -m venv "$venv" || fail "cannot create the virtual environment $venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "dask==$dask_version" "distributed==$dask_version" \
    || fail "pip could not install dask distributed $dask_version (PyPI reachable?)"
  installed || fail "dask distributed $dask_version does not import from $venv"
fi
echo "$venv/bin/python"
