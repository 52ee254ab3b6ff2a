#!/bin/sh
# install.sh PREFIX SPEC...   (make install PREFIX=DIR [INSTALL_CORES="host m4 ..."])
# One build tree per SPEC (build/install-VARIANT: library and, for the host, the cmnn tool; no
# tests or examples), each installed into PREFIX. SPEC = host | CORE | CORE:ABI, CORE a name of
# targets/cores.json, ABI hard|softfp|soft (default: the core's). The package: cmake/cmnn_install.cmake.
set -e
prefix=$1
shift
if [ -z "$prefix" ] || [ $# -eq 0 ]; then
  echo "usage: install.sh PREFIX host|CORE[:ABI]..." >&2
  exit 2
fi
case $prefix in /*) ;; *) prefix=$(pwd)/$prefix ;; esac
launcher=""
command -v ccache >/dev/null 2>&1 && launcher="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache"
jobs=${CMNN_JOBS:-2}
for spec in "$@"; do
  core=${spec%%:*}
  abi=""
  [ "$core" != "$spec" ] && abi=${spec#*:}
  variant=$core${abi:+-$abi}
  dir=build/install-$variant
  common="-G Ninja -DCMAKE_BUILD_TYPE=Release -DCMNN_BUILD_TESTS=OFF -DCMNN_BUILD_EXAMPLES=OFF -DCMNN_INSTALL=ON $launcher"
  if [ "$core" = host ]; then
    # shellcheck disable=SC2086
    cmake -S . -B "$dir" $common -DCMNN_BUILD_TOOLS=ON >/dev/null
  else
    # shellcheck disable=SC2086
    cmake -S . -B "$dir" $common -DCMNN_BUILD_TOOLS=OFF -DCMAKE_TOOLCHAIN_FILE=cmake/arm-none-eabi.cmake \
      -DCMNN_CPU="$core" -DCMNN_FLOAT_ABI="$abi" >/dev/null
  fi
  cmake --build "$dir" -j "$jobs"
  cmake --install "$dir" --prefix "$prefix" >/dev/null
  echo "install: $variant -> $prefix"
done
