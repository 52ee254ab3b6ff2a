#!/bin/sh
# expect.sh STATUS REGEX -- COMMAND...
# Runs COMMAND; succeeds only if it exits with STATUS and its output (stdout+stderr) matches REGEX.
want=$1; pattern=$2; shift 2
[ "$1" = "--" ] && shift
out=$("$@" 2>&1)
got=$?
printf '%s\n' "$out"
if [ "$got" -ne "$want" ]; then
  echo "expect.sh: exit status $got, expected $want" >&2
  exit 1
fi
if ! printf '%s\n' "$out" | grep -Eq "$pattern"; then
  echo "expect.sh: output does not match /$pattern/" >&2
  exit 1
fi
echo "expect.sh: ok (status $got, output matches /$pattern/)"
