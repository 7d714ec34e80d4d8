#!/usr/bin/env bash
# Installs the native dependencies into a cache outside the clone. Idempotent: each part
# leaves a stamp file naming its version and is skipped when the stamp matches.
#   EZERO_DEPS   cache folder (default: $HOME/.cache/ezero-deps)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export EZERO_DEPS="${EZERO_DEPS:-$HOME/.cache/ezero-deps}"
source "$here/deps/common.sh"

mkdir -p "$EZERO_DEPS" 2>/dev/null || fail "cannot create the cache folder $EZERO_DEPS"
for part in "$here"/deps/[0-9]*.sh; do
  bash "$part"
done
