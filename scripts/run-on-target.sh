#!/bin/sh
# run-on-target.sh TARGET PROGRAM [ARGS...]: runs a program built for TARGET (host, host-asan, m3,
# m4, m7, m33, m55): natively on the host, under QEMU (with .elf appended) on Cortex-M. Exit status is
# the program's.
target=$1; program=$2; shift 2
case $target in
  host|host-asan) exec "$program" "$@" ;;
  m3|m4|m7|m33|m55) exec "$(dirname "$0")/../targets/cortex-m/run-qemu.sh" "$target" "$program.elf" "$@" ;;
  *) echo "run-on-target.sh: unknown target '$target' (host, host-asan, m3, m4, m7, m33, m55)" >&2; exit 2 ;;
esac
