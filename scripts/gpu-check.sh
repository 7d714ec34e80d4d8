#!/usr/bin/env bash
# One command for a machine with an NVIDIA GPU, its driver and this project's Swift toolchain: builds
# the CUDA build (make ... CUDA=1), then prints every GPU figure in about ten minutes:
#   1. ezero devices (libtorch version, CUDA build, devices with names and memory);
#   2. the CUDA tests (a learner step on the GPU equals the CPU step; a mixed-precision step there is
#      finite; a module moves there and back; a checkpoint of GPU tensors loads on the CPU): run, not
#      skipped, when a device is usable;
#   3. ezero bench learner --device cuda (training step at batch 256 and 32, recurrent inference);
#   4. ezero bench pipeline --device cuda at batch 256 (self-play, reanalysis, learner; target <= 0.5 s),
#      in full precision and with amp=true;
#   5. a 3-minute atari100k Breakout training run on the GPU, with its progress lines.
# Usage: bash scripts/gpu-check.sh [cuda:N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
device="${1:-cuda:0}"
export EZERO_CUDA=1
build=(-c release -Xswiftc -enable-testing --build-path .build/cuda)
bash scripts/bootstrap.sh
swift build "${build[@]}" --build-tests
ezero=.build/cuda/release/ezero
bench=.build/cuda/release/ezero-bench

echo "== 1. devices"
"$ezero" devices
echo "== 2. CUDA tests"
swift test "${build[@]}" --skip-build --filter "DeviceTests|DevicePlacementTests|MixedPrecision"
echo "== 3. learner on $device"
"$bench" learner --device "$device" --python ''
echo "== 4. pipeline on $device, batch 256 (full reanalysis, 50 simulations)"
"$bench" pipeline --device "$device" --preset atari100k --batch 256 --repeats 3 --replay-moves 5000
echo "== 4b. the same with mixed precision (amp=true)"
"$bench" pipeline --device "$device" --preset atari100k --batch 256 --repeats 3 --replay-moves 5000 --set amp=true
echo "== 5. atari100k Breakout, 3 minutes on $device"
run=$(mktemp -d)/breakout
timeout --signal=INT 180 "$ezero" train --preset atari100k --game Breakout --device "$device" --run-dir "$run" \
  --set log_interval=10 --set evaluation_episodes=0 || true
echo "run directory: $run"
