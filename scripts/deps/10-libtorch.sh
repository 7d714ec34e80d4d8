#!/usr/bin/env bash
# libtorch from the PyPI torch wheel, plus the two CUDA runtime libraries that its CPU library links to.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
TORCH_VERSION=2.15.0
CUDA_RT_VERSION=13.2.86
name=libtorch
stamp="torch-$TORCH_VERSION+cudart-$CUDA_RT_VERSION"
stamp_ok $name "$stamp" && exit 0

need_disk 3000
prefix="$EZERO_DEPS/$name"
work="$EZERO_DEPS/.work-$name"
rm -rf "$prefix" "$work"; mkdir -p "$work"
note "downloading torch==$TORCH_VERSION (about 540 MB)"
pip_fetch "$work" "torch==$TORCH_VERSION" --only-binary=:all: --platform manylinux_2_28_x86_64 --python-version 3.11
pip_fetch "$work" "nvidia-cuda-runtime==$CUDA_RT_VERSION" --only-binary=:all:
pip_fetch "$work" "nvidia-cuda-cupti==$CUDA_RT_VERSION" --only-binary=:all:
note "unpacking libtorch"
mkdir -p "$work/torch" "$work/cuda"
python3 -m zipfile -e "$work"/torch-*.whl "$work/torch" || fail "torch wheel is damaged"
for w in "$work"/nvidia_cuda_*.whl; do python3 -m zipfile -e "$w" "$work/cuda" || fail "$w is damaged"; done
mkdir -p "$prefix"
mv "$work/torch/torch/lib" "$work/torch/torch/include" "$work/torch/torch/share" "$prefix/"
for lib in libcudart.so.13 libcupti.so.13; do
  found=$(find "$work/cuda" -name "$lib" | head -1)
  [ -n "$found" ] || fail "$lib not found in the nvidia wheels"
  cp "$found" "$prefix/lib/"
done
[ -f "$prefix/lib/libtorch_cpu.so" ] && [ -f "$prefix/include/torch/csrc/api/include/torch/torch.h" ] \
  || fail "libtorch layout not as expected after unpacking"
grep -q "$TORCH_VERSION" "$work"/torch/torch/version.py || fail "torch wheel is not version $TORCH_VERSION"
rm -rf "$work"
write_stamp $name "$stamp"
note "libtorch $TORCH_VERSION installed in $prefix"
