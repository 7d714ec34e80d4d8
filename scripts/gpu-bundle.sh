#!/usr/bin/env bash
# Builds, here (with the Swift toolchain), what scripts/gpu-check.sh runs on a GPU machine that has no Swift
# toolchain but has PyTorch with CUDA: `ezero` (CUDA build) compiled and linked against that machine's
# libtorch version (headers and libraries of the same `torch` wheel from PyPI), the Swift runtime linked
# statically, stripped; with libmujoco, which `ezero` links, and the Atari ROMs. libtorch itself is not in
# the bundle: the check uses the GPU machine's own.
#
# Usage: bash scripts/gpu-bundle.sh [TORCH_VERSION]     (default 2.11.0)
# Output: .build/gpu-bundle/dist/ezero-bundle.tar.gz and MANIFEST (ignored by git; carried with the working tree).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
version="${1:-2.11.0}"
bash scripts/bootstrap.sh
deps="${EZERO_DEPS:-$HOME/.cache/ezero-deps}"
# shellcheck source=deps/common.sh
source scripts/deps/common.sh
EZERO_DEPS="$deps"

# 1. libtorch $version: headers and the libraries to link against, from the torch wheel (cached).
torch="$deps/libtorch-$version"
if ! stamp_ok "libtorch-$version" "$version"; then
  need_disk 3000
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  note "downloading torch==$version (headers and libraries for the GPU bundle)"
  pip_fetch "$work" "torch==$version" --only-binary=:all: --platform manylinux_2_28_x86_64 --python-version 3.11
  rm -rf "$torch" && mkdir -p "$torch/lib"
  wheel=$(ls "$work"/torch-*.whl)
  (cd "$work" && unzip -q "$wheel" 'torch/include/*' 'torch/version.py' \
    'torch/lib/libtorch.so' 'torch/lib/libtorch_cpu.so' 'torch/lib/libtorch_cuda.so' \
    'torch/lib/libc10.so' 'torch/lib/libc10_cuda.so')
  mv "$work/torch/include" "$torch/include"
  mv "$work"/torch/lib/*.so "$torch/lib/"
  mv "$work/torch/version.py" "$torch/version.py"
  write_stamp "libtorch-$version" "$version"
fi

# 2. ezero against it: CUDA build, static Swift runtime. The NVIDIA libraries libtorch_cuda needs are
#    found on the GPU machine by libtorch's own run path, so they may be missing at link time here.
out=.build/gpu-bundle
EZERO_CUDA=1 EZERO_TORCH="$torch" swift build -c release --static-swift-stdlib --product ezero \
  --build-path "$out/build" -Xlinker --allow-shlib-undefined

# 3. The bundle, compressed: the files that travel to a GPU machine with the working tree are limited
#    (64 MiB there), and the static binary alone is about that. gpu-check.sh unpacks it.
dist="$out/dist"
rm -rf "$dist" && mkdir -p "$dist"
staging=$(mktemp -d)
mkdir -p "$staging/lib"
cp "$out/build/release/ezero" "$staging/ezero"
strip "$staging/ezero"
mujoco_lib=$(readlink -f "$deps/mujoco/lib/libmujoco.so")
cp "$mujoco_lib" "$staging/lib/"
cp -r "$deps/ale/roms" "$staging/roms"
glibc=$(objdump -T "$staging/ezero" "$staging/lib/$(basename "$mujoco_lib")" | grep -o 'GLIBC_[0-9.]*' | sort -V | tail -1)
tar -C "$staging" -czf "$dist/ezero-bundle.tar.gz" ezero lib roms
rm -rf "$staging"
{
  echo "torch $version"
  echo "needs $glibc or newer"
  echo "built $(date -u +%Y-%m-%dT%H:%MZ) from $(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes')"
} > "$dist/MANIFEST"
cat "$dist/MANIFEST"
du -sh "$dist"
