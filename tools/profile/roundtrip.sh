#!/usr/bin/env bash
# Where the instructions of one VM-exit round trip go, per function.
#
#   tools/profile/roundtrip.sh [BUILD_DIR] [SPLIT_SYMBOL]
#
# Boots BUILD_DIR/liminal.efi (default build/release) under QEMU with
# -icount: once with a deliberate #UD to learn the image's load address,
# then the bench guest (200 iterations) with QEMU's exec log of the image,
# and splits the log at each entry of SPLIT_SYMBOL (default __svm_vcpu_run:
# one segment per round trip; QEMU runs the SVM backend).  Prints the
# segment lengths and the breakdown of the most common one; run
# qemu_exec_profile.py on the log again with --length/--listing for more.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build/release}
split=${2:-__svm_vcpu_run}
work=$(mktemp -d /tmp/liminal-profile-XXXXXX)

echo "fault=ud" > "$work/fault.cfg"
# the fault run ends with a FAIL verdict on purpose: only its dump matters
python3 "$root/scripts/boot.py" --efi "$build/liminal.efi" \
	--file "$work/fault.cfg:liminal-selftest.cfg" --icount --timeout 60 \
	--workdir "$work/fault" >"$work/fault.log" || true
base=$(sed -n 's/.*image base \(0x[0-9a-f]*\).*/\1/p' "$work/fault.log")
[[ -n "$base" ]] || { echo "roundtrip.sh: no image base in the fault dump" >&2; exit 1; }
end=$(printf '0x%x' $((base + 0x100000)))

echo "guest bench image=bench.bin bench=1 iterations=200" > "$work/bench.cfg"
python3 "$root/scripts/boot.py" --efi "$build/liminal.efi" \
	--file "$work/bench.cfg:liminal.cfg" --file "$build/guest/bench.bin" \
	--icount --timeout 250 --quiet --workdir "$work/bench" \
	--qemu-arg=-d --qemu-arg=exec,nochain,in_asm \
	--qemu-arg=-dfilter --qemu-arg="$base..$end" \
	--qemu-arg=-D --qemu-arg="$work/exec.log"
echo "image base $base; log $work/exec.log"
python3 "$here/qemu_exec_profile.py" "$work/exec.log" "$build/liminal.so" \
	"$base" --split "$split"
