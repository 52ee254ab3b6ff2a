#!/bin/sh
# cores.sh [--qemu]: the core names of targets/cores.json, one per line, in its order; with --qemu
# only the cores that have a QEMU machine (the ones tests and benches run on). The scripts take
# their core lists from here, so a core added to cores.json needs no script edit. cores.json keeps
# one core per line (see its "about"), which is what this reads.
cores_json=${CMNN_CORES_JSON:-$(dirname "$0")/../targets/cores.json}
if [ ! -f "$cores_json" ]; then
  echo "cores.sh: cannot read $cores_json" >&2
  exit 2
fi
if [ "${1:-}" = --qemu ]; then
  grep '"qemu_machine": *"[^"]' "$cores_json"
else
  grep '"name": *"' "$cores_json"
fi | sed -n 's/.*"name": *"\([^"]*\)".*/\1/p'
