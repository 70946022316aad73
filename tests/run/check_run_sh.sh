#!/usr/bin/env bash
# ./run.sh's command line: --help prints the usage and exits 0, a bad argument
# or platform exits non-zero with a message naming it, and neither gets as far
# as installing packages or building.
#   check_run_sh.sh PATH/TO/run.sh
# run.sh is copied into a scratch directory next to a scripts/deps.sh, and a
# cmake first on PATH, that only leave a mark: any mark is a failure.
set -u
src=${1:?usage: check_run_sh.sh PATH/TO/run.sh}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/scripts" "$work/bin"
cp "$src" "$work/run.sh"
for stub in scripts/deps.sh bin/cmake bin/apt-get; do
	printf '#!/bin/sh\necho "%s $*" >> "%s/called"\nexit 1\n' \
		"$stub" "$work" > "$work/$stub"
	chmod +x "$work/$stub"
done
export PATH="$work/bin:$PATH"

fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# run ARGS...: sets status, out, err
run() {
	out=$(bash "$work/run.sh" "$@" 2>"$work/err")
	status=$?
	err=$(cat "$work/err")
}

expect_usage() {
	run "$@"
	[[ $status -eq 0 ]] || fail "run.sh $*: exit status $status, want 0"
	[[ $out == "usage: ./run.sh "* ]] ||
		fail "run.sh $*: output does not start with 'usage: ./run.sh'"
	for word in test bench boot format --platform --debug --config \
		--help kvm qemu bochs; do
		grep -q -- "$word" <<<"$out" ||
			fail "run.sh $*: usage does not mention '$word'"
	done
	# the usage text, not the script: no shell code in it
	grep -qE 'set -e|ROOT=|\$\(' <<<"$out" &&
		fail "run.sh $*: prints shell code: $out"
	[[ -z $err ]] || fail "run.sh $*: wrote to stderr: $err"
}

expect_error() { # message ARGS...
	local msg=$1
	shift
	run "$@"
	[[ $status -ne 0 ]] || fail "run.sh $*: exit status 0, want non-zero"
	grep -qF -- "$msg" <<<"$err" ||
		fail "run.sh $*: stderr '$err' lacks '$msg'"
	[[ -z $out ]] || fail "run.sh $*: wrote to stdout: $out"
}

expect_usage --help
expect_usage -h
expect_usage test --help
expect_usage boot --platform bochs --help
expect_error "unknown argument '--bogus'" --bogus
expect_error "unknown argument 'tset'" tset
expect_error "unknown argument '--bogus'" bench --bogus
expect_error "unknown platform 'vmware'" --platform vmware

if [[ -e $work/called ]]; then
	fail "set-up or build ran:"
	cat "$work/called"
fi
if [[ $fails -ne 0 ]]; then
	echo "run.sh command line: $fails failure(s)"
	exit 1
fi
echo "run.sh command line: OK"
