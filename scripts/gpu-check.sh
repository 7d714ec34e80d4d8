#!/usr/bin/env bash
# One command for a machine with an NVIDIA GPU that prints every GPU figure in about ten minutes:
#   1. ezero devices --check (libtorch version, CUDA build, devices with names and memory; then learner
#      steps on the GPU against the CPU's, mixed-precision steps there, a checkpoint of GPU tensors loaded
#      on the CPU);
#   2. with a Swift toolchain: the CUDA tests (run, not skipped, where a device is usable);
#   3. ezero bench learner --device cuda (training step at batch 256 and 32, recurrent inference);
#   4. ezero bench pipeline --device cuda at batch 256 (self-play, reanalysis, learner; target <= 0.5 s),
#      in full precision and with amp=true;
#   5. a 3-minute atari100k Breakout training run on the GPU, with its progress lines.
#
# Two ways to run it:
#   - where this project's Swift toolchain is: it builds the CUDA build (make ... CUDA=1) and uses it;
#   - where it is not (a GPU machine with only PyTorch): it runs the bundle that `bash scripts/gpu-bundle.sh`
#     built on a machine with the toolchain (.build/gpu-bundle/dist, carried with the working tree),
#     against that machine's own libtorch, found under $EZERO_TORCH_LIB or in a Python environment under
#     /opt, /usr or $HOME (the bundle's libtorch version must match it).
# Usage: bash scripts/gpu-check.sh [cuda:N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
device="${1:-cuda:0}"
bundle=.build/gpu-bundle/dist

if command -v swift >/dev/null; then
  export EZERO_CUDA=1
  build=(-c release -Xswiftc -enable-testing --build-path .build/cuda)
  bash scripts/bootstrap.sh
  swift build "${build[@]}" --build-tests
  ezero=.build/cuda/release/ezero
  run_tests() { swift test "${build[@]}" --skip-build --filter "DeviceTests|DevicePlacementTests|MixedPrecision"; }
elif [ -f "$bundle/ezero-bundle.tar.gz" ]; then
  lib="${EZERO_TORCH_LIB:-}"
  if [ -z "$lib" ]; then
    found=$(find /opt /usr "$HOME" -path '*/site-packages/torch/lib/libtorch_cuda.so' 2>/dev/null | head -1)
    [ -n "$found" ] || { echo "gpu-check: no libtorch_cuda.so found; set EZERO_TORCH_LIB to a torch/lib folder" >&2; exit 1; }
    lib=$(dirname "$found")
  fi
  have=$(sed -n "s/^__version__ = '\([^'+]*\).*/\1/p" "$lib/../version.py" 2>/dev/null || true)
  want=$(awk '/^torch /{print $2}' "$bundle/MANIFEST")
  echo "bundle: $(tr '\n' ';' < "$bundle/MANIFEST") libtorch here: ${have:-unknown} at $lib; $(ldd --version | head -1)"
  [ "$have" = "$want" ] || { echo "gpu-check: the bundle was built for torch $want, this machine has ${have:-?}: rebuild it with bash scripts/gpu-bundle.sh $have" >&2; exit 1; }
  unpacked=$(mktemp -d)
  tar -C "$unpacked" -xzf "$bundle/ezero-bundle.tar.gz"
  export LD_LIBRARY_PATH="$lib:$unpacked/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export EZERO_ALE_ROMS="$unpacked/roms"
  ezero="$unpacked/ezero"
  run_tests() { echo "(no Swift toolchain here: the checks of step 1 stand for the CUDA tests)"; }
else
  echo "gpu-check: no Swift toolchain and no bundle at $bundle (build one with: bash scripts/gpu-bundle.sh)" >&2
  exit 1
fi

echo "== 1. devices, and $device checked against the CPU"
"$ezero" devices --check "$device"
echo "== 2. CUDA tests"
run_tests
echo "== 3. learner on $device"
"$ezero" bench learner --device "$device" --python ''
echo "== 4. pipeline on $device, batch 256 (full reanalysis, 50 simulations)"
"$ezero" bench pipeline --device "$device" --preset atari100k --batch 256 --repeats 3 --replay-moves 5000
echo "== 4b. the same with mixed precision (amp=true)"
"$ezero" bench pipeline --device "$device" --preset atari100k --batch 256 --repeats 3 --replay-moves 5000 --set amp=true
echo "== 5. atari100k Breakout, 3 minutes on $device"
run=$(mktemp -d)/breakout
timeout --signal=INT 180 "$ezero" train --preset atari100k --game Breakout --device "$device" --run-dir "$run" \
  --set log_interval=10 --set evaluation_episodes=0 || true
echo "run directory: $run"
