#!/bin/sh
# check_layers.sh MODULE CC SRC_DIR MODULE_SRC_DIR... -- COMPILER_ARGS...
#
# The layering of liminal.efi (cmake/layers.cmake), checked with the include
# directories and definitions of the module's real object library (the
# COMPILER_ARGS ctest passes from the target's properties):
#  1) for every module, a probe including that module's header must compile
#     when MODULE may see it and fail with "No such file or directory" when
#     it may not; the expectations are written here, not derived from the
#     build, so widening an include path makes this test fail;
#  2) MODULE's own C sources include nothing by a relative path ("x/y.h",
#     "../y.h"), which the compiler would resolve from the source file's
#     directory whatever the include path.
set -u
module=$1 cc=$2 src_dir=$3
shift 3
module_dirs=
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	module_dirs="$module_dirs $1"
	shift
done
[ $# -gt 0 ] && shift

# One header per module (and GNU-EFI's), and who may include it.
headers="liminal/types.h arch/x86.h lib/printk.h entry/common.h host/host.h
	 vmm/vcpu.h vmm/svm/svm.h vmm/vmx/vmx.h efi/efi_fs.h efi.h"
case $module in
lib)	allowed="liminal/types.h arch/x86.h lib/printk.h" ;;
entry)	allowed="liminal/types.h arch/x86.h lib/printk.h entry/common.h" ;;
host)	allowed="liminal/types.h arch/x86.h lib/printk.h entry/common.h
		 host/host.h" ;;
core)	allowed="liminal/types.h arch/x86.h lib/printk.h entry/common.h
		 host/host.h vmm/vcpu.h" ;;
svm)	allowed="liminal/types.h arch/x86.h lib/printk.h entry/common.h
		 host/host.h vmm/vcpu.h vmm/svm/svm.h" ;;
vmx)	allowed="liminal/types.h arch/x86.h lib/printk.h entry/common.h
		 host/host.h vmm/vcpu.h vmm/vmx/vmx.h" ;;
efi)	allowed="liminal/types.h arch/x86.h lib/printk.h entry/common.h
		 host/host.h vmm/vcpu.h efi/efi_fs.h efi.h" ;;
*)	echo "FAIL: unknown module '$module'"; exit 1 ;;
esac

flags="-std=gnu11 -ffreestanding -fsyntax-only -Wall -Wextra -Werror"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
status=0

for h in $headers; do
	printf '#include <%s>\n' "$h" >"$tmp/probe.c"
	case " $(echo $allowed) " in
	*" $h "*)
		if "$cc" $flags "$@" "$tmp/probe.c" 2>"$tmp/err"; then
			echo "ok:   $module may include <$h>"
		else
			echo "FAIL: $module may include <$h>, but it does not" \
			     "compile:"
			cat "$tmp/err"; status=1
		fi ;;
	*)
		if "$cc" $flags "$@" "$tmp/probe.c" 2>"$tmp/err"; then
			echo "FAIL: $module must not see <$h>, and it compiled:" \
			     "an include path is wider than the layering"
			status=1
		elif grep -q "$h: No such file or directory" "$tmp/err"; then
			echo "ok:   $module cannot include <$h>"
		else
			echo "FAIL: <$h> in $module failed for another reason:"
			cat "$tmp/err"; status=1
		fi ;;
	esac
done

# 2) no relative includes in the module's own sources
for d in $module_dirs; do
	grep -nsE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^"]*/' \
		"$src_dir/$d"/*.c "$src_dir/$d"/*.h >"$tmp/rel"
	if [ -s "$tmp/rel" ]; then
		echo "FAIL: relative #include paths in $d (headers of other" \
		     "modules come through the include root):"
		cat "$tmp/rel"; status=1
	else
		echo "ok:   $d has no relative #include path"
	fi
done
exit $status
