#!/usr/bin/env bash
# MuJoCo's C library and headers from the PyPI mujoco wheel, dm_control's task XMLs from the dm-control
# wheel (both only unpacked: no Python at run time), and Debian's OSMesa for rendering on the CPU.
#   $EZERO_DEPS/mujoco/lib       libmujoco.so (+ its soname)
#   $EZERO_DEPS/mujoco/include   mujoco/*.h
#   $EZERO_DEPS/mujoco/dmc       suite XMLs, with common/ beside them as dm_control lays them out
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
MUJOCO_VERSION=3.17.0
DM_CONTROL_VERSION=1.0.50
name=mujoco
stamp="mujoco-$MUJOCO_VERSION+dm-control-$DM_CONTROL_VERSION+osmesa"
apt_need libosmesa6-dev
stamp_ok $name "$stamp" && exit 0

need_disk 200
prefix="$EZERO_DEPS/$name"
work="$EZERO_DEPS/.work-$name"
rm -rf "$prefix" "$work"; mkdir -p "$work"
note "downloading mujoco==$MUJOCO_VERSION and dm-control==$DM_CONTROL_VERSION wheels"
pip_fetch "$work" "mujoco==$MUJOCO_VERSION" --only-binary=:all: \
  --platform manylinux_2_28_x86_64 --platform manylinux2014_x86_64 --python-version 3.11
pip_fetch "$work" "dm-control==$DM_CONTROL_VERSION" --only-binary=:all: --python-version 3.11
mujoco_wheel=$(find "$work" -maxdepth 1 -name "mujoco-$MUJOCO_VERSION-*.whl" | head -1)
dmc_wheel=$(find "$work" -maxdepth 1 -name "dm_control-$DM_CONTROL_VERSION-*.whl" | head -1)
[ -n "$mujoco_wheel" ] || fail "the mujoco $MUJOCO_VERSION wheel was not downloaded (see $work/pip.log)"
[ -n "$dmc_wheel" ] || fail "the dm-control $DM_CONTROL_VERSION wheel was not downloaded (see $work/pip.log)"

note "unpacking MuJoCo and the dm_control task files"
mkdir -p "$work/mujoco" "$work/dmc"
python3 -m zipfile -e "$mujoco_wheel" "$work/mujoco" || fail "$mujoco_wheel is damaged"
python3 -m zipfile -e "$dmc_wheel" "$work/dmc" || fail "$dmc_wheel is damaged"
library=$(find "$work/mujoco" -name "libmujoco.so.$MUJOCO_VERSION" | head -1)
headers=$(find "$work/mujoco" -type f -path '*/include/mujoco/mujoco.h' | head -1)
[ -n "$library" ] || fail "libmujoco.so.$MUJOCO_VERSION not found in $mujoco_wheel"
[ -n "$headers" ] || fail "include/mujoco/mujoco.h not found in $mujoco_wheel"
grep -q "mjVERSION_HEADER $(echo $MUJOCO_VERSION | awk -F. '{print $1*1000000+$2*1000+$3}')" "$(dirname "$headers")/mujoco.h" \
  || fail "the headers in $mujoco_wheel are not MuJoCo $MUJOCO_VERSION"

mkdir -p "$prefix/lib" "$prefix/include" "$prefix/dmc/common"
cp "$library" "$prefix/lib/"
ln -s "libmujoco.so.$MUJOCO_VERSION" "$prefix/lib/libmujoco.so"
cp -r "$(dirname "$headers")" "$prefix/include/"
suite="$work/dmc/dm_control/suite"
for task in cartpole reacher ball_in_cup; do
  cp "$suite/$task.xml" "$prefix/dmc/" 2>/dev/null || fail "suite/$task.xml not found in $dmc_wheel"
done
for part in skybox visual materials; do
  cp "$suite/common/$part.xml" "$prefix/dmc/common/" 2>/dev/null || fail "suite/common/$part.xml not found in $dmc_wheel"
done
[ -f /usr/lib/x86_64-linux-gnu/libOSMesa.so ] || [ -n "$(ldconfig -p | grep 'libOSMesa.so ')" ] \
  || fail "libOSMesa.so not found after installing libosmesa6-dev"
rm -rf "$work"
write_stamp $name "$stamp"
note "MuJoCo $MUJOCO_VERSION and the dm_control $DM_CONTROL_VERSION tasks installed in $prefix"
