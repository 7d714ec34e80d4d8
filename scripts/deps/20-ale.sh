#!/usr/bin/env bash
# The Arcade Learning Environment from the ale-py source distribution: a static C++ library, its headers,
# and every ROM the distribution ships (they sit in the source tree, byte-identical to the wheel's).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ALE_VERSION=0.12.1
name=ale
stamp="ale-py-$ALE_VERSION-static"
stamp_ok $name "$stamp" && exit 0

need_disk 1000
apt_need cmake ninja-build zlib1g-dev
prefix="$EZERO_DEPS/$name"
work="$EZERO_DEPS/.work-$name"
rm -rf "$prefix" "$work"; mkdir -p "$work"
note "downloading the ale-py==$ALE_VERSION source distribution"
pip_fetch "$work" "ale-py==$ALE_VERSION" --no-binary=ale-py
sdist=$(find "$work" -maxdepth 1 \( -name "ale_py-$ALE_VERSION.tar.gz" -o -name "ale-py-$ALE_VERSION.tar.gz" \) | head -1)
[ -n "$sdist" ] || fail "the ale-py $ALE_VERSION source distribution was not downloaded (see $work/pip.log)"
tar -xzf "$sdist" -C "$work" || fail "$sdist is damaged"
src=$(find "$work" -maxdepth 1 -mindepth 1 -type d -name "ale*py-$ALE_VERSION" | head -1)
[ -n "$src" ] && [ -f "$src/CMakeLists.txt" ] || fail "unexpected layout in $sdist"

# RelWithDebInfo with our own flags: the source forces LTO for the other build types, and GCC LTO objects
# in a static archive cannot be linked by swiftc.
note "building ALE $ALE_VERSION (a few minutes)"
cmake -S "$src" -B "$work/build" -G Ninja \
    -DBUILD_CPP_LIB=ON -DBUILD_PYTHON_LIB=OFF -DSDL_SUPPORT=OFF -DBUILD_VECTOR_LIB=OFF \
    -DBUILD_SHARED_LIBS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O3 -DNDEBUG" \
    -DCMAKE_POSITION_INDEPENDENT_CODE=ON -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib \
    >"$work/cmake.log" 2>&1 || fail "cmake could not configure ALE (see $work/cmake.log)"
jobs="${EZERO_JOBS:-$(nproc 2>/dev/null || echo 2)}"
cmake --build "$work/build" -j "$jobs" >"$work/build.log" 2>&1 || fail "ALE did not build (see $work/build.log)"
cmake --install "$work/build" >"$work/install.log" 2>&1 || fail "ALE did not install (see $work/install.log)"

[ -f "$prefix/lib/libale.a" ] && [ -f "$prefix/include/ale/ale_interface.hpp" ] \
  || fail "ALE layout not as expected after installing (want lib/libale.a and include/ale/ale_interface.hpp)"
mkdir -p "$prefix/roms"
cp "$src"/src/ale/python/roms/*.bin "$prefix/roms/" 2>/dev/null || fail "no ROMs found in $sdist"
count=$(find "$prefix/roms" -name '*.bin' | wc -l)
[ "$count" -ge 100 ] || fail "only $count ROMs found in $sdist (expected about 108)"
rm -rf "$work"
write_stamp $name "$stamp"
note "ALE $ALE_VERSION installed in $prefix with $count ROMs"
