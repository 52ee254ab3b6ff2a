#!/bin/sh
# test-package.sh [CORE...]   (default: m4; make test runs it when its presets include m4)
# The installed package as a user gets it: `scripts/install.sh` of host + each CORE into a temporary
# prefix, examples/firmware-template copied out of the tree, built and run per core with its
# run.sh, and its checksum compared with `cmnn run --input` (reference kernels) on the same input
# bytes; tests/package/c_api (the generated C API from C, host); tests/package/cmsis_nn (CMSIS-NN's
# C API, both include spellings) and tests/package/kernels_direct (a kernel called through the
# package) built and run on the host and the first CORE; the CMSIS-NN and q7 symbols of each
# installed libcmnn.a (nm). Prints one line per check "PASS|FAIL ..." and ends
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
# The generated C API from a C program (host): two instances, same checksum as cmnn run.
b=$work/c-api
if cmake -S tests/package/c_api -B "$b" -DCMAKE_PREFIX_PATH="$prefix" -DMODEL="$model" >"$b.log" 2>&1 &&
   cmake --build "$b" >>"$b.log" 2>&1 && "$b/c_api" >>"$b.log" 2>&1 && [ -n "${want:-}" ] &&
   grep -q "^checksum $want\$" "$b.log"; then
  echo "PASS c-api host: checksum $want = cmnn run's"
  passed=$((passed + 1))
else
  echo "FAIL c-api host (cmnn run's checksum: ${want:-none})"; tail -20 "$b.log" | sed 's/^/  /'
  failed=$((failed + 1))
fi
# Path 1 (CMSIS-NN's C API, cmnn::cmsis_nn) and path 3 (the kernels called directly) of
# docs/integration.md, host and the first core.
first=${cores%% *}
for project in cmsis_nn kernels_direct; do
  if [ "$project" = cmsis_nn ]; then exe=cmsis_nn_package; expect=arm_fully_connected_s8
  else exe=kernels_direct; expect=fully_connected_s8; fi
  for core in host "$first"; do
    b=$work/$project-$core
    if [ "$core" = host ]; then
      cfg="-DCMAKE_PREFIX_PATH=$prefix"; run=$b/$exe
    else
      cfg="-DCMAKE_PREFIX_PATH=$prefix -DCMAKE_TOOLCHAIN_FILE=$prefix/lib/cmake/cmnn/arm-none-eabi.cmake -DCMNN_CORE=$core"
      run="$prefix/bin/cmnn-run-qemu $core $b/$exe.elf"
    fi
    # shellcheck disable=SC2086
    if cmake -S tests/package/$project -B "$b" $cfg >"$b.log" 2>&1 && cmake --build "$b" >>"$b.log" 2>&1 &&
       $run >>"$b.log" 2>&1 && grep -q "^$expect: .*(ok)" "$b.log"; then
      echo "PASS $project $core: $(grep "^$expect" "$b.log")"
      passed=$((passed + 1))
    else
      echo "FAIL $project $core"; tail -20 "$b.log" | sed 's/^/  /'
      failed=$((failed + 1))
    fi
  done
done
# The installed libraries define the CMSIS-NN C API and the paper's q7 names (a sample of each).
for variant in host $cores; do
  lib=$prefix/lib/cmnn/$variant/libcmnn.a
  missing=""
  for sym in arm_convolve_wrapper_s8 arm_fully_connected_s8 arm_convolve_HWC_q7_fast arm_maxpool_q7_HWC; do
    nm_tool=nm; [ "$variant" != host ] && command -v arm-none-eabi-nm >/dev/null && nm_tool=arm-none-eabi-nm
    $nm_tool -g --defined-only "$lib" 2>/dev/null | grep -q " T $sym\$" || missing="$missing $sym"
  done
  if [ -z "$missing" ]; then
    echo "PASS symbols $variant: arm_convolve_wrapper_s8, arm_fully_connected_s8, arm_convolve_HWC_q7_fast, arm_maxpool_q7_HWC defined"
    passed=$((passed + 1))
  else
    echo "FAIL symbols $variant: not defined in $lib:$missing"
    failed=$((failed + 1))
  fi
done
[ "${CMNN_KEEP:-0}" = 1 ] && echo "kept $work" || rm -rf "$work"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
