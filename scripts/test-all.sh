#!/bin/sh
# test-all.sh [PRESET...]: configure, build and run every test on each preset (default: host,
# host-asan and every core of targets/cores.json with a QEMU machine, from scripts/cores.sh --qemu)
# and print one summary line "N passed, M failed".
# CMNN_CMAKE_ARGS adds configure options (e.g. -DCMNN_FORCE_FAIL=ON).
qemu_cores=$(scripts/cores.sh --qemu | tr '\n' ' ')
presets=${*:-"host host-asan $qemu_cores"}
jobs=${CMNN_JOBS:-$(nproc)}
total_passed=0
total_failed=0
report=""
# When this run builds the host tree, the cross trees reuse its cmnn compiler (generated models)
# instead of each building its own copy of the host tool.
host_tool=""
case " $presets " in *" host "*) host_tool="$(pwd)/build/host/tools/cmnn/cmnn" ;; esac
for p in $presets; do
  echo "=== $p: configure and build"
  extra=""
  case " $qemu_cores " in
    *" $p "*)
      extra="-DCMNN_HOST_CMNN="  # (clears a tool remembered from an earlier run)
      [ -n "$host_tool" ] && [ -x "$host_tool" ] && extra="-DCMNN_HOST_CMNN=$host_tool" ;;
  esac
  if ! cmake --preset "$p" $CMNN_CMAKE_ARGS $extra >"build-$p.configure.log" 2>&1; then
    cat "build-$p.configure.log"
    echo "=== $p: configure FAILED"
    total_failed=$((total_failed + 1)); report="$report $p:configure-failed"
    rm -f "build-$p.configure.log"
    continue
  fi
  rm -f "build-$p.configure.log"
  if ! cmake --build --preset "$p" -j "$jobs"; then
    echo "=== $p: build FAILED"
    total_failed=$((total_failed + 1)); report="$report $p:build-failed"
    continue
  fi
  echo "=== $p: test"
  log=$(mktemp)
  ctest --preset "$p" -j "$jobs" 2>&1 | tee "$log"
  line=$(grep -E "tests passed, [0-9]+ tests failed out of" "$log" | tail -1)
  rm -f "$log"
  failed=$(echo "$line" | sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/')
  all=$(echo "$line" | sed -E 's/.* tests failed out of ([0-9]+).*/\1/')
  if [ -z "$line" ]; then failed=1; all=1; fi
  total_passed=$((total_passed + all - failed))
  total_failed=$((total_failed + failed))
  report="$report $p:$((all - failed))/$all"
done
# TFLM conformance (make conformance): every oracle case through the reference path and the
# generated code on the host, and through the generated code on an emulated Cortex-M4; each case
# counts as one test. Skipped when the oracle data or the host compiler is absent.
oracle="${CMNN_ORACLE:-../shared/data/oracle}"
for t in host m4; do
  case " $presets " in *" $t "*) ;; *) continue ;; esac
  [ -d "$oracle" ] && [ -x "$host_tool" ] || continue
  echo "=== conformance $t: TFLM oracle cases ($oracle)"
  log=$(mktemp)
  python3 scripts/conformance.py --cmnn "$host_tool" --cases "$oracle" --target "$t" --jobs "$jobs" >"$log" 2>&1
  grep -E "^FAIL|building|FAILED" "$log" | head -40
  line=$(grep -E "^[0-9]+ passed, [0-9]+ failed" "$log" | tail -1)
  rm -f "$log"
  echo "conformance $t: ${line:-did not finish}"
  passed=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
  failed=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
  if [ -z "$line" ]; then passed=0; failed=1; fi
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  report="$report conformance-$t:$passed/$((passed + failed))"
done
# The installed package (scripts/test-package.sh): install host + m4 into a temporary prefix, build
# and run examples/firmware-template copied out of the tree on M4, compare with `cmnn run`.
case " $presets " in *" m4 "*)
  echo "=== package: make install + firmware template on m4"
  log=$(mktemp)
  CMNN_JOBS=$jobs scripts/test-package.sh m4 >"$log" 2>&1
  grep -E "^(PASS|FAIL)" "$log"
  line=$(grep -E "^[0-9]+ passed, [0-9]+ failed" "$log" | tail -1)
  [ -z "$line" ] && tail -20 "$log"
  rm -f "$log"
  passed=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
  failed=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
  if [ -z "$line" ]; then passed=0; failed=1; fi
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  report="$report package:$passed/$((passed + failed))" ;;
esac
echo "per target (passed/total):$report"
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
