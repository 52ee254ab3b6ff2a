#!/bin/sh
# test-package.sh [CORE...]   (default: m4; make test runs it when its presets include m4)
# The installed package as a user gets it: `scripts/install.sh` of host + each CORE into a temporary
# prefix, examples/firmware-template copied out of the tree, built and run per core with its
# run.sh, and its checksum compared with `cmnn run --input` (reference kernels) on the same input
# bytes. Prints one line per core "PASS|FAIL firmware-template CORE: ..." and ends
# "N passed, M failed"; exit status 0 when all passed. CMNN_KEEP=1 keeps the temporary folder.
cores=${*:-m4}
work=$(mktemp -d /tmp/cmnn-package.XXXXXX)
prefix=$work/prefix
passed=0
failed=0
if ! scripts/install.sh "$prefix" host $cores >"$work/install.log" 2>&1; then
  tail -30 "$work/install.log"
  echo "FAIL install: scripts/install.sh $prefix host $cores"
  echo "0 passed, 1 failed"
  exit 1
fi
model=$prefix/share/cmnn/models/kws_ref_model.tflite
[ -f "$model" ] || model=${MODEL:-}
cp -r examples/firmware-template "$work/template"
rm -rf "$work/template"/build-*
for core in $cores; do
  out=$work/run-$core.txt
  if ! (cd "$work" && CMNN_PREFIX="$prefix" CMNN_CORE="$core" MODEL="$model" ./template/run.sh) >"$out" 2>&1; then
    echo "FAIL firmware-template $core: run.sh exited non-zero"; sed 's/^/  /' "$out" | tail -20
    failed=$((failed + 1)); continue
  fi
  bytes=$(sed -n 's/^input: \([0-9]*\) bytes.*/\1/p' "$out")
  got=$(sed -n 's/^checksum \(0x[0-9a-f]*\)$/\1/p' "$out")
  python3 -c "import sys; sys.stdout.buffer.write(bytes((i * 37 + 11) & 0xff for i in range($bytes)))" >"$work/input.bin"
  want=$("$prefix/bin/cmnn" run "$model" --input "$work/input.bin" | sed -n 's/^checksum \(0x[0-9a-f]*\)$/\1/p')
  if [ -n "$got" ] && [ "$got" = "$want" ]; then
    echo "PASS firmware-template $core: $(grep '^top class' "$out"), checksum $got = cmnn run's"
    passed=$((passed + 1))
  else
    echo "FAIL firmware-template $core: checksum '$got', cmnn run gives '$want'"; sed 's/^/  /' "$out"
    failed=$((failed + 1))
  fi
done
[ "${CMNN_KEEP:-0}" = 1 ] && echo "kept $work" || rm -rf "$work"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
