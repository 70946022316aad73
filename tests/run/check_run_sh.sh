#!/usr/bin/env bash
# ./run.sh's front door: --help prints the usage and exits 0; every mistake
# (an unknown command or option, a missing value, an unknown platform, a
# missing or unreadable --config, a KVM that cannot run liminal, an emulator
# that is not installed) exits non-zero with one line on stderr naming it,
# before anything is built; the mistakes run.sh can see by itself stop it
# before it even installs packages.
#   check_run_sh.sh PATH/TO/run.sh
# run.sh is copied into a scratch directory with the real scripts/boot.py
# and scripts/serial_log.py, next to a scripts/deps.sh and a cmake, first on
# PATH, that only leave a mark (deps.sh succeeds, cmake fails): a mark where
# none may be is a failure.  KVM is looked for through LIMINAL_CPUINFO and
# LIMINAL_KVM_DEV (scripts/boot.py), pointed at stand-ins.
set -u
src=${1:?usage: check_run_sh.sh PATH/TO/run.sh}
srcdir=$(cd "$(dirname "$src")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/repo/scripts" "$work/bin" "$work/minbin" "$work/cwd"
cp "$src" "$work/repo/run.sh"
cp "$srcdir/scripts/boot.py" "$srcdir/scripts/serial_log.py" \
	"$work/repo/scripts/"
stub() { # PATH STATUS
	printf '#!/bin/sh\necho "%s $*" >> "%s/called"\nexit %s\n' \
		"${1##*/}" "$work" "$2" > "$1"
	chmod +x "$1"
}
stub "$work/repo/scripts/deps.sh" 0
stub "$work/bin/cmake" 1
stub "$work/bin/apt-get" 1
# the interpreter itself, not a wrapper that needs more of PATH (pyenv)
ln -s "$(python3 -c 'import sys; print(sys.executable)')" "$work/bin/python3"
export PATH="$work/bin:$PATH"

# A PATH with what run.sh and boot.py need but no emulator at all.
for tool in bash dirname nproc mformat mmd mcopy; do
	p=$(command -v "$tool") && ln -s "$p" "$work/minbin/$tool"
done
ln -s "$work/bin/python3" "$work/minbin/python3"
cp "$work/bin/cmake" "$work/minbin/cmake"

printf 'processor\t: 0\nflags\t\t: fpu sse2 lm\n' >"$work/cpuinfo-novirt"
printf 'processor\t: 0\nflags\t\t: fpu sse2 lm vmx\n' >"$work/cpuinfo-vmx"
printf 'guest a image=cpuid.bin\n' >"$work/cwd/my.cfg"

fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# run ARGS...: sets status, out, err (run from $work/cwd, with PATH=$RUN_PATH
# if set)
run() {
	rm -f "$work/called"
	out=$(cd "$work/cwd" && PATH=${RUN_PATH:-$PATH} \
		"$BASH" "$work/repo/run.sh" "$@" 2>"$work/err")
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
	[[ -e $work/called ]] && fail "run.sh $*: ran $(cat "$work/called")"
}

# expect_error STAGE MESSAGE ARGS...: one line on stderr holding MESSAGE,
# nothing on stdout, a non-zero status; STAGE "args": stopped before
# installing packages, "platform": after that but before any build.
expect_error() {
	local stage=$1 msg=$2
	shift 2
	run "$@"
	[[ $status -ne 0 ]] || fail "run.sh $*: exit status 0, want non-zero"
	grep -qF -- "$msg" <<<"$err" ||
		fail "run.sh $*: stderr '$err' lacks '$msg'"
	[[ $(wc -l <<<"$err") -eq 1 ]] ||
		fail "run.sh $*: stderr is not one line: $err"
	grep -q Traceback <<<"$err" && fail "run.sh $*: a traceback"
	[[ -z $out ]] || fail "run.sh $*: wrote to stdout: $out"
	if [[ $stage == args && -e $work/called ]]; then
		fail "run.sh $*: got as far as $(cat "$work/called")"
	fi
	if [[ $stage == platform ]] && grep -q cmake "$work/called" 2>/dev/null
	then
		fail "run.sh $*: started a build"
	fi
}

expect_usage --help
expect_usage -h
expect_usage test --help
expect_usage boot --platform bochs --help

# the command line
expect_error args "unknown option '--bogus'" --bogus
expect_error args "unknown command 'tset'" tset
expect_error args "unknown option '--bogus'" bench --bogus
expect_error args "unexpected argument 'extra'" boot extra
expect_error args "unknown platform 'vmware'" --platform vmware
expect_error args "unknown platform 'vmware'" --platform=vmware
expect_error args "--platform needs a value" --platform
expect_error args "--platform needs a value" bench --platform --debug
expect_error args "--config needs a value" boot --config
expect_error args "options of ./run.sh boot" --config my.cfg
expect_error args "options of ./run.sh boot" bench --debug

# --config: the caller's file, which must exist and be readable
expect_error args "--config /nonexistent: no such file" \
	boot --config /nonexistent
expect_error args "--config $work/cwd/missing.cfg: no such file" \
	boot --config missing.cfg
expect_error args "--config $work/cwd: not a readable file" \
	boot --config "$work/cwd"

# KVM that cannot run liminal: said before any build
export LIMINAL_CPUINFO=$work/cpuinfo-novirt LIMINAL_KVM_DEV=$work/kvm
touch "$work/kvm"
expect_error platform \
	"no usable KVM here: the host CPU has no vmx/svm; use --platform qemu" \
	--platform kvm
# a relative --config is found in the caller's directory, then KVM refused
expect_error platform "no usable KVM here: the host CPU has no vmx/svm" \
	boot --platform kvm --config my.cfg
export LIMINAL_CPUINFO=$work/cpuinfo-vmx LIMINAL_KVM_DEV=$work/no-kvm
expect_error platform \
	"no usable KVM here: $work/no-kvm does not exist (kvm module not loaded); use --platform qemu" \
	bench --platform kvm
unset LIMINAL_CPUINFO LIMINAL_KVM_DEV

# an emulator that is not installed
RUN_PATH=$work/minbin expect_error platform \
	"qemu: qemu-system-x86_64 is not installed: install the Debian package qemu-system-x86" \
	--platform qemu
RUN_PATH=$work/minbin expect_error platform \
	"bochs: bochs-bin is not installed: install the Debian package bochs" \
	boot --platform bochs --debug
# no platform named and no KVM: qemu is picked, and it is not installed
LIMINAL_KVM_DEV=$work/no-kvm RUN_PATH=$work/minbin expect_error platform \
	"qemu: qemu-system-x86_64 is not installed" bench

if [[ $fails -ne 0 ]]; then
	echo "run.sh front door: $fails failure(s)"
	exit 1
fi
echo "run.sh front door: OK"
