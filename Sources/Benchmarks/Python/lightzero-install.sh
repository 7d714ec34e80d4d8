#!/usr/bin/env bash
# LightZero 0.2.0 for `ezero bench pipeline --peer lightzero`: a virtual environment under the dependency
# cache with every package pinned (lightzero-requirements.txt: LightZero==0.2.0 and
# opencv-python-headless<4.11 as pip resolved them, DI-engine 0.5.3 and torch 2.12.1 among them; PyPI's
# Linux torch wheels are CUDA builds, so torch's NVIDIA wheels come too, about 5 GB), and the Atari ROMs
# of the bootstrap's ALE imported into its ale-py. Idempotent: a stamp names the requirements.
set -euo pipefail
deps="${EZERO_DEPS:-$HOME/.cache/ezero-deps}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$deps/peers/lightzero-0.2.0"
stamp="$(sha256sum "$here/lightzero-requirements.txt" | cut -c1-16)"
[ -f "$venv/STAMP" ] && [ "$(cat "$venv/STAMP")" = "$stamp" ] && exit 0
[ -d "$deps/ale/roms" ] || { echo "lightzero-install: no ROMs in $deps/ale/roms; run the bootstrap first" >&2; exit 1; }
echo "lightzero-install: installing LightZero 0.2.0 into $venv (about 5 GB)" >&2
rm -rf "$venv"
mkdir -p "$deps/peers"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$here/lightzero-requirements.txt" \
  >"$deps/peers/lightzero-install.log" 2>&1 \
  || { echo "lightzero-install: pip failed (see $deps/peers/lightzero-install.log)" >&2; exit 1; }
"$venv/bin/ale-import-roms" "$deps/ale/roms" >/dev/null
echo "$stamp" > "$venv/STAMP"
