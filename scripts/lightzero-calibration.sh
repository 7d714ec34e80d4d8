#!/usr/bin/env bash
# Trains LightZero 0.2.0's EfficientZero with the settings of ezero's `atari100k-cpu` preset and writes
# its evaluation curve against agent steps (DIR/curve.csv) and the settings as matched (DIR/settings.md).
# Installs LightZero's virtual environment first if it is missing (about 5 GB; needs the bootstrap's ROMs).
#   scripts/lightzero-calibration.sh --game Breakout --seed 0 --max-env-steps 15000 \
#     --eval-every-env-steps 2500 --eval-episodes 32 --threads 2 --max-episode-steps 3000 \
#     --out runs/exp/atari100k-cpu-panel/peers/Breakout/lightzero
#   (an experiment's output folder: `ezero experiment report` charts peers/<game>/<name>/curve.csv beside its variants)
#   optional: --max-episode-steps N (default 27000 agent steps), --start-transitions N (default 2000)
#   EZERO_DEPS   dependency cache (default: $HOME/.cache/ezero-deps)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
deps="${EZERO_DEPS:-$HOME/.cache/ezero-deps}"
bash "$here/../Sources/Benchmarks/Python/lightzero-install.sh"
exec "$deps/peers/lightzero-0.2.0/bin/python" "$here/../Sources/Benchmarks/Python/lightzero_calibration.py" "$@"
