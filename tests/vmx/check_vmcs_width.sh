#!/bin/sh
# check_vmcs_width.sh CC INCLUDE_DIR vmcs_width.c
# Each accessor with its own width must compile; each WRONG_* case must
# fail with the accessor's message naming the field.
set -u
cc=$1 inc=$2 src=$3
flags="-std=gnu11 -ffreestanding -fsyntax-only -Wall -Wextra -Werror -I$inc"
status=0

if ! "$cc" $flags "$src" 2>/tmp/vmcs_width.$$; then
	echo "FAIL: the right widths do not compile:"; cat /tmp/vmcs_width.$$
	status=1
fi
for case in WRONG_READ32_ON_64 WRONG_WRITE64_ON_NAT WRONG_READ16_ON_32 \
	    WRONG_WRITEL_ON_16 WRONG_HIGH_HALF; do
	if "$cc" $flags -D$case "$src" 2>/tmp/vmcs_width.$$; then
		echo "FAIL: $case compiled"; status=1
	elif ! grep -q "accessed with the wrong width" /tmp/vmcs_width.$$; then
		echo "FAIL: $case failed for another reason:"
		cat /tmp/vmcs_width.$$; status=1
	else
		echo "ok:   $case refused at compile time"
	fi
done
rm -f /tmp/vmcs_width.$$
exit $status
