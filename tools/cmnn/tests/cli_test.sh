#!/bin/sh
# The cmnn CLI's contract: exit 0 / 1 (model error, one line on stderr) / 2 (usage error).
# usage: cli_test.sh PATH/TO/cmnn SHARED_DIR
cmnn=$1
shared=$2
model=$shared/data/models/mlcommons-tiny/pretrainedResnet_quant.tflite
tmp=${TMPDIR:-/tmp}/cmnn_cli_test.$$
mkdir -p "$tmp" && trap 'rm -rf "$tmp"' EXIT
failures=0 cases=0

# expect STATUS STDERR_LINES COMMAND...  (STDERR_LINES "-" = any)
expect() {
  want=$1 lines=$2
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  got=$?
  cases=$((cases + 1))
  n=$(wc -l <"$tmp/err")
  if [ "$got" != "$want" ] || { [ "$lines" != "-" ] && [ "$n" != "$lines" ]; }; then
    echo "FAIL: '$*' exited $got (want $want) with $n stderr lines (want $lines):"
    cat "$tmp/err"
    failures=$((failures + 1))
  fi
}

expect 0 0 "$cmnn" --help
expect 0 0 "$cmnn" inspect --help
expect 0 0 "$cmnn" --version
expect 2 1 "$cmnn" compile "$model" -o "$tmp"
expect 2 - "$cmnn"
expect 2 1 "$cmnn" frobnicate
expect 2 1 "$cmnn" inspect
expect 2 1 "$cmnn" inspect --bogus "$model"
expect 1 1 "$cmnn" inspect "$tmp/does-not-exist.tflite"
printf 'TFL3 is not enough' >"$tmp/short.tflite"
expect 1 1 "$cmnn" inspect "$tmp/short.tflite"
if [ -f "$model" ]; then
  expect 0 0 "$cmnn" inspect "$model"
  grep -q "MACs: 12501632" "$tmp/out" || { echo "FAIL: total MACs missing from the listing"; failures=$((failures + 1)); }
  expect 0 0 "$cmnn" inspect --json "$model"
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["totals"]["macs"] == 12501632' "$tmp/out" ||
      { echo "FAIL: --json output is not the expected JSON"; failures=$((failures + 1)); }
  fi
  # bench without a source tree (as from the installed package): one line naming what it needs.
  expect 1 1 env CMNN_SOURCE_DIR="$tmp/no-source" "$cmnn" bench "$model" --target cortex-m4 -o "$tmp/bench"
  grep -q "needs cmnn's source tree.*--source DIR or CMNN_SOURCE_DIR=DIR" "$tmp/err" ||
    { echo "FAIL: bench without a source tree: $(cat "$tmp/err")"; failures=$((failures + 1)); }
  head -c 5000 "$model" >"$tmp/cut.tflite"
  expect 1 1 "$cmnn" inspect "$tmp/cut.tflite"
  echo "  error line: $(cat "$tmp/err")"
else
  echo "shared model not found: skipped the model cases"
fi
echo "$cases cases, $failures failed"
[ "$failures" = 0 ]
