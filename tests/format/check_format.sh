#!/bin/sh
# Format check: every tracked *.c / *.h must be unchanged by clang-format
# with the repository's .clang-format (Linux kernel style).
#   check_format.sh SOURCE_DIR [CLANG_FORMAT]
# Exit 0 when all are in format; 1 listing the files that are not (fix with
# `clang-format -i FILE`); 2 when the tools are missing.
src=${1:?usage: check_format.sh SOURCE_DIR [CLANG_FORMAT]}
cf=${2:-clang-format}
cd "$src" || exit 2
command -v "$cf" >/dev/null 2>&1 || { echo "format: $cf not found"; exit 2; }
tracked=$(git ls-files -- '*.c' '*.h') || { echo "format: not a git checkout"; exit 2; }
files=""
n=0
for f in $tracked; do
	[ -f "$f" ] || continue	# deleted in the work tree
	files="$files $f"
	n=$((n + 1))
done
# One clang-format run; it names each file it would change in its errors.
# shellcheck disable=SC2086
out=$("$cf" --dry-run -Werror --style=file $files 2>&1)
status=$?
bad=$(printf '%s\n' "$out" |
	sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: error: code should be clang-formatted.*/\1/p' |
	sort -u)
if [ -n "$bad" ]; then
	echo "format: not in clang-format style (fix with clang-format -i):"
	for f in $bad; do
		echo "  $f"
	done
	exit 1
fi
if [ $status -ne 0 ]; then
	echo "format: clang-format failed:"
	printf '%s\n' "$out"
	exit 1
fi
echo "format: $n files in style"
exit 0
