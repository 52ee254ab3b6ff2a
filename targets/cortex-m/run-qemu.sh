#!/bin/sh
# run-qemu.sh CPU IMAGE.elf [ARGS...]      CPU = a core of targets/cores.json with a QEMU machine
# Runs a cmnn firmware image on the matching QEMU board. Semihosting output goes to stdout; ARGS
# reach the guest's main() as argv[1..] (no quoting: arguments cannot contain spaces). The exit
# status is the guest's; a guest still running after CMNN_QEMU_TIMEOUT seconds (default 300) is
# stopped and the status is 124. -icount makes instruction counts and timing deterministic.
# Extra QEMU options (e.g. the profiler plugin) come from CMNN_QEMU_EXTRA.
cpu=$1
image=$2
if [ -z "$cpu" ] || [ -z "$image" ]; then
  echo "usage: run-qemu.sh m3|m4|m7|m33|m55 IMAGE.elf [ARGS...]" >&2
  exit 2
fi
shift 2
# The QEMU machine comes from cores.json (one core per line): in the source tree ../cores.json,
# installed (bin/cmnn-run-qemu) PREFIX/lib/cmake/cmnn/cores.json; CMNN_CORES_JSON overrides.
here=$(dirname "$0")
cores=${CMNN_CORES_JSON:-}
for c in "$here/../cores.json" "$here/../lib/cmake/cmnn/cores.json"; do
  [ -z "$cores" ] && [ -f "$c" ] && cores=$c
done
if [ -z "$cores" ]; then
  echo "run-qemu.sh: cannot find cores.json (set CMNN_CORES_JSON)" >&2
  exit 2
fi
board=$(grep "\"name\": *\"$cpu\"" "$cores" | sed -n 's/.*"qemu_machine": *"\([^"]*\)".*/\1/p')
if [ -z "$board" ]; then
  known=$(grep '"qemu_machine": *"[^"]' "$cores" | sed -n 's/.*"name": *"\([^"]*\)".*/\1/p' | tr '\n' ' ')
  echo "run-qemu.sh: unknown core '$cpu' or one without a QEMU board (cores with one: $known)" >&2
  exit 2
fi
if [ ! -f "$image" ]; then
  echo "run-qemu.sh: no such image: $image" >&2
  exit 2
fi
timeout_s=${CMNN_QEMU_TIMEOUT:-300}
# shellcheck disable=SC2086
timeout --kill-after=5 "$timeout_s" qemu-system-arm -M "$board" -display none -monitor none -serial none \
  -chardev stdio,id=semihosting -semihosting-config enable=on,target=native,chardev=semihosting \
  -icount shift=0 -kernel "$image" -append "$*" $CMNN_QEMU_EXTRA
status=$?
if [ $status -eq 124 ] || [ $status -eq 137 ]; then
  echo "run-qemu.sh: TIMEOUT: $image did not finish within ${timeout_s}s on $board; stopped" >&2
  exit 124
fi
exit $status
