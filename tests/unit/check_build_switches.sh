#!/bin/sh
# check_build_switches.sh CC INCLUDE_DIR build_switches.c
# With the VMM's platform (include/arch/platform.h):
#  - debug build, one CPU: compiles, the EQS switch included;
#  - release build: the EQS switch does not exist (never in release);
#  - more than one CPU: does not compile (no arch_smp_processor_id() yet).
set -u
cc=$1 inc=$2 src=$3
flags="-std=gnu11 -ffreestanding -fsyntax-only -Wall -Wextra -Werror -I$inc"
out=/tmp/build_switches.$$
status=0

expect() { # expect ok|fail WORD DEFINES...
	want=$1 word=$2; shift 2
	if "$cc" $flags "$@" "$src" 2>$out; then got=ok; else got=fail; fi
	if [ "$got" != "$want" ]; then
		echo "FAIL: $* should $want:"; cat $out; status=1
	elif [ "$want" = fail ] && ! grep -q "$word" $out; then
		echo "FAIL: $* failed for another reason:"; cat $out; status=1
	else
		echo "ok:   $* ($want, as it should)"
	fi
}

expect ok - -DLIMINAL_DEBUG=1 -DUSE_GUEST_EQS_SWITCH
expect ok - -DLIMINAL_DEBUG=0
expect fail ct_debug_guest_eqs -DLIMINAL_DEBUG=0 -DUSE_GUEST_EQS_SWITCH
expect fail arch_smp_processor_id -DLIMINAL_DEBUG=1 -DLIMINAL_NR_CPUS=2
rm -f $out
exit $status
