#!/bin/sh
# check_profiler.sh WHAT CPU CMNN_PROF IMAGE.elf WORKDIR [LAB_CYCLEMODEL_PY]
# Checks of the profiler on the prof_loops firmware (prof_loops.S documents the expected counts):
#   deterministic  two runs give byte-identical profiles and the same total
#   loop_counts    each hand-counted region has exactly the expected instruction count
#   insn_sizes     every profiled PC has objdump's instruction width, and the instruction QEMU
#                  reports with a page-crossing look-ahead (prof_loop_page) is no taken branch
#   lab_model      cmnn-prof's lab-m4 cycles equal the lab's cyclemodel.py on the same profile
#                  (exit 77 = skipped when python3 or the lab script is missing)
set -u
what=$1 cpu=$2 prof=$3 elf=$4 work=$5 lab=${6:-}
mkdir -p "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
run() {  # run NAME -> $work/NAME.json, .profile.txt
  "$prof" run --core "$cpu" --quiet --json "$work/$1.json" --profile "$work/$1.profile.txt" "$elf" \
    > "$work/$1.table.txt" 2> "$work/$1.stderr.txt" || { cat "$work/$1.stderr.txt"; fail "cmnn-prof run failed"; }
}
# json_get FILE EXPR: a value of cmnn-prof's JSON report (doc = the document), read with python3's
# json module, so the checks do not depend on the report's layout.
json_get() {
  python3 -c "import json, sys; doc = json.load(open(sys.argv[1])); print($2)" "$1"
}
# instructions of the first segment named $2 in JSON file $1 (empty when none)
region_insns() {
  json_get "$1" "next((str(g['instructions']) for g in doc['segments'] if g['name'] == '$2'), '')"
}
objdump_args=""
[ "$cpu" = m55 ] && objdump_args="-marmv8.1-m.main"

case $what in
deterministic)
  run a; run b
  cmp "$work/a.profile.txt" "$work/b.profile.txt" || fail "profiles of two runs differ"
  ta=$(sed -n 's/^total_insns //p' "$work/a.profile.txt")
  [ -n "$ta" ] && [ "$ta" -gt 1000 ] || fail "implausible total '$ta'"
  echo "PASS: two runs, identical profiles, total_insns=$ta"
  ;;
loop_counts)
  run a
  # M = instructions of cmnn_profile_mark (straight-line code ending in bx lr).
  # (lines up to and including the bx lr; padding and the literal pool after it never execute)
  m=$(arm-none-eabi-objdump -d $objdump_args --disassemble=cmnn_profile_mark "$elf" |
      awk '/^ *[0-9a-f]+:\t/ { n++ } /\tbx\tlr/ { print n; exit }')
  arm-none-eabi-objdump -d $objdump_args --disassemble=cmnn_profile_mark "$elf" | grep -q 'bx	lr' ||
    fail "cmnn_profile_mark does not end in bx lr; the expected counts below would be wrong"
  checks=0
  expect() {  # expect REGION COUNT
    got=$(region_insns "$work/a.json" "$1")
    [ "$got" = "$2" ] || fail "region $1: $got instructions, expected $2 (M=$m)"
    echo "ok: region $1 = $got instructions"
    checks=$((checks + 1))
  }
  expect empty $((m + 1))
  expect loop_k3_x1000 $((3 * 1000 + m + 1))
  expect loop_k5_x250 $((5 * 250 + m + 1))
  expect loop_page_x100 $((9 * 100 + m + 1))
  got=$(region_insns "$work/a.json" platform_api_k3_x100)
  [ -n "$got" ] && [ "$got" -ge 301 ] && [ "$got" -le 361 ] || fail "platform_api_k3_x100: $got not in [301, 361]"
  checks=$((checks + 1))
  total=$(json_get "$work/a.json" "doc['total']['instructions']")
  ptotal=$(sed -n 's/^total_insns //p' "$work/a.profile.txt")
  [ "$total" = "$ptotal" ] || fail "JSON total $total != plugin total $ptotal"
  echo "PASS: $((checks + 1)) checks (M=$m)"
  ;;
lab_model)
  if ! command -v python3 >/dev/null 2>&1 || [ ! -f "$lab" ]; then echo "SKIP: python3 or $lab missing"; exit 77; fi
  run a
  "$prof" lab-profile "$work/a.profile.txt" > "$work/lab-all.txt" || fail "lab-profile"
  "$prof" analyze --core "$cpu" --model lab-m4 "$elf" "$work/a.profile.txt" --json "$work/all.json" > /dev/null
  # Whole run: cmnn-prof sums lab-m4 per segment; the lab tool sees the merged profile, so compare
  # one segment at a time instead, then the merged profile as one segment.
  n=$(sed -n 's/^segments //p' "$work/a.profile.txt")
  s=0
  while [ "$s" -lt "$n" ]; do
    "$prof" lab-profile "$work/a.profile.txt" --segment "$s" > "$work/seg$s.txt"
    if [ -s "$work/seg$s.txt" ]; then
      want=$(python3 "$lab" "$elf" "$work/seg$s.txt" --objdump-args="$objdump_args" | awk '$1=="TOTAL"{print $2, $3}')
      got=$(json_get "$work/all.json" "' '.join(str(g[k]) for g in doc['segments'] if g['segment'] == $s for k in ('instructions', 'cycles_lab_m4'))")
      [ "$want" = "$got" ] || fail "segment $s: lab cyclemodel.py says '$want' (insns cycles), cmnn-prof '$got'"
      echo "ok: segment $s insns/cycles $got"
    fi
    s=$((s + 1))
  done
  # Merged profile read back as a lab-format (single segment) profile.
  want=$(python3 "$lab" "$elf" "$work/lab-all.txt" --objdump-args="$objdump_args" | awk '$1=="TOTAL"{print $2, $3}')
  got=$("$prof" analyze --core "$cpu" --model lab-m4 "$elf" "$work/lab-all.txt" | awk '$1=="TOTAL"{print $2, $3; exit}')
  [ "$want" = "$got" ] || fail "merged: lab says '$want', cmnn-prof '$got'"
  echo "PASS: lab-m4 equals cyclemodel.py on $n segments and the merged profile ($got)"
  ;;
insn_sizes)
  run a
  arm-none-eabi-objdump -d $objdump_args "$elf" > "$work/disasm.txt" || fail "objdump"
  at=$(arm-none-eabi-nm "$elf" | awk '$3 == "prof_page_end_insn" { print $1 }')
  [ -n "$at" ] || fail "no symbol prof_page_end_insn"
  python3 - "$work/a.profile.txt" "$work/disasm.txt" "$at" <<'PY' || fail "instruction sizes"
import re, sys
profile, disasm, at = sys.argv[1], sys.argv[2], int(sys.argv[3], 16)
width = {}  # objdump: "    dffa:\tfb1e 1109 \tsmlabb ..." -> 4 bytes
for line in open(disasm):
    m = re.match(r"^ *([0-9a-f]+):\t([0-9a-f]{4})( [0-9a-f]{4})? ", line)
    if m:
        width[int(m.group(1), 16)] = 4 if m.group(3) else 2
if at % 1024 != 1024 - 6:
    sys.exit(f"prof_page_end_insn at {at:#x} is not 6 bytes before a 1 KiB boundary")
checked, seen = 0, None
for line in open(profile):
    f = line.split()
    if len(f) != 4 or not re.fullmatch(r"[0-9a-f]{8}", f[0]):
        continue
    pc, size, count, taken = int(f[0], 16), int(f[1]), int(f[2]), int(f[3])
    if pc in width and width[pc] != size:
        sys.exit(f"pc {pc:#x}: profile says {size} bytes, objdump {width[pc]}")
    checked += pc in width
    if pc == at:
        seen = (size, count, taken)
if seen is None or seen[1] < 100 or seen[2] != 0 or seen[0] != 4:
    sys.exit(f"prof_page_end_insn {at:#x}: (size, count, taken) = {seen}, expected (4, >= 100, 0)")
print(f"ok: {checked} profiled PCs have objdump's width; {at:#x} = {seen}")
PY
  echo "PASS: instruction sizes"
  ;;
*) fail "unknown check $what" ;;
esac
