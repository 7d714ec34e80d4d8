#!/usr/bin/env bash
# The CUDA half of libtorch's dependencies (only with EZERO_CUDA=1, as `make test CUDA=1` sets it): the
# NVIDIA runtime wheels that torch 2.15.0 requires on Linux, pinned as its wheel's METADATA pins them
# (Requires-Dist: cuda-toolkit[cublas,cudart,cufft,cufile,cupti,cusolver,cusparse,nvjitlink,nvrtc,nvtx]
# ==13.2.2, nvidia-cudnn-cu13==9.26.0.51, nvidia-cusparselt-cu13==0.8.1, nvidia-nccl-cu13==2.30.7,
# nvidia-nvshmem-cu13==3.7.2). Their nvidia/ tree goes next to libtorch, where libtorch_cuda's own rpath
# ($ORIGIN/../../nvidia/{cu13,cudnn,nccl,cusparselt,nvshmem}/lib) finds it, as in a Python environment;
# libtorch_cuda and libc10_cuda come with libtorch already (10-libtorch.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[ "${EZERO_CUDA:-0}" = "1" ] || exit 0
name=nvidia
requirements=(
  "cuda-toolkit[cublas,cufft,cufile,cusolver,cusparse,nvjitlink,nvrtc]==13.2.2"
  "nvidia-cudnn-cu13==9.26.0.51" "nvidia-cusparselt-cu13==0.8.1" "nvidia-nccl-cu13==2.30.7"
  "nvidia-nvshmem-cu13==3.7.2"
)
stamp="torch-2.15.0-cuda-13.2.2-cudnn-9.26.0.51"
stamp_ok $name "$stamp" && exit 0
[ -f "$EZERO_DEPS/libtorch/lib/libtorch_cuda.so" ] || fail "libtorch has no libtorch_cuda.so; run the bootstrap without EZERO_CUDA first"

need_disk 8000
prefix="$EZERO_DEPS/$name"
work="$EZERO_DEPS/.work-$name"
rm -rf "$prefix" "$work"; mkdir -p "$work/wheels" "$work/unpacked"
note "downloading the NVIDIA runtime wheels for torch 2.15.0 (about 2.5 GB)"
command -v python3 >/dev/null || fail "python3 with pip is needed to download the NVIDIA wheels (only at set-up time)"
python3 -m pip download --quiet --no-cache-dir --disable-pip-version-check --only-binary=:all: \
    --dest "$work/wheels" "${requirements[@]}" >"$work/pip.log" 2>&1 \
  || fail "could not download the NVIDIA wheels (network? see $work/pip.log)"
note "unpacking the NVIDIA libraries"
for w in "$work"/wheels/nvidia_*.whl; do python3 -m zipfile -e "$w" "$work/unpacked" || fail "$w is damaged"; done
[ -d "$work/unpacked/nvidia" ] || fail "the NVIDIA wheels hold no nvidia/ folder"
mv "$work/unpacked/nvidia" "$prefix"
# Every library libtorch_cuda needs must now resolve through its own rpath.
missing=$(LD_LIBRARY_PATH="$EZERO_DEPS/libtorch/lib" ldd "$EZERO_DEPS/libtorch/lib/libtorch_cuda.so" | grep "not found" || true)
[ -z "$missing" ] || fail "libtorch_cuda.so still misses: $missing"
rm -rf "$work"
write_stamp $name "$stamp"
note "NVIDIA libraries installed in $prefix"
