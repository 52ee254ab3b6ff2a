#!/bin/sh
# run.sh: builds this firmware for CMNN_CORE (default m4; "host" builds a host program) against
# the cmnn package installed at CMNN_PREFIX, then runs it (under QEMU on a core). Exit status:
# the firmware's (0 = it ran the model), or non-zero if configuring or building failed.
#   CMNN_PREFIX=DIR [CMNN_CORE=m4|m7|m33|m55|m3|host] [CMNN_FLOAT_ABI=softfp] [MODEL=file.tflite]
#   [BUILD_DIR=dir] ./run.sh
# CMNN_FLOAT_ABI picks the package's build with that float ABI (make install builds m4-softfp).
# MODEL defaults to the sample model the package installs (share/cmnn/models/kws_ref_model.tflite).
set -e
here=$(cd "$(dirname "$0")" && pwd)
prefix=${CMNN_PREFIX:?set CMNN_PREFIX to the folder cmnn was installed to (make install PREFIX=DIR)}
core=${CMNN_CORE:-m4}
model=${MODEL:-$prefix/share/cmnn/models/kws_ref_model.tflite}
abi=${CMNN_FLOAT_ABI:-}
build=${BUILD_DIR:-$here/build-$core${abi:+-$abi}}
if [ "$core" = host ]; then
  cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" -DMODEL="$model" >/dev/null
else
  cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" -DMODEL="$model" \
    -DCMAKE_TOOLCHAIN_FILE="$prefix/lib/cmake/cmnn/arm-none-eabi.cmake" -DCMNN_CORE="$core" -DCMNN_FLOAT_ABI="$abi" >/dev/null
fi
cmake --build "$build" -j "${CMNN_JOBS:-2}" >/dev/null
if [ "$core" = host ]; then
  exec "$build/firmware"
fi
exec "$prefix/bin/cmnn-run-qemu" "$core" "$build/firmware.elf"
