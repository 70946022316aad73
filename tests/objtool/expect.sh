#!/bin/sh
# expect.sh TOOL ELF STATUS [--required FILE] [REGEX...]
# Runs `TOOL check ELF`, passes if the exit status is STATUS and the output
# matches every REGEX (grep -E).  Prints the tool's output either way.
set -u
tool=$1 elf=$2 want=$3
shift 3
req=""
if [ "${1:-}" = "--required" ]; then
	req="--required $2"
	shift 2
fi
out=$("$tool" check $req "$elf" 2>&1)
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
