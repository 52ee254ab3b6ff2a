#!/bin/sh
# run-on-target.sh TARGET PROGRAM [ARGS...]: runs a program built for TARGET: natively for host and
# host-asan, otherwise under QEMU (PROGRAM.elf) for a core of targets/cores.json that has a QEMU
# machine (scripts/cores.sh --qemu). Exit status is the program's (2 for an unknown target).
target=$1; program=$2; shift 2
here=$(dirname "$0")
case $target in
  host|host-asan) exec "$program" "$@" ;;
esac
if "$here/cores.sh" --qemu | grep -qx "$target"; then
  exec "$here/../targets/cortex-m/run-qemu.sh" "$target" "$program.elf" "$@"
fi
echo "run-on-target.sh: unknown target '$target' (host, host-asan, $("$here/cores.sh" --qemu | tr '\n' ' ' | sed 's/ $//; s/ /, /g'))" >&2
exit 2
