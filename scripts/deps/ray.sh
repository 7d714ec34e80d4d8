#!/usr/bin/env bash
# Ray (ray[default], from PyPI) in a virtual environment of its own: the engine that runs experiments
# past one machine (`ezero experiment run --launcher ray`). ezero talks to it over HTTP; Python runs
# only inside Ray's own processes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
RAY_VERSION=2.60.0
name=ray
stamp="ray-$RAY_VERSION"
stamp_ok $name "$stamp" && exit 0

need_disk 1500
prefix="$EZERO_DEPS/$name"
rm -rf "$prefix"
command -v python3 >/dev/null || fail "python3 is needed to install Ray"
note "installing ray[default]==$RAY_VERSION (about 110 MB, a minute)"
python3 -m venv "$prefix" >/dev/null 2>&1 || fail "python3 -m venv failed (Debian: apt-get install python3-venv)"
"$prefix/bin/python" -m pip install --quiet --disable-pip-version-check --no-cache-dir "ray[default]==$RAY_VERSION" \
  >"$prefix/pip.log" 2>&1 || fail "could not install ray[default]==$RAY_VERSION (network? see $prefix/pip.log)"
"$prefix/bin/ray" --version | grep -q "$RAY_VERSION" || fail "ray --version is not $RAY_VERSION"
write_stamp $name "$stamp"
note "Ray $RAY_VERSION installed in $prefix (bin/ray)"
