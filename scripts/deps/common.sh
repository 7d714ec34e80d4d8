# Shared helpers for the dependency installers (sourced, not run).
fail() { echo "bootstrap: $*" >&2; exit 1; }
note() { echo "bootstrap: $*" >&2; }

# stamp_ok NAME VERSION: true when NAME is installed at VERSION.
stamp_ok() { [ -f "$EZERO_DEPS/$1/VERSION" ] && [ "$(cat "$EZERO_DEPS/$1/VERSION")" = "$2" ]; }
write_stamp() { echo "$2" > "$EZERO_DEPS/$1/VERSION"; }

# need_disk MB: fail early with a reason when the cache's disk is short.
need_disk() {
  local free_mb
  free_mb=$(df -Pm "$EZERO_DEPS" | awk 'NR==2{print $4}')
  [ "${free_mb:-0}" -ge "$1" ] || fail "need ${1} MB free in $EZERO_DEPS, have ${free_mb} MB"
}

# pip_fetch DEST SPEC [pip options...]: download one distribution (no dependencies, no install).
pip_fetch() {
  local dest="$1" spec="$2"; shift 2
  command -v python3 >/dev/null || fail "python3 with pip is needed to download $spec (only at set-up time)"
  python3 -m pip download --quiet --no-deps --no-cache-dir --disable-pip-version-check \
      --dest "$dest" "$@" "$spec" >"$dest/pip.log" 2>&1 \
    || fail "could not download $spec from the package index (network? see $dest/pip.log)"
}

# apt_need PACKAGE...: install Debian packages that are missing.
apt_need() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || fail "missing system packages: ${missing[*]} (no apt-get to install them)"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  note "installing ${missing[*]}"
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"; } \
    >/dev/null 2>&1 || fail "apt-get could not install ${missing[*]}"
}
