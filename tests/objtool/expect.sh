#!/bin/sh
# expect.sh TOOL ELF STATUS [OPTION...] -- [REGEX...]
# Runs `TOOL check OPTION... ELF`, passes if the exit status is STATUS and
# the output matches every REGEX (grep -E).  Prints the tool's output.
set -u
tool=$1 elf=$2 want=$3
shift 3
opts=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	opts="$opts $1"
	shift
done
[ $# -gt 0 ] && shift
# shellcheck disable=SC2086 # options are words
out=$("$tool" check $opts "$elf" 2>&1)
rc=$?
printf '%s\n' "$out"
if [ "$rc" -ne "$want" ]; then
	echo "FAIL: exit status $rc, expected $want" >&2
	exit 1
fi
for re in "$@"; do
	if ! printf '%s\n' "$out" | grep -Eq -- "$re"; then
		echo "FAIL: no line matches: $re" >&2
		exit 1
	fi
done
exit 0
