#!/usr/bin/env bash
# A one-machine Ray cluster on loopback, for trying `ezero experiment run --launcher ray`.
#   scripts/ray-local.sh start [--temp-dir DIR] [--port P] [--dashboard-port D] [--num-cpus N]
#   scripts/ray-local.sh stop
# start prints the dashboard address to give as --ray-address. Every listener binds 127.0.0.1:
# on Linux `--node-ip-address=127.0.0.1` alone does not keep Ray there, RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0
# does. RAY_JOB_STOP_WAIT_TIME_S gives a stopped run time to write its checkpoint before SIGKILL.
# Ray comes from the dependency cache (make ray).
set -euo pipefail
deps="${EZERO_DEPS:-$HOME/.cache/ezero-deps}"
ray="$deps/ray/bin/ray"
[ -x "$ray" ] || { echo "ray-local: Ray is not installed; run: make ray" >&2; exit 66; }
command="${1:-}"; shift || true
case "$command" in
  start)
    temp="/tmp/ezero-ray"; port=6379; dashboard=8265; cpus=$(nproc)
    while [ $# -gt 0 ]; do
      case "$1" in
        --temp-dir) temp="$2"; shift 2 ;;
        --port) port="$2"; shift 2 ;;
        --dashboard-port) dashboard="$2"; shift 2 ;;
        --num-cpus) cpus="$2"; shift 2 ;;
        *) echo "ray-local: unknown option $1" >&2; exit 64 ;;
      esac
    done
    mkdir -p "$temp"
    RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0 RAY_JOB_STOP_WAIT_TIME_S="${RAY_JOB_STOP_WAIT_TIME_S:-120}" \
      "$ray" start --head --node-ip-address=127.0.0.1 --port="$port" --dashboard-host=127.0.0.1 \
      --dashboard-port="$dashboard" --include-dashboard=true --disable-usage-stats --temp-dir="$temp" \
      --num-cpus="$cpus" >"$temp/start.log" 2>&1 || { cat "$temp/start.log" >&2; exit 1; }
    echo "http://127.0.0.1:$dashboard"
    ;;
  stop)
    "$ray" stop --force >/dev/null 2>&1 || true
    ;;
  *) echo "usage: scripts/ray-local.sh start [--temp-dir DIR] [--port P] [--dashboard-port D] [--num-cpus N] | stop" >&2; exit 64 ;;
esac
